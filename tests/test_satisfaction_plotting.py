"""Satisfaction pictures: a trend with its interval band, and groups with error bars."""

from __future__ import annotations

import math
from datetime import datetime, timezone

import pytest
from matplotlib.figure import Figure

import custinteract as ci
from custinteract.plotting import plot_satisfaction_by, plot_satisfaction_trend

UTC = timezone.utc


def _answers() -> list[ci.Interaction]:
    data = []
    for month, satisfied in ((1, 20), (2, 34), (4, 10)):
        for n in range(40):
            value = 5 if n < satisfied else 2
            data.append(
                ci.Interaction(
                    id=f"i-{month}-{n}",
                    customer_id="c-1",
                    timestamp=datetime(2026, month, 10, tzinfo=UTC),
                    sentiment=ci.sentiment_from_rating(value, ci.RatingScale.CSAT),
                    rating=ci.Rating(value=value, scale=ci.RatingScale.CSAT),
                    channel=ci.Channel.PHONE if n % 2 else ci.Channel.EMAIL,
                )
            )
    return data


def test_trend_plot_draws_values_with_a_gap_for_the_empty_period() -> None:
    """The line has one point per period, NaN for the empty one; the band is drawn."""
    trend = ci.satisfaction_trend(_answers())
    ax = plot_satisfaction_trend(trend)
    line = ax.get_lines()[0]
    ys = [float(y) for y in line.get_ydata()]  # type: ignore[union-attr, arg-type]
    assert len(ys) == 4
    assert math.isnan(ys[2])
    assert ys[0] == pytest.approx(0.5)
    assert len(ax.collections) >= 2  # band + the significant-move markers
    labels = [text.get_text() for text in ax.get_legend().get_texts()]  # type: ignore[union-attr]
    assert "significant up" in labels
    assert ax.get_ylim()[0] < 0.0 < 1.0 < ax.get_ylim()[1]


def test_trend_plot_draws_into_a_given_axes_and_scales_nps() -> None:
    """ax= is used as given; NPS runs from -100 to 100."""
    figure = Figure()
    given = figure.add_subplot()
    trend = ci.satisfaction_trend(_answers(), metric=ci.MetricKind.NPS)
    assert plot_satisfaction_trend(trend, ax=given) is given
    assert given.get_ylim()[0] < -100 < 100 < given.get_ylim()[1]


def test_by_plot_has_one_bar_per_group_with_counts() -> None:
    """One bar per channel, labelled, with n= annotations."""
    breakdown = ci.satisfaction_by(_answers(), by="channel")
    ax = plot_satisfaction_by(breakdown)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["email", "phone"]
    assert [t.get_text() for t in ax.texts] == ["n=60", "n=60"]


def test_plots_refuse_other_values() -> None:
    """Giving a report where a trend is expected is an InvalidInputError."""
    with pytest.raises(ci.InvalidInputError, match="trend"):
        plot_satisfaction_trend(ci.measure_satisfaction([]))  # type: ignore[arg-type]
    with pytest.raises(ci.InvalidInputError, match="breakdown"):
        plot_satisfaction_by(ci.measure_satisfaction([]))  # type: ignore[arg-type]
    with pytest.raises(ci.InvalidInputError, match="metric"):
        plot_satisfaction_by(ci.satisfaction_by([]), metric="csat")  # type: ignore[arg-type]
