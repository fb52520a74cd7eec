"""The Bass diffusion model with negative word of mouth."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import custinteract as ci


def bass_share(t: float, p: float, q: float) -> float:
    """The closed form F(t) = (1 - e^{-(p+q)t}) / (1 + (q/p) e^{-(p+q)t}), written independently."""
    e = math.exp(-(p + q) * t)
    return (1 - e) / (1 + q / p * e)


@settings(max_examples=25)
@given(
    p=st.floats(0.001, 0.2),
    q=st.floats(0.0, 1.0),
    m=st.floats(1, 1e6),
    multiplier=st.floats(0, 5),
)
def test_without_negative_word_of_mouth_it_is_the_bass_curve(
    p: float, q: float, m: float, multiplier: float
) -> None:
    """With no dissatisfied adopters, cumulative adopters follow m F(t) (RK4 error below 1e-8 m)."""
    model = ci.BassModel(market_size=m, innovation=p, imitation=q, negative_multiplier=multiplier)
    result = ci.simulate_bass(model=model, periods=15, steps_per_period=50)
    for row in result.periods:
        assert row.cumulative_adopters == pytest.approx(
            m * bass_share(row.period, p, q), abs=1e-8 * m
        )
        assert row.cumulative_rejecters == 0
    assert [r.code for r in result.explanation] == [
        "word_of_mouth.bass.standard",
        "word_of_mouth.bass.peak",
    ]


@settings(max_examples=25)
@given(
    p=st.floats(0.001, 0.2),
    q=st.floats(0.0, 1.0),
    d=st.floats(0.01, 1.0),
    m=st.floats(1, 1e6),
)
def test_silent_dissatisfied_adopters_give_the_bass_curve_with_less_imitation(
    p: float, q: float, d: float, m: float
) -> None:
    """negative_multiplier = 0, d > 0: no rejecters, and adopters follow m F(t) with q (1 - d)."""
    model = ci.BassModel(
        market_size=m, innovation=p, imitation=q, dissatisfied_share=d, negative_multiplier=0
    )
    result = ci.simulate_bass(model=model, periods=15, steps_per_period=50)
    for row in result.periods:
        assert row.cumulative_adopters == pytest.approx(
            m * bass_share(row.period, p, q * (1 - d)), abs=1e-8 * m
        )
        assert row.cumulative_rejecters == 0
    standard = result.explanation[0]
    assert standard.code == "word_of_mouth.bass.standard"
    assert standard.message.endswith(f"q = {q * (1 - d):.6g}")


def test_adopters_per_period_add_up() -> None:
    """New adopters per period sum to the cumulative count; the peak is the largest period."""
    result = ci.simulate_bass(model=ci.BassModel(market_size=1000), periods=30)
    assert sum(result.adopters) == pytest.approx(result.total_adopters)
    assert result.peak_adopters == max(result.adopters)
    # Bass' peak time t* = ln(q/p) / (p + q) = 8.3 for the default p, q: the peak period is the 9th
    assert result.peak_period == math.ceil(math.log(0.38 / 0.03) / 0.41)


@settings(max_examples=25)
@given(share=st.floats(0.01, 1), multiplier=st.floats(0.1, 5), periods=st.integers(1, 40))
def test_negative_word_of_mouth_creates_rejecters_within_the_market(
    share: float, multiplier: float, periods: int
) -> None:
    """Dissatisfied adopters make rejecters; adopters plus rejecters never exceed the market."""
    model = ci.BassModel(market_size=500, dissatisfied_share=share, negative_multiplier=multiplier)
    result = ci.simulate_bass(model=model, periods=periods, steps_per_period=20)
    assert result.total_rejecters > 0
    assert result.total_adopters + result.total_rejecters <= 500 * (1 + 1e-9)
    assert "word_of_mouth.bass.negative" in [r.code for r in result.explanation]


def test_more_dissatisfaction_means_fewer_adopters() -> None:
    """Souring more adopters lowers adoption and raises rejection, period by period."""
    results = [
        ci.simulate_bass(model=ci.BassModel(market_size=1000, dissatisfied_share=d), periods=20)
        for d in (0.0, 0.1, 0.3)
    ]
    for better, worse in itertools.pairwise(results):
        for a, b in zip(better.periods, worse.periods, strict=False):
            assert b.cumulative_adopters < a.cumulative_adopters
            assert b.cumulative_rejecters > a.cumulative_rejecters


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (lambda: ci.BassModel(market_size=0), "market_size"),
        (lambda: ci.BassModel(innovation=0), "innovation"),
        (lambda: ci.BassModel(imitation=-1), "imitation"),
        (lambda: ci.BassModel(dissatisfied_share=1.5), "dissatisfied_share"),
        (lambda: ci.BassModel(negative_multiplier=math.nan), "negative_multiplier"),
        (lambda: ci.simulate_bass(periods=0), "periods"),
        (lambda: ci.simulate_bass(steps_per_period=0), "steps_per_period"),
        (lambda: ci.simulate_bass(model="model"), "model"),  # type: ignore[arg-type]
    ],
)
def test_bad_bass_inputs(call: object, field: str) -> None:
    """Bad model values and arguments raise InvalidInputError naming them."""
    with pytest.raises(ci.InvalidInputError) as info:
        call()  # type: ignore[operator]
    assert info.value.field == field


def test_bass_result_reads_well() -> None:
    """str() and _repr_html_() show the totals and the explanation."""
    result = ci.simulate_bass(model=ci.BassModel(dissatisfied_share=0.2), periods=5)
    assert "total_rejecters" in str(result)
    assert "word_of_mouth.bass.peak" in result._repr_html_()
