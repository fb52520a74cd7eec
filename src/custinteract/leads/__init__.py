"""Leads: temperature, score, outreach advice, call lists, conversion and the funnel.

Focus on current customers and qualified leads, not cold ones ("What You
Need to Know About Customer Interaction"). This package holds the lead
engine and its optional DataFrame (:mod:`custinteract.leads.frames`) and
plotting (:mod:`custinteract.leads.plotting`) modules.

>>> import custinteract.leads as leads
>>> leads.LeadTemperature.COLD < leads.LeadTemperature.CURRENT
True
"""

from ._conversion import (
    AttributeCount,
    ConversionEstimate,
    ConversionFactor,
    ConversionModel,
    ConversionPolicy,
    learn_conversion,
)
from ._engine import REASON_CODES as LEAD_REASON_CODES
from ._engine import (
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
from ._funnel import FunnelStep, LeadFunnel, assess_leads, funnel_of, lead_funnel
from ._ranking import CallPlan, CallSheet, call_sheets, prioritize_leads, rank_key

__all__ = [
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
    "lead_funnel",
    "learn_conversion",
    "prioritize_leads",
    "rank_key",
]
