"""polars and Arrow in, the same kind out: the frame functions' one boundary conversion.

The frame functions compute in pandas (or Dask). A polars DataFrame or a
pyarrow Table given to one is converted to pandas on the way in, through
Arrow (``polars.DataFrame.to_pandas`` and ``pyarrow.Table.to_pandas`` share
the Arrow buffers of numbers and timestamps where they can, and pandas keeps
text as Arrow strings), and a DataFrame answer goes back as the input's kind,
its index (``customer_id``, ``staff_id``, the period) becoming ordinary
leading columns, since neither polars nor Arrow has an index. polars is never
imported here unless the input is a polars frame, or an Arrow table for a
function with its own polars implementation and polars installed, so it
stays optional.

A frame function may also name its own polars implementation
(``same_kind_out(..., polars=...)``): a polars frame goes there first, and
so does an Arrow table when polars is installed, read with
``polars.from_arrow`` (which shares the buffers of numbers and timestamps;
text is copied once into polars' string layout) and answered with
``polars.DataFrame.to_arrow``, so that no pandas copy of the table is made.
The conversion through pandas happens only when that implementation
declines (answers None), and it then raises any refusal with the pandas
message.

An Arrow answer has one form whichever way it was computed (see
:func:`arrow_form`): text as ``large_string``, lists as ``large_list``, no
pandas metadata, as polars writes it; so it does not depend on whether
polars is installed nor on which way the call took.

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

__all__ = ["arrow_form", "frame_kind", "from_pandas", "same_kind_out", "to_pandas"]

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
    _nullable_integers(_integer_gaps(value, kind), frame)
    if index is not None and index in frame.columns:
        frame = frame.set_index(index)
    return frame


def _integer_gaps(value: Any, kind: str) -> list[tuple[str, str, Any]]:
    """The integer columns with missing values: name, pandas' nullable type, the Arrow data."""
    if kind == "polars":
        return [
            (name, str(dtype), value[name].to_arrow())
            for name, dtype in value.schema.items()
            if dtype.is_integer() and value[name].null_count()
        ]
    import pyarrow as pa  # type: ignore[import-untyped,unused-ignore]

    names = value.column_names
    if len(set(names)) < len(names):
        return []  # repeated names: the general way refuses them as it does in pandas
    return [
        (name, str(stored).replace("uint", "UInt").replace("int", "Int"), value[name])
        for name, stored in zip(names, value.schema.types, strict=True)
        if pa.types.is_integer(stored) and value[name].null_count
    ]


def _nullable_integers(gaps: list[tuple[str, str, Any]], frame: pd.DataFrame) -> None:
    """Integer columns with missing values as pandas' nullable integers, not floats.

    Converted through Arrow they would become floats (``7`` read as ``7.0``,
    an integer id column refused as floats), unlike the same column in
    pandas. (An Arrow table written by pandas says so in its metadata, and
    is read so already.)
    """
    for name, nullable, data in gaps:
        if isinstance(frame[name].dtype, pd.api.extensions.ExtensionDtype):
            continue
        dtype = pd.api.types.pandas_dtype(nullable)
        array = dtype.__from_arrow__(data)  # type: ignore[union-attr]
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

    return arrow_form(pa.Table.from_pandas(flat, preserve_index=False))


def arrow_form(table: Any) -> Any:
    """An Arrow answer in its one form: the types polars gives, no pandas metadata.

    Text (``string``, ``string_view``) becomes ``large_string`` and lists
    ``large_list``, at any depth (in lists, structs, dictionaries' values);
    a column of no value given (Arrow's ``null`` type) becomes
    ``large_string``; every other type stays. pandas writes its object
    columns of text as ``string`` (of Nones only: ``null``) and its ``str``
    columns as ``large_string``, an accident of its dtypes; polars reads all
    of them as text and writes it as ``large_string``. The pandas metadata
    describes pandas dtypes of a frame that the answer never was (a polars
    answer has none), so it goes too. Only the columns whose type changes are
    cast; the rest keep their buffers.
    """
    import pyarrow as pa

    schema = pa.schema(
        [
            field.with_type(
                pa.large_string() if pa.types.is_null(field.type) else _arrow_type(field.type)
            )
            for field in table.schema
        ],
    )
    if table.schema.metadata:
        table = table.replace_schema_metadata(None)
    if schema.equals(table.schema):
        return table
    return table.cast(schema)


def _arrow_type(kind: Any) -> Any:
    """``kind`` with its text as ``large_string`` and its lists as ``large_list`` (see above)."""
    import pyarrow as pa

    types = pa.types
    if _is(kind, "string", "string_view"):
        return pa.large_string()
    if _is(kind, "list", "large_list", "list_view", "large_list_view"):
        item = kind.value_field
        return pa.large_list(item.with_type(_arrow_type(item.type)))
    if types.is_struct(kind):
        return pa.struct([field.with_type(_arrow_type(field.type)) for field in kind.fields])
    if types.is_dictionary(kind):
        return pa.dictionary(kind.index_type, _arrow_type(kind.value_type), kind.ordered)
    return kind


def _is(kind: Any, *names: str) -> bool:
    """Is Arrow type ``kind`` one of ``names``? (Views came with pyarrow 16: older has none.)"""
    import pyarrow as pa

    return any(getattr(pa.types, f"is_{name}", lambda _: False)(kind) for name in names)


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
    only when a polars frame, or an Arrow table with polars installed,
    comes): it is called first with every argument by name, Arrow tables
    among them read as polars frames, and its answer is the answer (as Arrow
    if that was the kind) unless it is None, which sends the call the
    general way (through pandas, with the arguments as given).
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
            if polars is not None:
                answer = _natively(polars, signature, frames, kind, args, kwargs)
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


def _natively(
    polars: Callable[[], Callable[..., Any]],
    signature: inspect.Signature,
    frames: tuple[str, ...],
    kind: str,
    args: tuple[Any, ...],
    kwargs: dict[str, Any],
) -> Any:
    """The answer of the polars implementation as ``kind``, or None (the general way).

    An Arrow table goes there only when polars is installed, and only if
    polars reads every Arrow argument (``polars.from_arrow`` shares the
    buffers); a call whose arguments do not bind (a missing one) goes the
    general way too, so that Python's own message names the function, and
    so does an Arrow call whose answer polars cannot hold (polars' error,
    such as a calendar at a fixed UTC offset, which Arrow and pandas hold).
    """
    if kind == "arrow" and _polars_module() is None:
        return None
    try:
        every = signature.bind(*args, **kwargs)
    except TypeError:
        return None
    every.apply_defaults()
    for name in frames:
        value = every.arguments.get(name)
        if frame_kind(value) == "arrow":
            every.arguments[name] = _polars_of(value)
            if every.arguments[name] is None:
                return None
    if kind == "polars":
        return polars()(**every.arguments)
    import polars as pl

    try:
        answer = polars()(**every.arguments)
    except pl.exceptions.PolarsError:
        return None  # an answer polars cannot hold (a calendar at a fixed offset): pandas can
    if answer is None:
        return None
    return arrow_form(answer.to_arrow())


def _polars_module() -> Any:
    """polars, imported (it is needed), or None when it is not installed."""
    try:
        import polars
    except ImportError:
        return None
    return polars


def _polars_of(table: Any) -> Any:
    """The Arrow table as a polars DataFrame sharing its buffers, or None (the general way).

    polars refuses some tables pandas reads (repeated column names, a time
    zone that is an offset, types it lacks); it is asked only about tables
    with rows and whose types it holds (:func:`_held`), since on others it
    can fail with a panic rather than an error.
    """
    import polars as pl
    import pyarrow as pa

    if table.num_rows == 0 or not all(_held(kind, pl) for kind in table.schema.types):
        return None
    try:
        return pl.from_arrow(table)
    except (pl.exceptions.PolarsError, pa.ArrowException, TypeError, ValueError):
        return None


def _held(kind: Any, pl: Any) -> bool:
    """Can polars hold Arrow type ``kind``: no 256-bit decimals, time zones polars knows."""
    import pyarrow as pa

    types = pa.types
    if types.is_decimal256(kind):
        return False
    if types.is_timestamp(kind) and kind.tz is not None:
        try:
            pl.Series("", [], dtype=pl.Datetime("us", kind.tz))
        except pl.exceptions.PolarsError:
            return False
        return True
    if types.is_dictionary(kind):
        return _held(kind.value_type, pl)
    inner = [kind.field(n).type for n in range(kind.num_fields)]
    return all(_held(child, pl) for child in inner)
