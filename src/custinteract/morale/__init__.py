"""Staff morale: the morale index, team summaries, eNPS and the feedback loop.

Happy staff make happy customers, and fewer angry customers lift morale: a
feedback cycle (both source articles). This package holds the morale index,
the team view, employee NPS, the feedback-loop simulation, and the optional
DataFrame (:mod:`custinteract.morale.frames`) and plotting
(:mod:`custinteract.morale.plotting`) modules.

>>> import custinteract.morale as morale
>>> morale.MoralePolicy().baseline
60.0
"""

from ._engine import MoraleAssessment, MoraleContribution, assess_morale
from ._enps import ENps, employee_nps
from ._loop import (
    LoopPeriod,
    LoopTrajectory,
    Scenario,
    ScenarioComparison,
    compare_scenarios,
    simulate_feedback_loop,
)
from ._loop_policy import REASON_CODES as MORALE_LOOP_REASON_CODES
from ._loop_policy import FeedbackLoopPolicy, Intervention, InterventionKind
from ._loop_rules import EquilibriumStatus
from ._policy import REASON_CODES as MORALE_REASON_CODES
from ._policy import MoraleBand, MoraleFactor, MoralePolicy
from ._team import TeamMorale, TeamSummary, assess_team_morale

__all__ = [
    "ENps",
    "EquilibriumStatus",
    "FeedbackLoopPolicy",
    "Intervention",
    "InterventionKind",
    "LoopPeriod",
    "LoopTrajectory",
    "MORALE_LOOP_REASON_CODES",
    "MORALE_REASON_CODES",
    "MoraleAssessment",
    "MoraleBand",
    "MoraleContribution",
    "MoraleFactor",
    "MoralePolicy",
    "Scenario",
    "ScenarioComparison",
    "TeamMorale",
    "TeamSummary",
    "assess_morale",
    "assess_team_morale",
    "compare_scenarios",
    "employee_nps",
    "simulate_feedback_loop",
]
