"""One convention each, across every engine: policies, ledgers, mappings, documents.

* Every public function that takes a policy takes it keyword-only, as
  ``policy: XPolicy | None = None`` (None: the defaults). The two that took it
  first and positionally still accept that, with a ``DeprecationWarning``.
* Every ledger is a value: ``record`` returns a new ledger and leaves the
  one it was called on as it was.
* Every mapping a value holds is a read-only ``dict``.
* Only public classes have documents and schemas.
"""

from __future__ import annotations

import copy
import inspect
import json
import pickle
from datetime import datetime, timezone
from typing import Any

import attrs
import pytest

import custinteract as ci

AT = datetime(2026, 3, 4, tzinfo=timezone.utc)


def _contact(n: int, sentiment: ci.Sentiment, customer: str = "c-1") -> ci.Interaction:
    return ci.Interaction(
        id=f"i-{n}",
        customer_id=customer,
        timestamp=datetime(2026, 3, n, tzinfo=timezone.utc),
        sentiment=sentiment,
    )


def _policy_parameters() -> list[tuple[str, inspect.Parameter]]:
    found = []
    for name in ci.__all__:
        value = getattr(ci, name)
        if inspect.isfunction(value):
            for parameter in inspect.signature(value).parameters.values():
                if parameter.name == "policy" or (
                    name == "simulate_bass" and parameter.name == "model"
                ):
                    found.append((name, parameter))
    return found


def test_every_policy_parameter_is_keyword_only_and_defaults_to_none() -> None:
    """``policy: XPolicy | None = None``, keyword-only, on every public function that takes one."""
    parameters = _policy_parameters()
    assert len(parameters) >= 20
    for name, parameter in parameters:
        assert parameter.kind is inspect.Parameter.KEYWORD_ONLY, name
        assert parameter.default is None, name
        assert str(parameter.annotation).endswith("| None"), (name, parameter.annotation)


def test_none_means_the_defaults_everywhere() -> None:
    """Passing None gives the same answer as passing nothing."""
    interactions = [_contact(1, ci.Sentiment.NEGATIVE), _contact(2, ci.Sentiment.POSITIVE)]
    assert ci.measure_satisfaction([], policy=None) == ci.measure_satisfaction([])
    assert ci.satisfaction_trend(interactions, policy=None) == ci.satisfaction_trend(interactions)
    staff = [ci.StaffMember(id="s-1", name="Ada", hired=AT, team="desk")]
    assert ci.assess_team_morale(staff, interactions, as_of=AT, policy=None) == (
        ci.assess_team_morale(staff, interactions, as_of=AT)
    )
    assert ci.simulate_feedback_loop(policy=None, periods=3) == ci.simulate_feedback_loop(periods=3)
    assert ci.simulate_bass(model=None, periods=2) == ci.simulate_bass(periods=2)


def test_a_positional_policy_still_works_with_a_deprecation_warning() -> None:
    """The old call gives the same answer, and says what to write instead."""
    policy = ci.FeedbackLoopPolicy(adjustment_speed=0.25)
    with pytest.warns(DeprecationWarning, match=r"policy=\.\.\."):
        old = ci.simulate_feedback_loop(policy, periods=5)  # type: ignore[misc]
    assert old == ci.simulate_feedback_loop(policy=policy, periods=5)
    model = ci.BassModel(market_size=100)
    with pytest.warns(DeprecationWarning, match=r"model=\.\.\."):
        bass = ci.simulate_bass(model, periods=2)  # type: ignore[misc]
    assert bass == ci.simulate_bass(model=model, periods=2)


def test_a_mistyped_override_is_invalid_input() -> None:
    """``from_team(team, adjustment_sped=...)`` names the unknown field (not a TypeError)."""
    staff = [ci.StaffMember(id="s-1", name="Ada", hired=AT, team="desk")]
    desk = ci.assess_team_morale(staff, [], as_of=AT).team("desk")
    with pytest.raises(ci.InvalidInputError) as caught:
        ci.FeedbackLoopPolicy.from_team(desk, adjustment_sped=0.25)  # type: ignore[call-arg]
    assert caught.value.field == "adjustment_sped"
    assert "adjustment_speed" in str(caught.value)


@pytest.mark.parametrize("cls", [ci.RecoveryLedger, ci.WordOfMouthLedger])
def test_every_ledger_is_a_value(cls: Any) -> None:
    """``record`` returns a new ledger; the one it was called on is unchanged, and can branch."""
    empty = cls()
    before = ci.to_dict(empty)
    one = empty.record(_contact(1, ci.Sentiment.NEGATIVE))
    assert isinstance(one, cls)
    assert ci.to_dict(empty) == before
    # two branches from one ledger keep their own futures
    good = one.record(_contact(2, ci.Sentiment.POSITIVE))
    bad = one.record(_contact(3, ci.Sentiment.NEGATIVE))
    assert _recorded(good) == ["i-1", "i-2"]
    assert _recorded(bad) == ["i-1", "i-3"]
    assert _recorded(one) == ["i-1"]
    # an id seen on another branch only is new on this one
    again = bad.record(attrs.evolve(_contact(4, ci.Sentiment.NEUTRAL), id="i-2"))
    assert _recorded(again) == ["i-1", "i-3", "i-2"]


def _recorded(ledger: Any) -> list[str]:
    return [document["id"] for document in ci.to_dict(ledger)["recorded"]]


def test_the_word_of_mouth_ledger_counts_like_the_batch_on_branches() -> None:
    """Each branch's estimate equals the batch estimate of its own interactions."""
    base = ci.WordOfMouthLedger().record(_contact(1, ci.Sentiment.NEGATIVE))
    left = base.record(_contact(2, ci.Sentiment.POSITIVE)).record(
        _contact(2, ci.Sentiment.POSITIVE)
    )
    right = base.record(_contact(3, ci.Sentiment.NEGATIVE))
    assert (left.positives, left.negatives, left.duplicates) == (1, 1, 1)
    assert (right.positives, right.negatives, right.duplicates) == (0, 2, 0)
    assert right.estimate() == ci.estimate_word_of_mouth(right.interactions)
    assert (base.positives, base.negatives, base.duplicates) == (0, 1, 0)


def test_mappings_are_read_only_dicts() -> None:
    """A FrozenMap is a dict: json.dumps takes it; it is hashable, picklable and refuses changes."""
    interaction = attrs.evolve(_contact(1, ci.Sentiment.POSITIVE), metadata={"ticket": "T-9"})
    assert json.dumps(interaction.metadata) == '{"ticket": "T-9"}'
    assert json.loads(json.dumps(ci.reason_codes()))["recovery.status.at_risk"]
    credit = ci.RecoveryPolicy(gesture_credit={ci.GestureKind.REFUND: 2}).gesture_credit
    assert isinstance(credit, dict)
    assert credit == {**dict.fromkeys(ci.GestureKind, 0.0), ci.GestureKind.REFUND: 2.0}
    assert json.dumps(ci.to_dict(ci.RecoveryPolicy())["gesture_credit"])
    assert pickle.loads(pickle.dumps(credit)) == credit
    assert copy.deepcopy(credit) == credit
    assert hash(credit) == hash(ci.FrozenMap(dict(credit)))
    for change in (
        lambda m: m.__setitem__(ci.GestureKind.REFUND, 1.0),
        lambda m: m.__delitem__(ci.GestureKind.REFUND),
        lambda m: m.update({}),
        lambda m: m.pop(ci.GestureKind.REFUND),
        lambda m: m.popitem(),
        lambda m: m.setdefault(ci.GestureKind.REFUND, 1.0),
        lambda m: m.clear(),
    ):
        with pytest.raises(TypeError, match="read-only"):
            change(credit)
    assert credit[ci.GestureKind.REFUND] == 2.0


def test_only_public_classes_have_documents() -> None:
    """A private class is refused by json_schema, to_dict and from_dict."""
    from custinteract.recovery._engine import _RecoveryLedgerDocument

    for call in (
        lambda: ci.json_schema(_RecoveryLedgerDocument),
        lambda: ci.to_dict(_RecoveryLedgerDocument()),
        lambda: ci.from_dict(_RecoveryLedgerDocument, {}),
    ):
        with pytest.raises(ci.InvalidInputError, match="a public custinteract"):
            call()
    assert ci.json_schema(ci.RecoveryLedger)["title"] == "RecoveryLedger"


def _exported_classes() -> set[type]:
    import custinteract.frames
    import custinteract.testing

    modules: list[Any] = [ci, custinteract.frames, custinteract.testing]
    try:
        import custinteract.plotting

        modules.append(custinteract.plotting)
    except ImportError:  # pragma: no cover - matplotlib not installed
        pass
    return {
        getattr(module, name)
        for module in modules
        for name in module.__all__
        if inspect.isclass(getattr(module, name))
    }


def test_every_internal_attrs_class_has_a_private_name() -> None:
    """An attrs class of a private module that is not exported is named with ``_``, so it has no document.

    Internal rules' values (a morale rule's facts, the feedback loop's regime
    and equilibrium, a recovery gesture's rule) once had public-looking names,
    and ``to_dict`` wrote them.
    """
    import importlib
    import pkgutil

    exported = _exported_classes()
    public_looking = set()
    for info in pkgutil.walk_packages(ci.__path__, "custinteract."):
        if info.name.rsplit(".", 1)[-1] in {"__main__"}:
            continue
        try:
            module = importlib.import_module(info.name)
        except ImportError:  # pragma: no cover - an optional extra missing
            continue
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and attrs.has(value)
                and value.__module__.startswith("custinteract.")
                and not value.__name__.startswith("_")
                and value not in exported
            ):
                public_looking.add(f"{value.__module__}.{value.__name__}")
    assert sorted(public_looking) == []
    from custinteract.morale._loop_rules import _Equilibrium, _Regime

    for cls in (_Equilibrium, _Regime):
        with pytest.raises(ci.InvalidInputError, match="a public custinteract"):
            ci.json_schema(cls)


def test_the_summary_names_what_it_holds() -> None:
    """``owed``: every AT_RISK and RECOVERING customer, most owed first, cut at ``limit``."""
    interactions = [
        _contact(1, ci.Sentiment.NEGATIVE, "a"),
        _contact(2, ci.Sentiment.NEGATIVE, "b"),
        _contact(3, ci.Sentiment.POSITIVE, "b"),
        _contact(4, ci.Sentiment.POSITIVE, "c"),
    ]
    assessments = ci.assess_recoveries(
        interactions, as_of=datetime(2026, 3, 5, tzinfo=timezone.utc)
    )
    summary = ci.summarize_recoveries(assessments)
    assert [(row.customer_id, row.status) for row in summary.owed] == [
        ("a", ci.RecoveryStatus.AT_RISK),
        ("b", ci.RecoveryStatus.RECOVERING),
    ]
    assert [row.customer_id for row in ci.summarize_recoveries(assessments, limit=1).owed] == ["a"]
    with pytest.warns(DeprecationWarning, match=r"\.owed"):
        assert summary.at_risk == summary.owed
