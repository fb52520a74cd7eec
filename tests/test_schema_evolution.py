"""Reading documents across schema versions: earlier ones through upgrade steps, later ones refused.

Version 1 is the only version released so far, so these tests stand in a
release that has bumped the version: ``SCHEMA_VERSION`` and the upgrade
steps are patched, and real version-1 documents (``to_dict`` output) are
given the shape an earlier version would have had.
"""

from __future__ import annotations

import copy
from datetime import datetime, timezone
from typing import Any

import pytest

import custinteract as ci
from custinteract import _serialization as ser

T0 = datetime(2026, 3, 4, 10, 0, tzinfo=timezone.utc)


def _ledger() -> ci.RecoveryLedger:
    ledger = ci.RecoveryLedger(policy=ci.RecoveryPolicy(positives_per_negative=4))
    for n, sentiment in enumerate([ci.Sentiment.NEGATIVE, ci.Sentiment.POSITIVE]):
        ledger = ledger.record(
            ci.Interaction(id=f"i-{n}", customer_id="c-1", timestamp=T0, sentiment=sentiment)
        )
    return ledger


def _as_version_1(document: dict[str, Any]) -> dict[str, Any]:
    """The document as version 1 of the patched world wrote it: two fields with older names."""
    old = copy.deepcopy(document)
    old["schema_version"] = 1
    old["rules"] = old.pop("policy")
    old["rules"]["positives_needed"] = old["rules"].pop("positives_per_negative")
    return old


@pytest.fixture
def version_2(monkeypatch: pytest.MonkeyPatch) -> None:
    """A release at version 2, which renamed two fields and reads version 1 through a step."""
    monkeypatch.setattr(ser, "SCHEMA_VERSION", 2)
    monkeypatch.setattr(
        ser,
        "_UPGRADES",
        {
            1: {
                "RecoveryLedger": ser._renamed("rules", "policy"),
                "RecoveryPolicy": ser._renamed("positives_needed", "positives_per_negative"),
            }
        },
    )


@pytest.mark.usefixtures("version_2")
def test_a_document_of_the_previous_version_is_upgraded_nested_objects_included() -> None:
    """The ledger's own field and its nested policy's field are both renamed; the same future follows."""
    ledger = _ledger()
    current = ci.to_dict(ledger)
    assert current["schema_version"] == 2
    restored = ci.from_dict(ci.RecoveryLedger, _as_version_1(current))
    assert ci.to_dict(restored) == current
    assert restored.assess(as_of=T0) == ledger.assess(as_of=T0)


@pytest.mark.usefixtures("version_2")
def test_steps_apply_only_to_earlier_documents() -> None:
    """A current document with an old name is refused: the step is not a general alias."""
    old = _as_version_1(ci.to_dict(_ledger()))
    with pytest.raises(ci.InvalidInputError, match="rules"):
        ci.from_dict(ci.RecoveryLedger, {**old, "schema_version": 2})


@pytest.mark.usefixtures("version_2")
def test_a_nested_document_keeps_its_own_version() -> None:
    """Nested objects inherit the document's version, unless they carry their own."""
    policy_v1 = {"positives_needed": 3}
    assert (
        ci.from_dict(ci.RecoveryPolicy, {"schema_version": 1, **policy_v1}).positives_per_negative
        == 3
    )
    ledger_v1 = {"schema_version": 1, "rules": {"schema_version": 2, "positives_per_negative": 3}}
    assert ci.from_dict(ci.RecoveryLedger, ledger_v1).policy.positives_per_negative == 3
    with pytest.raises(ci.InvalidInputError, match=r"positives_needed"):
        ci.from_dict(
            ci.RecoveryLedger, {"schema_version": 1, "rules": {"schema_version": 2, **policy_v1}}
        )
    # a version-1 document nested in a version-2 one is upgraded on its own
    interaction = ci.to_dict(
        ci.Interaction(id="i-1", customer_id="c-1", timestamp=T0, sentiment=ci.Sentiment.NEGATIVE)
    )
    dataset = {"schema_version": 2, "interactions": [{**interaction, "schema_version": 1}]}
    assert len(ci.from_dict(ci.Dataset, dataset).interactions) == 1


@pytest.mark.usefixtures("version_2")
def test_versions_outside_the_readable_range_are_refused_by_name() -> None:
    """Later: upgrade custinteract. Earlier than any step: too old. The message names the range."""
    with pytest.raises(
        ci.InvalidInputError, match=r"reads \(1 to 2\).*newer release.*upgrade custinteract"
    ):
        ci.from_dict(ci.RecoveryPolicy, {"schema_version": 3})
    with pytest.raises(ci.InvalidInputError, match=r"reads \(1 to 2\).*older than any"):
        ci.from_dict(ci.RecoveryPolicy, {"schema_version": 0})


def test_steps_chain_across_versions(monkeypatch: pytest.MonkeyPatch) -> None:
    """A document two versions behind goes through both steps, in order."""
    monkeypatch.setattr(ser, "SCHEMA_VERSION", 3)
    monkeypatch.setattr(
        ser,
        "_UPGRADES",
        {
            1: {"RecoveryPolicy": ser._renamed("ratio", "positives_needed")},
            2: {"RecoveryPolicy": ser._renamed("positives_needed", "positives_per_negative")},
        },
    )
    for version, name in [(1, "ratio"), (2, "positives_needed"), (3, "positives_per_negative")]:
        policy = ci.from_dict(ci.RecoveryPolicy, {"schema_version": version, name: 9})
        assert policy.positives_per_negative == 9


def test_this_release_reads_only_its_own_version() -> None:
    """With no earlier version there is no step: 0 is too old, 2 is newer (upgrade custinteract)."""
    good = ci.to_dict(ci.Rating(scale=ci.RatingScale.CSAT, value=5))
    assert ci.from_dict(ci.Rating, good) == ci.Rating(scale=ci.RatingScale.CSAT, value=5)
    with pytest.raises(ci.InvalidInputError, match="upgrade custinteract"):
        ci.from_dict(ci.Rating, {**good, "schema_version": 2})
    with pytest.raises(ci.InvalidInputError, match="older than any"):
        ci.from_dict(ci.Rating, {**good, "schema_version": 0})
    interaction = ci.to_dict(
        ci.Interaction(id="i-1", customer_id="c-1", timestamp=T0, sentiment=ci.Sentiment.POSITIVE)
    )
    later_rating = {**interaction, "rating": {**good, "schema_version": 2}}
    with pytest.raises(ci.InvalidInputError, match=r"rating.schema_version.*upgrade custinteract"):
        ci.from_dict(ci.Interaction, later_rating)


def test_the_version_being_read_does_not_outlive_the_read() -> None:
    """After any read, good or refused, the next one starts from the current version."""
    with pytest.raises(ci.InvalidInputError):
        ci.from_dict(ci.RecoveryPolicy, {"schema_version": 1, "positives_per_negative": "six"})
    assert ser._READING.get(None) is None
    assert ci.from_dict(ci.RecoveryPolicy, {}) == ci.RecoveryPolicy()
