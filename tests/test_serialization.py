"""Lossless dict/JSON round trips, schema validity, and strict reading of any JSON."""

from __future__ import annotations

import copy
import json
from datetime import datetime, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import custinteract as ci
from custinteract import testing

MODEL_STRATEGIES: dict[type[Any], st.SearchStrategy[Any]] = {
    ci.Interaction: testing.interactions(),
    ci.Customer: testing.customers(),
    ci.StaffMember: testing.staff_members(),
    ci.StaffEvent: testing.staff_events(),
    ci.Reason: testing.reasons(),
    ci.Rating: testing.ratings(),
    ci.RecoveryGesture: testing.recovery_gestures(),
    ci.Dataset: testing.datasets(),
}


def _default_constructible() -> list[type[Any]]:
    """Every public class of ours that builds with no arguments: the policies, mostly."""
    found = []
    for name in ci.__all__:
        cls = getattr(ci, name)
        if isinstance(cls, type) and attrs.has(cls):
            try:
                cls()
            except TypeError:  # required arguments
                continue
            found.append(cls)
    return found


DEFAULTS = _default_constructible()

any_model = st.sampled_from(sorted(MODEL_STRATEGIES, key=lambda c: c.__name__)).flatmap(
    lambda cls: MODEL_STRATEGIES[cls]
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=20,
)


def _validator(cls: type[Any]) -> jsonschema.Draft202012Validator:
    schema = ci.json_schema(cls)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


VALIDATORS = {cls: _validator(cls) for cls in [*MODEL_STRATEGIES, *DEFAULTS]}

# A value of each JSON type, for swapping a value's type (drawn as copies: mutations nest).
JSON_SAMPLES: list[Any] = [None, True, False, 0, -1, 7, 2.5, "", "x", [], [1], {}, {"k": "v"}]
json_samples = st.sampled_from(JSON_SAMPLES).map(copy.deepcopy)


def _paths(document: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(document, dict):
        for key, item in document.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(document, list):
        for index, item in enumerate(document):
            found += _paths(item, (*prefix, index))
    return found


def _containers(document: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Paths of every object in the document, the document itself included."""
    found = [prefix] if isinstance(document, dict) else []
    for path in _paths(document, prefix):
        node = document
        for step in path[len(prefix) :]:
            node = node[step]
        if isinstance(node, dict):
            found.append(path)
    return found


def _at(document: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        document = document[step]
    return document


@st.composite
def mutated(draw: st.DrawFn, document: dict[str, Any]) -> dict[str, Any]:
    """A valid document with one to three places changed.

    Each change is one of: a value's type swapped, a value replaced by any
    JSON, a value replaced by another part of the same document (a nested
    object where a number belongs, say), a value wrapped in a list or an
    object, a key or list item removed, or an unknown key added to any object.
    So reading reaches every nested hook with every kind of wrong value.
    """
    result = copy.deepcopy(document)
    for _ in range(draw(st.integers(1, 3))):
        paths = _paths(result)
        action = draw(
            st.sampled_from(["swap", "any", "transplant", "wrap", "delete", "extra"])
            if paths
            else st.just("extra")
        )
        if action == "extra":
            parent = _at(result, draw(st.sampled_from(_containers(result))))
            parent[draw(st.text(min_size=1, max_size=6))] = draw(json_samples)
            continue
        path = draw(st.sampled_from(paths))
        parent, key = _at(result, path[:-1]), path[-1]
        old = parent[key]
        if action == "delete":
            del parent[key]
        elif action == "swap":
            parent[key] = draw(
                st.sampled_from([x for x in JSON_SAMPLES if type(x) is not type(old)]).map(
                    copy.deepcopy
                )
            )
        elif action == "any":
            parent[key] = draw(json_values)
        elif action == "transplant":
            parent[key] = copy.deepcopy(_at(result, draw(st.sampled_from(paths))))
        else:
            parent[key] = draw(st.sampled_from([[old], {"value": old}]))
    return result


def _document_and_mutation(cls_strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    def pair(value: Any) -> st.SearchStrategy[tuple[type[Any], dict[str, Any], dict[str, Any]]]:
        document = json.loads(json.dumps(ci.to_dict(value)))
        return st.tuples(st.just(type(value)), st.just(document), mutated(document))

    return cls_strategy.flatmap(pair)


mutated_models = _document_and_mutation(any_model)
mutated_defaults = _document_and_mutation(
    st.sampled_from(DEFAULTS).map(lambda cls: cls())  # type: ignore[no-any-return]
)


@given(any_model)
def test_round_trip_through_dict_and_json(value: Any) -> None:
    """to_dict then from_dict, also through json.dumps/json.loads, gives an equal value."""
    cls = type(value)
    document = ci.to_dict(value)
    assert ci.from_dict(cls, document) == value
    assert ci.from_dict(cls, json.loads(json.dumps(document))) == value
    assert ci.to_dict(ci.from_dict(cls, document)) == document


@given(any_model)
def test_to_dict_output_validates_against_the_schema(value: Any) -> None:
    """Every document we write is valid against the JSON Schema we publish."""
    document = json.loads(json.dumps(ci.to_dict(value)))
    VALIDATORS[type(value)].validate(document)
    assert document["schema_version"] == ci.SCHEMA_VERSION


@settings(max_examples=300)
@given(st.sampled_from(sorted(MODEL_STRATEGIES, key=lambda c: c.__name__)), json_values)
def test_arbitrary_json_builds_a_model_or_raises_invalid_input(cls: type[Any], data: Any) -> None:
    """Any JSON value fed to from_dict either builds a valid model or raises InvalidInputError."""
    error: ci.InvalidInputError | None = None
    try:
        value = ci.from_dict(cls, data)
    except ci.InvalidInputError as exc:
        error = exc
    if error is None:
        assert isinstance(value, cls)
    else:
        assert error.problems
        assert str(error)


def _read_or_refuse(cls: type[Any], document: dict[str, Any]) -> ci.InvalidInputError | None:
    """from_dict builds a valid ``cls`` or raises InvalidInputError; anything else escapes."""
    error: ci.InvalidInputError | None = None
    try:
        value = ci.from_dict(cls, document)
    except ci.InvalidInputError as exc:
        error = exc
    if error is not None:
        assert error.problems
        for path, description in error.problems:
            assert path
            assert description.startswith("expected ")
        return error
    assert isinstance(value, cls)
    written = ci.to_dict(value)  # documents, not values: a RecoveryLedger compares by identity
    assert ci.to_dict(ci.from_dict(cls, written)) == written
    return None


@settings(max_examples=400)
@given(mutated_models)
def test_mutated_documents_build_a_model_or_raise_invalid_input(
    case: tuple[type[Any], dict[str, Any], dict[str, Any]],
) -> None:
    """Valid documents with fields swapped, removed, added or nested: a model or InvalidInputError.

    Unlike arbitrary JSON, these reach the nested fields (``rating.value``,
    ``interactions[2].gesture.kind``) where a bug in a hook would hide.
    """
    cls, _, document = case
    _read_or_refuse(cls, document)


@settings(max_examples=200)
@given(mutated_defaults)
def test_mutated_policy_documents_build_a_policy_or_raise_invalid_input(
    case: tuple[type[Any], dict[str, Any], dict[str, Any]],
) -> None:
    """The same for every class that has defaults (the engines' policies)."""
    cls, _, document = case
    _read_or_refuse(cls, document)


@settings(max_examples=300)
@given(st.one_of(mutated_models, mutated_defaults))
def test_schema_invalid_documents_are_rejected_by_from_dict(
    case: tuple[type[Any], dict[str, Any], dict[str, Any]],
) -> None:
    """Mutate a valid document: if the schema rejects it, from_dict does too."""
    cls, _, document = case
    schema_valid = VALIDATORS[cls].is_valid(document)
    if _read_or_refuse(cls, document) is None:
        assert schema_valid, f"from_dict accepted a schema-invalid document: {document!r}"


def test_a_bug_inside_a_nested_value_is_not_reported_as_bad_input() -> None:
    """An exception that is not a document problem escapes from_dict unchanged, however deep."""

    def broken(instance: Any, attribute: Any, value: Any) -> None:
        raise ZeroDivisionError("a bug in a validator")

    @attrs.frozen(kw_only=True)
    class Inner:
        x: int = attrs.field(validator=broken)

    @attrs.frozen(kw_only=True)
    class Outer:
        items: tuple[Inner, ...]

    for cls in (Inner, Outer):
        attrs.resolve_types(cls, localns={"Inner": Inner})
        cls.__module__ = "custinteract.tests_only"  # so that from_dict takes it as ours
    with pytest.raises(ZeroDivisionError, match="a bug in a validator"):
        ci.from_dict(Outer, {"items": [{"x": 1}]})
    # while a missing field, an unknown one and a bad value are the document's problems
    with pytest.raises(ci.InvalidInputError) as info:
        ci.from_dict(Outer, {"items": [{}, {"x": 1, "y": 2}, {"x": "1"}]})
    assert [path for path, _ in info.value.problems] == ["items[0].x", "items[1]", "items[2].x"]


def test_bad_document_names_the_path_of_every_problem() -> None:
    """A nested problem is reported with its full path, every problem once."""
    good = {
        "id": "i-1",
        "customer_id": "c-1",
        "timestamp": "2026-03-04T10:00:00+00:00",
        "sentiment": "negative",
    }
    bad = {**good, "timestamp": "2026-03-04T10:00:00"}
    document = {"interactions": [good | {"id": f"i-{n}"} for n in range(3)] + [bad | {"id": "i-9"}]}
    document["customers"] = [
        {"id": "c-1", "created": "2026-01-01T00:00:00+00:00", "consent": "yes"}
    ]
    with pytest.raises(ci.InvalidInputError) as info:
        ci.from_dict(ci.Dataset, document)
    paths = [path for path, _ in info.value.problems]
    assert paths == ["customers[0].consent", "interactions[3].timestamp"]
    assert info.value.field == "customers[0].consent"
    assert "'yes'" in str(info.value)
    assert "interactions[3].timestamp" in str(info.value)


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"sentiment": "Negative"}, "sentiment"),
        ({"id": 5}, "id"),
        ({"resolved": "true"}, "resolved"),
        ({"rating": {"scale": "nps", "value": 10.5}}, "rating.value"),
        ({"rating": {"scale": "csat", "value": 9}}, "rating.value"),
        ({"rating": {"scale": "stars", "value": 3}}, "rating.scale"),
        ({"metadata": {"k": 5}}, "metadata['k']"),
        ({"metadata": ["k"]}, "metadata"),
        ({"colour": "red"}, "$"),
        ({"gesture": {"kind": "refund", "value": -5}}, "gesture.value"),
    ],
)
def test_no_implicit_coercion(change: dict[str, Any], path: str) -> None:
    """Strings are not numbers, numbers are not booleans, unknown fields are errors."""
    good = {
        "id": "i-1",
        "customer_id": "c-1",
        "timestamp": "2026-03-04T10:00:00+00:00",
        "sentiment": "negative",
    }
    with pytest.raises(ci.InvalidInputError) as info:
        ci.from_dict(ci.Interaction, {**good, **change})
    assert info.value.field == path


def test_schema_version_is_checked() -> None:
    """A document from an unknown schema version is refused; an absent one means current."""
    good = {
        "id": "i-1",
        "customer_id": "c-1",
        "timestamp": "2026-03-04T10:00:00+00:00",
        "sentiment": "neutral",
    }
    assert ci.from_dict(ci.Interaction, good).id == "i-1"
    for version in (2, "1", True, None):
        with pytest.raises(ci.InvalidInputError, match="schema_version"):
            ci.from_dict(ci.Interaction, {**good, "schema_version": version})


def test_only_our_classes_are_serialised() -> None:
    """to_dict, from_dict and json_schema refuse classes that are not custinteract's."""

    @attrs.frozen
    class Foreign:
        x: int

    with pytest.raises(ci.InvalidInputError, match="cls"):
        ci.from_dict(Foreign, {"x": 1})
    with pytest.raises(ci.InvalidInputError, match="cls"):
        ci.to_dict(Foreign(1))
    with pytest.raises(ci.InvalidInputError, match="cls"):
        ci.json_schema(dict)


def test_zone_names_become_offsets() -> None:
    """A zoneinfo timestamp round-trips to the same instant and offset (the zone name is not kept)."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    when = datetime(2026, 7, 1, 9, 0, tzinfo=ZoneInfo("Europe/London"))
    value = ci.Customer(id="c-1", created=when)
    back = ci.from_dict(ci.Customer, ci.to_dict(value))
    assert back == value
    assert back.created.utcoffset() == when.utcoffset()
    assert ci.to_dict(value)["created"] == "2026-07-01T09:00:00+01:00"


GOOD_INTERACTION = {
    "id": "i-1",
    "customer_id": "c-1",
    "timestamp": "2026-03-04T10:00:00+00:00",
    "sentiment": "negative",
}


@pytest.mark.parametrize(
    ("text", "accepted"),
    [
        ("2026-03-04T10:00:00+00:00", True),
        ("2026-03-04T10:00:00Z", True),
        ("2026-03-04T10:00:00.5-05:30", True),
        ("2026-03-04T10:00:00.123456+14:00", True),
        ("2026-03-04T10:00:00", False),  # naive
        ("2026-03-04", False),
        ("2026-03-04T10:00Z", False),  # no seconds
        ("2026-03-04 10:00:00+00:00", False),
        ("2026-03-04t10:00:00z", False),
        ("20260304T100000+0100", False),  # basic format
        ("2026-03-04T10:00:00.123456789Z", False),  # nanoseconds would be cut
        ("2026-03-04T10:00:00+00:19:32", False),  # an offset with seconds
        ("2026-03-04T24:00:00Z", False),
        ("2026-03-04T10:00:00+0100", False),
    ],
)
def test_timestamp_text_is_read_exactly_as_the_schema_says(text: str, accepted: bool) -> None:
    """The schema's timestamp pattern and from_dict accept and refuse the same text."""
    document = {**GOOD_INTERACTION, "timestamp": text}
    assert VALIDATORS[ci.Interaction].is_valid(document) is accepted
    if accepted:
        assert ci.from_dict(ci.Interaction, document).timestamp == ci.parse_datetime(text)
    else:
        with pytest.raises(ci.InvalidInputError) as info:
            ci.from_dict(ci.Interaction, document)
        assert info.value.field == "timestamp"
        assert "RFC 3339" in str(info.value)


def test_every_timestamp_in_every_schema_requires_an_offset() -> None:
    """No date-time in any published schema is a bare annotation: each carries the pattern."""

    def walk(node: Any) -> list[dict[str, Any]]:
        if isinstance(node, dict):
            found = [node] if node.get("format") == "date-time" else []
            return found + [x for value in node.values() for x in walk(value)]
        if isinstance(node, list):
            return [x for value in node for x in walk(value)]
        return []

    for cls in VALIDATORS:
        for fragment in walk(ci.json_schema(cls)):
            assert fragment["pattern"].endswith(r"(Z|[+-]([01][0-9]|2[0-3]):[0-5][0-9])$")


AMSTERDAM_1930 = datetime(1930, 5, 1, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))


def test_offsets_with_seconds_are_refused_at_construction() -> None:
    """Amsterdam's +00:19:32 of 1930 cannot be written as RFC 3339: refused, with the fix named."""
    assert AMSTERDAM_1930.utcoffset() == timedelta(minutes=19, seconds=32)
    with pytest.raises(ci.InvalidInputError) as info:
        ci.Customer(id="c-1", created=AMSTERDAM_1930)
    assert info.value.field == "created"
    assert "+00:19:32" in str(info.value)
    assert "astimezone(timezone.utc)" in str(info.value)
    # the suggested conversion keeps the instant and round-trips
    customer = ci.Customer(id="c-1", created=AMSTERDAM_1930.astimezone(timezone.utc))
    assert customer.created == AMSTERDAM_1930
    assert ci.from_dict(ci.Customer, ci.to_dict(customer)) == customer
    # Amsterdam's whole-minute +00:20 of 1938 is fine
    later = datetime(1938, 5, 1, 12, 0, tzinfo=ZoneInfo("Europe/Amsterdam"))
    assert ci.to_dict(ci.Customer(id="c-1", created=later))["created"].endswith("+00:20")


sub_minute_offsets = st.builds(
    lambda minutes, seconds, micros: timezone(
        timedelta(minutes=minutes, seconds=seconds, microseconds=micros)
    ),
    st.integers(-12 * 60, 14 * 60),
    st.integers(0, 59),
    st.integers(0, 999_999),
).filter(lambda zone: zone.utcoffset(None) % timedelta(minutes=1) != timedelta(0))


@given(
    st.datetimes(
        min_value=datetime(2020, 1, 1),
        max_value=datetime(2030, 12, 31),
        timezones=sub_minute_offsets,
    ),
    st.sampled_from(["interaction", "customer", "staff", "event"]),
)
def test_no_model_accepts_an_offset_that_its_document_could_not_carry(
    moment: datetime, model: str
) -> None:
    """Every timestamp field refuses offsets with seconds; no value is lost on the way out."""
    build = {
        "interaction": lambda: ci.Interaction(
            id="i-1", customer_id="c-1", timestamp=moment, sentiment=ci.Sentiment.NEUTRAL
        ),
        "customer": lambda: ci.Customer(id="c-1", created=moment),
        "staff": lambda: ci.StaffMember(id="s-1", name="Ada", hired=moment),
        "event": lambda: ci.StaffEvent(
            id="e-1", staff_id="s-1", timestamp=moment, kind=ci.StaffEventKind.REWARD
        ),
    }[model]
    with pytest.raises(ci.InvalidInputError, match="whole number of minutes"):
        build()
    with pytest.raises(ci.InvalidInputError, match="RFC 3339"):
        ci.from_dict(ci.Interaction, {**GOOD_INTERACTION, "timestamp": moment.isoformat()})


def test_numbers_beyond_float_range_are_refused_not_overflowed() -> None:
    """10**400 is not a finite number: a clear InvalidInputError, in code and in documents."""
    with pytest.raises(ci.InvalidInputError, match=r"^value: expected a finite number"):
        ci.RecoveryGesture(kind=ci.GestureKind.REFUND, value=10**400)
    document = {**GOOD_INTERACTION, "gesture": {"kind": "refund", "value": 10**400}}
    with pytest.raises(ci.InvalidInputError) as info:
        ci.from_dict(ci.Interaction, document)
    assert info.value.field == "gesture.value"
    assert "finite number" in str(info.value)
    # json.loads reads 1e400 as inf: refused the same way
    overflowing = json.loads(
        json.dumps(GOOD_INTERACTION)[:-1] + ', "gesture": {"kind": "refund", "value": 1e400}}'
    )
    with pytest.raises(ci.InvalidInputError, match="finite number"):
        ci.from_dict(ci.Interaction, overflowing)


@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"metadata": "k=v"}, "metadata"),
        ({"metadata": 5}, "metadata"),
        ({"rating": ["csat", 5]}, "rating"),
        ({"gesture": "refund"}, "gesture"),
        ({"rating": {"scale": "csat"}}, "rating.value"),
    ],
)
def test_wrong_shapes_of_nested_values_name_their_path(change: dict[str, Any], path: str) -> None:
    """A string or number where an object belongs is bad input at that path, not a crash."""
    with pytest.raises(ci.InvalidInputError) as info:
        ci.from_dict(ci.Interaction, {**GOOD_INTERACTION, **change})
    assert info.value.field == path


def test_policy_mappings_refuse_non_objects() -> None:
    """A policy's enum-keyed mapping given a string or a list is bad input at its path."""
    for bad in ("refund", ["refund"], 3):
        with pytest.raises(ci.InvalidInputError) as info:
            ci.from_dict(ci.RecoveryPolicy, {"gesture_credit": bad})
        assert info.value.field == "gesture_credit"


def test_customer_dates_must_tell_one_story() -> None:
    """A churned customer must have become one; neither date may precede created."""
    created = "2026-01-05T00:00:00+00:00"
    cases = [
        ({"churned": "2026-02-01T00:00:00+00:00"}, "churned", False),
        ({"became_customer": "2026-01-04T00:00:00+00:00"}, "became_customer", True),
        (
            {"became_customer": created, "churned": "2026-01-01T00:00:00+00:00"},
            "churned",
            True,
        ),
    ]
    for change, field, schema_accepts in cases:
        document = {"id": "c-1", "created": created, **change}
        with pytest.raises(ci.InvalidInputError) as info:
            ci.from_dict(ci.Customer, document)
        assert info.value.field == field
        # JSON Schema cannot compare dates, but it does say churned needs became_customer
        assert VALIDATORS[ci.Customer].is_valid(document) is schema_accepts
    won_back = {
        "id": "c-1",
        "created": created,
        "became_customer": "2026-06-01T00:00:00+00:00",
        "churned": "2026-03-01T00:00:00+00:00",
    }
    assert ci.from_dict(ci.Customer, won_back).is_customer


def test_a_whole_document_nests_in_another() -> None:
    """A to_dict document, version and all, can stand where a nested value goes."""
    rating = ci.Rating(scale=ci.RatingScale.CSAT, value=2)
    interaction = ci.Interaction(
        id="i-1",
        customer_id="c-1",
        timestamp=datetime(2026, 3, 4, tzinfo=timezone.utc),
        sentiment=ci.Sentiment.NEGATIVE,
        rating=rating,
    )
    document = {**ci.to_dict(interaction), "rating": ci.to_dict(rating)}
    assert document["rating"]["schema_version"] == ci.SCHEMA_VERSION
    assert ci.from_dict(ci.Interaction, document) == interaction
    assert _validator(ci.Interaction).is_valid(document)


def test_integers_stay_within_what_json_clients_hold() -> None:
    """2**53 - 1 is the largest integer accepted, in the validators and the schema alike."""
    assert ci.RecoveryPolicy(positives_per_negative=2**53 - 1).positives_per_negative == 2**53 - 1
    with pytest.raises(ci.InvalidInputError, match="JSON client"):
        ci.RecoveryPolicy(positives_per_negative=2**53)
    schema = ci.json_schema(ci.RecoveryPolicy)["properties"]["positives_per_negative"]
    assert schema["maximum"] == 2**53 - 1
