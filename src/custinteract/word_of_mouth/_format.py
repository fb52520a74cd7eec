"""Numbers as the word-of-mouth messages write them: at most six significant digits."""

from __future__ import annotations

__all__ = ["figure"]


def figure(value: float) -> str:
    """A reach, audience or probability in a message: ``10``, ``2.5``, ``0.333333``.

    >>> figure(10.0), figure(2.5), figure(1 / 3), figure(1234567.0)
    ('10', '2.5', '0.333333', '1.23457e+06')
    """
    return f"{value:.6g}"
