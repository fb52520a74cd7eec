"""Recovery plots: drawn with Agg, never shown, returning the Axes."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from matplotlib.figure import Figure

import custinteract as ci
from custinteract.plotting import plot_recovery_ledger, plot_recovery_summary

T0 = datetime(2026, 3, 4, tzinfo=timezone.utc)


def history() -> list[ci.Interaction]:
    """A negative, 120 days of silence (lost), then a comeback with two positives."""
    moods = [(0, ci.Sentiment.NEGATIVE), (120, ci.Sentiment.POSITIVE), (121, ci.Sentiment.POSITIVE)]
    return [
        ci.Interaction(id=f"i{n}", customer_id="c-1", timestamp=T0 + timedelta(days=d), sentiment=s)
        for n, (d, s) in enumerate(moods)
    ]


def test_ledger_plot_marks_interactions_loss_and_comeback() -> None:
    """The debt line, one marker set per sentiment, and dashed lines for loss and comeback."""
    ax = plot_recovery_ledger(history(), as_of=T0 + timedelta(days=130))
    assert ax.get_title() == "c-1: recovering, 4 positives needed"
    labels = ax.get_legend_handles_labels()[1]
    assert labels == ["negative", "positive", "lost", "came back"]
    (line,) = [line for line in ax.get_lines() if line.get_drawstyle() == "steps-post"]
    assert [float(y) for y in line.get_ydata()] == [6, 5, 4, 4]  # type: ignore[arg-type,union-attr]


def test_ledger_plot_draws_into_a_given_axes_and_refuses_two_customers() -> None:
    """ax= is used as given; an empty history still draws; two customers are refused."""
    ax = Figure().add_subplot()
    assert plot_recovery_ledger([], as_of=T0, ax=ax) is ax
    other = ci.Interaction(id="x", customer_id="c-2", timestamp=T0, sentiment=ci.Sentiment.POSITIVE)
    with pytest.raises(ci.InvalidInputError, match="one customer"):
        plot_recovery_ledger([*history(), other], as_of=T0 + timedelta(days=200))


def test_summary_plot_counts_statuses() -> None:
    """One bar per status with its count."""
    quiet = ci.Interaction(id="n", customer_id="c-2", timestamp=T0, sentiment=ci.Sentiment.NEGATIVE)
    base = [*history(), quiet]
    summary = ci.summarize_recoveries(ci.assess_recoveries(base, as_of=T0 + timedelta(days=130)))
    ax = plot_recovery_summary(summary)
    assert [bar.get_height() for bar in ax.containers[0]] == [0, 1, 0, 1]
    with pytest.raises(ci.InvalidInputError, match="summary"):
        plot_recovery_summary("nope")  # type: ignore[arg-type]
