"""Pictures of word of mouth: how far good and bad experiences travel."""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from .._errors import InvalidInputError
from .._figures import new_axes
from ._bass import BassResult
from ._simulation import ReachDistribution, WordOfMouthSimulation

__all__ = ["plot_bass", "plot_reach_distribution"]

_POSITIVE = "#2a9d8f"
_NEGATIVE = "#e76f51"


def _bars(ax: Axes, dist: ReachDistribution, color: str, label: str) -> None:
    ax.bar(
        [b.low for b in dist.histogram],
        [b.count for b in dist.histogram],
        width=[b.high - b.low for b in dist.histogram],
        align="edge",
        color=color,
        alpha=0.6,
        edgecolor=color,
        label=f"{label} (mean {dist.mean:.3g})",
    )
    ax.axvline(dist.mean, color=color, linestyle="--", linewidth=1.5)


def plot_reach_distribution(
    simulation: WordOfMouthSimulation | pd.DataFrame, *, ax: Axes | None = None
) -> Axes:
    """Histograms of the people reached per run by good and by bad word of mouth.

    Dashed lines mark the simulated means (which agree with the closed form
    without a population; with one and retelling the closed form is only an
    upper estimate). Given the frame :func:`~custinteract.frames.word_of_mouth_frame`
    returns, the histograms are of the expected reach per row (per customer,
    or per ``by`` value), from its ``positive_reach`` and ``negative_reach``
    columns, the dashed lines their means.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> from custinteract.plotting import plot_reach_distribution
    >>> at = datetime(2026, 3, 4, tzinfo=timezone.utc)
    >>> base = [ci.Interaction(id=f"i-{n}", customer_id="c-1", timestamp=at,
    ...         sentiment=ci.Sentiment.NEGATIVE if n % 3 == 0 else ci.Sentiment.POSITIVE)
    ...         for n in range(9)]
    >>> ax = plot_reach_distribution(ci.simulate_word_of_mouth(base, runs=500, seed=1))
    >>> ax.get_xlabel()
    'people who hear about it (per run)'
    """
    if isinstance(simulation, pd.DataFrame):
        return _plot_reach_frame(simulation, ax)
    if not isinstance(simulation, WordOfMouthSimulation):
        raise InvalidInputError(
            "simulation", simulation, "a WordOfMouthSimulation or a word_of_mouth_frame result"
        )
    ax = new_axes(ax)
    _bars(ax, simulation.positive, _POSITIVE, "good word of mouth")
    _bars(ax, simulation.negative, _NEGATIVE, "bad word of mouth")
    expected = simulation.expected
    ax.set_title(
        f"{expected.positives} positive, {expected.negatives} negative experiences:"
        f" {simulation.runs} simulated runs"
    )
    ax.set_xlabel("people who hear about it (per run)")
    ax.set_ylabel("runs")
    ax.legend(loc="upper right")
    return ax


def _plot_reach_frame(frame: pd.DataFrame, ax: Axes | None) -> Axes:
    """Histograms of the expected reach per row of a word-of-mouth frame."""
    needed = ("positives", "negatives", "positive_reach", "negative_reach")
    if not set(needed) <= set(frame.columns):
        raise InvalidInputError(
            "simulation",
            list(frame.columns),
            f"a word_of_mouth_frame result (with columns {list(needed)})",
        )
    good = frame["positive_reach"].to_numpy(dtype=float)
    bad = frame["negative_reach"].to_numpy(dtype=float)
    top = float(max(good.max(initial=0.0), bad.max(initial=0.0)))
    edges = np.linspace(0.0, top if top > 0 else 1.0, 21)
    ax = new_axes(ax)
    for values, colour, label in ((good, _POSITIVE, "good"), (bad, _NEGATIVE, "bad")):
        mean = float(values.mean()) if len(values) else 0.0
        ax.hist(
            values,
            bins=edges.tolist(),
            color=colour,
            alpha=0.6,
            edgecolor=colour,
            label=f"{label} word of mouth (mean {mean:.3g})",
        )
        ax.axvline(mean, color=colour, linestyle="--", linewidth=1.5)
    unit = str(frame.index.name or "row").removesuffix("_id")
    ax.set_title(
        f"{int(frame['positives'].sum())} positive, {int(frame['negatives'].sum())} negative"
        f" experiences: {len(frame)} {unit}{'' if len(frame) == 1 else 's'}"
    )
    ax.set_xlabel(f"people who hear about it (expected, per {unit})")
    ax.set_ylabel(f"{unit}s")
    ax.legend(loc="upper right")
    return ax


def plot_bass(result: BassResult, *, ax: Axes | None = None) -> Axes:
    """New adopters per period (bars) with cumulative adopters and rejecters (lines).

    >>> import custinteract as ci
    >>> from custinteract.plotting import plot_bass
    >>> result = ci.simulate_bass(model=ci.BassModel(market_size=1000, dissatisfied_share=0.2))
    >>> plot_bass(result).get_ylabel()
    'people'
    """
    if not isinstance(result, BassResult):
        raise InvalidInputError("result", result, "a BassResult")
    ax = new_axes(ax)
    periods = [row.period for row in result.periods]
    ax.bar(
        periods,
        [row.adopters for row in result.periods],
        color=_POSITIVE,
        alpha=0.5,
        label="new adopters",
    )
    ax.plot(
        periods,
        [row.cumulative_adopters for row in result.periods],
        color=_POSITIVE,
        marker="o",
        markersize=3,
        label="adopters so far",
    )
    if result.total_rejecters > 0:
        ax.plot(
            periods,
            [row.cumulative_rejecters for row in result.periods],
            color=_NEGATIVE,
            marker="o",
            markersize=3,
            label="rejecters so far (bad word of mouth)",
        )
    model = result.model
    ax.set_title(
        f"Bass diffusion, p = {model.innovation:g}, q = {model.imitation:g},"
        f" {100 * model.dissatisfied_share:g}% dissatisfied"
    )
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("period")
    ax.set_ylabel("people")
    ax.legend(loc="upper left")
    return ax
