"""The word-of-mouth closed form, ledger, sources ranking, errors, documents and reason codes."""

from __future__ import annotations

import ast
import itertools
import json
import math
from datetime import datetime, timedelta, timezone
from pathlib import Path

import attrs
import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import custinteract as ci
from custinteract import testing
from custinteract.word_of_mouth._rules import expected_reach_by_hop, positives_to_offset

AT = datetime(2026, 3, 4, 10, 0, tzinfo=timezone.utc)
POS, NEU, NEG = ci.Sentiment.POSITIVE, ci.Sentiment.NEUTRAL, ci.Sentiment.NEGATIVE


def experience(
    n: int, sentiment: ci.Sentiment, customer: str = "c-1", days: int = 0
) -> ci.Interaction:
    """An interaction with a given id number, sentiment and customer."""
    return ci.Interaction(
        id=f"i-{n}", customer_id=customer, timestamp=AT + timedelta(days=days), sentiment=sentiment
    )


def base(positives: int, negatives: int, neutrals: int = 0) -> list[ci.Interaction]:
    """A base with the given counts of experiences."""
    sentiments = [POS] * positives + [NEG] * negatives + [NEU] * neutrals
    return [experience(n, s) for n, s in enumerate(sentiments)]


policies = st.builds(
    ci.WordOfMouthPolicy,
    positive_audience=st.floats(0, 20),
    negative_multiplier=st.floats(0, 5),
    retell_probability=st.floats(0, 1),
    retell_audience=st.floats(0, 4),
    max_hops=st.integers(1, 6),
    population=st.none() | st.integers(1, 10_000),
)

EXPECTED_CODES = {
    "word_of_mouth.positive",
    "word_of_mouth.negative",
    "word_of_mouth.neutral",
    "word_of_mouth.no_experiences",
    "word_of_mouth.first_hand_only",
    "word_of_mouth.retelling",
    "word_of_mouth.supercritical",
    "word_of_mouth.subcritical",
    "word_of_mouth.population_cap",
    "word_of_mouth.population_mean_field",
    "word_of_mouth.net_negative",
    "word_of_mouth.net_positive",
    "word_of_mouth.net_zero",
    "word_of_mouth.offset",
    "word_of_mouth.offset_impossible",
    "word_of_mouth.multiplier_below_one",
    "word_of_mouth.duplicate_ignored",
    "word_of_mouth.source.rank",
    "word_of_mouth.simulation.runs",
    "word_of_mouth.simulation.mean",
    "word_of_mouth.cascade.graph",
    "word_of_mouth.cascade.positive",
    "word_of_mouth.cascade.negative",
    "word_of_mouth.cascade.negative_capped",
    "word_of_mouth.cascade.neutral",
    "word_of_mouth.cascade.no_sources",
    "word_of_mouth.cascade.hop_limit",
    "word_of_mouth.bass.standard",
    "word_of_mouth.bass.negative",
    "word_of_mouth.bass.peak",
}


def codes(result: object) -> list[str]:
    """The reason codes of a result, in order."""
    return [reason.code for reason in result.explanation]  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- worked examples


def test_one_positive_is_told_to_five_first_hand() -> None:
    """TARP's figure: a satisfied customer tells about 5 people."""
    estimate = ci.estimate_word_of_mouth(base(1, 0))
    assert estimate.positive_reach == 5
    assert estimate.negative_reach == 0
    assert estimate.positive_reach_by_hop == (5.0, 0.0, 0.0)


def test_one_negative_is_told_to_ten_first_hand() -> None:
    """“What You Need to Know About Customer Interaction”: a negative is told to at least twice as many, 2 x 5 = 10."""
    estimate = ci.estimate_word_of_mouth(base(0, 1))
    assert estimate.negative_reach == 10
    assert estimate.positives_to_offset == 2


def test_one_of_each_nets_minus_five_and_two_positives_offset_one_negative() -> None:
    """One positive and one negative: 5 and 10 first-hand, net -5; 2 positives offset 1 negative."""
    estimate = ci.estimate_word_of_mouth(base(1, 1))
    assert (estimate.positive_reach, estimate.negative_reach, estimate.net_reach) == (5, 10, -5)
    assert estimate.positives_to_offset == 2
    assert "word_of_mouth.net_negative" in codes(estimate)
    balanced = ci.estimate_word_of_mouth(base(2, 1))
    assert balanced.net_reach == 0
    assert "word_of_mouth.net_zero" in codes(balanced)


def test_retelling_half_to_two_for_three_hops_triples_a_negative() -> None:
    """r = 0.5, k' = 2, H = 3: a negative reaches 10 * (1 + 1 + 1) = 30, and r k' = 1 is supercritical."""
    policy = ci.WordOfMouthPolicy(retell_probability=0.5, retell_audience=2, max_hops=3)
    estimate = ci.estimate_word_of_mouth(base(0, 1), policy=policy)
    assert estimate.negative_reach == 30
    assert estimate.negative_reach_by_hop == (10, 10, 10)
    assert estimate.supercritical is True
    assert estimate.retelling_ratio == 1
    assert {"word_of_mouth.retelling", "word_of_mouth.supercritical"} <= set(codes(estimate))


def test_subcritical_retelling_shrinks_each_hop() -> None:
    """r k' = 0.5: each hop reaches half the one before (10, 5, 2.5)."""
    policy = ci.WordOfMouthPolicy(retell_probability=0.25, retell_audience=2)
    estimate = ci.estimate_word_of_mouth(base(0, 1), policy=policy)
    assert estimate.negative_reach_by_hop == (10, 5, 2.5)
    assert estimate.supercritical is False
    assert "word_of_mouth.subcritical" in codes(estimate)


def test_neutral_experiences_tell_nobody() -> None:
    """Neutral experiences reach nobody and say so."""
    estimate = ci.estimate_word_of_mouth(base(0, 0, 3))
    assert (estimate.positive_reach, estimate.negative_reach, estimate.neutrals) == (0, 0, 3)
    assert codes(estimate)[:2] == ["word_of_mouth.neutral", "word_of_mouth.no_experiences"]


def test_nothing_reaches_nobody() -> None:
    """No interactions: zero reach, nothing to offset."""
    estimate = ci.estimate_word_of_mouth([])
    assert estimate.net_reach == 0
    assert estimate.positives_to_offset == 0
    assert "word_of_mouth.no_experiences" in codes(estimate)


def test_multiplier_below_one_is_allowed_but_flagged() -> None:
    """A multiplier below 1 contradicts the seed: accepted, and the explanation says so."""
    policy = ci.WordOfMouthPolicy(negative_multiplier=0.5)
    estimate = ci.estimate_word_of_mouth(base(0, 1), policy=policy)
    assert estimate.negative_reach == 2.5
    assert estimate.positives_to_offset == 1
    assert "word_of_mouth.multiplier_below_one" in codes(estimate)


def test_population_cap_saturates_the_first_hop() -> None:
    """A market of 10 people and 10 tellings: 10 (1 - e^-1) distinct people, exactly."""
    policy = ci.WordOfMouthPolicy(population=10)
    estimate = ci.estimate_word_of_mouth(base(0, 1), policy=policy)
    assert estimate.negative_reach == pytest.approx(10 * (1 - math.exp(-1)), rel=1e-15)
    assert "word_of_mouth.population_cap" in codes(estimate)


def test_offset_beyond_any_count_is_impossible() -> None:
    """When positives are told to almost nobody, more than 2**62 would be needed: None, said so."""
    policy = ci.WordOfMouthPolicy(positive_audience=1e-20, negative_multiplier=1e20)
    estimate = ci.estimate_word_of_mouth(base(3, 1), policy=policy)
    assert estimate.positives_to_offset is None
    (reason,) = [r for r in estimate.explanation if r.code == "word_of_mouth.offset_impossible"]
    assert reason.message.startswith("more than 2**62 positive experiences would be needed")


def test_offset_is_none_only_beyond_two_to_the_62() -> None:
    """One negative told 2**61 times as widely needs a countable number of positives; 2**63 does not."""
    near = positives_to_offset(1, ci.WordOfMouthPolicy(negative_multiplier=2.0**61))
    assert near is not None
    assert 2**60 < near <= 2**61
    assert positives_to_offset(1, ci.WordOfMouthPolicy(negative_multiplier=2.0**63)) is None


def test_positives_told_to_nobody_leave_nothing_to_offset() -> None:
    """A positive_audience of 0 gives negatives an audience of 0 too: 0 to offset, not None."""
    estimate = ci.estimate_word_of_mouth(
        base(0, 2), policy=ci.WordOfMouthPolicy(positive_audience=0)
    )
    assert estimate.negative_reach == 0
    assert estimate.positives_to_offset == 0
    assert "word_of_mouth.offset" in codes(estimate)


def test_retelling_ruled_out_by_one_hop_is_not_supercritical() -> None:
    """r = 1, k' = 2 but max_hops = 1: nobody retells, so the spread is not supercritical."""
    policy = ci.WordOfMouthPolicy(retell_probability=1, retell_audience=2, max_hops=1)
    estimate = ci.estimate_word_of_mouth(base(0, 1), policy=policy)
    assert estimate.retelling_ratio == 2
    assert estimate.supercritical is False
    assert "word_of_mouth.first_hand_only" in codes(estimate)
    assert "word_of_mouth.supercritical" not in codes(estimate)


def test_supercritical_in_a_market_does_not_claim_growing_hops() -> None:
    """r = 1, k' = 2, N = 30: hops of 8.5, 9.3, 5.6 people; the message says the market stops growth."""
    policy = ci.WordOfMouthPolicy(retell_probability=1, retell_audience=2, population=30)
    estimate = ci.estimate_word_of_mouth(base(0, 1), policy=policy)
    assert [round(x, 1) for x in estimate.negative_reach_by_hop] == [8.5, 9.3, 5.6]
    assert estimate.supercritical is True
    (reason,) = [r for r in estimate.explanation if r.code == "word_of_mouth.supercritical"]
    assert "each hop reaches at least as many" not in reason.message
    assert "market fills" in reason.message
    uncapped = ci.estimate_word_of_mouth(base(0, 1), policy=attrs.evolve(policy, population=None))
    (reason,) = [r for r in uncapped.explanation if r.code == "word_of_mouth.supercritical"]
    assert "each hop reaches at least as many people as the one before" in reason.message


@settings(max_examples=150)
@given(policy=policies, positives=st.integers(0, 5), negatives=st.integers(0, 5))
def test_supercritical_flag_matches_the_explanation(
    policy: ci.WordOfMouthPolicy, positives: int, negatives: int
) -> None:
    """supercritical iff stories are retold and r k' >= 1; the codes say the same; uncapped hops then never shrink."""
    estimate = ci.estimate_word_of_mouth(base(positives, negatives), policy=policy)
    assert estimate.supercritical == (policy.retells and policy.retelling_ratio >= 1)
    assert ("word_of_mouth.supercritical" in codes(estimate)) == estimate.supercritical
    assert ("word_of_mouth.subcritical" in codes(estimate)) == (
        policy.retells and not estimate.supercritical
    )
    assert ("word_of_mouth.first_hand_only" in codes(estimate)) == (not policy.retells)
    if estimate.supercritical and policy.population is None:
        hops = estimate.negative_reach_by_hop
        assert all(b >= a * (1 - 1e-12) for a, b in itertools.pairwise(hops))


def test_mean_field_warning_when_a_population_meets_retelling() -> None:
    """population_mean_field appears exactly when a population and retelling are both set."""
    retelling = ci.WordOfMouthPolicy(retell_probability=0.1, retell_audience=20, max_hops=8)
    for policy, expected in (
        (retelling, False),
        (attrs.evolve(retelling, population=100), True),
        (ci.WordOfMouthPolicy(population=100), False),
        (attrs.evolve(retelling, population=100, max_hops=1), False),
    ):
        estimate = ci.estimate_word_of_mouth(base(1, 0), policy=policy)
        assert ("word_of_mouth.population_mean_field" in codes(estimate)) == expected


# --------------------------------------------------------------------------- properties


@settings(max_examples=150)
@given(policy=policies, tellings=st.floats(0, 1000))
def test_uncapped_reach_is_the_hop_limited_branching_sum(
    policy: ci.WordOfMouthPolicy, tellings: float
) -> None:
    """Without a population: T * sum over h < H of (r k')^h, hop by hop."""
    policy = attrs.evolve(policy, population=None)
    ratio = policy.retell_probability * policy.retell_audience
    by_hop = expected_reach_by_hop(tellings, policy)
    assert len(by_hop) == policy.max_hops
    for hop, value in enumerate(by_hop):
        assert value == pytest.approx(tellings * ratio**hop, rel=1e-9, abs=1e-9)


@settings(max_examples=150)
@given(policy=policies, tellings=st.floats(0, 1e6))
def test_population_cap_is_never_exceeded(policy: ci.WordOfMouthPolicy, tellings: float) -> None:
    """With a population, each sentiment's expected reach stays within it."""
    policy = ci.WordOfMouthPolicy(
        retell_probability=policy.retell_probability,
        retell_audience=policy.retell_audience,
        max_hops=policy.max_hops,
        population=policy.population or 100,
    )
    assert sum(expected_reach_by_hop(tellings, policy)) <= policy.population * (1 + 1e-12)  # type: ignore[operator]


@settings(max_examples=100)
@given(
    policy=policies,
    positives=st.integers(0, 20),
    negatives=st.integers(0, 20),
    bump=st.floats(0, 3),
    field=st.sampled_from(
        [
            "positive_audience",
            "negative_multiplier",
            "retell_probability",
            "retell_audience",
            "max_hops",
        ]
    ),
)
def test_reach_is_monotone_in_audiences_and_retelling(
    policy: ci.WordOfMouthPolicy, positives: int, negatives: int, bump: float, field: str
) -> None:
    """Raising an audience, the multiplier, retelling or hops never lowers either reach."""
    current = getattr(policy, field)
    if field == "max_hops":
        raised = current + 1
    elif field == "retell_probability":
        raised = min(1.0, current + bump / 3)
    else:
        raised = current + bump
    higher = ci.WordOfMouthPolicy(**{**_fields(policy), field: raised})
    before = ci.estimate_word_of_mouth(base(positives, negatives), policy=policy)
    after = ci.estimate_word_of_mouth(base(positives, negatives), policy=higher)
    assert after.positive_reach >= before.positive_reach * (1 - 1e-12)
    assert after.negative_reach >= before.negative_reach * (1 - 1e-12)


def _fields(policy: ci.WordOfMouthPolicy) -> dict[str, object]:
    """The policy's fields as keyword arguments."""
    return {field.name: getattr(policy, field.name) for field in attrs.fields(ci.WordOfMouthPolicy)}


@settings(max_examples=100)
@given(policy=policies, negatives=st.integers(0, 30))
def test_positives_to_offset_is_the_fewest_that_match(
    policy: ci.WordOfMouthPolicy, negatives: int
) -> None:
    """m positives reach at least as many as the negatives and m - 1 do not."""
    m = positives_to_offset(negatives, policy)
    target = sum(expected_reach_by_hop(negatives * policy.negative_audience, policy))
    if m is None:
        assert target > 0
        return

    def reach(count: int) -> float:
        return sum(expected_reach_by_hop(count * policy.positive_audience, policy))

    assert reach(m) >= target * (1 - 1e-9)
    if m > 0:
        assert reach(m - 1) < target


@settings(max_examples=60)
@given(history=testing.customer_histories(max_size=25), policy=policies, data=st.data())
def test_ledger_equals_batch_in_any_order(
    history: list[ci.Interaction], policy: ci.WordOfMouthPolicy, data: st.DataObject
) -> None:
    """Recording one by one, in any order, gives exactly the batch estimate."""
    shuffled = data.draw(st.permutations(history))
    ledger = ci.WordOfMouthLedger()
    for interaction in shuffled:
        ledger = ledger.record(interaction)
    assert ledger.estimate(policy=policy) == ci.estimate_word_of_mouth(history, policy=policy)


@settings(max_examples=60)
@given(history=testing.customer_histories(max_size=25))
def test_every_emitted_code_is_documented(history: list[ci.Interaction]) -> None:
    """Every code an estimate emits is in REASON_CODES."""
    for policy in (
        ci.WordOfMouthPolicy(),
        ci.WordOfMouthPolicy(retell_probability=0.9, retell_audience=3, population=50),
        ci.WordOfMouthPolicy(negative_multiplier=0.5, positive_audience=0),
    ):
        for reason in ci.estimate_word_of_mouth(history, policy=policy).explanation:
            assert reason.code in ci.WORD_OF_MOUTH_REASON_CODES


def test_reason_codes_are_stable() -> None:
    """The set of codes is pinned: changing it is a documented, breaking change."""
    assert set(ci.WORD_OF_MOUTH_REASON_CODES) == EXPECTED_CODES


def test_every_code_in_the_source_is_documented() -> None:
    """Every code literal in the engine's modules is in REASON_CODES (and vice versa)."""
    package = Path(ci.__file__).parent
    found: set[str] = set()
    for path in (package / "word_of_mouth").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.keyword) and node.arg == "code":
                assert isinstance(node.value, ast.Constant), f"{path.name}: computed code"
                assert isinstance(node.value.value, str)
                found.add(node.value.value)
    assert found == EXPECTED_CODES


# --------------------------------------------------------------------------- duplicates and errors


def test_identical_repeat_is_counted_once() -> None:
    """Replaying the same interaction does not double count it."""
    bad = experience(1, NEG)
    estimate = ci.estimate_word_of_mouth([bad, bad])
    assert estimate.negatives == 1
    assert estimate.negative_reach == 10
    assert codes(estimate)[0] == "word_of_mouth.duplicate_ignored"


def test_ledger_reads_well_and_counts_repeats() -> None:
    """The ledger's repr shows its counts (not an address), repeats included."""
    ledger = ci.WordOfMouthLedger()
    assert repr(ledger) == "WordOfMouthLedger(positives=0, negatives=0, neutrals=0, duplicates=0)"
    for interaction in (experience(1, NEG), experience(2, POS), experience(1, NEG)):
        ledger = ledger.record(interaction)
    assert ledger.duplicates == 1
    assert repr(ledger) == "WordOfMouthLedger(positives=1, negatives=1, neutrals=0, duplicates=1)"
    assert "1 repeated identical interaction counted once" in str(ledger.estimate())


def test_different_interaction_under_a_used_id_is_refused() -> None:
    """Two different interactions sharing an id raise DuplicateInteractionError naming it."""
    with pytest.raises(ci.DuplicateInteractionError) as info:
        ci.estimate_word_of_mouth([experience(1, NEG), experience(1, POS)])
    assert info.value.field == "interactions[1].id"
    assert info.value.value == "i-1"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("positive_audience", -1),
        ("positive_audience", math.inf),
        ("negative_multiplier", -0.1),
        ("negative_multiplier", True),
        ("retell_probability", 1.5),
        ("retell_audience", "2"),
        ("max_hops", 0),
        ("max_hops", 2.0),
        ("population", 0),
        ("edge_probability", 1.01),
    ],
)
def test_policy_refuses_bad_values_naming_the_field(field: str, value: object) -> None:
    """Each policy number is validated, and the error names field, value and expectation."""
    with pytest.raises(ci.InvalidInputError) as info:
        ci.WordOfMouthPolicy(**{field: value})  # type: ignore[arg-type]
    assert info.value.field == field
    assert "expected" in str(info.value)


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: ci.estimate_word_of_mouth("abc"), "interactions"),  # type: ignore[arg-type]
        (lambda: ci.estimate_word_of_mouth(experience(1, POS)), "interactions"),  # type: ignore[arg-type]
        (lambda: ci.estimate_word_of_mouth([experience(1, POS), "x"]), "interactions[1]"),  # type: ignore[list-item]
        (lambda: ci.estimate_word_of_mouth([], policy={"positive_audience": 5}), "policy"),  # type: ignore[arg-type]
        (lambda: ci.word_of_mouth_sources([], since=datetime(2026, 1, 1)), "since"),
        (lambda: ci.word_of_mouth_sources([], until=AT, since=AT), "until"),
        (lambda: ci.word_of_mouth_sources([], limit=-1), "limit"),
    ],
)
def test_bad_arguments_raise_invalid_input(call: object, field: str) -> None:
    """Bad arguments raise InvalidInputError naming the argument."""
    with pytest.raises(ci.InvalidInputError) as info:
        call()  # type: ignore[operator]
    assert info.value.field == field


def test_overflowing_reach_is_refused() -> None:
    """A supercritical policy whose expected reach overflows a float is refused, naming the policy."""
    policy = ci.WordOfMouthPolicy(retell_probability=1, retell_audience=1e9, max_hops=100)
    with pytest.raises(ci.InvalidInputError) as info:
        ci.estimate_word_of_mouth(base(1, 1), policy=policy)
    assert info.value.field == "policy"
    with pytest.raises(ci.InvalidInputError):
        ci.simulate_word_of_mouth(base(1, 1), policy=policy, runs=1)


# --------------------------------------------------------------------------- sources


def sources_base() -> list[ci.Interaction]:
    """Three customers: ann (1 bad, 1 good), bob (2 bad), cy (1 good), dee (1 bad, last month)."""
    return [
        experience(1, NEG, "ann"),
        experience(2, POS, "ann"),
        experience(3, NEG, "bob"),
        experience(4, NEG, "bob", days=1),
        experience(5, POS, "cy"),
        experience(6, NEG, "dee", days=-40),
    ]


def test_sources_rank_customers_by_negative_word_of_mouth() -> None:
    """The biggest source of bad word of mouth comes first; customers without negatives are left out."""
    ranked = ci.word_of_mouth_sources(sources_base())
    assert [(s.rank, s.customer_id, s.negative_reach) for s in ranked] == [
        (1, "bob", 20.0),
        (2, "dee", 10.0),
        (3, "ann", 10.0),
    ]
    assert ranked[0].explanation[0].code == "word_of_mouth.source.rank"
    assert ranked[2].net_reach == -5


def test_sources_over_a_period_and_limited() -> None:
    """since <= timestamp < until selects the period; limit keeps the top ones."""
    ranked = ci.word_of_mouth_sources(
        sources_base(), since=AT - timedelta(days=7), until=AT + timedelta(days=1), limit=1
    )
    assert [(s.customer_id, s.negatives) for s in ranked] == [("bob", 1)]  # ties: worse net first
    assert "of 2" in ranked[0].explanation[0].message


@settings(max_examples=40)
@given(
    st.lists(
        testing.interactions(st.sampled_from(["a", "b", "c"])),
        max_size=30,
        unique_by=lambda i: i.id,
    )
)
def test_each_source_equals_the_customer_estimate(interactions: list[ci.Interaction]) -> None:
    """A source's figures are that customer's own estimate, and ranks are in order."""
    ranked = ci.word_of_mouth_sources(interactions)
    for source in ranked:
        own = ci.estimate_word_of_mouth(
            [i for i in interactions if i.customer_id == source.customer_id]
        )
        assert (source.negative_reach, source.positive_reach, source.net_reach) == (
            own.negative_reach,
            own.positive_reach,
            own.net_reach,
        )
    assert [s.negative_reach for s in ranked] == sorted(
        (s.negative_reach for s in ranked), reverse=True
    )


# --------------------------------------------------------------------------- documents and display


def round_trip(value: object) -> None:
    """to_dict -> JSON -> from_dict gives the value back, and the schema accepts the document."""
    document = ci.to_dict(value)
    assert ci.from_dict(type(value), json.loads(json.dumps(document))) == value
    jsonschema.Draft202012Validator(ci.json_schema(type(value))).validate(document)


@settings(max_examples=40)
@given(policy=policies)
def test_policy_round_trips(policy: ci.WordOfMouthPolicy) -> None:
    """Any valid policy survives a JSON round trip and validates against its schema."""
    round_trip(policy)


def test_results_round_trip() -> None:
    """Estimates, sources, simulations, cascades and Bass results survive JSON round trips."""
    round_trip(ci.estimate_word_of_mouth(base(2, 1, 1)))
    round_trip(ci.word_of_mouth_sources(sources_base())[0])
    round_trip(ci.simulate_word_of_mouth(base(2, 1), runs=50, seed=3))
    round_trip(ci.simulate_cascade({1: [2], 2: [1, 3]}, {1: NEG}, runs=20, seed=1))
    round_trip(ci.BassModel(dissatisfied_share=0.1))
    round_trip(ci.simulate_bass(periods=3, steps_per_period=10))


def test_configuration_from_a_plain_dict() -> None:
    """A host's configuration file can carry the policy as a dict."""
    policy = ci.from_dict(
        ci.WordOfMouthPolicy, {"positive_audience": 5, "negative_multiplier": 4, "population": 2000}
    )
    assert policy.negative_audience == 20
    with pytest.raises(ci.InvalidInputError) as info:
        ci.from_dict(ci.WordOfMouthPolicy, {"negative_multiplier": "2"})
    assert info.value.field == "negative_multiplier"


def test_results_read_well_in_a_terminal_and_a_notebook() -> None:
    """str() and _repr_html_() show the fields and the explanation."""
    estimate = ci.estimate_word_of_mouth(base(1, 1))
    text = str(estimate)
    assert text.startswith("WordOfMouthEstimate")
    assert "[word_of_mouth.net_negative]" in text
    assert "<table>" in estimate._repr_html_()
    source = ci.word_of_mouth_sources(sources_base())[0]
    assert "bob" in str(source)
    assert "bob" in source._repr_html_()


# ------------------------------------------------------------------ storing a ledger


def _stored(ledger: ci.WordOfMouthLedger) -> ci.WordOfMouthLedger:
    """``ledger`` written as JSON text and read back."""
    text = json.dumps(ci.to_dict(ledger))
    return ci.from_dict(ci.WordOfMouthLedger, json.loads(text))


POLICY_CHOICES = st.sampled_from(
    [None, ci.WordOfMouthPolicy(retell_probability=0.5, retell_audience=2, max_hops=3)]
)


@settings(max_examples=60)
@given(
    history=st.lists(testing.interactions(), max_size=12, unique_by=lambda i: i.id),
    policy=POLICY_CHOICES,
    data=st.data(),
)
def test_a_stored_ledger_has_the_same_future(
    history: list[ci.Interaction], policy: ci.WordOfMouthPolicy | None, data: st.DataObject
) -> None:
    """Stored at any point and read back, a ledger records and estimates as before, repeats included."""
    stream: list[ci.Interaction] = []
    for interaction in history:
        stream.append(interaction)
        if data.draw(st.integers(0, 3)) == 0:
            stream.append(data.draw(st.sampled_from(stream)))
    split = data.draw(st.integers(0, len(stream)), label="split")
    original = ci.WordOfMouthLedger()
    for interaction in stream[:split]:
        original = original.record(interaction)
    restored = _stored(original)
    assert ci.to_dict(restored) == ci.to_dict(original)
    assert restored.interactions == original.interactions
    assert restored.estimate(policy=policy) == original.estimate(policy=policy)
    for interaction in stream[split:]:
        original = original.record(interaction)
        restored = restored.record(interaction)
        assert restored.estimate(policy=policy) == original.estimate(policy=policy)
    assert repr(restored) == repr(original)


def test_a_stored_ledger_still_knows_every_id() -> None:
    """After a round trip an identical repeat is ignored and a different one under a seen id refused."""
    ledger = ci.WordOfMouthLedger()
    first = experience(1, ci.Sentiment.NEGATIVE)
    ledger = ledger.record(first).record(first)
    restored = _stored(ledger)
    assert (restored.negatives, restored.duplicates) == (1, 1)
    restored = restored.record(first)
    assert (restored.negatives, restored.duplicates) == (1, 2)
    with pytest.raises(ci.DuplicateInteractionError):
        restored.record(attrs.evolve(first, sentiment=ci.Sentiment.POSITIVE))


def test_a_ledger_document_that_could_not_arise_is_refused_with_its_path() -> None:
    """An id twice in recorded, or a negative count of repeats: InvalidInputError with the path."""
    ledger = ci.WordOfMouthLedger().record(experience(1, ci.Sentiment.NEGATIVE))
    document = ci.to_dict(ledger)
    twice = {**document, "recorded": document["recorded"] * 2}
    with pytest.raises(ci.InvalidInputError) as caught:
        ci.from_dict(ci.WordOfMouthLedger, twice)
    assert caught.value.field == "recorded[1].id"
    with pytest.raises(ci.InvalidInputError) as caught:
        ci.from_dict(ci.WordOfMouthLedger, {**document, "duplicates": -1})
    assert caught.value.field == "duplicates"
    jsonschema.Draft202012Validator(ci.json_schema(ci.WordOfMouthLedger)).validate(
        json.loads(json.dumps(document))
    )
