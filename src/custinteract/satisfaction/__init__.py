"""Satisfaction: CSAT, NPS, CES and sentiment over any period, channel or staff member.

Every interaction is a data point for the satisfaction of the whole base
("Why Customer Interaction Should Be on Top of Your Priority List"). This
package holds the satisfaction engine, its statistics and trends, and the
optional DataFrame (:mod:`custinteract.satisfaction.frames`) and plotting
(:mod:`custinteract.satisfaction.plotting`) modules.

>>> import custinteract.satisfaction as satisfaction
>>> satisfaction.measure_satisfaction([]).counts.negative
0
"""

from ._counts import SatisfactionCounts
from ._engine import REASON_CODES as SATISFACTION_REASON_CODES
from ._engine import (
    measure_satisfaction,
    satisfaction_by,
    satisfaction_from_counts,
    satisfaction_trend,
    satisfaction_trends,
)
from ._policy import MetricKind, NpsInterval, SatisfactionPolicy, TrendDirection, TrendTest
from ._results import (
    Metric,
    SatisfactionBreakdown,
    SatisfactionReport,
    SatisfactionTrend,
    TrendPoint,
)

__all__ = [
    "Metric",
    "MetricKind",
    "NpsInterval",
    "SATISFACTION_REASON_CODES",
    "SatisfactionBreakdown",
    "SatisfactionCounts",
    "SatisfactionPolicy",
    "SatisfactionReport",
    "SatisfactionTrend",
    "TrendDirection",
    "TrendPoint",
    "TrendTest",
    "measure_satisfaction",
    "satisfaction_by",
    "satisfaction_from_counts",
    "satisfaction_trend",
    "satisfaction_trends",
]
