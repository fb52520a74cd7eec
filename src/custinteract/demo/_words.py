"""The words and number formats of the demo's text: one place for how a figure reads.

>>> from custinteract.demo._words import pct, signed
>>> pct(0.4242), signed(-0.4)
('42.4%', '0')
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping
from datetime import datetime

from .._validators import FrozenMap
from ..leads import LeadTemperature
from ..morale import MoraleFactor
from ..recovery import RecoveryStatus
from ..satisfaction import Metric

WIDTH = 100
"""Characters per line of the text report."""
SHOWN = 5
"""Rows shown per list in the text, before ``... and K more``."""

STATUS_WORDS: Mapping[RecoveryStatus, str] = FrozenMap(
    {
        RecoveryStatus.HEALTHY: "doing fine (owed nothing)",
        RecoveryStatus.RECOVERING: "recovering",
        RecoveryStatus.AT_RISK: "at risk",
        RecoveryStatus.LOST: "lost",
    }
)
FACTOR_WORDS: Mapping[MoraleFactor, str] = FrozenMap(
    {
        MoraleFactor.EXPOSURE_SHARE: "share of angry customers",
        MoraleFactor.EXPOSURE_COUNT: "number of angry customers",
        MoraleFactor.RECOGNITION: "recognition",
        MoraleFactor.REWARD: "rewards",
        MoraleFactor.ONE_TO_ONE: "one-to-ones",
        MoraleFactor.CONCERNS_RESOLVED: "concerns fixed",
        MoraleFactor.CONCERNS_OPEN: "open concerns",
        MoraleFactor.WORKLOAD: "workload",
    }
)
TEMPERATURE_WORDS: Mapping[LeadTemperature, str] = FrozenMap(
    {
        LeadTemperature.CURRENT: "customer",
        LeadTemperature.QUALIFIED: "qualified lead",
        LeadTemperature.WARM: "warm lead",
        LeadTemperature.COLD: "cold lead",
    }
)
_QUARTER_NAMES = ("Jan-Mar", "Apr-Jun", "Jul-Sep", "Oct-Dec")


def signed(value: float) -> str:
    """``+12``, ``-3``, ``0`` (never ``+0`` or ``-0``)."""
    return "0" if round(value) == 0 else f"{value:+.0f}"


def pct(value: float | None, digits: int = 1) -> str:
    """A share as a percentage, ``n/a`` for none."""
    return "n/a" if value is None else f"{100 * value:.{digits}f}%"


def interval(metric: Metric, shown: str = "pct", words: bool = True) -> str:
    """A metric's 95% interval as percentages (``pct``), NPS points (``nps``) or a mean."""
    if metric.low is None or metric.high is None:
        return "no interval"
    if shown == "pct":
        span = f"{pct(metric.low)} to {pct(metric.high)}"
    elif shown == "nps":
        span = f"{metric.low:+.0f} to {metric.high:+.0f}"
    else:
        span = f"{metric.low:.2f} to {metric.high:.2f}"
    return f"95% interval {span}" if words else span


def heading(title: str) -> list[str]:
    """A section's title, underlined, after a blank line."""
    return ["", title, "-" * len(title)]


def more(total: int, shown: int, indent: str) -> list[str]:
    """``... and K more`` when a list was cut short."""
    return [f"{indent}... and {total - shown} more"] if total > shown else []


def quarter(start: datetime) -> str:
    """``Jan-Mar 2026`` for the quarter starting at ``start``."""
    return f"{_QUARTER_NAMES[(start.month - 1) // 3]} {start.year}"


def date(moment: datetime) -> str:
    """``30 Jun 2026``."""
    return f"{moment.day} {moment:%b %Y}"


def wrap(line: str) -> str:
    """A line longer than the page, wrapped with its continuation indented 4 more spaces."""
    if len(line) <= WIDTH or not line.startswith(" "):
        return line
    indent = " " * (len(line) - len(line.lstrip()) + 4)
    return textwrap.fill(line, width=WIDTH, subsequent_indent=indent, break_on_hyphens=False)
