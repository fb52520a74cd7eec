"""Extreme values and calendar edges: every engine answers or raises InvalidInputError, promptly.

Two kinds of test. Property tests draw documents that the published JSON
Schema accepts (policies and interactions, timestamps anywhere in the
allowed years, windows up to their bounds), read them with
:func:`~custinteract.from_dict` and feed them to every engine: the only
exception allowed is :class:`~custinteract.InvalidInputError`. Worked
examples then take each extreme on its own (huge integers, windows of a
century and beyond, timestamps in the first and last allowed years) and
check the answer or the refusal, and that it comes quickly.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

import custinteract as ci
from custinteract._time import CALENDAR_END, CALENDAR_START, shift

UTC = timezone.utc
EAST = timezone(timedelta(hours=14))
WEST = timezone(timedelta(hours=-12))
FIRST = datetime(2, 1, 1, tzinfo=EAST)  # the earliest timestamp: 0001-12-31T10:00Z
LAST = datetime(9998, 12, 31, 23, tzinfo=WEST)  # the latest hour: 9999-01-01T11:00Z
CSAT = ci.Rating(scale=ci.RatingScale.CSAT, value=5)

# ----------------------------------------------------------------------------- documents


def documents(schema: dict[str, Any], root: dict[str, Any] | None = None) -> st.SearchStrategy[Any]:
    """Documents the JSON Schema ``schema`` accepts (objects, arrays and references walked here).

    hypothesis-jsonschema draws the leaves (text with its pattern, numbers
    within their bounds, enums); the containers are composed here, where
    ``$ref`` points into the top schema's ``$defs``.
    """
    root = schema if root is None else root
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        return st.deferred(lambda: documents(root["$defs"][name], root))
    if "anyOf" in schema:
        return st.one_of([documents(option, root) for option in schema["anyOf"]])
    kind = schema.get("type")
    if kind == "object" and "properties" in schema:
        fields = {
            name: documents(part, root)
            for name, part in schema["properties"].items()
            if name != "schema_version"
        }
        required = set(schema.get("required", ()))
        return st.fixed_dictionaries(
            {name: s for name, s in fields.items() if name in required},
            optional={name: s for name, s in fields.items() if name not in required},
        )
    if kind == "object":
        values = documents(schema.get("additionalProperties", {}), root)
        if "required" in schema:
            return st.fixed_dictionaries(dict.fromkeys(schema["required"], values))
        names = schema.get("propertyNames", {"type": "string"})
        return st.dictionaries(from_schema({"type": "string", **names}), values, max_size=3)
    if kind == "array" and "prefixItems" in schema:
        return st.tuples(*(documents(item, root) for item in schema["prefixItems"])).map(list)
    if kind == "array":
        return st.lists(
            documents(schema.get("items", {}), root),
            min_size=schema.get("minItems", 0),
            max_size=max(3, schema.get("minItems", 0)),
            unique_by=(lambda item: json.dumps(item, sort_keys=True))
            if schema.get("uniqueItems")
            else None,
        )
    return from_schema(schema)


def read(cls: type[Any]) -> st.SearchStrategy[Any]:
    """Values read from schema-valid documents of ``cls``; None where from_dict refused one."""

    def value(document: Any) -> Any:
        try:
            return ci.from_dict(cls, document)
        except ci.InvalidInputError:
            return None

    return documents(ci.json_schema(cls)).map(value)


TIMESTAMP_TEXT = ci.json_schema(ci.Interaction)["properties"]["timestamp"]
EDGES = st.sampled_from([FIRST, LAST, datetime(9998, 12, 1, tzinfo=UTC)])
TIMESTAMPS = st.one_of(from_schema(TIMESTAMP_TEXT).map(ci.parse_datetime), EDGES)


@st.composite
def interactions(draw: st.DrawFn) -> list[ci.Interaction]:
    """A few interactions of two customers and two staff members, anywhere in the allowed years.

    They fall within about a month of each other: a daily trend over
    millennia would list millions of empty days, a cost of the data, not an
    edge of the calendar.
    """
    count = draw(st.integers(1, 5))
    base = draw(TIMESTAMPS)
    out = []
    for n in range(count):
        timestamp = base + timedelta(hours=draw(st.integers(-800, 800)))
        if not 2 <= timestamp.year <= 9998:
            timestamp = base
        sentiment = draw(st.sampled_from(ci.Sentiment))
        value = {ci.Sentiment.POSITIVE: 5, ci.Sentiment.NEUTRAL: 3, ci.Sentiment.NEGATIVE: 1}
        out.append(
            ci.Interaction(
                id=f"i-{n}",
                customer_id=draw(st.sampled_from(["c-1", "c-2"])),
                staff_id=draw(st.sampled_from(["s-1", "s-2"])),
                timestamp=timestamp,
                sentiment=sentiment,
                kind=draw(st.sampled_from(ci.InteractionKind)),
                rating=ci.Rating(scale=ci.RatingScale.CSAT, value=value[sentiment]),
            )
        )
    return out


# ----------------------------------------------------------------------------- engines


def answers_or_refuses() -> suppress:
    """The block gives an answer or raises InvalidInputError (anything else fails the test)."""
    return suppress(ci.InvalidInputError)


def earliest(items: list[ci.Interaction], cid: str, attr: str = "customer_id") -> datetime:
    return min(i.timestamp for i in items if getattr(i, attr) == cid)


def run_every_engine(items: list[ci.Interaction], **policies: Any) -> None:
    """Every engine over ``items`` as of their latest timestamp, with the policies given."""
    as_of = max(i.timestamp for i in items)
    customers = [
        ci.Customer(id=cid, created=earliest(items, cid))
        for cid in sorted({i.customer_id for i in items})
    ]
    staff = [
        ci.StaffMember(id=sid, name=sid, hired=earliest(items, sid, "staff_id"))
        for sid in sorted({i.staff_id for i in items if i.staff_id})
    ]
    recovery = policies.get("recovery")
    leads = policies.get("leads")
    morale = policies.get("morale", ci.MoralePolicy())
    satisfaction = policies.get("satisfaction", ci.SatisfactionPolicy())
    word = policies.get("word_of_mouth")
    calls: list[Callable[[], object]] = [
        lambda: ci.summarize_recoveries(ci.assess_recoveries(items, as_of=as_of, policy=recovery)),
        lambda: ci.learn_playbook(items, as_of=as_of, policy=recovery, min_sample=1),
        lambda: [
            ci.RecoveryLedger(policy=recovery or ci.RecoveryPolicy())
            .record_all(sorted((i for i in items if i.customer_id == c.id), key=_order))
            .assess(as_of)
            for c in customers
        ],
        lambda: ci.prioritize_leads(ci.assess_leads(customers, items, as_of=as_of, policy=leads)),
        lambda: ci.learn_conversion(customers, as_of=as_of, policy=policies.get("conversion")),
        lambda: ci.assess_team_morale(staff, items, as_of=as_of, policy=morale),
        lambda: ci.measure_satisfaction(items, policy=satisfaction),
        lambda: ci.estimate_word_of_mouth(items, policy=word),
        lambda: ci.simulate_word_of_mouth(items, policy=word, runs=20),
        lambda: ci.assess_activities(items, as_of=as_of, policy=policies.get("activity")),
    ]
    calls += [
        lambda frequency=frequency: ci.satisfaction_trend(
            items, frequency=frequency, policy=satisfaction
        )
        for frequency in ci.Frequency
    ]
    for call in calls:
        with answers_or_refuses():
            call()


def _order(interaction: ci.Interaction) -> tuple[datetime, str]:
    return (interaction.timestamp, interaction.id)


PROPERTY = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)

POLICIES = {
    "recovery": ci.RecoveryPolicy,
    "leads": ci.LeadPolicy,
    "conversion": ci.ConversionPolicy,
    "morale": ci.MoralePolicy,
    "satisfaction": ci.SatisfactionPolicy,
    "word_of_mouth": ci.WordOfMouthPolicy,
    "activity": ci.ActivityPolicy,
}


@pytest.mark.parametrize("engine", sorted(POLICIES))
def test_schema_valid_policies_through_every_engine(engine: str) -> None:
    """A policy read from any schema-valid document gives answers or InvalidInputError only."""

    @PROPERTY
    @given(policy=read(POLICIES[engine]), items=interactions())
    def check(policy: Any, items: list[ci.Interaction]) -> None:
        if policy is not None:
            run_every_engine(items, **{engine: policy})

    check()


@PROPERTY
@given(
    docs=st.lists(documents(ci.json_schema(ci.Interaction)), min_size=1, max_size=4),
)
def test_schema_valid_interactions_through_every_engine(docs: list[dict[str, Any]]) -> None:
    """Interactions read from schema-valid documents give answers or InvalidInputError only."""
    docs = [{**document, "timestamp": docs[0]["timestamp"]} for document in docs]  # one period
    items = []
    for n, document in enumerate(docs):
        try:
            items.append(ci.from_dict(ci.Interaction, {**document, "id": f"i-{n}"}))
        except ci.InvalidInputError:
            continue
    if items:
        run_every_engine(items)


@PROPERTY
@given(window=read(ci.RecoveryPolicy).map(lambda p: p and p.negative_memory), start=TIMESTAMPS)
def test_shift_never_overflows(window: relativedelta | None, start: datetime) -> None:
    """Any allowed window from any allowed timestamp: a datetime, inside the calendar, both ways."""
    if window is None:
        return
    later, earlier = shift(start, window), shift(start, window, back=True)
    assert CALENDAR_START <= earlier <= start <= later <= CALENDAR_END


# ----------------------------------------------------------------------------- worked examples


@contextmanager
def promptly(seconds: float = 2.0) -> Iterator[None]:
    began = time.perf_counter()
    yield
    assert time.perf_counter() - began < seconds


def negative(at: datetime, cid: str = "c-1", n: int = 0) -> ci.Interaction:
    return ci.Interaction(
        id=f"n-{n}",
        customer_id=cid,
        timestamp=at,
        sentiment=ci.Sentiment.NEGATIVE,
        staff_id="s-1",
        rating=ci.Rating(scale=ci.RatingScale.CSAT, value=1),
    )


@pytest.mark.parametrize(
    ("cls", "field"),
    [
        (ci.RecoveryPolicy, "negative_memory"),
        (ci.RecoveryPolicy, "loss_after_silence"),
        (ci.MoralePolicy, "window"),
        (ci.MoralePolicy, "voice_window"),
        (ci.LeadPolicy, "touch_window"),
        (ci.LeadPolicy, "current_window"),
        (ci.ConversionPolicy, "decision_window"),
    ],
)
@pytest.mark.parametrize(
    "text", ["P10000Y", "P100000Y", "P101Y", "P1000000D", "P10000000000D", "P99999999999999999999D"]
)
def test_windows_beyond_a_century_are_refused_naming_the_field(
    cls: type[Any], field: str, text: str
) -> None:
    """Windows the calendar could not hold are refused, from documents and from Python values."""
    with promptly(), pytest.raises(ci.InvalidInputError, match="at most 100 years") as info:
        ci.from_dict(cls, {field: text})
    assert field in str(info.value)
    with pytest.raises(ci.InvalidInputError, match="at most 100 years"):
        cls(**{field: relativedelta(years=100, months=1)})


def test_the_window_bound_is_on_the_sum_too() -> None:
    """Each amount within its bound but the window beyond a century: refused on reading."""
    assert ci.parse_window("P100Y") == relativedelta(years=100)
    assert ci.parse_window("P1200M") == relativedelta(years=100)
    assert ci.parse_window("PT876600H") == relativedelta(days=36525)
    for text in ("P100Y1M", "P36525DT1S", "P5217W7D"):
        with pytest.raises(ci.InvalidInputError, match="at most 100 years"):
            ci.parse_window(text)
    description = ci.json_schema(ci.RecoveryPolicy)["properties"]["loss_after_silence"]
    assert "at most 100 years" in json.dumps(description)


@pytest.mark.parametrize(
    "text",
    [
        "0001-01-01T00:00:00+14:00",
        "9999-12-31T23:00:00-12:00",
        "0001-12-31T23:59:59Z",
        "9999-01-01T00:00:00Z",
    ],
)
def test_timestamps_outside_years_2_to_9998_are_refused(text: str) -> None:
    """The calendar's first and last years are refused in documents, text and Python values."""
    with pytest.raises(ci.InvalidInputError, match="years 2 to 9998"):
        ci.from_dict(
            ci.Interaction,
            {"id": "i", "customer_id": "c", "timestamp": text, "sentiment": "negative"},
        )
    with pytest.raises(ci.InvalidInputError, match="years 2 to 9998"):
        ci.parse_datetime(text)
    with pytest.raises(ci.InvalidInputError, match="as_of"):
        ci.assess_recovery([], as_of=datetime.fromisoformat(text))


@pytest.mark.parametrize("at", [FIRST, LAST])
def test_every_engine_answers_at_the_first_and_last_allowed_hours(at: datetime) -> None:
    """0002-01-01T00:00+14:00 and 9998-12-31T23:00-12:00: every engine answers."""
    items = [negative(at)]
    assert ci.assess_recovery(items, as_of=at).status is ci.RecoveryStatus.AT_RISK
    assert ci.assess_lead(ci.Customer(id="c-1", created=at), items, as_of=at) is not None
    morale = ci.assess_morale(ci.StaffMember(id="s-1", name="S", hired=at), items, as_of=at)
    assert morale.index is not None
    for frequency in ci.Frequency:
        trend = ci.satisfaction_trend(items, frequency=frequency)
        assert len(trend.points) == 1
        point = trend.points[0]
        assert point.period_start <= at < point.period_end
    with promptly():
        run_every_engine(items)


def test_a_yearly_trend_in_the_last_year_ends_with_the_calendar() -> None:
    """A period whose successor would start after the calendar ends at its last instant."""
    trend = ci.satisfaction_trend([negative(LAST)], frequency=ci.Frequency.YEAR)
    (point,) = trend.points
    assert point.period_start == datetime(9999, 1, 1, tzinfo=UTC)
    assert point.period_end == CALENDAR_END
    document = ci.to_dict(trend)
    assert ci.from_dict(ci.SatisfactionTrend, document) == trend


def test_a_negative_late_in_the_calendar_with_a_century_of_memory() -> None:
    """A negative on 9998-12-01 remembered for a century: never forgotten, still owed."""
    policy = ci.RecoveryPolicy(
        negative_memory=relativedelta(years=100), loss_after_silence=relativedelta(years=100)
    )
    t = datetime(9998, 12, 1, tzinfo=UTC)
    with promptly():
        assessment = ci.assess_recovery([negative(t)], as_of=LAST, policy=policy)
        ledger = ci.RecoveryLedger(policy=policy).record(negative(t)).assess(LAST)
    assert assessment.status is ci.RecoveryStatus.AT_RISK
    assert assessment.positives_needed == 6
    assert ledger == assessment


def test_a_century_of_memory_early_in_the_calendar() -> None:
    """Windows reaching back before the calendar hold everything since its start."""
    policy = ci.MoralePolicy(window=relativedelta(years=100), voice_window=relativedelta(years=100))
    items = [negative(FIRST), negative(FIRST + timedelta(days=1), n=1)]
    staff = ci.StaffMember(id="s-1", name="S", hired=FIRST)
    morale = ci.assess_morale(staff, items, as_of=FIRST + timedelta(days=2), policy=policy)
    assert morale.index is not None
    lead = ci.assess_lead(
        ci.Customer(id="c-1", created=FIRST),
        items,
        as_of=FIRST + timedelta(days=2),
        policy=ci.LeadPolicy(touch_window=relativedelta(years=100)),
    )
    assert lead is not None


@pytest.mark.parametrize(
    "make",
    [
        lambda: ci.RecoveryPolicy(positives_per_negative=10**400),
        lambda: ci.RecoveryPolicy(positives_per_negative=10**19),
        lambda: ci.satisfaction_from_counts(ci.SatisfactionCounts(positive=10**400)),
        lambda: ci.MoralePolicy(baseline=10**400),
        lambda: ci.WordOfMouthPolicy(positive_audience=10**400),
    ],
)
def test_huge_integers_are_refused(make: Callable[[], object]) -> None:
    """Integers beyond what a float or a JSON client holds: InvalidInputError, quickly."""
    with promptly(), pytest.raises(ci.InvalidInputError):
        make()


def test_a_simulation_beyond_exact_counting_is_refused_naming_the_policy() -> None:
    """1e307 people told, ten times that for a negative: the closed form answers, the simulation refuses."""
    policy = ci.WordOfMouthPolicy(positive_audience=1e307, negative_multiplier=10)
    items = [negative(datetime(2026, 3, 4, tzinfo=UTC))]
    assert ci.estimate_word_of_mouth(items, policy=policy).negative_reach == pytest.approx(1e308)
    with promptly(), pytest.raises(ci.InvalidInputError, match="2\\*\\*50") as info:
        ci.simulate_word_of_mouth(items, policy=policy, runs=10)
    assert info.value.field == "policy"


# ----------------------------------------------------------------------------- BG/NBD models


def test_bgnbd_parameters_outside_their_range_are_refused_by_model_and_schema() -> None:
    """b = 1e-20 was accepted and then broke the formulas; the range is in the schema too."""
    with pytest.raises(ci.InvalidInputError, match="1e-14"):
        ci.BgNbdModel(r=1.0, alpha=1.0, a=1.0, b=1e-20)
    with pytest.raises(ci.InvalidInputError):
        ci.BgNbdModel(r=1e15, alpha=1.0, a=1.0, b=1.0)
    schema = ci.json_schema(ci.BgNbdModel)["properties"]["b"]
    assert (schema["minimum"], schema["maximum"]) == (1e-14, 1e14)


def test_a_model_with_a_plus_b_of_one_scores_a_customer_without_returns() -> None:
    """a + b = 1 and no return: the series' ``c`` is 0 (a ZeroDivisionError before)."""
    model = ci.BgNbdModel(r=1.0, alpha=1.0, a=0.5, b=0.5)
    near = ci.BgNbdModel(r=1.0, alpha=1.0, a=0.5, b=0.5 + 1e-9)
    expected = model.expected_returns(30, frequency=0, recency=0, age=10)
    assert expected == pytest.approx(
        near.expected_returns(30, frequency=0, recency=0, age=10), rel=1e-6
    )


def test_a_model_at_the_smallest_b_scores_a_single_return() -> None:
    """b = 1e-14 and one return: ``b + x - 1`` was rounded to 0 (a math domain error before)."""
    model = ci.BgNbdModel(r=1.0, alpha=10.0, a=1.0, b=1e-14)
    assert 0.0 <= model.p_alive(frequency=1, recency=5, age=10) <= 1.0
    assert model.expected_returns(30, frequency=1, recency=5, age=10) >= 0.0


@pytest.mark.parametrize(
    "params",
    [
        (1.2, 10.0, 2.7e5, 1.4e7),  # as a fit on a small base gives
        (1e-14, 1e-14, 1e14, 1e14),
        (1e14, 1e14, 1e-14, 1e-14),
        (1e-14, 6e-22 + 1e-14, 9e10, 3.4e6),
    ],
)
def test_extreme_models_answer_or_refuse_on_objects_and_frames(
    params: tuple[float, float, float, float],
) -> None:
    """Parameters at the ends of the range: an answer or InvalidInputError, no warning, quickly."""
    pytest.importorskip("pandas")
    import pandas as pd

    from custinteract import frames

    r, alpha, a, b = params
    model = ci.BgNbdModel(r=r, alpha=alpha, a=a, b=b)
    rows = [(0, 0.0, 0.0), (1, 0.5, 1.0), (3, 200.0, 300.0), (100, 8e5, 1e6)]
    summary = pd.DataFrame(rows, columns=["frequency", "recency", "age"], index=list("wxyz"))
    with promptly(5.0):
        for x, t_x, age in rows:
            assert 0.0 <= model.p_alive(frequency=x, recency=t_x, age=age) <= 1.0
            with answers_or_refuses():
                assert model.expected_returns(30, frequency=x, recency=t_x, age=age) >= 0.0
        with answers_or_refuses():
            frames.score_activity_frame(summary, model=model)


def test_a_recovery_policy_with_an_extreme_model_answers_or_refuses() -> None:
    """A schema-valid policy document with a model at the range's ends, through the engine."""
    items = [negative(datetime(2026, 3, 4, tzinfo=UTC))]
    as_of = datetime(2026, 4, 1, tzinfo=UTC)
    for r, alpha, a, b in [(1e-14, 1e-14, 1e14, 1e14), (1e14, 1e-14, 1e-14, 1e-14)]:
        model = {"r": r, "alpha": alpha, "a": a, "b": b}
        policy = ci.from_dict(ci.RecoveryPolicy, {"activity_model": model})
        with promptly(), answers_or_refuses():
            ci.assess_recoveries(items, as_of=as_of, policy=policy)


# ----------------------------------------------------------------------------- long trends


def _answers(years: list[int]) -> list[ci.Interaction]:
    return [
        ci.Interaction(
            id=f"i-{n}",
            customer_id="c-1",
            timestamp=datetime(year, 1, 1, 12, tzinfo=UTC),
            sentiment=ci.Sentiment.POSITIVE,
            rating=CSAT,
        )
        for n, year in enumerate(years)
    ]


def test_a_daily_trend_over_centuries_is_refused_promptly_by_objects_and_frames() -> None:
    """Two interactions 550 years apart: about 200,000 days, refused before any is listed."""
    pytest.importorskip("pandas")
    from custinteract import frames

    items = _answers([1700, 2250])
    with promptly(), pytest.raises(ci.InvalidInputError, match="50,000 periods") as on_objects:
        ci.satisfaction_trend(items, frequency=ci.Frequency.DAY)
    assert on_objects.value.field == "frequency"
    frame = frames.interactions_to_frame(items)
    with promptly(), pytest.raises(ci.InvalidInputError) as on_frames:
        frames.satisfaction_trend_frame(frame, frequency=ci.Frequency.DAY)
    assert str(on_frames.value) == str(on_objects.value)
    assert len(ci.satisfaction_trend(items, frequency=ci.Frequency.YEAR).points) == 551


@pytest.mark.parametrize("frequency", list(ci.Frequency))
def test_the_period_limit_counts_exactly_the_periods_listed(
    frequency: ci.Frequency, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At the limit every period is listed; one period more is refused (the limit lowered to test)."""
    from zoneinfo import ZoneInfo

    from custinteract.satisfaction import _engine

    zone = ZoneInfo("Europe/Amsterdam")
    items = _answers([2020, 2031])
    listed = len(ci.satisfaction_trend(items, frequency=frequency, tz=zone).points)
    monkeypatch.setattr(_engine, "MAX_PERIODS", listed)
    assert len(ci.satisfaction_trend(items, frequency=frequency, tz=zone).points) == listed
    monkeypatch.setattr(_engine, "MAX_PERIODS", listed - 1)
    with pytest.raises(ci.InvalidInputError, match=f"not {listed:,}"):
        ci.satisfaction_trend(items, frequency=frequency, tz=zone)


def test_the_integral_over_the_drop_out_chance_agrees_with_the_series() -> None:
    """Where both answer, the beta integral and the 2F1 series agree to 1e-10."""
    from custinteract.activity._bgnbd import beta_expectation, conditional_expected_returns, p_alive

    for params, x, recency, age, period in [
        ((1.1, 40.0, 300.0, 12000.0), 3, 200.0, 300.0, 90.0),
        ((1.1, 40.0, 1000.0, 5000.0), 0, 0.0, 100.0, 30.0),
        ((0.5, 10.0, 150.0, 200.0), 10, 490.0, 500.0, 180.0),
    ]:
        integral = beta_expectation(params, period, x, age)
        assert integral is not None
        series = conditional_expected_returns(params, period, x, recency, age)
        assert integral * p_alive(params, x, recency, age) == pytest.approx(series, rel=1e-10)
    assert beta_expectation((1.0, 10.0, 0.8, 2.5), 30.0, 2, 100.0) is None  # a spread-out beta


def test_a_model_with_a_steady_drop_out_chance_answers_on_objects_and_frames() -> None:
    """a and b in the millions (a fit on a small base gives them): the series overflows, the integral answers."""
    pytest.importorskip("pandas")
    import pandas as pd

    from custinteract.activity import _frames_model

    model = ci.BgNbdModel(r=1.149, alpha=39.67, a=1.163e6, b=4.513e7)
    rows = [(0, 0.0, 53.0), (6, 115.0, 146.0), (10, 151.0, 216.0)]
    summary = pd.DataFrame(rows, columns=["frequency", "recency", "age"])
    on_frames = _frames_model.expected_returns(
        model.params, 90.0, *(summary[c].to_numpy(dtype=float) for c in summary.columns)
    )
    for (x, t_x, age), framed in zip(rows, on_frames, strict=True):
        expected = model.expected_returns(90, frequency=x, recency=t_x, age=age)
        assert framed == pytest.approx(expected, rel=1e-12)
        chance = model.a / (model.a + model.b + x)  # the beta is nearly a point: p is this
        alive = model.p_alive(frequency=x, recency=t_x, age=age)
        point = (1 - (1 + chance * 90 / (model.alpha + age)) ** -(model.r + x)) / chance
        assert expected == pytest.approx(point * alive, rel=1e-4)
