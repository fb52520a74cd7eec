"""Satisfaction engine: hand-computed metrics, intervals, grouping, periods, trends, invariants."""

from __future__ import annotations

import inspect
import json
import math
import re
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import custinteract as ci
from custinteract import testing
from custinteract.satisfaction._counts import CELLS, cell_of, counts_from_cells
from custinteract.satisfaction._engine import GROUP_FIELDS, REASON_CODES

UTC = timezone.utc
Z95 = 1.959963984540054  # two-sided 95% normal quantile, computed independently
CSAT, NPS, CES = ci.RatingScale.CSAT, ci.RatingScale.NPS, ci.RatingScale.CES


def at(year: int = 2026, month: int = 3, day: int = 10, hour: int = 12) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


_counter = iter(range(10**9))


def rated(
    value: int,
    scale: ci.RatingScale = CSAT,
    *,
    when: datetime | None = None,
    channel: ci.Channel = ci.Channel.OTHER,
    staff_id: str | None = None,
    customer_id: str = "c-1",
    ident: str | None = None,
) -> ci.Interaction:
    return ci.Interaction(
        id=ident or f"i-{next(_counter)}",
        customer_id=customer_id,
        timestamp=when or at(),
        sentiment=ci.sentiment_from_rating(value, scale),
        rating=ci.Rating(value=value, scale=scale),
        channel=channel,
        staff_id=staff_id,
    )


def felt(
    sentiment: ci.Sentiment, *, when: datetime | None = None, category: str | None = None
) -> ci.Interaction:
    return ci.Interaction(
        id=f"i-{next(_counter)}",
        customer_id="c-1",
        timestamp=when or at(),
        sentiment=sentiment,
        category=category,
    )


def codes(reasons: Iterable[ci.Reason]) -> list[str]:
    return [reason.code for reason in reasons]


def wilson(x: int, n: int, z: float = Z95) -> tuple[float, float]:
    p = x / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


# --------------------------------------------------------------------------- one cell table


def _one_of_each() -> list[ci.Interaction]:
    """One interaction for every rating value of every scale, and one per unrated sentiment."""
    ratings = [
        rated(value, scale)
        for scale in (CSAT, NPS, CES)
        for value in range(scale.low, scale.high + 1)
    ]
    return [*ratings, *(felt(sentiment) for sentiment in ci.Sentiment)]


def test_every_answer_has_its_own_cell() -> None:
    """cell_of puts each rating value and unrated sentiment in its own cell, 0 to CELLS - 1."""
    cells = [cell_of(interaction) for interaction in _one_of_each()]
    assert sorted(cells) == list(range(CELLS))


def test_cells_and_incremental_counts_agree() -> None:
    """Counting by cell (batch, frames) and adding one by one (incremental) give equal counts."""
    for interaction in _one_of_each():
        histogram = [0] * CELLS
        histogram[cell_of(interaction)] = 1
        assert counts_from_cells(histogram) == ci.SatisfactionCounts().add(interaction)


# --------------------------------------------------------------------------- hand computations


def test_csat_counts_four_and_five_but_not_three() -> None:
    """CSAT is the share of 4-5: a 3 at the edge is not satisfied, a 4 is."""
    report = ci.measure_satisfaction([rated(v) for v in (1, 2, 3, 4, 5, 5, 4, 3)])
    assert report.csat.count == 8
    assert report.csat.value == pytest.approx(4 / 8)
    low, high = wilson(4, 8)
    assert report.csat.low == pytest.approx(low)
    assert report.csat.high == pytest.approx(high)


def test_nps_edges_seven_and_eight_are_passives_six_is_a_detractor() -> None:
    """NPS buckets: 9-10 promoters, 7-8 passives, 0-6 detractors; ties at the edges."""
    report = ci.measure_satisfaction([rated(v, NPS) for v in (6, 7, 8, 9, 10, 10, 0)])
    counts = report.counts
    assert (counts.promoters, counts.passives, counts.detractors) == (3, 2, 2)
    assert report.nps.value == pytest.approx(100 * (3 - 2) / 7)
    only_passives = ci.measure_satisfaction([rated(7, NPS), rated(8, NPS)])
    assert only_passives.nps.value == 0.0


def test_nps_extremes_are_plus_and_minus_one_hundred() -> None:
    """All promoters give +100, all detractors -100, and the interval stays inside."""
    top = ci.measure_satisfaction([rated(10, NPS) for _ in range(5)]).nps
    bottom = ci.measure_satisfaction([rated(6, NPS) for _ in range(5)]).nps
    assert top.value == 100.0
    assert bottom.value == -100.0
    assert -100.0 <= top.low <= top.value <= top.high <= 100.0  # type: ignore[operator]
    assert -100.0 <= bottom.low <= bottom.value <= bottom.high <= 100.0  # type: ignore[operator]


def test_nps_wald_interval_matches_the_trinomial_variance_by_hand() -> None:
    """Wald: NPS +- z sqrt((p_pro + p_det - (p_pro - p_det)^2) / n), in points."""
    data = [rated(v, NPS) for v in (10, 9, 9, 9, 9, 8, 7, 5, 3, 0)]  # 5 pro, 2 passive, 3 det
    policy = ci.SatisfactionPolicy(nps_interval=ci.NpsInterval.WALD)
    nps = ci.measure_satisfaction(data, policy=policy).nps
    p_pro, p_det = 0.5, 0.3
    half = Z95 * math.sqrt((p_pro + p_det - (p_pro - p_det) ** 2) / 10)
    assert nps.value == pytest.approx(20.0)
    assert nps.low == pytest.approx(100 * (0.2 - half))
    assert nps.high == pytest.approx(100 * (0.2 + half))


def test_nps_adjusted_wald_adds_three_quarters_and_three_by_hand() -> None:
    """Adjusted Wald (Rocks 2016): +3/4 promoter, +3/4 detractor, n + 3."""
    data = [rated(v, NPS) for v in (10, 9, 9, 9, 9, 8, 7, 5, 3, 0)]
    nps = ci.measure_satisfaction(data).nps
    p_pro, p_det = 5.75 / 13, 3.75 / 13
    mean = p_pro - p_det
    half = Z95 * math.sqrt((p_pro + p_det - mean**2) / 13)
    assert nps.value == pytest.approx(20.0)
    assert nps.low == pytest.approx(100 * (mean - half))
    assert nps.high == pytest.approx(100 * (mean + half))


def test_adjusted_wald_interval_is_widened_to_include_a_tiny_sample_score() -> None:
    """One promoter: the adjusted interval would miss +100, so it reaches up to it."""
    nps = ci.measure_satisfaction([rated(10, NPS)]).nps
    assert nps.value == 100.0
    assert nps.high == 100.0
    assert nps.low is not None
    assert nps.low < 0


def test_ces_mean_and_share_of_five_or_more_with_edge_ties() -> None:
    """CES: mean of 1-7 and the share of 5 or more; a 4 at the edge is not easy."""
    report = ci.measure_satisfaction([rated(v, CES) for v in (4, 5, 7, 7)])
    ces, easy = report.ces, report.metric(ci.MetricKind.CES_EASY)
    assert ces.value == pytest.approx(5.75)
    sd = math.sqrt(((4 - 5.75) ** 2 + (5 - 5.75) ** 2 + 2 * (7 - 5.75) ** 2) / 3)
    t95_3 = 3.182446305284263  # Student's t, 3 degrees of freedom, two-sided 95% (tables)
    assert ces.low == pytest.approx(5.75 - t95_3 * sd / 2)
    assert ces.high == 7.0  # clipped to the scale
    assert easy.value == pytest.approx(3 / 4)
    assert easy.count == 4


def test_one_ces_answer_has_the_whole_scale_as_interval() -> None:
    """With one answer the spread is unknown: the interval is the whole 1-7 scale."""
    ces = ci.measure_satisfaction([rated(3, CES)]).ces
    assert (ces.value, ces.low, ces.high) == (3.0, 1.0, 7.0)


def test_sentiment_shares_cover_only_interactions_without_a_rating() -> None:
    """Unrated interactions count by sentiment; rated ones only on their scale."""
    data = [
        felt(ci.Sentiment.POSITIVE),
        felt(ci.Sentiment.POSITIVE),
        felt(ci.Sentiment.NEGATIVE),
        felt(ci.Sentiment.NEUTRAL),
        rated(1),  # negative on CSAT, not a sentiment answer
    ]
    report = ci.measure_satisfaction(data)
    assert report.counts.unrated == 4
    assert report.counts.rated == 1
    assert report.metric(ci.MetricKind.SENTIMENT_POSITIVE).value == 0.5
    assert report.metric(ci.MetricKind.SENTIMENT_NEGATIVE).value == 0.25
    assert report.metric(ci.MetricKind.SENTIMENT_NEUTRAL).value == 0.25
    assert report.metric(ci.MetricKind.SENTIMENT_NEGATIVE).count == 4


def test_wilson_interval_of_a_share_of_zero_or_one_touches_the_edge() -> None:
    """Wilson at 0 of n starts at 0; at n of n ends at 1."""
    none = ci.measure_satisfaction([rated(1), rated(2)]).csat
    every = ci.measure_satisfaction([rated(5), rated(4)]).csat
    assert none.low == 0.0
    assert none.high == pytest.approx(wilson(0, 2)[1])
    assert every.high == 1.0
    assert every.low == pytest.approx(wilson(2, 2)[0])


def test_policy_thresholds_change_what_counts_as_satisfied_and_easy() -> None:
    """csat_satisfied_from=5 counts only 5s; ces_easy_from=6 counts 6 and 7."""
    policy = ci.SatisfactionPolicy(csat_satisfied_from=5, ces_easy_from=6)
    report = ci.measure_satisfaction(
        [rated(4), rated(5), rated(5, CES), rated(6, CES)], policy=policy
    )
    assert report.csat.value == 0.5
    assert report.metric(ci.MetricKind.CES_EASY).value == 0.5


def test_confidence_level_narrows_the_interval() -> None:
    """A 90% interval is inside the 95% one."""
    data = [rated(v) for v in (5, 4, 3, 2, 5, 5)]
    wide = ci.measure_satisfaction(data).csat
    narrow = ci.measure_satisfaction(data, policy=ci.SatisfactionPolicy(confidence=0.9)).csat
    assert wide.low < narrow.low <= narrow.high < wide.high  # type: ignore[operator]


def test_every_interaction_is_a_data_point_seed_000() -> None:
    """“Why Customer Interaction Should Be on Top of Your Priority List”: every interaction counts, rated or not, and the explanation says so."""
    data = [rated(5), rated(9, NPS), rated(6, CES), felt(ci.Sentiment.NEGATIVE)]
    report = ci.measure_satisfaction(data)
    assert report.counts.interactions == 4
    assert report.explanation[0].code == "satisfaction.data_point"
    assert "4 counted" in report.explanation[0].message


# --------------------------------------------------------------------------- empty, duplicates, range


def test_an_empty_set_is_reported_as_empty_not_zero() -> None:
    """No interactions: every metric has count 0 and value None."""
    report = ci.measure_satisfaction([])
    assert report.is_empty
    assert all(m.value is None and m.count == 0 and m.is_empty for m in report.metrics)
    assert "satisfaction.empty" in codes(report.explanation)


def test_a_missing_scale_is_empty_while_others_are_measured() -> None:
    """Only CSAT answers: NPS and CES are None (not zero) and the reason says so."""
    report = ci.measure_satisfaction([rated(5)])
    assert report.nps.value is None
    assert report.ces.value is None
    assert "satisfaction.missing" in codes(report.explanation)


def test_identical_repeat_is_counted_once_and_reported() -> None:
    """Replaying the same interaction is ignored, with a reason."""
    once = rated(5, ident="i-same")
    report = ci.measure_satisfaction([once, once, rated(1)])
    assert report.csat.count == 2
    assert "satisfaction.repeats_ignored" in codes(report.explanation)


def test_different_interaction_under_a_used_id_is_refused() -> None:
    """Two different interactions with one id would count wrongly: refused."""
    with pytest.raises(ci.DuplicateInteractionError) as info:
        ci.measure_satisfaction([rated(5, ident="i-x"), rated(1, ident="i-x")])
    assert info.value.field == "interactions[1].id"


def test_since_until_keep_the_half_open_range_and_report_the_rest() -> None:
    """since <= timestamp < until; the ones left out are counted in the explanation."""
    data = [rated(5, when=at(day=1)), rated(1, when=at(day=10)), rated(4, when=at(day=20))]
    report = ci.measure_satisfaction(data, since=at(day=1), until=at(day=20))
    assert report.csat.count == 2
    assert report.period_start == at(day=1)
    outside = [r for r in report.explanation if r.code == "satisfaction.outside_range"]
    assert len(outside) == 1
    assert outside[0].message.startswith("1 interaction")


# --------------------------------------------------------------------------- grouping and periods


def test_by_channel_groups_and_sorts_by_channel_value() -> None:
    """One report per channel seen, sorted; the metrics are per channel."""
    data = [
        rated(5, channel=ci.Channel.PHONE),
        rated(2, channel=ci.Channel.PHONE),
        rated(4, channel=ci.Channel.CHAT),
    ]
    table = ci.satisfaction_by(data, by="channel")
    assert [r.key for r in table.reports] == [("chat",), ("phone",)]
    assert table.report("phone").csat.value == 0.5
    assert table.report("chat").csat.value == 1.0
    assert table.by == ("channel",)


def test_by_staff_keeps_interactions_without_staff_in_a_none_group_last() -> None:
    """Interactions with no staff member form the None group, listed last."""
    data = [rated(5, staff_id="s-2"), rated(1), rated(4, staff_id="s-1")]
    table = ci.satisfaction_by(data, by=("staff_id",))
    assert [r.key for r in table.reports] == [("s-1",), ("s-2",), (None,)]
    assert table.report(None).csat.value == 0.0


def test_by_customer_segment_reads_customer_attributes() -> None:
    """'customer.region' groups by each customer's region attribute."""
    customers = [
        ci.Customer(id="c-1", created=at(2025), attributes={"region": "north"}),
        ci.Customer(id="c-2", created=at(2025), attributes={"region": "south"}),
        ci.Customer(id="c-3", created=at(2025)),
    ]
    data = [rated(5, customer_id="c-1"), rated(1, customer_id="c-2"), rated(4, customer_id="c-3")]
    table = ci.satisfaction_by(data, by="customer.region", customers=customers)
    assert {r.key: r.csat.value for r in table.reports} == {
        ("north",): 1.0,
        ("south",): 0.0,
        (None,): 1.0,
    }


def test_segment_grouping_needs_every_customer() -> None:
    """A customer missing from customers is an error, not a silent drop."""
    customers = [ci.Customer(id="c-1", created=at(2025), attributes={"region": "north"})]
    with pytest.raises(ci.InvalidInputError, match="customer_id"):
        ci.satisfaction_by([rated(5, customer_id="c-9")], by="customer.region", customers=customers)
    with pytest.raises(ci.InvalidInputError, match="customers"):
        ci.satisfaction_by([rated(5)], by="customer.region")


def test_by_two_fields_crosses_them() -> None:
    """by=('channel', 'category') reports each combination seen."""
    data = [
        felt(ci.Sentiment.POSITIVE, category="billing"),
        felt(ci.Sentiment.NEGATIVE, category="delivery"),
    ]
    table = ci.satisfaction_by(data, by=("channel", "category"))
    assert [r.key for r in table.reports] == [("other", "billing"), ("other", "delivery")]


def test_monthly_periods_include_empty_months_as_empty() -> None:
    """A month with no interactions between two with some is reported empty, not zero."""
    data = [rated(5, when=at(month=1)), rated(1, when=at(month=3))]
    table = ci.satisfaction_by(data, frequency=ci.Frequency.MONTH)
    starts = [r.period_start for r in table.reports]
    assert starts == [at(month=m, day=1, hour=0) for m in (1, 2, 3)]
    february = table.reports[1]
    assert february.is_empty
    assert february.csat.value is None
    assert february.period_end == at(month=3, day=1, hour=0)
    assert codes(february.explanation) == ["satisfaction.empty"]


def test_a_range_starting_mid_month_flags_its_first_period_as_partial() -> None:
    """since on Jan 15: January keeps its calendar label but says only half of it counts."""
    data = [rated(5, when=at(month=1, day=d)) for d in (5, 20)] + [rated(4, when=at(month=2))]
    table = ci.satisfaction_by(
        data, frequency=ci.Frequency.MONTH, since=at(month=1, day=15, hour=0)
    )
    january, february = table.reports
    assert january.period_start == at(month=1, day=1, hour=0)  # the calendar period, as labelled
    assert january.counts.interactions == 1  # the 5th is before since
    partial = [r for r in january.explanation if r.code == "satisfaction.partial_period"]
    assert len(partial) == 1
    assert "2026-01-15T00:00:00+00:00 to 2026-02-01T00:00:00+00:00" in partial[0].message
    assert "satisfaction.partial_period" not in codes(february.explanation)


def test_a_range_ending_mid_period_flags_its_last_period_as_partial() -> None:
    """until inside the last period flags that period, in reports and in trend points."""
    data = month_of(1, 20, 40) + month_of(2, 34, 40)
    trend = ci.satisfaction_trend(data, since=at(month=1, day=1, hour=0), until=at(month=2, day=20))
    first, last = trend.points
    assert codes(first.explanation) == ["satisfaction.trend.first"]
    assert codes(last.explanation) == ["satisfaction.trend.up", "satisfaction.partial_period"]
    assert "2026-02-01T00:00:00+00:00 to 2026-02-20T12:00:00+00:00" in last.explanation[1].message
    # whole periods are not flagged: a range on period boundaries
    whole = ci.satisfaction_trend(data, since=at(month=1, day=1, hour=0), until=at(2026, 3, 1, 0))
    assert all("satisfaction.partial_period" not in codes(p.explanation) for p in whole.points)
    # one period cut at both ends
    inner = ci.satisfaction_by(
        data, frequency=ci.Frequency.MONTH, since=at(month=2, day=2), until=at(month=2, day=20)
    )
    (only,) = inner.reports
    assert "satisfaction.partial_period" in codes(only.explanation)


def test_requested_range_with_no_data_still_lists_every_period() -> None:
    """since/until define the periods even where nothing happened."""
    table = ci.satisfaction_by(
        [],
        frequency=ci.Frequency.QUARTER,
        since=at(month=1, day=1, hour=0),
        until=at(2027, 1, 1, 0),
    )
    assert [r.period_start.month for r in table.reports] == [1, 4, 7, 10]  # type: ignore[union-attr]
    assert all(r.is_empty for r in table.reports)


def test_every_group_gets_every_period_of_the_range() -> None:
    """Groups by channel and week: a channel silent in a week still has that week."""
    data = [
        rated(5, channel=ci.Channel.PHONE, when=at(day=2)),  # Monday 2 March 2026
        rated(4, channel=ci.Channel.CHAT, when=at(day=16)),
    ]
    table = ci.satisfaction_by(data, by="channel", frequency=ci.Frequency.WEEK)
    assert len(table.reports) == 2 * 3
    assert table.report("phone", period_start=datetime(2026, 3, 16, tzinfo=UTC)).is_empty


def test_periods_follow_the_calendar_of_tz() -> None:
    """23:30 UTC on 9 March is 10 March in Berlin: the day depends on tz."""
    late = rated(5, when=datetime(2026, 3, 9, 23, 30, tzinfo=UTC))
    utc_days = ci.satisfaction_by([late], frequency=ci.Frequency.DAY)
    berlin = ZoneInfo("Europe/Berlin")
    local_days = ci.satisfaction_by([late], frequency=ci.Frequency.DAY, tz=berlin)
    assert utc_days.reports[0].period_start == datetime(2026, 3, 9, tzinfo=UTC)
    assert local_days.reports[0].period_start == datetime(2026, 3, 10, tzinfo=berlin)


def test_periods_across_a_daylight_saving_change_are_whole_days() -> None:
    """Daily periods in Berlin across the March clock change start at local midnight."""
    berlin = ZoneInfo("Europe/Berlin")
    table = ci.satisfaction_by(
        [],
        frequency=ci.Frequency.DAY,
        since=datetime(2026, 3, 28, tzinfo=berlin),
        until=datetime(2026, 3, 31, tzinfo=berlin),
        tz=berlin,
    )
    assert [(r.period_start.day, r.period_start.hour) for r in table.reports] == [  # type: ignore[union-attr]
        (28, 0),
        (29, 0),
        (30, 0),
    ]


# --------------------------------------------------------------------------- trends


def month_of(month: int, satisfied: int, total: int) -> list[ci.Interaction]:
    return [rated(5 if n < satisfied else 2, when=at(month=month)) for n in range(total)]


def test_trend_calls_a_significant_rise_up_and_a_fall_down() -> None:
    """50% -> 85% on 40 answers each is up (p < 0.05); back to 50% is down."""
    data = month_of(1, 20, 40) + month_of(2, 34, 40) + month_of(3, 20, 40)
    trend = ci.satisfaction_trend(data)
    directions = [p.direction for p in trend.points]
    assert directions == [None, ci.TrendDirection.UP, ci.TrendDirection.DOWN]
    assert trend.points[1].change == pytest.approx(0.35)
    assert trend.points[1].p_value is not None
    assert trend.points[1].p_value < 0.05
    assert codes(trend.points[0].explanation) == ["satisfaction.trend.first"]
    assert codes(trend.points[1].explanation) == ["satisfaction.trend.up"]


def test_trend_two_proportion_z_test_by_hand() -> None:
    """The p-value is the pooled two-proportion z-test."""
    data = month_of(1, 20, 40) + month_of(2, 26, 40)
    point = ci.satisfaction_trend(data).points[1]
    pooled = 46 / 80
    z = (26 / 40 - 20 / 40) / math.sqrt(pooled * (1 - pooled) * (2 / 40))
    p = 2 * (1 - 0.5 * (1 + math.erf(z / math.sqrt(2))))
    assert point.p_value == pytest.approx(p)
    assert point.direction is ci.TrendDirection.SAME  # p ~ 0.17
    assert codes(point.explanation) == ["satisfaction.trend.same"]


def test_trend_with_too_few_answers_is_same() -> None:
    """Below minimum_count a large change is still reported as same."""
    data = month_of(1, 0, 5) + month_of(2, 5, 5)
    point = ci.satisfaction_trend(data).points[1]
    assert point.direction is ci.TrendDirection.SAME
    assert point.change == 1.0
    assert codes(point.explanation) == ["satisfaction.trend.too_few"]
    lenient = ci.SatisfactionPolicy(minimum_count=5)
    assert ci.satisfaction_trend(data, policy=lenient).points[1].direction is ci.TrendDirection.UP


def test_trend_after_an_empty_period_compares_with_the_last_period_with_answers() -> None:
    """An empty period has no direction; the next one is compared with the one before it."""
    data = month_of(1, 20, 40) + month_of(3, 30, 40)
    trend = ci.satisfaction_trend(data)
    assert [p.metric.value for p in trend.points] == [0.5, None, 0.75]
    assert [p.direction for p in trend.points] == [None, None, ci.TrendDirection.UP]
    assert codes(trend.points[1].explanation) == ["satisfaction.trend.no_data"]
    assert codes(trend.points[2].explanation) == [
        "satisfaction.trend.up",
        "satisfaction.trend.skipped_empty",
    ]


def test_interval_overlap_rule_is_stricter_than_the_z_test() -> None:
    """A change significant by z-test can still have overlapping intervals."""
    data = month_of(1, 20, 40) + month_of(2, 29, 40)
    z_point = ci.satisfaction_trend(data).points[1]
    overlap = ci.SatisfactionPolicy(trend_test=ci.TrendTest.INTERVAL_OVERLAP)
    o_point = ci.satisfaction_trend(data, policy=overlap).points[1]
    assert z_point.direction is ci.TrendDirection.UP
    assert o_point.direction is ci.TrendDirection.SAME
    assert o_point.p_value is None
    far = month_of(1, 5, 40) + month_of(2, 38, 40)
    assert ci.satisfaction_trend(far, policy=overlap).points[1].direction is ci.TrendDirection.UP


def test_nps_and_ces_trends_use_their_own_tests() -> None:
    """NPS: difference over the NPS variance; CES: Welch on the means."""
    nps_data = [rated(10 if n < 10 else 3, NPS, when=at(month=1)) for n in range(40)] + [
        rated(10 if n < 30 else 3, NPS, when=at(month=2)) for n in range(40)
    ]
    nps_trend = ci.satisfaction_trend(nps_data, metric=ci.MetricKind.NPS)
    assert nps_trend.points[1].direction is ci.TrendDirection.UP
    assert nps_trend.points[1].change == pytest.approx(100.0)
    ces_data = [rated(6, CES, when=at(month=1)) for _ in range(40)] + [
        rated(2 if n % 2 else 3, CES, when=at(month=2)) for n in range(40)
    ]
    ces_trend = ci.satisfaction_trend(ces_data, metric=ci.MetricKind.CES)
    assert ces_trend.points[1].direction is ci.TrendDirection.DOWN
    assert ces_trend.points[1].p_value == 0.0 or ces_trend.points[1].p_value < 1e-9  # type: ignore[operator]


def test_trend_with_identical_degenerate_periods_is_same() -> None:
    """Both periods all 5s: no spread, no change, p = 1, same."""
    data = month_of(1, 40, 40) + month_of(2, 40, 40)
    point = ci.satisfaction_trend(data).points[1]
    assert point.p_value == 1.0
    assert point.direction is ci.TrendDirection.SAME


# --------------------------------------------------------------------------- counts


def test_counts_add_is_the_incremental_form_of_of() -> None:
    """Adding interactions one by one equals counting them at once."""
    data = [rated(5), rated(0, NPS), rated(7, CES), felt(ci.Sentiment.NEUTRAL)]
    step = ci.SatisfactionCounts()
    for interaction in data:
        step = step.add(interaction)
    assert step == ci.SatisfactionCounts.of(data)
    assert step.csat == (0, 0, 0, 0, 1)
    assert step.nps[0] == 1
    assert step.ces[6] == 1
    assert step.neutral == 1


def test_counts_refuse_bad_shapes() -> None:
    """Histograms must have one non-negative count per scale value."""
    with pytest.raises(ci.InvalidInputError, match="csat"):
        ci.SatisfactionCounts(csat=(1, 2, 3))
    with pytest.raises(ci.InvalidInputError, match="nps"):
        ci.SatisfactionCounts(nps=(0,) * 10 + (-1,))
    with pytest.raises(ci.InvalidInputError, match="positive"):
        ci.SatisfactionCounts(positive=-1)
    with pytest.raises(ci.InvalidInputError, match="other"):
        ci.SatisfactionCounts().merge("x")  # type: ignore[arg-type]
    with pytest.raises(ci.InvalidInputError, match="interaction"):
        ci.SatisfactionCounts().add("x")  # type: ignore[arg-type]


def test_counts_accept_lists_and_freeze_them() -> None:
    """A list is converted to a tuple, so counts stay frozen and hashable."""
    counts = ci.SatisfactionCounts(csat=[0, 0, 1, 0, 0])
    assert counts.csat == (0, 0, 1, 0, 0)
    assert hash(counts) == hash(ci.SatisfactionCounts(csat=(0, 0, 1, 0, 0)))


# --------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"confidence": 1.0}, "confidence"),
        ({"confidence": 0}, "confidence"),
        ({"confidence": True}, "confidence"),
        ({"minimum_count": 0}, "minimum_count"),
        ({"trend_test": "z_test"}, "trend_test"),
        ({"nps_interval": "wald"}, "nps_interval"),
        ({"csat_satisfied_from": 1}, "csat_satisfied_from"),
        ({"ces_easy_from": 8}, "ces_easy_from"),
    ],
)
def test_policy_refuses_bad_values_naming_the_field(changes: dict[str, object], field: str) -> None:
    """Each policy field is validated and the error names it."""
    with pytest.raises(ci.InvalidInputError) as info:
        ci.SatisfactionPolicy(**changes)  # type: ignore[arg-type]
    assert info.value.field == field


def test_metric_refuses_inconsistent_values() -> None:
    """A metric with count 0 has no value; with answers it needs low <= value <= high."""
    kind = ci.MetricKind.CSAT
    with pytest.raises(ci.InvalidInputError):
        ci.Metric(kind=kind, count=0, value=0.0, low=0.0, high=0.0)
    with pytest.raises(ci.InvalidInputError):
        ci.Metric(kind=kind, count=3, value=None, low=None, high=None)
    with pytest.raises(ci.InvalidInputError):
        ci.Metric(kind=kind, count=3, value=0.9, low=0.1, high=0.5)
    with pytest.raises(ci.InvalidInputError):
        ci.Metric(kind=kind, count=3, value=float("nan"), low=0.1, high=0.5)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: ci.measure_satisfaction("abc"), "interactions"),  # type: ignore[arg-type]
        (lambda: ci.measure_satisfaction([1]), "interactions[0]"),  # type: ignore[list-item]
        (lambda: ci.measure_satisfaction([], since=datetime(2026, 1, 1)), "since"),
        (lambda: ci.measure_satisfaction([], since=at(day=2), until=at(day=1)), "until"),
        (lambda: ci.measure_satisfaction([], policy={}), "policy"),  # type: ignore[arg-type]
        (lambda: ci.satisfaction_by([], by="mood"), "by[0]"),
        (lambda: ci.satisfaction_by([], by=("channel", "channel")), "by"),
        (lambda: ci.satisfaction_by([], by=("customer.",)), "by[0]"),
        (lambda: ci.satisfaction_by([], by=42), "by"),  # type: ignore[arg-type]
        (lambda: ci.satisfaction_by([], frequency="month"), "frequency"),  # type: ignore[arg-type]
        (lambda: ci.satisfaction_by([], tz="UTC"), "tz"),  # type: ignore[arg-type]
        (lambda: ci.satisfaction_by([], by="customer.x", customers=[1]), "customers[0]"),  # type: ignore[list-item]
        (lambda: ci.satisfaction_trend([], metric="csat"), "metric"),  # type: ignore[arg-type]
        (lambda: ci.satisfaction_from_counts({}), "counts"),  # type: ignore[arg-type]
    ],
)
def test_bad_input_is_refused_naming_the_field(call: object, field: str) -> None:
    """Every refusal is an InvalidInputError naming what was wrong."""
    with pytest.raises(ci.InvalidInputError) as info:
        call()  # type: ignore[operator]
    assert info.value.field == field


def test_two_different_customers_under_one_id_are_refused() -> None:
    """Customers are matched by id, so one id cannot mean two customers."""
    customers = [
        ci.Customer(id="c-1", created=at(2025), attributes={"region": "north"}),
        ci.Customer(id="c-1", created=at(2025), attributes={"region": "south"}),
    ]
    with pytest.raises(ci.InvalidInputError, match=r"customers\[1\]\.id"):
        ci.satisfaction_by([rated(5)], by="customer.region", customers=customers)


def test_group_fields_are_the_documented_ones() -> None:
    """by= accepts exactly these interaction fields (plus customer attributes)."""
    assert GROUP_FIELDS == ("channel", "staff_id", "category", "kind", "direction", "customer_id")


# --------------------------------------------------------------------------- codes, display, serialization

PINNED_CODES = {
    "satisfaction.data_point",
    "satisfaction.repeats_ignored",
    "satisfaction.outside_range",
    "satisfaction.empty",
    "satisfaction.partial_period",
    "satisfaction.csat",
    "satisfaction.nps",
    "satisfaction.ces",
    "satisfaction.sentiment",
    "satisfaction.missing",
    "satisfaction.few_responses",
    "satisfaction.trend.first",
    "satisfaction.trend.no_data",
    "satisfaction.trend.too_few",
    "satisfaction.trend.up",
    "satisfaction.trend.down",
    "satisfaction.trend.same",
    "satisfaction.trend.skipped_empty",
}


def test_reason_codes_are_pinned() -> None:
    """The set of codes is stable: changing it is a breaking change."""
    assert set(REASON_CODES) == PINNED_CODES
    assert all(code.startswith("satisfaction.") for code in REASON_CODES)


def _all_reasons(value: object) -> list[ci.Reason]:
    found: list[ci.Reason] = []
    if isinstance(value, ci.Reason):
        return [value]
    if isinstance(value, tuple):
        for item in value:
            found += _all_reasons(item)
    elif attrs.has(type(value)):
        for field in attrs.fields(type(value)):  # type: ignore[arg-type]
            found += _all_reasons(getattr(value, field.name))
    return found


def test_every_code_emitted_is_documented_and_every_code_is_reachable() -> None:
    """Across these scenarios every emitted code is in REASON_CODES, and each is emitted."""
    once = rated(5, ident="i-dup")
    data = [once, once, rated(9, NPS), rated(4, CES), felt(ci.Sentiment.POSITIVE)]
    outside = rated(5, when=at(2020))
    seen: set[str] = set()
    seen |= set(codes(_all_reasons(ci.measure_satisfaction([*data, outside], since=at(2025)))))
    seen |= set(codes(_all_reasons(ci.satisfaction_by(data, by="channel"))))
    seen |= set(codes(_all_reasons(ci.measure_satisfaction([]))))
    seen |= set(codes(_all_reasons(ci.measure_satisfaction([rated(5)]))))
    trends = [
        month_of(1, 20, 40) + month_of(2, 34, 40) + month_of(3, 20, 40) + month_of(4, 20, 40),
        month_of(1, 0, 5) + month_of(3, 5, 5) + month_of(4, 5, 5),
    ]
    for case in trends:
        seen |= set(codes(_all_reasons(ci.satisfaction_trend(case))))
    seen |= set(codes(_all_reasons(ci.satisfaction_trend(trends[0], since=at(month=1, day=15)))))
    assert seen <= set(REASON_CODES)
    assert seen == PINNED_CODES


def test_results_read_well_in_a_terminal_and_in_jupyter() -> None:
    """__str__ shows values with intervals and the reasons; _repr_html_ is a table."""
    report = ci.measure_satisfaction([rated(5), rated(4), rated(9, NPS)])
    text = str(report)
    assert "csat" in text
    assert "100.0% [" in text
    assert "[satisfaction.csat]" in text
    assert report._repr_html_().startswith("<div>")
    assert "100.0% [" in report._repr_html_()  # the metrics table, values with intervals
    table = ci.satisfaction_by([rated(5)], by="channel", frequency=ci.Frequency.MONTH)
    assert "other / 2026-03-01" in str(table)
    assert "<table>" in table._repr_html_()
    trend = ci.satisfaction_trend(month_of(1, 1, 2) + month_of(2, 2, 2))
    assert "2026-02-01" in str(trend)
    assert "same" in str(trend)
    assert "<table>" in trend._repr_html_()
    assert "2026-02-01" in trend._repr_html_()
    assert "TrendPoint" in str(trend.points[0])
    assert "<table>" in trend.points[0]._repr_html_()


def _round_trip(value: object) -> None:
    cls = type(value)
    document = ci.to_dict(value)
    jsonschema.Draft202012Validator(ci.json_schema(cls)).validate(document)
    assert ci.from_dict(cls, json.loads(json.dumps(document))) == value


def test_policies_and_results_round_trip_through_json_and_match_their_schema() -> None:
    """to_dict/from_dict round trips; to_dict output validates against json_schema."""
    data = [
        rated(5, staff_id="s-1", when=at(month=1)),
        rated(1, when=at(month=3)),
        rated(9, NPS),
        rated(3, CES),
        felt(ci.Sentiment.NEGATIVE),
    ]
    _round_trip(ci.SatisfactionPolicy(confidence=0.9, trend_test=ci.TrendTest.INTERVAL_OVERLAP))
    _round_trip(ci.SatisfactionCounts.of(data))
    _round_trip(ci.measure_satisfaction(data))
    _round_trip(ci.satisfaction_by(data, by="staff_id", frequency=ci.Frequency.MONTH))
    _round_trip(ci.satisfaction_trend(data, metric=ci.MetricKind.NPS))


def test_from_dict_refuses_a_bad_counts_document() -> None:
    """A histogram of the wrong length is refused with its path."""
    with pytest.raises(ci.InvalidInputError) as info:
        ci.from_dict(ci.SatisfactionCounts, {"csat": [1, 2]})
    assert info.value.field == "csat"


# --------------------------------------------------------------------------- properties

interaction_lists = st.lists(
    testing.interactions(consistent_ratings=False),
    max_size=40,
    unique_by=lambda interaction: interaction.id,
)
policies = st.builds(
    ci.SatisfactionPolicy,
    confidence=st.sampled_from([0.8, 0.9, 0.95, 0.99]),
    minimum_count=st.integers(1, 40),
    trend_test=st.sampled_from(ci.TrendTest),
    nps_interval=st.sampled_from(ci.NpsInterval),
    csat_satisfied_from=st.integers(2, 5),
    ces_easy_from=st.integers(2, 7),
)


def _check_ranges(report: ci.SatisfactionReport) -> None:
    for metric in report.metrics:
        if metric.value is None:
            assert metric.count == 0
            continue
        assert metric.low is not None
        assert metric.high is not None
        if metric.kind is ci.MetricKind.NPS:
            bounds = (-100.0, 100.0)
        elif metric.kind is ci.MetricKind.CES:
            bounds = (1.0, 7.0)
        else:
            bounds = (0.0, 1.0)
        assert bounds[0] <= metric.low <= metric.value <= metric.high <= bounds[1]


@settings(max_examples=150)
@given(interaction_lists, policies)
def test_shares_stay_in_0_1_nps_in_minus_100_100_ces_in_1_7(
    interactions: list[ci.Interaction], policy: ci.SatisfactionPolicy
) -> None:
    """Every value and interval stays within its metric's range."""
    report = ci.measure_satisfaction(interactions, policy=policy)
    _check_ranges(report)
    assert report.counts.interactions == len(interactions)


year_lists = st.lists(
    testing.interactions(
        timestamps=testing.aware_datetimes(datetime(2026, 1, 1), datetime(2026, 12, 31)),
        consistent_ratings=False,
    ),
    max_size=40,
    unique_by=lambda interaction: interaction.id,
)


@settings(max_examples=80)
@given(
    year_lists,
    st.lists(
        st.sampled_from(["channel", "staff_id", "category", "kind", "customer.region"]),
        max_size=2,
        unique=True,
    ),
    st.none() | st.sampled_from(ci.Frequency),
    st.data(),
)
def test_grouping_then_merging_counts_equals_counting_the_whole(
    interactions: list[ci.Interaction],
    by: list[str],
    frequency: ci.Frequency | None,
    data: st.DataObject,
) -> None:
    """Merged group counts equal the whole's counts, and each group is measured in range.

    Customer segments are among the groupings: each customer gets a region,
    or none (its interactions then fall in the ``None`` segment).
    """
    regions = st.none() | st.sampled_from(["north", "south", "east"])
    customers = [
        ci.Customer(
            id=customer_id,
            created=datetime(2025, 1, 1, tzinfo=UTC),
            attributes={} if region is None else {"region": region},
        )
        for customer_id in sorted({i.customer_id for i in interactions})
        for region in [data.draw(regions)]
    ]
    table = ci.satisfaction_by(interactions, by=by, frequency=frequency, customers=customers)
    merged = ci.SatisfactionCounts()
    for report in table.reports:
        merged = merged + report.counts
        _check_ranges(report)
    whole = ci.measure_satisfaction(interactions)
    assert merged == whole.counts
    assert ci.satisfaction_from_counts(merged).metrics == whole.metrics
    if "customer.region" in by:  # each segment holds exactly its customers' interactions
        position = by.index("customer.region")
        region_of = {c.id: c.attributes.get("region") for c in customers}
        per_segment: dict[str | None, int] = {}
        for report in table.reports:
            segment = report.key[position]
            per_segment[segment] = per_segment.get(segment, 0) + report.counts.interactions
        expected: dict[str | None, int] = {}
        for interaction in interactions:
            segment = region_of[interaction.customer_id]
            expected[segment] = expected.get(segment, 0) + 1
        assert {k: n for k, n in per_segment.items() if n} == expected


@settings(max_examples=100)
@given(interaction_lists, st.integers(0, 40))
def test_counts_merge_like_disjoint_unions(interactions: list[ci.Interaction], cut: int) -> None:
    """Counting two halves and merging equals counting all; merge is commutative."""
    left, right = interactions[:cut], interactions[cut:]
    a, b = ci.SatisfactionCounts.of(left), ci.SatisfactionCounts.of(right)
    assert a + b == b + a == ci.SatisfactionCounts.of(interactions)
    folded = ci.SatisfactionCounts()
    for interaction in interactions:
        folded = folded.add(interaction)
    assert folded == a.merge(b)


@settings(max_examples=60)
@given(interaction_lists, st.sampled_from(ci.MetricKind), policies)
def test_trend_points_cover_every_period_and_follow_the_rule(
    interactions: list[ci.Interaction], kind: ci.MetricKind, policy: ci.SatisfactionPolicy
) -> None:
    """Consecutive periods; a direction only when this period and an earlier one have answers."""
    trend = ci.satisfaction_trend(
        interactions, metric=kind, frequency=ci.Frequency.YEAR, policy=policy
    )
    for index, (before, after) in enumerate(zip(trend.points, trend.points[1:], strict=False)):
        assert before.period_end == after.period_start
        answered = [p for p in trend.points[: index + 1] if p.metric.value is not None]
        has_both = after.metric.value is not None and bool(answered)
        assert (after.direction is not None) == has_both
        if has_both:
            before = answered[-1]
        if (
            after.direction is not None
            and min(before.metric.count, after.metric.count) < policy.minimum_count
        ):
            assert after.direction is ci.TrendDirection.SAME
    whole = ci.measure_satisfaction(interactions, policy=policy).metric(kind)
    assert sum(p.metric.count for p in trend.points) == whole.count


@settings(max_examples=60)
@given(interaction_lists)
def test_order_and_replays_do_not_change_the_result(interactions: list[ci.Interaction]) -> None:
    """Reversing the input or replaying it entirely gives the same metrics."""
    forward = ci.measure_satisfaction(interactions)
    backward = ci.measure_satisfaction([*reversed(interactions), *interactions])
    assert forward.metrics == backward.metrics
    assert forward.counts == backward.counts


def test_wilson_matches_an_independent_formula_over_a_grid() -> None:
    """The Wilson interval equals the textbook formula for many (x, n)."""
    for n in (1, 2, 3, 7, 30, 101):
        for x in range(n + 1):
            report = ci.satisfaction_from_counts(ci.SatisfactionCounts(csat=(n - x, 0, 0, x, 0)))
            low, high = wilson(x, n)
            assert report.csat.low == pytest.approx(max(low, 0.0), abs=1e-12)
            assert report.csat.high == pytest.approx(min(high, 1.0), abs=1e-12)


def test_interval_narrows_as_answers_grow() -> None:
    """Ten times the answers, same share: a narrower interval around the same value."""
    small = ci.satisfaction_from_counts(ci.SatisfactionCounts(csat=(2, 0, 0, 8, 0))).csat
    large = ci.satisfaction_from_counts(ci.SatisfactionCounts(csat=(20, 0, 0, 80, 0))).csat
    assert small.value == large.value
    assert small.low < large.low  # type: ignore[operator]
    assert large.high < small.high  # type: ignore[operator]


def test_period_end_is_the_next_period_start_for_every_frequency() -> None:
    """Each report's period_end is the following report's period_start."""
    for frequency in ci.Frequency:
        table = ci.satisfaction_by(
            [rated(5, when=at(2026, 1, 1)), rated(5, when=at(2026, 1, 1) + timedelta(days=400))],
            frequency=frequency,
        )
        for before, after in zip(table.reports, table.reports[1:], strict=False):
            assert before.period_end == after.period_start


def test_nps_trend_p_value_by_hand_with_the_wald_variance() -> None:
    """Wald NPS test: (d2 - d1) / sqrt(var1/n1 + var2/n2), two-sided normal p-value."""
    first = [
        rated(10 if n < 12 else (8 if n < 24 else 2), NPS, when=at(month=1)) for n in range(40)
    ]
    second = [
        rated(10 if n < 20 else (8 if n < 30 else 2), NPS, when=at(month=2)) for n in range(40)
    ]
    policy = ci.SatisfactionPolicy(nps_interval=ci.NpsInterval.WALD)
    point = ci.satisfaction_trend(first + second, metric=ci.MetricKind.NPS, policy=policy).points[1]
    p1, d1, p2, d2 = 12 / 40, 16 / 40, 20 / 40, 10 / 40
    var1 = p1 + d1 - (p1 - d1) ** 2
    var2 = p2 + d2 - (p2 - d2) ** 2
    z = ((p2 - d2) - (p1 - d1)) / math.sqrt(var1 / 40 + var2 / 40)
    expected = 2 * (1 - 0.5 * (1 + math.erf(abs(z) / math.sqrt(2))))
    assert point.change == pytest.approx(100 * ((p2 - d2) - (p1 - d1)))
    assert point.p_value == pytest.approx(expected)
    assert expected > 0.05  # a 35-point NPS rise on 40 answers is not significant
    assert point.direction is ci.TrendDirection.SAME


@settings(max_examples=40)
@given(year_lists, st.sampled_from(ci.MetricKind))
def test_trends_by_group_equal_the_trend_of_each_group_alone(
    interactions: list[ci.Interaction], kind: ci.MetricKind
) -> None:
    """satisfaction_trends(by=channel) gives, per channel, that channel's own trend."""
    trends = ci.satisfaction_trends(interactions, by="channel", metric=kind)
    assert [t.key for t in trends] == sorted({(i.channel.value,) for i in interactions})
    for trend in trends:
        assert trend.by == ("channel",)
        alone = ci.satisfaction_trend(
            [i for i in interactions if i.channel.value == trend.key[0]],
            metric=kind,
            since=trend.points[0].period_start,
            until=trend.points[-1].period_end,
        )
        assert trend.points == alone.points


def test_grouped_trend_round_trips_and_reads_well() -> None:
    """A grouped trend keeps its by and key through JSON, and prints its label."""
    data = month_of(1, 20, 40) + month_of(2, 34, 40)
    (trend,) = ci.satisfaction_trends(data, by=("channel",))
    assert trend.label == "other"
    assert trend.points[1].direction is ci.TrendDirection.UP
    _round_trip(trend)


def test_every_policy_field_is_documented_with_its_default_source() -> None:
    """Each SatisfactionPolicy field has an Attributes entry, in field order, naming its default."""
    doc = inspect.getdoc(ci.SatisfactionPolicy) or ""
    section = doc.split("Attributes:\n", 1)[1].split("\n\n", 1)[0]
    entries: dict[str, str] = {}
    name = ""
    for line in section.splitlines():
        match = re.match(r"^    (\w+): (.*)$", line)
        if match:
            name = match[1]
            entries[name] = match[2]
        else:
            entries[name] += " " + line.strip()
    assert list(entries) == [f.name for f in attrs.fields(ci.SatisfactionPolicy)]
    for field in attrs.fields(ci.SatisfactionPolicy):
        default = field.default.name if hasattr(field.default, "name") else str(field.default)
        assert f"Default {default}" in entries[field.name].replace("``", ""), field.name


def _semester_base() -> list[ci.Interaction]:
    """CSAT answers in two semesters (February and September), none in between."""
    rated = []
    for n, (month, value) in enumerate(
        [(2, 5)] * 40 + [(2, 4)] * 10 + [(9, 2)] * 40 + [(9, 4)] * 10
    ):
        rated.append(
            ci.Interaction(
                id=f"s-{n}",
                customer_id=f"c-{n % 7}",
                timestamp=datetime(2026, month, 1 + n % 20, 10, tzinfo=timezone.utc),
                sentiment=ci.sentiment_from_rating(value, ci.RatingScale.CSAT),
                rating=ci.Rating(scale=ci.RatingScale.CSAT, value=value),
            )
        )
    return rated


def test_a_trend_steps_over_empty_periods_and_says_so() -> None:
    """Quarterly CSAT over semester data: Q3 is compared with Q1, the last quarter with answers."""
    trend = ci.satisfaction_trend(_semester_base(), frequency=ci.Frequency.QUARTER)
    by_start = {point.period_start.month: point for point in trend.points}
    assert by_start[4].direction is None  # Q2 has no answers
    q3 = by_start[7]
    assert q3.direction is ci.TrendDirection.DOWN
    codes = [reason.code for reason in q3.explanation]
    assert codes[0] == "satisfaction.trend.down"
    assert "satisfaction.trend.skipped_empty" in codes
    assert "2026-01-01" in next(
        r.message for r in q3.explanation if r.code == "satisfaction.trend.skipped_empty"
    )


def test_half_year_buckets_follow_the_calendar() -> None:
    """Half years start in January and July; the semesters' CSAT fall into two buckets."""
    trend = ci.satisfaction_trend(_semester_base(), frequency=ci.Frequency.HALF_YEAR)
    assert [point.period_start.month for point in trend.points] == [1, 7]
    assert trend.points[1].direction is ci.TrendDirection.DOWN
    assert ci.Frequency.HALF_YEAR.step == ci.parse_window("P6M")
