"""Pictures of activity: the probability-alive matrix of a model, and its hold-out calibration."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from .._errors import InvalidInputError
from .._figures import new_axes
from ._bgnbd import BgNbdModel
from .frames import p_alive_matrix

__all__ = ["plot_activity_calibration", "plot_p_alive_matrix"]


def plot_p_alive_matrix(
    model: BgNbdModel,
    *,
    age: float,
    max_frequency: int = 20,
    ax: Axes | None = None,
) -> Axes:
    """A heat map of the probability alive by frequency and recency, for customers watched ``age`` days.

    The picture of Fader, Hardie and Lee's model: a frequent buyer whose last
    return is long past (top left) is probably gone; an infrequent one
    (bottom) silent as long much less surely.

    >>> import custinteract as ci
    >>> from custinteract.plotting import plot_p_alive_matrix
    >>> ax = plot_p_alive_matrix(ci.BgNbdModel(r=0.5, alpha=20, a=0.8, b=3), age=365)
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('recency (days from first to last return)', 'frequency (returns)')
    """
    matrix = p_alive_matrix(model, age=age, max_frequency=max_frequency)
    ax = new_axes(ax, figsize=(7.0, 5.0))
    recency = matrix.columns.to_numpy(dtype=float)
    image: Any = ax.imshow(
        matrix.to_numpy(dtype=float),
        origin="lower",
        aspect="auto",
        cmap="RdYlGn",
        vmin=0.0,
        vmax=1.0,
        extent=(recency[0], recency[-1], -0.5, max_frequency + 0.5),
        interpolation="nearest",
    )
    ax.figure.colorbar(image, ax=ax, label="probability alive")
    ax.set_xlabel("recency (days from first to last return)")
    ax.set_ylabel("frequency (returns)")
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title(f"Probability alive after {age:g} days (BG/NBD)")
    return ax


def plot_activity_calibration(
    holdout: pd.DataFrame, *, max_frequency: int = 7, ax: Axes | None = None
) -> Axes:
    """Mean expected against mean observed hold-out returns, by returns in the calibration period.

    ``holdout`` is :func:`~custinteract.frames.activity_holdout_frame`'s
    answer; customers with ``max_frequency`` returns or more share the last
    group. The two lines lie on each other when the model is right.

    >>> import pandas as pd
    >>> from custinteract.plotting import plot_activity_calibration
    >>> df = pd.DataFrame({"frequency": [0, 1, 1, 9], "expected": [0.2, 0.8, 1.0, 4.0],
    ...                    "observed": [0, 1, 1, 5]})
    >>> ax = plot_activity_calibration(df)
    >>> [line.get_label() for line in ax.get_lines()]
    ['model (expected)', 'actual (observed)']
    """
    missing = [c for c in ("frequency", "expected", "observed") if c not in holdout.columns]
    if missing:
        raise InvalidInputError(
            "holdout", list(holdout.columns), "columns frequency, expected and observed"
        )
    group = np.minimum(holdout["frequency"].to_numpy(dtype=float), max_frequency)
    means = holdout[["expected", "observed"]].groupby(group).mean()
    ax = new_axes(ax)
    ax.plot(means.index, means["expected"], marker="o", label="model (expected)")
    ax.plot(means.index, means["observed"], marker="s", linestyle="--", label="actual (observed)")
    ticks = [int(g) for g in means.index]
    ax.set_xticks(ticks, [f"{g}+" if g == max_frequency else str(g) for g in ticks])
    ax.set_xlabel("returns in the calibration period")
    ax.set_ylabel("mean returns in the hold-out period")
    ax.set_title("Hold-out calibration")
    ax.legend(loc="upper left", fontsize="small")
    return ax
