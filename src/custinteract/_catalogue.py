"""Every reason code the library can emit, gathered from the engines that define them."""

from __future__ import annotations

from collections.abc import Mapping

from ._validators import FrozenMap
from .activity import ACTIVITY_REASON_CODES as _ACTIVITY
from .demo import REPORT_REASON_CODES as _REPORT
from .leads import LEAD_REASON_CODES as _LEADS
from .morale import MORALE_LOOP_REASON_CODES as _MORALE_LOOP
from .morale import MORALE_REASON_CODES as _MORALE
from .recovery import RECOVERY_REASON_CODES as _RECOVERY
from .satisfaction import SATISFACTION_REASON_CODES as _SATISFACTION
from .word_of_mouth import WORD_OF_MOUTH_REASON_CODES as _WORD_OF_MOUTH

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
    return FrozenMap(sorted(merged.items()))


_ALL = _merge(
    _RECOVERY, _WORD_OF_MOUTH, _LEADS, _SATISFACTION, _MORALE, _MORALE_LOOP, _REPORT, _ACTIVITY
)


def reason_codes() -> Mapping[str, str]:
    """Every stable reason code the engines can emit, with its meaning, sorted by code.

    Codes are dotted and start with their engine: ``recovery.``,
    ``word_of_mouth.``, ``lead.``, ``satisfaction.``, ``morale.``,
    ``activity.`` and ``report.``. The mapping is a read-only dict.

    >>> import custinteract as ci
    >>> codes = ci.reason_codes()
    >>> "recovery.status.at_risk" in codes and "lead.advice.contact" in codes
    True
    >>> sorted({code.split(".")[0] for code in codes})
    ['activity', 'lead', 'morale', 'recovery', 'report', 'satisfaction', 'word_of_mouth']
    """
    return _ALL
