"""What every plot shares: where to draw, and how a bar says its count."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = ["label_bars", "new_axes"]


def new_axes(ax: Axes | None = None, *, figsize: tuple[float, float] = (7.0, 4.0)) -> Axes:
    """Return ``ax`` or, when it is None, the Axes of a new figure (never shown or saved).

    The figure is a plain :class:`matplotlib.figure.Figure`, not registered
    with pyplot, so a library call never opens a window or leaks figures.

    >>> from custinteract.plotting import new_axes
    >>> ax = new_axes()
    >>> ax.figure.get_size_inches().tolist()
    [7.0, 4.0]
    """
    if ax is not None:
        return ax
    figure: Any = Figure(figsize=figsize, layout="constrained")
    axes: Axes = figure.add_subplot()
    return axes


def label_bars(ax: Axes, bars: Iterable[Any], counts: Sequence[int]) -> None:
    """Write each bar's count just above it, small and centred."""
    for bar, count in zip(bars, counts, strict=True):
        ax.annotate(
            str(count),
            (bar.get_x() + bar.get_width() / 2, bar.get_height()),
            ha="center",
            va="bottom",
            fontsize=8,
        )
