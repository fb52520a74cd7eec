"""A host application's code as a type checker reads it: correct uses, then misuse probes.

``tests/test_typing.py`` runs ``mypy --strict --warn-unused-ignores`` on this
file. The correct uses must check cleanly; every misuse probe is marked with
the error code mypy must report (``# type: ignore[code]``), so a probe that
stops being an error (a constructor parameter typed ``Any`` again, say) is an
unused ignore and fails the test. The file is never run or collected by
pytest.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timezone

from dateutil.relativedelta import relativedelta

import custinteract as ci

DAY = datetime(2026, 3, 4, 12, tzinfo=timezone.utc)


def _use(*values: object) -> None:
    """Read values (so that nothing above is an unused variable)."""


def models() -> tuple[list[ci.Customer], list[ci.Interaction], list[ci.StaffMember]]:
    """Every model, built as a host builds them (lists and dicts where tuples and maps are kept)."""
    customer = ci.Customer(
        id="c-1", created=DAY, source=ci.LeadSource.REFERRAL, attributes={"plan": "gold"}
    )
    gesture = ci.RecoveryGesture(kind=ci.GestureKind.REFUND, value=20)
    rating = ci.Rating(value=9, scale=ci.RatingScale.NPS)
    complaint = ci.Interaction(
        id="i-1",
        customer_id="c-1",
        timestamp=DAY,
        sentiment=ci.Sentiment.NEGATIVE,
        kind=ci.InteractionKind.COMPLAINT,
        staff_id="s-1",
        metadata={"ticket": "T-9"},
    )
    apology = ci.Interaction(
        id="i-2",
        customer_id="c-1",
        timestamp=DAY + relativedelta(days=1),
        sentiment=ci.Sentiment.POSITIVE,
        staff_id="s-1",
        gesture=gesture,
        rating=rating,
        resolved=True,
    )
    staff = [ci.StaffMember(id="s-1", name="Ada", hired=DAY - relativedelta(years=1), team="desk")]
    reason: ci.Reason = ci.Reason(code="x.y", message="A reason.")
    assert reason.code == "x.y"
    return [customer], [complaint, apology], staff


def policies() -> None:
    """Every policy, with ints where floats are kept and lists where tuples are kept."""
    ci.RecoveryPolicy(
        positives_per_negative=4,
        negative_memory=relativedelta(days=90),
        gesture_credit={ci.GestureKind.REFUND: 2, ci.GestureKind.APOLOGY: 0.5},
        activity=ci.ActivityPolicy(lapsing_ratio=3, counted_kinds=[ci.InteractionKind.PURCHASE]),
    )
    ci.WordOfMouthPolicy(negative_multiplier=3, positive_audience=4.5)
    ci.BassModel(market_size=1000, innovation=0.03, imitation=0.38)
    ci.LeadPolicy(
        source_points={ci.LeadSource.REFERRAL: 25},
        fit_rules=[
            ci.FitRule(attribute="plan", kind=ci.FitRuleKind.EQUALS, value="gold", points=10)
        ],
        engagement_rules=[
            ci.EngagementRule(
                kind=ci.InteractionKind.PURCHASE, direction=ci.Direction.INBOUND, points=5
            )
        ],
        qualifying_kinds=[ci.InteractionKind.PURCHASE],
        max_touches={ci.LeadTemperature.COLD: 2},
    )
    ci.ConversionPolicy(attributes=["plan"], smoothing=2)
    ci.SatisfactionPolicy(confidence=0.9, minimum_count=10)
    ci.MoralePolicy(baseline=55, window=relativedelta(days=14))
    ci.FeedbackLoopPolicy(adjustment_speed=0.25)
    ci.Scenario(
        name="process fix",
        interventions=[ci.Intervention(kind=ci.InterventionKind.PROCESS_FIX, size=0.2)],
    )
    ci.Dataset(customers=[], interactions=[], staff=[], staff_events=[])
    ci.SatisfactionCounts(csat=[0, 0, 1, 2, 3], nps=[0] * 11, ces=[0] * 7)


def engines() -> None:
    """Every engine entry point, its result read through its own class."""
    customers, interactions, staff = models()
    recovery: ci.RecoveryAssessment = ci.assess_recovery(interactions, as_of=DAY)
    everyone: dict[str, ci.RecoveryAssessment] = ci.assess_recoveries(interactions, as_of=DAY)
    summary: ci.RecoverySummary = ci.summarize_recoveries(everyone)
    owed: tuple[ci.OwedCustomer, ...] = summary.owed
    playbook: ci.RecoveryPlaybook = ci.learn_playbook(interactions, as_of=DAY, min_sample=1)
    advice: ci.PlaybookAdvice = playbook.recommend(None)
    entries: tuple[ci.PlaybookEntry, ...] = playbook.entries
    ledger: ci.RecoveryLedger = ci.RecoveryLedger().record(interactions[0])
    _use(recovery.status, owed, advice, entries, ledger.assess(DAY).positives_needed)

    estimate: ci.WordOfMouthEstimate = ci.estimate_word_of_mouth(interactions)
    runs: ci.WordOfMouthSimulation = ci.simulate_word_of_mouth(interactions, runs=10)
    distribution: ci.ReachDistribution = runs.negative
    first: ci.ReachPercentile = distribution.percentiles[0]
    bin_: ci.ReachBin = distribution.histogram[0]
    sources: tuple[ci.WordOfMouthSource, ...] = ci.word_of_mouth_sources(interactions)
    words: ci.WordOfMouthLedger = ci.WordOfMouthLedger().record(interactions[0])
    cascade: ci.CascadeResult = ci.simulate_cascade(
        {"a": ["b"], "b": []}, {"a": ci.Sentiment.NEGATIVE}, runs=10
    )
    graph: type[ci.CascadeGraph] = ci.CascadeGraph
    bass: ci.BassResult = ci.simulate_bass(periods=5)
    period: ci.BassPeriod = bass.periods[0]
    _use(estimate.net_reach, first, bin_, sources, words.estimate(), cascade, graph, period)

    leads: tuple[ci.LeadAssessment, ...] = ci.assess_leads(customers, interactions, as_of=DAY)
    lead: ci.LeadAssessment = ci.assess_lead(customers[0], interactions, as_of=DAY)
    items: tuple[ci.ScoreItem, ...] = lead.items
    ranked = ci.prioritize_leads(leads, limit=5)
    plan: ci.CallPlan = ci.call_sheets(ranked, capacity={"s-1": 10})
    sheets: tuple[ci.CallSheet, ...] = plan.sheets
    funnel: ci.LeadFunnel = ci.lead_funnel(customers, interactions, start=DAY, end=DAY)
    steps: tuple[ci.FunnelStep, ...] = funnel.steps
    model: ci.ConversionModel = ci.learn_conversion(customers, as_of=DAY)
    counts: tuple[ci.AttributeCount, ...] = model.counts
    chance: ci.ConversionEstimate = model.predict(customers[0])
    factors: tuple[ci.ConversionFactor, ...] = chance.factors
    _use(items, sheets, steps, counts, factors, ci.rank_key(lead))

    report: ci.SatisfactionReport = ci.measure_satisfaction(interactions)
    metric: ci.Metric = report.metrics[0]
    breakdown: ci.SatisfactionBreakdown = ci.satisfaction_by(interactions, by="channel")
    trend: ci.SatisfactionTrend = ci.satisfaction_trend(interactions, metric=ci.MetricKind.NPS)
    point: tuple[ci.TrendPoint, ...] = trend.points
    trends = ci.satisfaction_trends(interactions, by="channel")
    _use(metric, breakdown, point, trends)

    morale: ci.MoraleAssessment = ci.assess_morale(staff[0], interactions, as_of=DAY)
    parts: tuple[ci.MoraleContribution, ...] = morale.contributions
    team: ci.TeamMorale = ci.assess_team_morale(staff, interactions, as_of=DAY)
    desk: ci.TeamSummary = team.team("desk")
    loop_policy = ci.FeedbackLoopPolicy.from_team(desk, adjustment_speed=0.25)
    loop: ci.LoopTrajectory = ci.simulate_feedback_loop(policy=loop_policy, periods=10)
    step: ci.LoopPeriod = loop.periods[0]
    compared: ci.ScenarioComparison = ci.compare_scenarios(
        [ci.Scenario(name="calm")], periods=10, policy=loop_policy
    )
    enps: ci.ENps = ci.employee_nps([9, 10, 3])
    _use(parts, step, compared, enps)

    summaries: dict[str, ci.ActivitySummary] = ci.activity_summaries(interactions, as_of=DAY)
    activity: ci.ActivityAssessment = ci.assess_activity(interactions, as_of=DAY)
    fitted: ci.BgNbdModel = ci.fit_bgnbd(summaries.values())
    _use(activity, fitted, ci.assess_activities(interactions, as_of=DAY))

    dataset = ci.Dataset(customers=customers, interactions=interactions, staff=staff)
    demo: ci.DemoReport = ci.build_demo_report(dataset, as_of=DAY)
    text: str = ci.render_demo_report(demo)
    document: dict[str, object] = ci.to_dict(dataset)
    again: ci.Dataset = ci.from_dict(ci.Dataset, ci.to_dict(dataset))
    schema = ci.json_schema(ci.Interaction)
    codes: Mapping[str, str] = ci.reason_codes()
    frozen: Mapping[str, str] = dataset.customers[0].attributes
    _use(text, document, again, schema, codes, frozen)


def misuse() -> None:
    """Mistakes a type checker must catch; each ignore names the error mypy reports."""
    customers, interactions, staff = models()
    ci.Interaction(id=1, customer_id="c-1", timestamp=DAY, sentiment=ci.Sentiment.POSITIVE)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    ci.Interaction(id="i", customer_id="c-1", timestamp=DAY, sentiment="positive")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    ci.Interaction(id="i", customer_id="c", timestamp="2026-03-04", sentiment=ci.Sentiment.NEUTRAL)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    ci.Interaction(
        id="i",
        customer_id="c",
        timestamp=DAY,
        sentiment=ci.Sentiment.NEUTRAL,
        metadata={"n": 1},  # type: ignore[dict-item]  # pyright: ignore[reportArgumentType]
    )
    ci.Customer(id="c-1", created=DAY, attributes={"vip": True})  # type: ignore[dict-item]  # pyright: ignore[reportArgumentType]
    ci.Rating(value=9.5, scale=ci.RatingScale.NPS)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    ci.RecoveryGesture(kind=ci.GestureKind.REFUND, value="20")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    ci.RecoveryPolicy(positives_per_negative="6")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    ci.RecoveryPolicy(negative_memory=90)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    ci.RecoveryPolicy(gesture_credit={"refund": 2.0})  # type: ignore[dict-item]  # pyright: ignore[reportArgumentType]
    ci.WordOfMouthPolicy(negative_multiplier="2")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    ci.LeadPolicy(fit_rules=["plan"])  # type: ignore[list-item]  # pyright: ignore[reportArgumentType]
    ci.LeadPolicy(source_points={ci.LeadSource.REFERRAL: "25"})  # type: ignore[dict-item]  # pyright: ignore[reportArgumentType]
    ci.SatisfactionPolicy(confidence=None)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    ci.Scenario(name="fix", interventions=[ci.InterventionKind.PROCESS_FIX])  # type: ignore[list-item]  # pyright: ignore[reportArgumentType]
    ci.Dataset(interactions=customers)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    ci.FeedbackLoopPolicy(adjustment_sped=0.25)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    # a required field declared through a shared helper is required to type checkers too
    ci.ENps(score=None, respondents=0, promoters=0, passives=0, explanation=())  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    ci.ENps(score=None, respondents=0, promoters=0, passives=0, detractors=0)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    team = ci.assess_team_morale(staff, interactions, as_of=DAY)
    ci.FeedbackLoopPolicy.from_team(team.team("desk"), adjustment_sped=0.25)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    ci.assess_recovery(interactions)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    ci.assess_recovery(interactions, DAY)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    ci.assess_recovery(interactions, as_of="2026-03-04")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    ci.simulate_word_of_mouth(interactions, runs=1.5)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    ci.prioritize_leads(ci.assess_leads(customers, interactions, as_of=DAY), limit="5")  # type: ignore[call-overload]  # pyright: ignore[reportCallIssue, reportArgumentType]
    assessment = ci.assess_recovery(interactions, as_of=DAY)
    assessment.status = ci.RecoveryStatus.HEALTHY  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]
    ci.RecoveryPolicy().gesture_credit[ci.GestureKind.REFUND] = 3.0  # type: ignore[index]  # pyright: ignore[reportIndexIssue]
