"""What every plot shares: where to draw."""

from __future__ import annotations

from typing import Any

from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = ["new_axes"]


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
