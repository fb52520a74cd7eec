"""Every reason code the library can emit, gathered from the engines that define them."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from .activity._explain import REASON_CODES as _ACTIVITY
from .demo._report import REASON_CODES as _REPORT
from .leads._engine import REASON_CODES as _LEADS
from .morale._loop_policy import REASON_CODES as _MORALE_LOOP
from .morale._policy import REASON_CODES as _MORALE
from .recovery._policy import REASON_CODES as _RECOVERY
from .satisfaction._engine import REASON_CODES as _SATISFACTION
from .word_of_mouth._policy import REASON_CODES as _WORD_OF_MOUTH

__all__ = ["reason_codes"]


def _merge(*tables: Mapping[str, str]) -> Mapping[str, str]:
    merged: dict[str, str] = {}
    for table in tables:
        for code, meaning in table.items():
            if code in merged and merged[code] != meaning:  # pragma: no cover - a bug in a table
                raise AssertionError(
                    f"reason code {code!r} is defined twice with different meanings"
                )
            merged[code] = meaning
    return MappingProxyType(dict(sorted(merged.items())))


_ALL = _merge(
    _RECOVERY, _WORD_OF_MOUTH, _LEADS, _SATISFACTION, _MORALE, _MORALE_LOOP, _REPORT, _ACTIVITY
)


def reason_codes() -> Mapping[str, str]:
    """Every stable reason code the engines can emit, with its meaning, sorted by code.

    Codes are dotted and start with their engine: ``recovery.``,
    ``word_of_mouth.``, ``lead.``, ``satisfaction.``, ``morale.``,
    ``activity.`` and ``report.``. The mapping is read-only.

    >>> import custinteract as ci
    >>> codes = ci.reason_codes()
    >>> "recovery.status.at_risk" in codes and "lead.advice.contact" in codes
    True
    >>> sorted({code.split(".")[0] for code in codes})
    ['activity', 'lead', 'morale', 'recovery', 'report', 'satisfaction', 'word_of_mouth']
    """
    return _ALL
