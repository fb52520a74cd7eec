"""What every plot shares: where to draw, how a bar says its count, and how a notebook shows it.

A plot function draws into the ``ax=`` it is given, or else into a new
figure made here. That figure is a plain :class:`matplotlib.figure.Figure`,
never registered with pyplot (no window opens, no figure leaks), so no
backend would ever show it. Its Axes are :class:`ShownAxes` instead: an
ordinary Axes that also renders its figure as a PNG for IPython, so a plot
call as the last expression of a notebook cell shows its picture with no
``%matplotlib inline`` and no ``plt.show()``, whatever the backend. An Axes
the caller passes (``fig, ax = plt.subplots()``) is left as it is: pyplot
and the notebook's backend show that figure as usual, once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, cast

from matplotlib.axes import Axes
from matplotlib.figure import Figure

__all__ = ["ShownAxes", "ShownFigure", "label_bars", "new_axes"]


def _png(figure: Any) -> bytes | None:
    """The figure as PNG bytes, cropped to what was drawn, rendered by IPython (who asked for it).

    None without IPython: only IPython's display asks for ``_repr_png_``.
    """
    try:
        from IPython.core.pylabtools import print_figure
    except ImportError:  # pragma: no cover - IPython is the caller of _repr_png_
        return None
    render = cast(Callable[..., "bytes | None"], print_figure)
    return render(figure, fmt="png", bbox_inches="tight")


class ShownFigure(Figure):
    """A :class:`~matplotlib.figure.Figure` that IPython shows as a PNG."""

    def _repr_png_(self) -> bytes | None:
        return _png(self)


class ShownAxes(Axes):
    """An :class:`~matplotlib.axes.Axes` that IPython shows as its whole figure, as a PNG."""

    def _repr_png_(self) -> bytes | None:
        return _png(self.figure)


def new_axes(ax: Axes | None = None, *, figsize: tuple[float, float] = (7.0, 4.0)) -> Axes:
    """Return ``ax`` or, when it is None, the Axes of a new figure (never shown or saved).

    The figure is a plain :class:`matplotlib.figure.Figure` (not registered
    with pyplot), so a library call never opens a window or leaks figures;
    its Axes (and the figure) render as a PNG when a notebook displays them,
    so the picture shows as a cell's output with no magic.

    >>> from custinteract.plotting import new_axes
    >>> ax = new_axes()
    >>> ax.figure.get_size_inches().tolist()
    [7.0, 4.0]
    >>> ax._repr_png_()[:4]
    b'\\x89PNG'
    """
    if ax is not None:
        return ax
    figure: Any = ShownFigure(figsize=figsize, layout="constrained")
    axes: Axes = figure.add_subplot(axes_class=ShownAxes)
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
