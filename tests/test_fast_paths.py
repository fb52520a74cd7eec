"""The fast paths into objects give exactly what the full paths give, and refuse what they refuse.

* documents: each class's fast reader (``custinteract._readers``) against the
  full cattrs reader, on valid documents and on documents only the full
  reader may judge;
* timestamps in documents: read by the standard library, equal to dateutil's
  reading of the same text;
* frames: :func:`interactions_from_frame`'s column-wise path against the
  row-by-row constructor path, and the same error for a refused cell.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

import attrs
import pytest
from dateutil.parser import isoparse
from hypothesis import given, settings
from hypothesis import strategies as st

import custinteract as ci
from custinteract import _serialization
from custinteract._models import EMPTY_MAP, field_setters
from custinteract._time import DATETIME_TEXT_PATTERN, parse_document_datetime

T = datetime(2026, 3, 4, 10, 0, tzinfo=timezone.utc)


def _full_read(cls: type[Any], document: dict[str, Any]) -> Any:
    """The full reader alone: cattrs' structure function, no fast reader."""
    body = dict(document)
    body.pop("schema_version", None)
    build = _serialization.make_dict_structure_fn(
        cls,
        _serialization._CONVERTER,
        _cattrs_forbid_extra_keys=True,
        _cattrs_detailed_validation=True,
    )
    return build(body, cls)


RICH = ci.Interaction(
    id="i-1",
    customer_id="c-1",
    timestamp=T,
    sentiment=ci.Sentiment.NEGATIVE,
    channel=ci.Channel.PHONE,
    kind=ci.InteractionKind.COMPLAINT,
    direction=ci.Direction.OUTBOUND,
    staff_id="s-1",
    rating=ci.Rating(value=2, scale=ci.RatingScale.CSAT),
    category="billing",
    gesture=ci.RecoveryGesture(kind=ci.GestureKind.REFUND, value=5, answers="i-0"),
    resolved=True,
    metadata={"plan": "gold"},
)


@pytest.mark.parametrize(
    "value",
    [
        RICH,
        ci.Interaction(id="i-2", customer_id="c", timestamp=T, sentiment=ci.Sentiment.POSITIVE),
        ci.Customer(id="c-1", created=T, attributes={"region": "north"}),
        ci.StaffEvent(
            id="e-1", staff_id="s-1", kind=ci.StaffEventKind.SURVEY, timestamp=T, score=7
        ),
        ci.RecoveryPolicy(),
        ci.Reason(code="recovery.negative", message="a negative"),
    ],
    ids=lambda value: type(value).__name__,
)
def test_fast_reader_gives_what_the_full_reader_gives(value: Any) -> None:
    document = json.loads(json.dumps(ci.to_dict(value)))
    fast = ci.from_dict(type(value), document)
    assert fast == value
    assert fast == _full_read(type(value), document)
    assert ci.from_dicts(type(value), [document, document]) == (value, value)


def test_a_fast_reader_exists_for_interactions_and_shares_the_empty_map() -> None:
    document = ci.to_dict(
        ci.Interaction(id="i", customer_id="c", timestamp=T, sentiment=ci.Sentiment.NEUTRAL)
    )
    assert _serialization._fast_reader(ci.Interaction) is not _serialization._doubt
    read = ci.from_dict(ci.Interaction, document)
    assert read.metadata is EMPTY_MAP
    assert ci.from_dict(ci.Interaction, {**document, "metadata": {"a": "b"}}).metadata == {"a": "b"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"id": "  "}, "id"),
        ({"id": 7}, "id"),
        ({"sentiment": "Negative"}, "sentiment"),
        ({"resolved": 1}, "resolved"),
        ({"staff_id": ""}, "staff_id"),
        ({"rating": {"value": 11, "scale": "csat"}}, "rating.value"),
        ({"rating": {"value": True, "scale": "nps"}}, "rating.value"),
        ({"gesture": {"kind": "refund", "value": -1}}, "gesture.value"),
        ({"metadata": {"k": 1}}, "metadata"),
        ({"timestamp": "2026-02-30T10:00:00Z"}, "timestamp"),
        ({"timestamp": "2026-03-04T10:00:00"}, "timestamp"),
        ({"schema_version": 2}, "schema_version"),
        ({"colour": "red"}, "$"),
    ],
)
def test_what_the_fast_reader_doubts_is_refused_as_before(
    change: dict[str, Any], field: str
) -> None:
    document = {**ci.to_dict(RICH), **change}
    with pytest.raises(ci.InvalidInputError) as caught:
        ci.from_dict(ci.Interaction, document)
    assert caught.value.field.startswith(field)
    with pytest.raises(ci.InvalidInputError) as many:
        ci.from_dicts(ci.Interaction, [ci.to_dict(RICH), document])
    assert many.value.field.startswith("[1]")


def test_a_string_subclass_is_left_to_the_full_reader() -> None:
    class Text(str):
        pass

    document = {**ci.to_dict(RICH), "category": Text("billing")}
    assert ci.from_dict(ci.Interaction, document) == RICH


@pytest.mark.parametrize(
    "document",
    [
        {"id": "i", "customer_id": "c", "timestamp": "2026-03-04T10:00:00Z", "x": 1},
        {"id": "i", "customer_id": "c", "sentiment": "neutral", "x": 1},
        {
            "id": "i",
            "customer_id": "c",
            "timestamp": "2026-03-04T10:00:00Z",
            "sentiment": "neutral",
            "channel": "other",
            "x": None,
        },
    ],
)
def test_an_unknown_key_is_refused_whatever_else_is_missing(document: dict[str, Any]) -> None:
    with pytest.raises(ci.InvalidInputError):
        ci.from_dict(ci.Interaction, document)


def test_any_mapping_is_read_as_a_dict_is() -> None:
    from types import MappingProxyType

    document = json.loads(json.dumps(ci.to_dict(RICH)))
    assert ci.from_dict(ci.Interaction, MappingProxyType(document)) == RICH


@settings(max_examples=60, deadline=None)
@given(st.one_of(st.text(max_size=3), st.datetimes(timezones=st.just(timezone.utc))))
def test_what_a_reader_accepts_at_once_its_validator_accepts(value: Any) -> None:
    from datetime import datetime as moment

    from custinteract._readers import _AT_ONCE
    from custinteract._time import EARLIEST_YEAR, LATEST_YEAR

    names = {
        "datetime": moment,
        "utc": timezone.utc,
        "earliest": EARLIEST_YEAR,
        "latest": LATEST_YEAR,
        "value": value,
    }
    field = attrs.fields(ci.Interaction).id
    for validator, test in _AT_ONCE.items():
        if eval(test.format("value"), names):  # the reader's own test
            validator(None, field, value)  # accepted: raises nothing


def test_cross_field_validators_still_run_on_defaults() -> None:
    # a survey without its score: the default None is refused by a validator that reads the kind
    with pytest.raises(ci.InvalidInputError, match="score"):
        ci.from_dict(
            ci.StaffEvent,
            {"id": "e", "staff_id": "s", "kind": "survey", "timestamp": "2026-03-04T10:00:00Z"},
        )


def test_field_setters_refuse_classes_they_cannot_build() -> None:
    assert field_setters(ci.Interaction) is not None
    assert field_setters(ci.RecoveryLedger) is None  # fields outside __init__, post-init work
    assert set(field_setters(ci.Interaction) or {}) == {
        f.name for f in attrs.fields(ci.Interaction)
    }


@settings(max_examples=60, deadline=None)
@given(st.from_regex(DATETIME_TEXT_PATTERN, fullmatch=True).filter(lambda t: t.isascii()))
def test_document_timestamps_read_as_dateutil_reads_them(text: str) -> None:
    try:
        expected = isoparse(text)
    except ValueError:
        with pytest.raises(ci.InvalidInputError):
            parse_document_datetime(text)
        return
    got = parse_document_datetime(text)
    assert got == expected
    assert got.utcoffset() == expected.utcoffset()
    assert got.isoformat() == expected.isoformat()


# ----------------------------------------------------------------------------- frames


def _frame() -> Any:
    pd = pytest.importorskip("pandas")
    np = pytest.importorskip("numpy")
    rng = np.random.default_rng(1)
    n = 400
    frame = pd.DataFrame(
        {
            "id": [f"i{k}" for k in range(n)],
            "customer_id": rng.integers(0, 30, n),
            "timestamp": pd.Timestamp("2026-01-01", tz="Europe/Paris")
            + pd.to_timedelta(rng.integers(0, 30_000_000, n), unit="s"),
            "sentiment": rng.choice(["positive", "negative", None], n),
            "channel": rng.choice(["phone", "email"], n),
            "staff_id": rng.choice(["s1", "s2", None], n),
            "category": rng.choice(["billing", None], n),
            "rating_value": pd.array(rng.choice([1, 2, 3, 4, 5, None], n), dtype="Int64"),
            "rating_scale": ["csat"] * n,
            "gesture_kind": rng.choice(["apology", "refund", None], n),
            "gesture_value": rng.choice([1.5, np.nan], n),
            "gesture_answers": rng.choice(["i1", None], n),
            "resolved": pd.array(rng.choice([True, False, None], n), dtype="boolean"),
        }
    )
    frame.loc[frame["rating_value"].isna(), "sentiment"] = "neutral"
    return frame


def _row_by_row(frame: Any) -> tuple[ci.Interaction, ...]:
    from custinteract import _frames_values, _tabular

    out = _tabular.normalize_interactions(frame)
    return tuple(_frames_values._interaction_from_record(r) for r in out.to_dict("records"))


def test_frame_to_objects_equals_the_row_by_row_path() -> None:
    from custinteract.frames import interactions_from_frame

    frame = _frame()
    fast = interactions_from_frame(frame)
    assert fast == _row_by_row(frame)
    assert all(
        a.timestamp.tzinfo == b.timestamp.tzinfo
        for a, b in zip(fast, _row_by_row(frame), strict=True)
    )
    rated = [i.rating for i in fast if i.rating is not None]
    assert len({id(r) for r in rated}) <= 5  # one Rating per distinct cells, shared


@pytest.mark.parametrize(
    ("column", "value", "message"),
    [
        ("staff_id", "  ", "row 5: staff_id: expected a non-blank string"),
        ("category", 7, "row 5: category: expected a non-blank string"),
        ("gesture_value", -1.0, "row 5: value: expected a finite number of at least 0"),
    ],
)
def test_a_refused_cell_gets_the_constructors_error(column: str, value: Any, message: str) -> None:
    from custinteract.frames import interactions_from_frame

    frame = _frame()
    frame[column] = frame[column].astype(object)
    frame.loc[5, column] = value
    frame.loc[5, "gesture_kind"] = "refund"
    with pytest.raises(ci.InvalidInputError, match=message.replace("(", r"\(")):
        interactions_from_frame(frame)
