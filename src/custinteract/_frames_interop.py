"""polars and Arrow in, the same kind out: the frame functions' one boundary conversion.

The frame functions compute in pandas (or Dask). A polars DataFrame or a
pyarrow Table given to one is converted to pandas on the way in, through
Arrow (``polars.DataFrame.to_pandas`` and ``pyarrow.Table.to_pandas`` share
the Arrow buffers of numbers and timestamps where they can, and pandas keeps
text as Arrow strings), and a DataFrame answer goes back as the input's kind,
its index (``customer_id``, ``staff_id``, the period) becoming ordinary
leading columns, since neither polars nor Arrow has an index. polars is never
imported here unless the input is a polars frame, so it stays optional.

A frame function may also name its own polars implementation
(``same_kind_out(..., polars=...)``): a polars frame goes there first, and
the conversion happens only when that implementation declines (answers None).

The choice of a conversion at the boundary over a compatibility layer
(narwhals) is deliberate: the engines' hot paths are pandas and NumPy code
(factorised codes, ``bincount``, grouped cumulative sums) that a layer would
have to re-express in its own smaller vocabulary, and the conversion costs a
small fraction of the engine's time (the benchmarks' ``frames/polars`` rows).
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar, cast

import pandas as pd

__all__ = ["frame_kind", "from_pandas", "same_kind_out", "to_pandas"]

F = TypeVar("F", bound=Callable[..., Any])


def frame_kind(value: Any) -> str:
    """``"polars"``, ``"arrow"`` or ``"pandas"`` (anything else: pandas, Dask, values, None).

    Judged by the type's module, so that neither polars nor pyarrow is imported to ask.
    """
    module = type(value).__module__
    if module.startswith("polars") and type(value).__name__ == "DataFrame":
        return "polars"
    if module.startswith("pyarrow") and type(value).__name__ == "Table":
        return "arrow"
    return "pandas"


def to_pandas(value: Any, *, index: str | None = None) -> Any:
    """A polars DataFrame or pyarrow Table as a pandas DataFrame; anything else as it is.

    ``index`` names a column to make the index when present (a result of ours
    handed back in, such as activity summaries indexed by ``customer_id``).
    """
    kind = frame_kind(value)
    if kind == "pandas":
        return value
    frame: pd.DataFrame = value.to_pandas()
    if kind == "polars":
        _nullable_integers(value, frame)
    if index is not None and index in frame.columns:
        frame = frame.set_index(index)
    return frame


def _nullable_integers(value: Any, frame: pd.DataFrame) -> None:
    """polars integer columns with missing values as pandas' nullable integers, not floats.

    Converted through Arrow they would become floats (``7`` read as ``7.0``,
    an integer id column refused as floats), unlike the same column in pandas.
    """
    for name, dtype in value.schema.items():
        if dtype.is_integer() and value[name].null_count():
            nullable = pd.api.types.pandas_dtype(str(dtype))
            array = nullable.__from_arrow__(value[name].to_arrow())  # type: ignore[union-attr]
            frame[name] = pd.Series(array, index=frame.index, name=name)


def from_pandas(result: Any, kind: str) -> Any:
    """A pandas DataFrame answer as ``kind`` (its index as leading columns); others as they are."""
    if kind == "pandas" or not isinstance(result, pd.DataFrame):
        return result
    named = [name for name in result.index.names if name is not None]
    flat = result.reset_index() if named else result.reset_index(drop=True)
    # pandas' attrs (a frame's as_of, kept for summaries and plots) have no place in
    # polars or Arrow, and Arrow would try to write them as JSON metadata
    flat.attrs = {}
    if kind == "polars":
        import polars as pl

        return pl.from_pandas(flat)
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    return pa.Table.from_pandas(flat, preserve_index=False)


def same_kind_out(
    *frames: str,
    index: dict[str, str] | None = None,
    polars: Callable[[], Callable[..., Any]] | None = None,
) -> Callable[[F], F]:
    """Decorate a frame function: the parameters ``frames`` may be polars or Arrow.

    Those arguments are converted with :func:`to_pandas` (``index`` maps a
    parameter to the column to index by); the answer comes back as the kind
    of the first of them given as polars or Arrow (:func:`from_pandas`).

    ``polars`` returns the function's own polars implementation (imported
    only when a polars frame comes): it is called first with every argument
    by name, and its answer is the answer unless it is None, which sends the
    call the general way (through pandas).
    """
    indexes = dict(index or {})

    def decorate(function: F) -> F:
        signature = inspect.signature(function)

        @functools.wraps(function)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            bound = signature.bind_partial(*args, **kwargs)
            kinds = [frame_kind(bound.arguments.get(name)) for name in frames]
            kind = next((k for k in kinds if k != "pandas"), "pandas")
            if kind == "pandas":
                return function(*args, **kwargs)
            if kind == "polars" and polars is not None:
                every = signature.bind(*args, **kwargs)
                every.apply_defaults()
                answer = polars()(**every.arguments)
                if answer is not None:
                    return answer
            for name in frames:
                if name in bound.arguments:
                    bound.arguments[name] = to_pandas(
                        bound.arguments[name], index=indexes.get(name)
                    )
            return from_pandas(function(*bound.args, **bound.kwargs), kind)

        return cast(F, wrapper)

    return decorate
