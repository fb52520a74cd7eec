"""Plots of custinteract results, one call each, returning the matplotlib Axes.

Needs the optional extra ``plot`` (``python -m pip install '.[plot]'`` in a checkout).
Every function takes an optional ``ax=`` to draw into (a new figure otherwise)
and returns the Axes; nothing is shown or saved: the host decides.
"""

from __future__ import annotations

from .._errors import MissingExtraError

try:
    import matplotlib as _matplotlib  # noqa: F401
except ImportError as _exc:  # pragma: no cover - exercised only without the extra
    raise MissingExtraError("custinteract.plotting", "plot", "matplotlib") from _exc

from .._figures import new_axes
from ..activity.plotting import plot_activity_calibration, plot_p_alive_matrix
from ..leads.plotting import plot_lead_funnel
from ..morale.plotting import plot_feedback_loop, plot_team_morale
from ..recovery.plotting import plot_recovery_ledger, plot_recovery_summary
from ..satisfaction.plotting import plot_satisfaction_by, plot_satisfaction_trend
from ..word_of_mouth.plotting import plot_bass, plot_reach_distribution

__all__ = [
    "new_axes",
    "plot_recovery_ledger",
    "plot_recovery_summary",
    "plot_satisfaction_by",
    "plot_satisfaction_trend",
    "plot_lead_funnel",
    "plot_feedback_loop",
    "plot_team_morale",
    "plot_bass",
    "plot_reach_distribution",
    "plot_activity_calibration",
    "plot_p_alive_matrix",
]
