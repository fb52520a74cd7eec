"""Worked examples of model validation: every bad value is a clear InvalidInputError."""

from __future__ import annotations

import math
import pickle
from datetime import datetime, timedelta, timezone

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import custinteract as ci
from custinteract import testing
from custinteract._validators import is_finite_number

UTC = timezone.utc
T0 = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)


def make(**changes: object) -> ci.Interaction:
    """A valid interaction with some fields changed."""
    fields: dict[str, object] = {
        "id": "i-1",
        "customer_id": "c-1",
        "timestamp": T0,
        "sentiment": ci.Sentiment.NEGATIVE,
    }
    fields.update(changes)
    return ci.Interaction(**fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("field", "value", "expected_text"),
    [
        ("id", "", "non-blank string"),
        ("id", "   ", "non-blank string"),
        ("id", 7, "non-blank string"),
        ("customer_id", None, "non-blank string"),
        ("timestamp", datetime(2026, 3, 4), "naive"),
        ("timestamp", "2026-03-04T10:00:00+00:00", "timezone-aware datetime"),
        ("sentiment", "negative", "Sentiment('negative')"),
        ("sentiment", "angry", "Sentiment.POSITIVE"),
        ("channel", "fax", "Channel.PHONE"),
        ("resolved", 1, "True or False"),
        ("metadata", {"k": 1}, "a string"),
        ("metadata", ["k"], "mapping of strings"),
        ("staff_id", "", "non-blank string"),
        ("rating", 5, "a Rating"),
    ],
)
def test_bad_interaction_fields_are_named(field: str, value: object, expected_text: str) -> None:
    """Each bad field raises InvalidInputError naming the field, the value and what was expected."""
    with pytest.raises(ci.InvalidInputError) as info:
        make(**{field: value})
    assert info.value.field.startswith(field)
    assert expected_text in str(info.value)
    assert repr(value)[:20] in str(info.value) or isinstance(value, dict)


@pytest.mark.parametrize(
    ("scale", "value"),
    [
        (ci.RatingScale.CSAT, 0),
        (ci.RatingScale.CSAT, 6),
        (ci.RatingScale.NPS, 11),
        (ci.RatingScale.NPS, -1),
        (ci.RatingScale.CES, 8),
        (ci.RatingScale.CES, 4.0),
        (ci.RatingScale.NPS, True),
    ],
)
def test_out_of_range_ratings_are_refused(scale: ci.RatingScale, value: object) -> None:
    """A rating outside its scale (or not an int) is refused, naming the scale's range."""
    with pytest.raises(ci.InvalidInputError, match=f"from {scale.low} to {scale.high}"):
        ci.Rating(scale=scale, value=value)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("scale", "value", "sentiment"),
    [
        (ci.RatingScale.CSAT, 1, ci.Sentiment.NEGATIVE),
        (ci.RatingScale.CSAT, 2, ci.Sentiment.NEGATIVE),
        (ci.RatingScale.CSAT, 3, ci.Sentiment.NEUTRAL),
        (ci.RatingScale.CSAT, 4, ci.Sentiment.POSITIVE),
        (ci.RatingScale.NPS, 6, ci.Sentiment.NEGATIVE),
        (ci.RatingScale.NPS, 7, ci.Sentiment.NEUTRAL),
        (ci.RatingScale.NPS, 8, ci.Sentiment.NEUTRAL),
        (ci.RatingScale.NPS, 9, ci.Sentiment.POSITIVE),
        (ci.RatingScale.NPS, 0, ci.Sentiment.NEGATIVE),
        (ci.RatingScale.CES, 3, ci.Sentiment.NEGATIVE),
        (ci.RatingScale.CES, 4, ci.Sentiment.NEUTRAL),
        (ci.RatingScale.CES, 5, ci.Sentiment.POSITIVE),
    ],
)
def test_sentiment_from_rating_bucket_edges(
    scale: ci.RatingScale, value: int, sentiment: ci.Sentiment
) -> None:
    """Bucket edges: NPS 6 is a detractor, 7 and 8 passives, 9 a promoter; CSAT 3 and CES 4 neutral."""
    assert ci.sentiment_from_rating(value, scale) is sentiment
    assert ci.Rating(scale=scale, value=value).sentiment is sentiment


def test_models_are_frozen_and_evolve_revalidates() -> None:
    """Models cannot be mutated; attrs.evolve builds a new, validated value."""
    interaction = make()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        interaction.id = "other"  # type: ignore[misc]
    assert attrs.evolve(interaction, id="i-2").id == "i-2"
    with pytest.raises(ci.InvalidInputError):
        attrs.evolve(interaction, timestamp=datetime(2026, 1, 1))
    with pytest.raises(TypeError):
        ci.Interaction("i-1", "c-1", T0, ci.Sentiment.NEGATIVE)  # type: ignore[misc]


def test_metadata_is_immutable_hashable_and_picklable() -> None:
    """Metadata is copied and frozen: changing the source dict changes nothing."""
    source = {"plan": "gold"}
    interaction = make(metadata=source)
    source["plan"] = "silver"
    assert interaction.metadata == {"plan": "gold"}
    with pytest.raises(TypeError, match="read-only"):
        interaction.metadata["plan"] = "silver"  # type: ignore[index]
    assert hash(interaction) == hash(make(metadata={"plan": "gold"}))
    assert pickle.loads(pickle.dumps(interaction)) == interaction


def test_staff_event_score_only_on_surveys() -> None:
    """A survey needs a 0-10 score; other events must not carry one."""
    base = {"id": "e-1", "staff_id": "s-1", "timestamp": T0}
    assert ci.StaffEvent(**base, kind=ci.StaffEventKind.SURVEY, score=6).score == 6
    with pytest.raises(ci.InvalidInputError, match="score"):
        ci.StaffEvent(**base, kind=ci.StaffEventKind.SURVEY)
    with pytest.raises(ci.InvalidInputError, match="score"):
        ci.StaffEvent(**base, kind=ci.StaffEventKind.SURVEY, score=11)
    with pytest.raises(ci.InvalidInputError, match="None unless kind is survey"):
        ci.StaffEvent(**base, kind=ci.StaffEventKind.REWARD, score=5)
    with pytest.raises(ci.InvalidInputError, match="resolves"):
        ci.StaffEvent(**base, kind=ci.StaffEventKind.REWARD, resolves="e-0")
    closed = ci.StaffEvent(**base, kind=ci.StaffEventKind.CONCERN_RESOLVED, resolves="e-0")
    assert closed.resolves == "e-0"


def test_reason_codes_are_dotted_lower_case() -> None:
    """Reason codes are machine-readable: dotted lower-case identifiers."""
    assert ci.Reason(code="recovery.negative", message="m").code == "recovery.negative"
    for bad in ("Recovery", "recovery.", "a b", "", "1x"):
        with pytest.raises(ci.InvalidInputError, match="code"):
            ci.Reason(code=bad, message="m")
    with pytest.raises(ci.InvalidInputError, match="message"):
        ci.Reason(code="a.b", message=" ")


def test_gesture_value_must_be_finite_and_non_negative() -> None:
    """A gesture's value is a finite, non-negative number; ints become floats."""
    assert ci.RecoveryGesture(kind=ci.GestureKind.REFUND, value=5).value == 5.0
    for bad in (-1, float("nan"), float("inf"), "10%", True):
        with pytest.raises(ci.InvalidInputError, match="value"):
            ci.RecoveryGesture(kind=ci.GestureKind.REFUND, value=bad)  # type: ignore[arg-type]


def test_customer_defaults_and_flags() -> None:
    """A customer defaults to no consent, contactable, source OTHER, not yet a customer."""
    customer = ci.Customer(id="c-1", created=T0)
    assert (customer.consent, customer.do_not_contact, customer.source) == (
        False,
        False,
        ci.LeadSource.OTHER,
    )
    assert not customer.is_customer
    assert ci.Customer(id="c-1", created=T0, became_customer=T0).is_customer
    with pytest.raises(ci.InvalidInputError, match="consent"):
        ci.Customer(id="c-1", created=T0, consent="yes")  # type: ignore[arg-type]


def test_dataset_refuses_repeated_ids() -> None:
    """A dataset never holds two interactions under one id: nothing is counted twice."""
    with pytest.raises(ci.InvalidInputError, match=r"interactions\[1\]\.id"):
        ci.Dataset(interactions=(make(), make(sentiment=ci.Sentiment.POSITIVE)))
    data = ci.Dataset(interactions=[make(), make(id="i-0", timestamp=T0 - timedelta(days=1))])
    assert [i.id for i in data.interactions_by_customer()["c-1"]] == ["i-0", "i-1"]
    with pytest.raises(ci.InvalidInputError, match="customer_id"):
        data.customer("c-404")


def test_errors_survive_pickling() -> None:
    """Errors keep their field, value and problems across process boundaries."""
    err = ci.InvalidInputError("a.b", 3, "four", problems=(("a.b", "x"), ("c", "y")))
    copy = pickle.loads(pickle.dumps(err))
    assert (copy.field, copy.value, copy.expected, copy.problems) == (
        "a.b",
        3,
        "four",
        (("a.b", "x"), ("c", "y")),
    )
    assert str(copy) == str(err)
    missing = pickle.loads(pickle.dumps(ci.MissingExtraError("x", "frames", "pandas")))
    assert "'.[frames]'" in str(missing)
    assert isinstance(ci.DuplicateInteractionError("id", "i", "unique"), ci.InvalidInputError)


@given(testing.interactions())
def test_strategies_draw_valid_hashable_values(interaction: ci.Interaction) -> None:
    """Strategy output is valid by construction and hashable (frozen all the way down)."""
    assert attrs.evolve(interaction) == interaction
    assert hash(interaction) == hash(attrs.evolve(interaction))


def test_rating_scale_given_as_text_gets_the_enum_hint() -> None:
    """sentiment_from_rating(5, "csat") says how to convert, like every enum field does."""
    with pytest.raises(ci.InvalidInputError) as info:
        ci.sentiment_from_rating(5, "csat")  # type: ignore[arg-type]
    message = str(info.value)
    assert info.value.field == "scale"
    assert "RatingScale('csat')" in message
    assert "RatingScale.CSAT" in message
    with pytest.raises(ci.InvalidInputError) as field_info:
        ci.Rating(scale="csat", value=5)  # type: ignore[arg-type]
    assert field_info.value.expected == info.value.expected
    with pytest.raises(ci.InvalidInputError, match="got 'stars'"):
        ci.sentiment_from_rating(5, "stars")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("dates", "field", "expected_text"),
    [
        ({"became_customer": T0 - timedelta(days=1)}, "became_customer", "on or after created"),
        (
            {"became_customer": T0, "churned": T0 - timedelta(seconds=1)},
            "churned",
            "on or after created",
        ),
        ({"churned": T0 + timedelta(days=1)}, "churned", "became_customer"),
        ({"became_customer": T0, "churned": "2026-04-01"}, "churned", "timezone-aware"),
    ],
)
def test_customer_dates_that_contradict_each_other_are_refused(
    dates: dict[str, object], field: str, expected_text: str
) -> None:
    """Nobody becomes a customer before they exist, nor churns without having become one."""
    with pytest.raises(ci.InvalidInputError) as info:
        ci.Customer(id="c-1", created=T0, **dates)  # type: ignore[arg-type]
    assert info.value.field == field
    assert expected_text in str(info.value)


def test_customer_dates_that_agree_are_accepted() -> None:
    """Same-moment dates, a churn, and a churn before a later win-back are all consistent."""
    same = ci.Customer(id="c-1", created=T0, became_customer=T0, churned=T0)
    assert same.is_customer
    won_back = ci.Customer(
        id="c-1",
        created=T0,
        became_customer=T0 + timedelta(days=200),
        churned=T0 + timedelta(days=100),
    )
    assert won_back.churned is not None
    # another offset for the same instant is not "before"
    east = timezone(timedelta(hours=9))
    assert ci.Customer(id="c-1", created=T0, became_customer=T0.astimezone(east)).is_customer


@given(testing.customers())
def test_customer_strategy_draws_consistent_dates(customer: ci.Customer) -> None:
    """testing.customers() tells consistent stories: a host's tests can rely on it."""
    if customer.became_customer is not None:
        assert customer.became_customer >= customer.created
    if customer.churned is not None:
        assert customer.became_customer is not None
        assert customer.churned >= customer.created


def test_sentiment_and_rating_may_disagree() -> None:
    """A contact the agent marked positive may carry an NPS 0: two readings, both kept as given."""
    interaction = make(
        sentiment=ci.Sentiment.POSITIVE, rating=ci.Rating(scale=ci.RatingScale.NPS, value=0)
    )
    assert interaction.sentiment is ci.Sentiment.POSITIVE
    assert interaction.rating is not None
    assert interaction.rating.sentiment is ci.Sentiment.NEGATIVE


@given(st.integers() | st.floats(allow_nan=True) | st.booleans() | st.none() | st.text(max_size=3))
def test_is_finite_number_never_raises(value: object) -> None:
    """Any value gets an answer, ints beyond float range included; only real finite numbers pass."""
    answer = is_finite_number(value)
    if answer:
        assert not isinstance(value, bool)
        assert math.isfinite(float(value))  # type: ignore[arg-type]


def test_gesture_value_beyond_float_range_is_refused() -> None:
    """10**400 is not a finite number: InvalidInputError, not an OverflowError."""
    with pytest.raises(ci.InvalidInputError, match="value: expected a finite number"):
        ci.RecoveryGesture(kind=ci.GestureKind.REFUND, value=10**400)
    assert is_finite_number(10**300)
    assert not is_finite_number(10**400)
