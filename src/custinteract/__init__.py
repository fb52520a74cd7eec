"""custinteract: explained decisions about customer interactions, as pure functions.

This is a domain library with no I/O of any kind: it reads no files, clock,
environment or network and prints nothing. The host application (a helpdesk,
a CRM, a notebook, a pipeline) hands it plain values, including the moment
``as_of`` which every assessment is made, and gets back frozen values that
explain themselves with :class:`Reason` codes.

>>> import custinteract as ci
>>> ci.Sentiment.NEGATIVE.value
'negative'
"""

from ._catalogue import reason_codes
from ._dataset import Dataset
from ._errors import (
    CustInteractError,
    DuplicateInteractionError,
    InvalidInputError,
    MissingExtraError,
    OutOfOrderError,
)
from ._leads import REASON_CODES as LEAD_REASON_CODES
from ._leads import (
    EngagementRule,
    FitRule,
    FitRuleKind,
    LeadAssessment,
    LeadPolicy,
    LeadTemperature,
    OutreachAdvice,
    ScoreComponent,
    ScoreItem,
    assess_lead,
)
from ._leads_conversion import (
    AttributeCount,
    ConversionEstimate,
    ConversionFactor,
    ConversionModel,
    ConversionPolicy,
    learn_conversion,
)
from ._leads_funnel import FunnelStep, LeadFunnel, assess_leads, funnel_of, lead_funnel
from ._leads_ranking import CallPlan, CallSheet, call_sheets, prioritize_leads, rank_key
from ._models import (
    Channel,
    Customer,
    Direction,
    GestureKind,
    Interaction,
    InteractionKind,
    LeadSource,
    Rating,
    RatingScale,
    Reason,
    RecoveryGesture,
    Sentiment,
    StaffEvent,
    StaffEventKind,
    StaffMember,
    sentiment_from_rating,
)
from ._morale import REASON_CODES as MORALE_REASON_CODES
from ._morale import (
    MoraleAssessment,
    MoraleBand,
    MoraleContribution,
    MoraleFactor,
    MoralePolicy,
    assess_morale,
)
from ._morale_enps import ENps, employee_nps
from ._morale_loop import REASON_CODES as MORALE_LOOP_REASON_CODES
from ._morale_loop import (
    EquilibriumStatus,
    FeedbackLoopPolicy,
    Intervention,
    InterventionKind,
    LoopPeriod,
    LoopTrajectory,
    Scenario,
    ScenarioComparison,
    compare_scenarios,
    simulate_feedback_loop,
)
from ._morale_team import TeamMorale, TeamSummary, assess_team_morale
from ._playbook import (
    UNCATEGORISED,
    PlaybookAdvice,
    PlaybookEntry,
    RecoveryPlaybook,
    learn_playbook,
)
from ._recovery import REASON_CODES as RECOVERY_REASON_CODES
from ._recovery import (
    LossReason,
    OwedCustomer,
    RecoveryAssessment,
    RecoveryLedger,
    RecoveryPolicy,
    RecoveryStatus,
    RecoverySummary,
    assess_recoveries,
    assess_recovery,
    summarize_recoveries,
)
from ._report import DemoReport, build_demo_report, render_demo_report
from ._satisfaction import REASON_CODES as SATISFACTION_REASON_CODES
from ._satisfaction import (
    measure_satisfaction,
    satisfaction_by,
    satisfaction_from_counts,
    satisfaction_trend,
    satisfaction_trends,
)
from ._satisfaction_counts import SatisfactionCounts
from ._satisfaction_results import (
    Metric,
    MetricKind,
    NpsInterval,
    SatisfactionBreakdown,
    SatisfactionPolicy,
    SatisfactionReport,
    SatisfactionTrend,
    TrendDirection,
    TrendPoint,
    TrendTest,
)
from ._serialization import SCHEMA_VERSION, from_dict, json_schema, to_dict
from ._time import Frequency, format_window, parse_datetime, parse_window, period_start
from ._validators import FrozenMap
from ._version import __version__
from ._word_of_mouth import REASON_CODES as WORD_OF_MOUTH_REASON_CODES
from ._word_of_mouth import (
    WordOfMouthEstimate,
    WordOfMouthLedger,
    WordOfMouthPolicy,
    WordOfMouthSource,
    estimate_word_of_mouth,
    word_of_mouth_sources,
)
from ._word_of_mouth_bass import BassModel, BassPeriod, BassResult, simulate_bass
from ._word_of_mouth_cascade import (
    CascadeGraph,
    CascadeResult,
    graph_from_networkx,
    simulate_cascade,
)
from ._word_of_mouth_simulation import (
    ReachBin,
    ReachDistribution,
    ReachPercentile,
    WordOfMouthSimulation,
    simulate_word_of_mouth,
)

EnumMap = FrozenMap
"""The former name of :class:`FrozenMap`, kept for existing code."""

__all__ = [
    # models
    "Channel",
    "Customer",
    "Dataset",
    "Direction",
    "GestureKind",
    "Interaction",
    "InteractionKind",
    "LeadSource",
    "Rating",
    "RatingScale",
    "Reason",
    "RecoveryGesture",
    "Sentiment",
    "StaffEvent",
    "StaffEventKind",
    "StaffMember",
    "sentiment_from_rating",
    # errors
    "CustInteractError",
    "DuplicateInteractionError",
    "InvalidInputError",
    "MissingExtraError",
    "OutOfOrderError",
    # time
    "Frequency",
    "format_window",
    "parse_datetime",
    "parse_window",
    "period_start",
    # serialization
    "SCHEMA_VERSION",
    "from_dict",
    "json_schema",
    "to_dict",
    # reports and catalogue
    "DemoReport",
    "build_demo_report",
    "reason_codes",
    "render_demo_report",
    # recovery
    "RECOVERY_REASON_CODES",
    "EnumMap",
    "FrozenMap",
    "LossReason",
    "OwedCustomer",
    "UNCATEGORISED",
    "PlaybookAdvice",
    "PlaybookEntry",
    "RecoveryAssessment",
    "RecoveryLedger",
    "RecoveryPlaybook",
    "RecoveryPolicy",
    "RecoveryStatus",
    "RecoverySummary",
    "assess_recoveries",
    "assess_recovery",
    "learn_playbook",
    "summarize_recoveries",
    # word of mouth
    "BassModel",
    "BassPeriod",
    "BassResult",
    "CascadeGraph",
    "CascadeResult",
    "ReachBin",
    "ReachPercentile",
    "ReachDistribution",
    "WORD_OF_MOUTH_REASON_CODES",
    "WordOfMouthEstimate",
    "WordOfMouthLedger",
    "WordOfMouthPolicy",
    "WordOfMouthSimulation",
    "WordOfMouthSource",
    "estimate_word_of_mouth",
    "graph_from_networkx",
    "simulate_bass",
    "simulate_cascade",
    "simulate_word_of_mouth",
    "word_of_mouth_sources",
    # leads
    "AttributeCount",
    "CallPlan",
    "CallSheet",
    "ConversionEstimate",
    "ConversionFactor",
    "ConversionModel",
    "ConversionPolicy",
    "EngagementRule",
    "FitRule",
    "FitRuleKind",
    "FunnelStep",
    "LEAD_REASON_CODES",
    "LeadAssessment",
    "LeadFunnel",
    "LeadPolicy",
    "LeadTemperature",
    "OutreachAdvice",
    "ScoreComponent",
    "ScoreItem",
    "assess_lead",
    "assess_leads",
    "call_sheets",
    "funnel_of",
    "learn_conversion",
    "lead_funnel",
    "prioritize_leads",
    "rank_key",
    # satisfaction
    "SATISFACTION_REASON_CODES",
    "Metric",
    "MetricKind",
    "NpsInterval",
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
    # morale
    "MORALE_REASON_CODES",
    "MORALE_LOOP_REASON_CODES",
    "ENps",
    "MoraleAssessment",
    "MoraleBand",
    "MoraleContribution",
    "MoraleFactor",
    "MoralePolicy",
    "TeamMorale",
    "TeamSummary",
    "assess_morale",
    "assess_team_morale",
    "employee_nps",
    # morale-satisfaction feedback loop
    "EquilibriumStatus",
    "FeedbackLoopPolicy",
    "Intervention",
    "InterventionKind",
    "LoopPeriod",
    "LoopTrajectory",
    "Scenario",
    "ScenarioComparison",
    "compare_scenarios",
    "simulate_feedback_loop",
    "__version__",
]
