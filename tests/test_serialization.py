"""Lossless dict/JSON round trips, schema validity, and strict reading of any JSON."""

from __future__ import annotations

import copy
import json
from typing import Any

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
    ci.Dataset: st.builds(
        ci.Dataset,
        customers=st.lists(testing.customers(), max_size=3, unique_by=lambda c: c.id),
        interactions=st.lists(testing.interactions(), max_size=4, unique_by=lambda i: i.id),
        staff=st.lists(testing.staff_members(), max_size=2, unique_by=lambda s: s.id),
        staff_events=st.lists(testing.staff_events(), max_size=3, unique_by=lambda e: e.id),
    ),
}

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


VALIDATORS = {cls: _validator(cls) for cls in MODEL_STRATEGIES}


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


def _paths(document: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix] if prefix else []
    if isinstance(document, dict):
        for key, item in document.items():
            found += _paths(item, (*prefix, key))
    elif isinstance(document, list):
        for index, item in enumerate(document):
            found += _paths(item, (*prefix, index))
    return found


@settings(max_examples=300)
@given(any_model, st.data())
def test_schema_invalid_documents_are_rejected_by_from_dict(
    value: Any, data: st.DataObject
) -> None:
    """Mutate one place of a valid document: if the schema rejects it, from_dict does too."""
    cls = type(value)
    document = json.loads(json.dumps(ci.to_dict(value)))
    paths = _paths(document)
    mutated = copy.deepcopy(document)
    if paths:
        path = data.draw(st.sampled_from(paths))
        parent = mutated
        for step in path[:-1]:
            parent = parent[step]
        action = data.draw(st.sampled_from(["replace", "delete", "extra"]))
        if action == "replace" or isinstance(parent, list):
            parent[path[-1]] = data.draw(json_values)
        elif action == "delete":
            del parent[path[-1]]
        else:
            parent[data.draw(st.text(min_size=1, max_size=5))] = data.draw(json_values)
    schema_valid = VALIDATORS[cls].is_valid(mutated)
    try:
        ci.from_dict(cls, mutated)
    except ci.InvalidInputError:
        return
    assert schema_valid, f"from_dict accepted a schema-invalid document: {mutated!r}"


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
