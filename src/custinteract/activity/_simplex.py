"""The Nelder-Mead simplex method: the minimiser of the BG/NBD fit, in pure Python.

Nelder and Mead (1965), with the standard coefficients of Lagarias et al.
(1998): reflection 1, expansion 2, contraction 1/2, shrink 1/2. Ties keep the
older point first, so the search takes the same path on every platform.
:func:`custinteract.activity._bgnbd.fit_with` runs it over the logarithms of
the four parameters, restarted from its best point.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

__all__ = ["nelder_mead"]


def _toward(centroid: list[float], worst: list[float], weight: float) -> list[float]:
    """The point ``centroid + weight * (centroid - worst)``."""
    return [c + weight * (c - w) for c, w in zip(centroid, worst, strict=True)]


def _shrink(simplex: list[list[float]]) -> list[list[float]]:
    """Every point halfway towards the best (the first)."""
    best = simplex[0]
    return [best] + [
        [b + 0.5 * (p - b) for b, p in zip(best, point, strict=True)] for point in simplex[1:]
    ]


def nelder_mead(
    objective: Callable[[Sequence[float]], float],
    start: Sequence[float],
    *,
    max_evaluations: int,
    tolerance: float,
    step: float = 0.5,
) -> tuple[list[float], float, int]:
    """Minimise ``objective`` from ``start``: ``(best point, its value, evaluations used)``.

    The simplex starts at ``start`` and ``start + step`` along each axis;
    reflection 1, expansion 2, contraction 1/2, shrink 1/2 (Lagarias et al.
    1998). It stops when the values at the simplex's points differ by at most
    ``tolerance`` and its points by at most ``tolerance ** 0.5`` in every
    coordinate, or when ``max_evaluations`` are used. Ties keep the older
    point first, so the path is the same on every platform.

    >>> point, value, _ = nelder_mead(lambda p: (p[0] - 1) ** 2 + (p[1] + 2) ** 2, [0.0, 0.0],
    ...                               max_evaluations=2000, tolerance=1e-14)
    >>> [round(x, 4) for x in point], round(value, 10)
    ([1.0, -2.0], 0.0)
    """
    size = len(start)
    simplex = [list(start)] + [
        [value + (step if axis == i else 0.0) for i, value in enumerate(start)]
        for axis in range(size)
    ]
    values = [objective(point) for point in simplex]
    used = size + 1
    while used < max_evaluations:
        order = sorted(range(size + 1), key=values.__getitem__)
        simplex = [simplex[i] for i in order]
        values = [values[i] for i in order]
        spread = max(abs(value - values[0]) for value in values[1:])
        width = max(abs(point[i] - simplex[0][i]) for point in simplex[1:] for i in range(size))
        if spread <= tolerance and width <= tolerance**0.5:
            break
        centroid = [sum(point[i] for point in simplex[:-1]) / size for i in range(size)]
        worst = simplex[-1]
        reflected = _toward(centroid, worst, 1.0)
        f_reflected = objective(reflected)
        used += 1
        if values[0] <= f_reflected < values[-2]:
            simplex[-1], values[-1] = reflected, f_reflected
            continue
        if f_reflected < values[0]:
            expanded = _toward(centroid, worst, 2.0)
            f_expanded = objective(expanded)
            used += 1
            if f_expanded < f_reflected:
                simplex[-1], values[-1] = expanded, f_expanded
            else:
                simplex[-1], values[-1] = reflected, f_reflected
            continue
        outside = f_reflected < values[-1]
        contracted = _toward(centroid, worst, 0.5 if outside else -0.5)
        f_contracted = objective(contracted)
        used += 1
        if f_contracted < (f_reflected if outside else values[-1]):
            simplex[-1], values[-1] = contracted, f_contracted
            continue
        simplex = _shrink(simplex)
        values = [values[0]] + [objective(point) for point in simplex[1:]]
        used += size
    top = min(range(size + 1), key=values.__getitem__)
    return simplex[top], values[top], used
