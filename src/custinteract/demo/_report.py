"""The demo report: every engine over one dataset, as one value, and its text rendering.

:func:`build_demo_report` composes the engines (it sits above them in the
layers) and returns a frozen :class:`DemoReport`, which serialises with
:func:`~custinteract.to_dict` like any result; :func:`render_demo_report`
turns it into text for a person who has never seen the library. Neither
prints: ``python -m custinteract demo`` does.

Each section is computed in ``_sections`` and written as text in
``_render``; this module holds the value and puts the parts together.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from datetime import datetime

import attrs

from .._dataset import Dataset
from .._errors import InvalidInputError
from .._models import Reason, explanation_spec
from .._time import ensure_aware
from .._validators import FrozenMap, is_blank
from ..activity import ActivityAssessment
from ..leads import CallPlan, LeadAssessment, LeadFunnel
from ..morale import ENps, FeedbackLoopPolicy, ScenarioComparison, TeamMorale, TeamSummary
from ..recovery import PlaybookAdvice, RecoverySummary
from ..satisfaction import SatisfactionBreakdown, SatisfactionReport, SatisfactionTrend
from ..word_of_mouth import WordOfMouthEstimate, WordOfMouthSource
from ._render import report_lines
from ._sections import (
    leads_part,
    leads_reason,
    morale_part,
    outlook_part,
    recovery_part,
    satisfaction_part,
    scope_reason,
    word_of_mouth_part,
)
from ._words import wrap

__all__ = ["REASON_CODES", "DemoReport", "build_demo_report", "render_demo_report"]

REASON_CODES: Mapping[str, str] = FrozenMap(
    {
        "report.scope": "what the report covers: how many customers, interactions and staff, as of when",
        "report.leads": "how many customers and leads have each temperature and each outreach advice",
        "report.trend_window": "the CSAT trend covers whole calendar quarters; a quarter still running is marked",
        "report.outlook": "the feedback-loop outlook starts from the measured state of the team that handles the most contacts",
        "report.no_callers": "the base has no staff: no call sheets, every lead to contact is left over",
        "report.outlook_default": "no team handled a contact: the outlook starts from the default reference point",
    }
)


@attrs.frozen(kw_only=True)
class DemoReport:
    """Every engine's answer over one dataset, as of one moment.

    Built by :func:`build_demo_report`; ``python -m custinteract demo`` prints
    it with :func:`render_demo_report`, or as JSON with ``--json``. In a
    notebook it shows as the same text.

    Attributes:
        as_of: The moment the base is seen from.
        customers: Customers and leads in the base.
        interactions: Interactions up to ``as_of``.
        staff: Staff members.
        satisfaction: Satisfaction over the last 12 months.
        satisfaction_by_channel: The same, per channel.
        csat_trend: CSAT per whole calendar quarter (the last may still be running).
        recovery: Customers per recovery status and every customer owed positives.
        gone_quiet: The customers who owe nothing but have gone quiet (their
            activity is LAPSED or LAPSING), lapsed first, then the longest
            silent for their rhythm; ``recovery.lapsed`` and
            ``recovery.lapsing`` count them.
        playbook: The recovery playbook's advice per complaint category.
        word_of_mouth: Expected word of mouth of the last 90 days.
        word_of_mouth_sources: The five customers spreading the most bad word of mouth.
        call_list: Today's call list: the first leads to contact, in order.
        call_plan: The call list dealt to the sales team's daily sheets.
        funnel: Lead temperatures at the start and end of the last 3 months.
        morale: Every staff member's morale and the team roll-ups.
        enps: Staff survey eNPS over the last 6 months.
        outlook_start: The team whose measured state starts the outlook (None: the
            default reference point, when no team handled a contact).
        outlook_policy: The feedback-loop policy used, calibrated on that team.
        outlook: The feedback-loop scenarios, side by side.
        explanation: What the report covers and how its parts were chosen.

    >>> from custinteract.samples import SAMPLE_AS_OF, sample_dataset
    >>> from custinteract import build_demo_report
    >>> report = build_demo_report(sample_dataset(customers=40, staff=3, seed=2), as_of=SAMPLE_AS_OF)
    >>> report._repr_html_().startswith("<pre>custinteract demo report")
    True
    """

    as_of: datetime
    customers: int
    interactions: int
    staff: int
    satisfaction: SatisfactionReport
    satisfaction_by_channel: SatisfactionBreakdown
    csat_trend: SatisfactionTrend
    recovery: RecoverySummary
    playbook: tuple[PlaybookAdvice, ...]
    word_of_mouth: WordOfMouthEstimate
    word_of_mouth_sources: tuple[WordOfMouthSource, ...]
    call_list: tuple[LeadAssessment, ...]
    call_plan: CallPlan
    funnel: LeadFunnel
    morale: TeamMorale
    enps: ENps
    outlook_start: TeamSummary | None
    outlook_policy: FeedbackLoopPolicy
    outlook: ScenarioComparison
    gone_quiet: tuple[ActivityAssessment, ...] = ()
    explanation: tuple[Reason, ...] = attrs.field(**explanation_spec())

    def __str__(self) -> str:
        return render_demo_report(self)

    def _repr_html_(self) -> str:
        return "<pre>" + html.escape(render_demo_report(self)) + "</pre>"


def build_demo_report(dataset: Dataset, *, as_of: datetime, seed: int = 0) -> DemoReport:
    """Run every engine over ``dataset`` as of ``as_of`` with default policies.

    The feedback-loop outlook is calibrated on the team that handled the most
    interactions in the morale window (:meth:`~custinteract.FeedbackLoopPolicy.from_team`):
    its mean morale and negative share are the reference point and the start.
    ``seed`` is passed to the scenario comparison; with no noise, the report is
    the same for every seed. The call sheets go to the ``sales`` team (else the
    first member of staff); a base without staff gets none. Every interaction's
    customer must be in ``dataset.customers`` (the recovery engine counts the
    customers without interactions too, and refuses an unknown one).

    >>> from custinteract.samples import SAMPLE_AS_OF, sample_dataset
    >>> from custinteract import build_demo_report
    >>> report = build_demo_report(sample_dataset(customers=60, seed=2), as_of=SAMPLE_AS_OF)
    >>> report.customers, report.outlook_start.team
    (60, 'support')
    >>> [t.name for t in report.outlook.trajectories]
    ['as is', 'recognition programme', 'process fix', 'hiring freeze']
    """
    as_of = ensure_aware(as_of, "as_of")
    if not isinstance(dataset, Dataset):
        raise InvalidInputError("dataset", dataset, "a Dataset")
    interactions = [i for i in dataset.interactions if i.timestamp <= as_of]
    satisfaction = satisfaction_part(interactions, as_of)
    recovery, playbook, quiet = recovery_part(interactions, as_of, dataset)
    word_of_mouth, sources = word_of_mouth_part(interactions, as_of)
    leads = leads_part(dataset, interactions, as_of)
    morale, enps = morale_part(dataset, interactions, as_of)
    team, loop_policy, outlook, calibration = outlook_part(morale, seed)
    return DemoReport(
        as_of=as_of,
        customers=len(dataset.customers),
        interactions=len(interactions),
        staff=len(dataset.staff),
        satisfaction=satisfaction.overall,
        satisfaction_by_channel=satisfaction.by_channel,
        csat_trend=satisfaction.trend,
        recovery=recovery,
        playbook=playbook,
        word_of_mouth=word_of_mouth,
        word_of_mouth_sources=sources,
        call_list=leads.call_list,
        call_plan=leads.call_plan,
        funnel=leads.funnel,
        morale=morale,
        enps=enps,
        outlook_start=team,
        outlook_policy=loop_policy,
        outlook=outlook,
        gone_quiet=quiet,
        explanation=(
            scope_reason(dataset, interactions, as_of),
            leads_reason(leads.assessed),
            satisfaction.trend_window,
            calibration,
            *leads.notes,
        ),
    )


def render_demo_report(report: DemoReport, *, subject: str = "A made-up business") -> str:
    """The demo report as text for a person who has never seen the library.

    >>> from custinteract.samples import SAMPLE_AS_OF, sample_dataset
    >>> from custinteract import build_demo_report, render_demo_report
    >>> text = render_demo_report(build_demo_report(sample_dataset(customers=40), as_of=SAMPLE_AS_OF))
    >>> print(text.splitlines()[0])
    custinteract demo report

    ``subject`` names whose record it is, in the opening sentence: the sample
    base is "A made-up business"; the command line says "Your records" for
    the files it was given.
    """
    if not isinstance(report, DemoReport):
        raise InvalidInputError("report", report, "a DemoReport")
    if not isinstance(subject, str) or is_blank(subject):
        raise InvalidInputError("subject", subject, "a non-blank string")
    return "\n".join(wrap(line) for line in report_lines(report, subject))
