"""Counts and enum values in words, as every engine's messages write them.

Messages are for support agents and managers, so they read as phrases:
``1 positive``, ``2 positives``, ``1,204 interactions``, ``in person``,
``twice``. One place for it keeps the engines' wording consistent.
"""

from __future__ import annotations

__all__ = ["counted", "times", "words"]


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``1 positive``, ``2 positives``, ``1,204 interactions`` (``plural`` for irregular nouns).

    >>> counted(1, "negative"), counted(1204, "interaction"), counted(2, "person", "people")
    ('1 negative', '1,204 interactions', '2 people')
    """
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


def times(count: int) -> str:
    """``once``, ``twice``, ``3 times``.

    >>> times(1), times(2), times(3)
    ('once', 'twice', '3 times')
    """
    return {1: "once", 2: "twice"}.get(count, f"{count:,} times")


def words(value: str) -> str:
    """An enum value as words: ``in_person`` -> ``in person``.

    >>> words("do_not_contact")
    'do not contact'
    """
    return value.replace("_", " ")
