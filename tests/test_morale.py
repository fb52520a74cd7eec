"""Tests of the morale engine: the itemised index, team roll-ups and eNPS."""

from __future__ import annotations

import inspect
import json
import re
import statistics
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import jsonschema
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

import custinteract as ci
from custinteract.testing import aware_datetimes

UTC = timezone.utc
AS_OF = datetime(2026, 6, 1, 12, tzinfo=UTC)
ADA = ci.StaffMember(id="s-ada", name="Ada", hired=datetime(2023, 1, 9, tzinfo=UTC), team="support")
BEN = ci.StaffMember(id="s-ben", name="Ben", hired=datetime(2024, 5, 2, tzinfo=UTC), team="support")
CHLOE = ci.StaffMember(
    id="s-chloe", name="Chloe", hired=datetime(2022, 3, 1, tzinfo=UTC), team="sales"
)
DEV = ci.StaffMember(id="s-dev", name="Dev", hired=datetime(2025, 8, 1, tzinfo=UTC))


def call(
    n: int, staff: str, *, days_ago: float, sentiment: ci.Sentiment = ci.Sentiment.NEUTRAL
) -> ci.Interaction:
    """An interaction ``days_ago`` before AS_OF handled by ``staff``."""
    return ci.Interaction(
        id=f"i-{staff}-{n}",
        customer_id=f"c-{n}",
        staff_id=staff,
        timestamp=AS_OF - timedelta(days=days_ago),
        sentiment=sentiment,
    )


def event(
    n: int,
    staff: str,
    kind: ci.StaffEventKind,
    *,
    days_ago: float,
    score: int | None = None,
    resolves: str | None = None,
) -> ci.StaffEvent:
    """A staff event ``days_ago`` before AS_OF."""
    return ci.StaffEvent(
        id=f"e-{staff}-{n}",
        staff_id=staff,
        kind=kind,
        timestamp=AS_OF - timedelta(days=days_ago),
        score=score,
        resolves=resolves,
    )


def codes(result: object) -> set[str]:
    """Every reason code in a result's explanation."""
    return {reason.code for reason in result.explanation}  # type: ignore[attr-defined]


K = ci.StaffEventKind
NEG, POS = ci.Sentiment.NEGATIVE, ci.Sentiment.POSITIVE


# ----------------------------------------------------------------------------- worked examples


def test_no_signals_sits_at_baseline() -> None:
    """A member with no interactions and no events scores the baseline, moderate."""
    a = ci.assess_morale(ADA, [], as_of=AS_OF)
    assert a.index == 60.0
    assert a.band is ci.MoraleBand.MODERATE
    assert [c.factor for c in a.contributions] == list(ci.MoraleFactor)
    assert codes(a) >= {"morale.baseline", "morale.workload.unknown", "morale.band.moderate"}


def test_a_month_of_angry_customers_takes_morale_to_low() -> None:
    """“Why Customer Interaction Should Be on Top of Your Priority List” / Sliter 2010: 16 of 20 interactions negative in 30 days lands in the low band."""
    calls = [call(n, "s-ada", days_ago=n, sentiment=NEG if n <= 16 else POS) for n in range(1, 21)]
    a = ci.assess_morale(ADA, calls, as_of=AS_OF)
    assert a.points(ci.MoraleFactor.EXPOSURE_SHARE) == pytest.approx(-30 * 0.8)
    assert a.points(ci.MoraleFactor.EXPOSURE_COUNT) == -15.0  # 16 negatives, capped at 15
    assert a.index == pytest.approx(60 - 24 - 15)
    assert a.band is ci.MoraleBand.LOW
    assert (a.interactions_handled, a.negatives_handled, a.negative_share) == (20, 16, 0.8)


def test_exposure_window_is_thirty_days_and_future_ignored() -> None:
    """Negatives older than the window, or after as_of, do not count."""
    calls = [
        call(1, "s-ada", days_ago=31, sentiment=NEG),
        call(2, "s-ada", days_ago=30, sentiment=NEG),  # exactly at the start: inside [start, as_of]
        call(3, "s-ada", days_ago=29.9, sentiment=NEG),
        call(4, "s-ada", days_ago=-1, sentiment=NEG),
    ]
    a = ci.assess_morale(ADA, calls, as_of=AS_OF)
    assert (a.interactions_handled, a.negatives_handled) == (2, 2)


def test_recognition_halves_every_half_life() -> None:
    """“What You Need to Know About Customer Interaction” "reward them": a fresh recognition is worth 4 points, one 30 days old 2."""
    fresh = ci.assess_morale(
        ADA, [], as_of=AS_OF, events=[event(1, "s-ada", K.RECOGNITION, days_ago=0)]
    )
    month = ci.assess_morale(
        ADA, [], as_of=AS_OF, events=[event(1, "s-ada", K.RECOGNITION, days_ago=30)]
    )
    reward = ci.assess_morale(
        ADA, [], as_of=AS_OF, events=[event(1, "s-ada", K.REWARD, days_ago=0)]
    )
    assert fresh.points(ci.MoraleFactor.RECOGNITION) == 4.0
    assert month.points(ci.MoraleFactor.RECOGNITION) == pytest.approx(2.0)
    assert reward.points(ci.MoraleFactor.REWARD) == 6.0


def test_recognition_is_capped() -> None:
    """Twenty fresh rewards add no more than the 20-point cap."""
    events = [event(n, "s-ada", K.REWARD, days_ago=0) for n in range(20)]
    a = ci.assess_morale(ADA, [], as_of=AS_OF, events=events)
    assert a.points(ci.MoraleFactor.REWARD) == pytest.approx(20.0)


def test_voice_concerns_resolved_and_open() -> None:
    """“What You Need to Know About Customer Interaction” "they can speak to you": resolved concerns add, open ones subtract."""
    events = [
        event(1, "s-ada", K.CONCERN_RAISED, days_ago=40),
        event(2, "s-ada", K.CONCERN_RAISED, days_ago=20),
        event(3, "s-ada", K.CONCERN_RAISED, days_ago=10),
        event(4, "s-ada", K.CONCERN_RESOLVED, days_ago=5, resolves="e-s-ada-2"),
        event(5, "s-ada", K.CONCERN_RESOLVED, days_ago=4),  # closes the oldest open: e-1
        event(6, "s-ada", K.ONE_TO_ONE, days_ago=7),
        event(7, "s-ada", K.ONE_TO_ONE, days_ago=100),  # outside the 90-day voice window
    ]
    a = ci.assess_morale(ADA, [], as_of=AS_OF, events=events)
    assert a.open_concerns == 1
    assert a.points(ci.MoraleFactor.CONCERNS_RESOLVED) == 6.0
    assert a.points(ci.MoraleFactor.CONCERNS_OPEN) == -5.0
    assert a.points(ci.MoraleFactor.ONE_TO_ONE) == 2.0
    assert a.index == 63.0


def test_resolving_unknown_concern_is_refused() -> None:
    """A resolution naming no open concern, or with none open, is bad input."""
    with pytest.raises(ci.InvalidInputError, match="resolves"):
        ci.assess_morale(
            ADA,
            [],
            as_of=AS_OF,
            events=[event(1, "s-ada", K.CONCERN_RESOLVED, days_ago=1, resolves="e-nope")],
        )
    with pytest.raises(ci.InvalidInputError, match="open"):
        ci.assess_morale(
            ADA, [], as_of=AS_OF, events=[event(1, "s-ada", K.CONCERN_RESOLVED, days_ago=1)]
        )


def test_workload_against_team_median() -> None:
    """Handling 2.2 times the median costs 20 points, capped at 15; within 1.2 times costs nothing."""
    calls = [call(n, "s-ada", days_ago=0.1 * n) for n in range(22)]
    heavy = ci.assess_morale(ADA, calls, as_of=AS_OF, team_median_workload=10)
    assert heavy.points(ci.MoraleFactor.WORKLOAD) == -15.0
    assert "morale.workload.above_median" in codes(heavy)
    fine = ci.assess_morale(ADA, calls[:12], as_of=AS_OF, team_median_workload=10)
    assert fine.points(ci.MoraleFactor.WORKLOAD) == 0.0
    assert "morale.workload.within_median" in codes(fine)


def test_other_members_records_are_ignored() -> None:
    """Only the member's own interactions and events count."""
    calls = [call(1, "s-ben", days_ago=1, sentiment=NEG)]
    events = [event(1, "s-ben", K.REWARD, days_ago=1)]
    assert ci.assess_morale(ADA, calls, as_of=AS_OF, events=events).index == 60.0


def test_clipping_is_explained() -> None:
    """A sum below zero is clipped to 0 and says so."""
    policy = ci.MoralePolicy(baseline=10)
    calls = [call(n, "s-ada", days_ago=1, sentiment=NEG) for n in range(10)]
    a = ci.assess_morale(ADA, calls, as_of=AS_OF, policy=policy)
    assert a.index == 0.0
    assert "morale.clipped" in codes(a)


def test_duplicates() -> None:
    """An identical repeat is ignored; a different interaction under a used id is refused."""
    one = call(1, "s-ada", days_ago=1, sentiment=NEG)
    assert ci.assess_morale(ADA, [one, one], as_of=AS_OF).negatives_handled == 1
    other = attrs.evolve(one, sentiment=POS)
    with pytest.raises(ci.DuplicateInteractionError):
        ci.assess_morale(ADA, [one, other], as_of=AS_OF)
    e = event(1, "s-ada", K.REWARD, days_ago=1)
    with pytest.raises(ci.InvalidInputError, match="events"):
        ci.assess_morale(ADA, [], as_of=AS_OF, events=[e, attrs.evolve(e, kind=K.RECOGNITION)])


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"as_of": datetime(2026, 6, 1)}, "as_of"),
        ({"as_of": AS_OF, "policy": {}}, "policy"),
        ({"as_of": AS_OF, "team_median_workload": -1}, "team_median_workload"),
        ({"as_of": AS_OF, "team_median_workload": float("nan")}, "team_median_workload"),
    ],
)
def test_bad_arguments_name_the_field(kwargs: dict[str, object], field: str) -> None:
    """Each bad argument raises InvalidInputError naming it."""
    with pytest.raises(ci.InvalidInputError) as info:
        ci.assess_morale(ADA, [], **kwargs)  # type: ignore[arg-type]
    assert info.value.field == field


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("baseline", 101),
        ("negative_share_points", -1),
        ("window", relativedelta(days=-3)),
        ("recognition_points", True),
        ("high_from", 30),
    ],
)
def test_bad_policy_fields(field: str, value: object) -> None:
    """A bad policy value is refused at construction, naming the field."""
    with pytest.raises(ci.InvalidInputError) as info:
        ci.MoralePolicy(**{field: value})  # type: ignore[arg-type]
    assert info.value.field == field


def test_bad_staff_member_and_items() -> None:
    """Non-model inputs are refused with the position named."""
    with pytest.raises(ci.InvalidInputError, match="staff_member"):
        ci.assess_morale("s-ada", [], as_of=AS_OF)  # type: ignore[arg-type]
    with pytest.raises(ci.InvalidInputError, match=r"interactions\[0\]"):
        ci.assess_morale(ADA, ["x"], as_of=AS_OF)  # type: ignore[list-item]


# ----------------------------------------------------------------------------- teams


def team_base() -> tuple[list[ci.StaffMember], list[ci.Interaction], list[ci.StaffEvent]]:
    """A small team example: Ada drowning in complaints, Ben recognised, Chloe in sales."""
    calls = [call(n, "s-ada", days_ago=n, sentiment=NEG if n % 2 else POS) for n in range(1, 29)]
    calls += [call(n, "s-ben", days_ago=n, sentiment=POS) for n in range(1, 11)]
    calls += [call(n, "s-chloe", days_ago=n) for n in range(1, 6)]
    calls += [
        ci.Interaction(
            id="i-orphan",
            customer_id="c-0",
            timestamp=AS_OF - timedelta(days=1),
            sentiment=NEG,
        )
    ]
    events = [
        event(1, "s-ben", K.RECOGNITION, days_ago=3),
        event(2, "s-ben", K.ONE_TO_ONE, days_ago=10),
        event(3, "s-ada", K.CONCERN_RAISED, days_ago=12),
    ]
    return [ADA, BEN, CHLOE, DEV], calls, events


def test_team_rollup_uses_each_teams_median() -> None:
    """Each member equals assess_morale given their team's median; summaries per team."""
    staff, calls, events = team_base()
    team = ci.assess_team_morale(staff, calls, as_of=AS_OF, events=events)
    assert [m.staff_id for m in team.members] == ["s-ada", "s-ben", "s-chloe", "s-dev"]
    support = team.team("support")
    assert support.median_workload == statistics.median([28, 10])
    for member in staff:
        median = team.team(member.team).median_workload
        alone = ci.assess_morale(
            member, calls, as_of=AS_OF, events=events, team_median_workload=median
        )
        assert team.member(member.id) == alone
    assert support.lowest_staff_id == "s-ada"
    assert [s.team for s in team.teams] == ["sales", "support", None]
    assert team.unassigned_interactions == 1
    assert codes(team) == {"morale.team.summary", "morale.team.unassigned"}
    with pytest.raises(ci.InvalidInputError):
        team.member("s-nobody")
    with pytest.raises(ci.InvalidInputError):
        team.team("marketing")


def test_team_negative_share_and_enps() -> None:
    """Each team reports its negative share and the eNPS of its members' latest answers."""
    staff, calls, events = team_base()
    events = [
        *events,
        event(10, "s-ada", K.SURVEY, days_ago=40, score=9),
        event(11, "s-ada", K.SURVEY, days_ago=2, score=3),
        event(12, "s-ben", K.SURVEY, days_ago=2, score=10),
        event(13, "s-chloe", K.SURVEY, days_ago=2, score=8),
        event(14, "s-dev", K.SURVEY, days_ago=-2, score=0),  # after as_of
    ]
    team = ci.assess_team_morale(staff, calls, as_of=AS_OF, events=events)
    support = team.team("support")
    assert support.negative_share == pytest.approx(14 / 38)
    assert support.enps == 0.0  # one promoter (Ben), one detractor (Ada's latest)
    assert team.team("sales").enps == 0.0  # Chloe's 8 is a passive
    assert team.team(None).enps is None
    assert team.team(None).negative_share == 0.0
    assert (team.enps.respondents, team.enps.score) == (3, 0.0)


def test_team_reads_a_one_shot_iterator_of_events_once() -> None:
    """A generator of events gives the same team answer as a list (it is read once)."""
    staff, calls, events = team_base()
    events = [*events, event(10, "s-ben", K.SURVEY, days_ago=2, score=10)]
    from_list = ci.assess_team_morale(staff, calls, as_of=AS_OF, events=events)
    from_iterator = ci.assess_team_morale(staff, calls, as_of=AS_OF, events=iter(events))
    assert from_iterator == from_list
    assert from_iterator.enps.respondents == 1


def test_team_low_members_reason() -> None:
    """Low-band members are named in their team's explanation."""
    staff, calls, events = team_base()
    team = ci.assess_team_morale(staff, calls, as_of=AS_OF, events=events)
    assert team.member("s-ada").band is ci.MoraleBand.LOW
    reasons = team.team("support").explanation
    assert any(r.code == "morale.team.low_members" and "s-ada" in r.message for r in reasons)


def test_team_rejects_conflicting_staff() -> None:
    """Two different members under one id are refused."""
    with pytest.raises(ci.InvalidInputError, match="staff"):
        ci.assess_team_morale([ADA, attrs.evolve(ADA, team="sales")], [], as_of=AS_OF)


# ----------------------------------------------------------------------------- eNPS


def test_enps_edges_seven_and_eight_are_passives_six_a_detractor() -> None:
    """7 and 8 are passives, 6 a detractor, 9 and 10 promoters."""
    assert ci.employee_nps([7, 8]).score == 0.0
    assert ci.employee_nps([7, 8]).passives == 2
    assert ci.employee_nps([6]).score == -100.0
    assert ci.employee_nps([9, 10]).score == 100.0
    assert ci.employee_nps([9, 6, 8, 7]).score == 0.0
    empty = ci.employee_nps([])
    assert empty.score is None
    assert codes(empty) == {"morale.enps.no_responses"}


def test_enps_from_events_latest_answer_per_member() -> None:
    """Only SURVEY events count, each member once with their latest answer up to as_of."""
    events = [
        event(1, "s-ada", K.SURVEY, days_ago=100, score=2),
        event(2, "s-ada", K.SURVEY, days_ago=10, score=9),
        event(3, "s-ben", K.SURVEY, days_ago=5, score=6),
        event(4, "s-ben", K.SURVEY, days_ago=-5, score=10),  # after as_of
        event(5, "s-ada", K.REWARD, days_ago=1),
    ]
    e = ci.employee_nps(events, as_of=AS_OF)
    assert (e.promoters, e.detractors, e.respondents, e.score) == (1, 1, 2, 0.0)
    windowed = ci.employee_nps(events, as_of=AS_OF, window=relativedelta(days=7))
    assert (windowed.respondents, windowed.score) == (1, -100.0)


@pytest.mark.parametrize("bad", [11, -1, 7.0, True, "9"])
def test_enps_refuses_bad_scores(bad: object) -> None:
    """Only integers 0-10 (or SURVEY events) are answers."""
    with pytest.raises(ci.InvalidInputError, match=r"responses\[1\]"):
        ci.employee_nps([5, bad])  # type: ignore[list-item]


def test_enps_window_needs_as_of() -> None:
    """A window without as_of is refused."""
    with pytest.raises(ci.InvalidInputError, match="window"):
        ci.employee_nps([], window=relativedelta(days=7))


@given(st.lists(st.integers(0, 10), max_size=60))
@settings(max_examples=200)
def test_enps_in_range_and_matches_counts(scores: list[int]) -> None:
    """eNPS lies in [-100, 100] and equals 100 * (promoters - detractors) / n."""
    e = ci.employee_nps(scores)
    if not scores:
        assert e.score is None
        return
    assert e.score is not None
    assert -100 <= e.score <= 100
    assert e.promoters + e.passives + e.detractors == len(scores)
    assert e.score == pytest.approx(
        100 * (sum(s >= 9 for s in scores) - sum(s <= 6 for s in scores)) / len(scores)
    )


# ----------------------------------------------------------------------------- properties


@st.composite
def member_history(
    draw: st.DrawFn,
) -> tuple[datetime, list[ci.Interaction], list[ci.StaffEvent]]:
    """One member's interactions and a consistent event history around a random as_of."""
    as_of = draw(aware_datetimes(datetime(2024, 1, 1), datetime(2027, 1, 1)))
    offsets = st.floats(min_value=-5, max_value=200, allow_nan=False)
    n = draw(st.integers(0, 40))
    calls = [
        ci.Interaction(
            id=f"i-{k}",
            customer_id=f"c-{k % 7}",
            staff_id="s-ada",
            timestamp=as_of - timedelta(days=draw(offsets)),
            sentiment=draw(st.sampled_from(ci.Sentiment)),
        )
        for k in range(n)
    ]
    events: list[ci.StaffEvent] = []
    raised: list[str] = []
    for k in range(draw(st.integers(0, 15))):
        kind = draw(st.sampled_from(K))
        stamp = as_of - timedelta(days=draw(st.floats(min_value=0, max_value=200)))
        if kind is K.CONCERN_RESOLVED:
            continue  # resolutions are added below, after their concern
        events.append(
            ci.StaffEvent(
                id=f"e-{k}",
                staff_id="s-ada",
                kind=kind,
                timestamp=stamp,
                score=draw(st.integers(0, 10)) if kind is K.SURVEY else None,
            )
        )
        if kind is K.CONCERN_RAISED and draw(st.booleans()):
            raised.append(f"e-{k}")
            events.append(
                ci.StaffEvent(
                    id=f"e-{k}-r",
                    staff_id="s-ada",
                    kind=K.CONCERN_RESOLVED,
                    timestamp=stamp + timedelta(days=draw(st.floats(0.001, 30))),
                    resolves=f"e-{k}",
                )
            )
    return as_of, calls, events


@given(member_history(), st.data())
@settings(max_examples=150)
def test_more_negative_exposure_never_raises_morale(
    history: tuple[datetime, list[ci.Interaction], list[ci.StaffEvent]], data: st.DataObject
) -> None:
    """Turning an interaction negative, or adding a negative one, never raises the index."""
    as_of, calls, events = history
    median = data.draw(st.none() | st.floats(0, 50))
    before = ci.assess_morale(ADA, calls, as_of=as_of, events=events, team_median_workload=median)
    worse = list(calls)
    flip: bool = data.draw(st.booleans())
    if worse and flip:
        k = data.draw(st.integers(0, len(worse) - 1))
        worse[k] = attrs.evolve(worse[k], sentiment=NEG)
    else:
        worse.append(call(999, "s-ada", days_ago=data.draw(st.floats(0, 60))))
        worse[-1] = attrs.evolve(worse[-1], sentiment=NEG, timestamp=as_of - timedelta(days=1))
    after = ci.assess_morale(ADA, worse, as_of=as_of, events=events, team_median_workload=median)
    assert after.index <= before.index
    assert after.negatives_handled >= before.negatives_handled


@given(member_history(), st.randoms(use_true_random=False))
@settings(max_examples=100)
def test_order_and_repeats_do_not_matter(
    history: tuple[datetime, list[ci.Interaction], list[ci.StaffEvent]], rnd: object
) -> None:
    """Shuffling and repeating identical records gives the same assessment."""
    as_of, calls, events = history
    base = ci.assess_morale(ADA, calls, as_of=as_of, events=events)
    shuffled = calls + calls[:3]
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    again = events + events[:2]
    rnd.shuffle(again)  # type: ignore[attr-defined]
    assert ci.assess_morale(ADA, shuffled, as_of=as_of, events=again) == base


@given(member_history())
@settings(max_examples=100)
def test_index_is_clipped_sum_and_codes_known(
    history: tuple[datetime, list[ci.Interaction], list[ci.StaffEvent]],
) -> None:
    """The index is the clipped sum of contributions; every code is documented."""
    as_of, calls, events = history
    a = ci.assess_morale(ADA, calls, as_of=as_of, events=events, team_median_workload=3)
    total = sum(c.points for c in a.contributions)
    assert a.index == pytest.approx(min(100, max(0, total)))
    assert 0 <= a.index <= 100
    assert codes(a) <= set(ci.MORALE_REASON_CODES)


def test_reason_codes_are_pinned() -> None:
    """The set of morale codes is stable (changing it is a breaking change)."""
    assert set(ci.MORALE_REASON_CODES) == {
        "morale.baseline",
        "morale.exposure.share",
        "morale.exposure.count",
        "morale.recognition",
        "morale.reward",
        "morale.voice.one_to_one",
        "morale.voice.concern_resolved",
        "morale.voice.concern_open",
        "morale.workload.above_median",
        "morale.workload.within_median",
        "morale.workload.unknown",
        "morale.clipped",
        "morale.band.low",
        "morale.band.moderate",
        "morale.band.high",
        "morale.team.summary",
        "morale.team.low_members",
        "morale.team.unassigned",
        "morale.enps.score",
        "morale.enps.no_responses",
    }


# ----------------------------------------------------------------------------- documents


def _round_trip(value: object) -> None:
    doc = ci.to_dict(value)
    jsonschema.Draft202012Validator(ci.json_schema(type(value))).validate(doc)
    assert ci.from_dict(type(value), json.loads(json.dumps(doc))) == value


def test_documents_round_trip_and_validate() -> None:
    """Policy and results survive to_dict/JSON/from_dict and match their JSON Schema."""
    staff, calls, events = team_base()
    team = ci.assess_team_morale(staff, calls, as_of=AS_OF, events=events)
    for value in (
        ci.MoralePolicy(),
        ci.MoralePolicy(window=relativedelta(days=14), baseline=55),
        team.member("s-ada"),
        team.teams[0],
        team,
        ci.employee_nps([10, 6, 8]),
        ci.employee_nps([]),
    ):
        _round_trip(value)


def test_policy_from_configuration_dict() -> None:
    """A host's configuration (plain dict) becomes a policy; unknown keys are refused."""
    policy = ci.from_dict(ci.MoralePolicy, {"window": "P14D", "reward_points": 8})
    assert policy.window == relativedelta(days=14)
    assert policy.reward_points == 8.0
    with pytest.raises(ci.InvalidInputError):
        ci.from_dict(ci.MoralePolicy, {"windw": "P14D"})


def test_results_render_as_text_and_html() -> None:
    """Assessments read well in a terminal and in Jupyter."""
    staff, calls, events = team_base()
    team = ci.assess_team_morale(staff, calls, as_of=AS_OF, events=events)
    ada = team.member("s-ada")
    assert "morale.exposure.share" in str(ada)
    assert "<table>" in ada._repr_html_()
    assert "TeamMorale" in str(team)
    assert "<table>" in team._repr_html_()
    assert "<table>" in team.teams[0]._repr_html_()
    assert "TeamSummary" in str(team.teams[0])
    e = ci.employee_nps([9])
    assert "morale.enps.score" in str(e)
    assert "<table>" in e._repr_html_()


def _documented_attributes(cls: type) -> list[tuple[str, str]]:
    """(name, text) of each entry of the ``Attributes:`` section of ``cls``'s docstring."""
    doc = inspect.getdoc(cls) or ""
    section = doc.split("Attributes:\n", 1)[1].split("\n\n", 1)[0]
    entries: list[tuple[str, str]] = []
    for line in section.splitlines():
        match = re.match(r"^    (\w+): (.*)$", line)
        if match:
            entries.append((match[1], match[2]))
        elif entries:
            entries[-1] = (entries[-1][0], f"{entries[-1][1]} {line.strip()}")
    return entries


@pytest.mark.parametrize("cls", [ci.MoralePolicy, ci.FeedbackLoopPolicy])
def test_every_policy_field_is_documented_with_a_source(cls: type) -> None:
    """Each attrs field has an Attributes entry, in field order; no bare 'Modelling choice (n).'."""
    entries = _documented_attributes(cls)
    assert [name for name, _ in entries] == [f.name for f in attrs.fields(cls)]
    for name, text in entries:
        bare = re.search(r"[Mm]odelling choice \([^):,]*\)\.$", text)  # nothing but a number
        cited = re.search(
            r"“[^”]+”|et al\.|\(\d{4}|\d{4}\)", text
        )  # an article title, or a citation
        assert not bare or cited, f"{cls.__name__}.{name} gives no reason: {text}"


@pytest.mark.parametrize(
    "make",
    [
        lambda: ci.MoralePolicy(baseline=10**400),
        lambda: ci.MoralePolicy(high_from=10**400),
        lambda: ci.FeedbackLoopPolicy(tolerance=10**400),
        lambda: ci.Intervention(kind=ci.InterventionKind.RECOGNITION_PROGRAMME, size=10**400),
    ],
)
def test_an_int_beyond_float_range_is_invalid_input(make: Any) -> None:
    """10**400 is refused as a number like any other non-finite value, not an OverflowError."""
    with pytest.raises(ci.InvalidInputError, match="expected a finite number"):
        make()


def test_every_kind_and_factor_has_one_table_entry() -> None:
    """Adding an event kind, a factor, an intervention or an outcome is one entry per table."""
    from custinteract.morale import _explain, _loop_explain, _loop_rules, _rules

    assert set(_rules._EVENT_RULES) == set(ci.StaffEventKind)
    assert list(_rules.POINTS) == list(ci.MoraleFactor)
    assert list(_explain._MESSAGES) == list(ci.MoraleFactor)
    assert set(_explain._CODES) | {ci.MoraleFactor.WORKLOAD} == set(ci.MoraleFactor)
    assert {f"morale.workload.{verdict}" for verdict in _explain._WORKLOAD_MESSAGES} <= set(
        ci.MORALE_REASON_CODES
    )
    assert set(_explain._CODES.values()) <= set(ci.MORALE_REASON_CODES)
    assert set(_loop_rules._EFFECTS) == set(ci.InterventionKind)
    outcomes = set(_loop_rules.Outcome)
    assert set(_loop_rules.STATUS) == set(_loop_explain._CODES) == outcomes
    assert set(_loop_explain._MESSAGES) == outcomes
    assert set(_loop_explain._CODES.values()) <= set(ci.MORALE_LOOP_REASON_CODES)
