"""Pictures of lead temperature: the funnel of counts per temperature and who moved."""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd
from matplotlib.axes import Axes

from .._errors import InvalidInputError
from .._figures import label_bars, new_axes
from ._engine import LeadAssessment, LeadTemperature
from ._funnel import LeadFunnel

__all__ = ["plot_lead_funnel"]

_COLOURS = {
    LeadTemperature.COLD: "#5b8db8",
    LeadTemperature.WARM: "#e6a23c",
    LeadTemperature.QUALIFIED: "#d35400",
    LeadTemperature.CURRENT: "#2e8b57",
}


def plot_lead_funnel(
    funnel_or_assessments: LeadFunnel | Iterable[LeadAssessment] | pd.DataFrame,
    *,
    ax: Axes | None = None,
) -> Axes:
    """Counts per temperature (COLD to CURRENT) and, for a funnel, the conversions.

    Given a :class:`~custinteract.LeadFunnel`, draws paired bars (start of
    the period, pale; end, solid) per temperature and labels each start bar
    with the share that ended hotter. Given assessments, or the frame
    :func:`~custinteract.frames.leads_frame` returns (its ``temperature``
    column counted), draws one bar per temperature with its count.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> from custinteract.plotting import plot_lead_funnel
    >>> utc = timezone.utc
    >>> base = [ci.Customer(id=f"c-{i}", created=datetime(2025, 12, 1, tzinfo=utc),
    ...                     source=ci.LeadSource.REFERRAL if i % 2 else ci.LeadSource.OTHER)
    ...         for i in range(6)]
    >>> buy = ci.Interaction(id="i-1", customer_id="c-1", sentiment=ci.Sentiment.POSITIVE,
    ...     timestamp=datetime(2026, 2, 1, tzinfo=utc), kind=ci.InteractionKind.PURCHASE)
    >>> funnel = ci.lead_funnel(base, [buy], start=datetime(2026, 1, 1, tzinfo=utc),
    ...                         end=datetime(2026, 3, 1, tzinfo=utc))
    >>> ax = plot_lead_funnel(funnel)
    >>> [t.get_text() for t in ax.get_xticklabels()]
    ['cold', 'warm', 'qualified', 'current']
    >>> len(ax.patches)
    8
    """
    temperatures = list(LeadTemperature)
    positions = list(range(len(temperatures)))
    ax = new_axes(ax)
    colours = [_COLOURS[t] for t in temperatures]
    if isinstance(funnel_or_assessments, LeadFunnel):
        funnel = funnel_or_assessments
        starts = [funnel.at_start(t) for t in temperatures]
        ends = [funnel.at_end(t) for t in temperatures]
        width = 0.4
        left = [p - width / 2 for p in positions]
        right = [p + width / 2 for p in positions]
        bars = ax.bar(
            left, starts, width, color=colours, alpha=0.4, label="start", edgecolor="grey"
        )
        ax.bar(right, ends, width, color=colours, label="end", edgecolor="grey")
        for bar, temperature in zip(bars, temperatures, strict=True):
            hotter = [t for t in temperatures if t > temperature]
            share = funnel.conversion(temperature, hotter[0]) if hotter else None
            if share is not None:
                ax.annotate(
                    f"{share:.0%} up",
                    (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                    ha="center",
                    va="bottom",
                    fontsize=8,
                )
        ax.set_title(
            f"Lead funnel {funnel.start.date().isoformat()} to {funnel.end.date().isoformat()}"
        )
        ax.legend(loc="upper left")
        ax.margins(y=0.15)
    else:
        counts = _counts(funnel_or_assessments, temperatures)
        bars = ax.bar(positions, counts, 0.6, color=colours, edgecolor="grey")
        label_bars(ax, bars, counts)
        ax.set_title("Leads by temperature")
    ax.set_xticks(positions, [t.value for t in temperatures])
    ax.set_xlabel("temperature")
    ax.set_ylabel("customers")
    return ax


def _counts(
    assessments: Iterable[LeadAssessment] | pd.DataFrame, temperatures: list[LeadTemperature]
) -> list[int]:
    """Leads per temperature, from assessments or from a leads frame's ``temperature`` column."""
    if isinstance(assessments, pd.DataFrame):
        if "temperature" not in assessments.columns:
            raise InvalidInputError(
                "funnel_or_assessments",
                list(assessments.columns),
                "a leads_frame result (with a 'temperature' column)",
            )
        column = assessments["temperature"].astype(object)
        known = {t.value for t in temperatures}
        strange = sorted({str(t) for t in column.unique() if t not in known})
        if strange:
            raise InvalidInputError(
                "funnel_or_assessments.temperature", strange, f"values among {sorted(known)}"
            )
        tally = column.value_counts()
        return [int(tally.get(t.value, 0)) for t in temperatures]
    try:
        items = list(assessments)
    except TypeError:
        items = None
    if items is None or not all(isinstance(a, LeadAssessment) for a in items):
        raise InvalidInputError(
            "funnel_or_assessments",
            assessments,
            "a LeadFunnel, LeadAssessment values or a leads_frame result",
        )
    return [sum(a.temperature is t for a in items) for t in temperatures]
