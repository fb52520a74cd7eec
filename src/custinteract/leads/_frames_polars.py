""":func:`~custinteract.frames.leads_frame` on a polars DataFrame, without a pandas frame.

The interactions are read and checked by
:func:`custinteract._frames_polars.normalized`; a polars customers frame is
read here, column by column, by the rules of the pandas path's quick reading
(``_frames_base``): ids as non-blank text, aware timestamps, sources among
:class:`~custinteract.LeadSource`'s values, flags as booleans, the life dates
after ``created``, fit rules matched on each distinct text by
:data:`~custinteract.leads._frames_base.FIT_MATCHERS`. The rows then go as
NumPy arrays through the same kernels as the pandas path (``_frames_events``,
``_frames_rules``, ``_frames_history``), and the answer is built as a polars
frame, equal to the pandas answer converted, cell for cell and type for type.

Where the quick reading does not apply (a value that needs the model's
judgement, identical rows repeated, ``current_activity``, input it does not
vouch for), :func:`leads_frame_polars` answers None and the frames go the
general way, which raises any error with its one message.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, tzinfo
from typing import Any

import numpy as np
import pandas as pd
import polars as pl

from .._errors import InvalidInputError
from .._frames_polars import as_text, code_column, normalized
from .._models import Direction, InteractionKind, LeadSource, Sentiment
from .._tabular import with_why
from .._time import ensure_aware
from .._validators import BLANK_CHARACTERS
from ._engine import REASON_CODES, LeadPolicy
from ._frames_base import (
    _BOOL_COLUMNS,
    _KIND_CODE,
    _NAT,
    _SOURCE_CODE,
    _SOURCES,
    FIT_MATCHERS,
    _Base,
)
from ._frames_events import (
    _ADVICE_TEXT,
    _SOURCE_TEXT,
    _TEMPERATURE_TEXT,
    _assessed,
    _text_positions,
)
from ._frames_history import _Events
from ._frames_rules import _Columns
from .frames import CUSTOMER_COLUMNS, _base_of

__all__ = ["leads_frame_polars"]

_INBOUND = list(Direction).index(Direction.INBOUND)
_NEGATIVE = list(Sentiment).index(Sentiment.NEGATIVE)
_BLANK_CHARS = list(BLANK_CHARACTERS)


def leads_frame_polars(
    customers: Any,
    interactions: Any,
    *,
    as_of: datetime,
    policy: LeadPolicy | None = None,
    columns: Mapping[str, str] | None = None,
    tz: tzinfo | str | None = None,
    customer_columns: Mapping[str, str] | None = None,
    attributes: Sequence[str] | None = None,
    budget_column: str | None = None,
) -> pl.DataFrame | None:
    """The polars answer of :func:`~custinteract.frames.leads_frame`, or None (the general way).

    ``interactions`` must be a polars frame; ``customers`` a polars or pandas
    one. Any refusal also answers None, so that the general way raises it
    with the pandas path's message.
    """
    if not isinstance(interactions, pl.DataFrame):
        return None
    try:
        return _leads(
            customers,
            interactions,
            as_of,
            policy,
            columns,
            tz,
            customer_columns,
            attributes,
            budget_column,
        )
    except InvalidInputError:
        return None


def _leads(
    customers: Any,
    interactions: pl.DataFrame,
    as_of: datetime,
    policy: LeadPolicy | None,
    columns: Mapping[str, str] | None,
    tz: tzinfo | str | None,
    customer_columns: Mapping[str, str] | None,
    attributes: Sequence[str] | None,
    budget_column: str | None,
) -> pl.DataFrame | None:
    as_of = ensure_aware(as_of, "as_of")
    policy = LeadPolicy() if policy is None else policy
    if not isinstance(policy, LeadPolicy) or policy.current_activity is not None:
        return None  # a bad policy: refused the general way; the rhythm: read there
    if budget_column is None:
        budget_column = policy.budget_key
    elif not isinstance(budget_column, str) or not budget_column.strip():
        return None
    if isinstance(customers, pd.DataFrame):
        everyone: _Base | None = _base_of(customers, customer_columns, attributes, policy)
    elif isinstance(customers, pl.DataFrame):
        everyone = _people(customers, customer_columns, attributes, policy)
    else:
        return None
    if everyone is None or len(set(everyone.ids)) != len(everyone.ids):
        return None
    df = normalized(interactions, columns, tz=tz, tz_name="tz")
    if df is None or df.height != interactions.height:
        return None  # identical repeats: the general way counts and words them
    sorted_people = sorted(range(len(everyone.ids)), key=everyone.ids.__getitem__)
    keys = [everyone.ids[i] for i in sorted_people]
    base = everyone.take(np.array(sorted_people, dtype=np.int64))
    codes = _positions(df["customer_id"], keys)
    if codes is None:
        return None
    kind = df[code_column("kind")].to_numpy().astype(np.int64)
    inbound = df[code_column("direction")].to_numpy() == _INBOUND
    budget = _budgets(interactions, budget_column, inbound & (kind == _KIND_CODE[_INQUIRY]))
    if budget is None:
        return None
    rows = _Events(
        codes,
        df["timestamp"].dt.epoch("us").to_numpy(),
        kind,
        inbound,
        df[code_column("sentiment")].to_numpy() == _NEGATIVE,
        budget,
    )
    ids = df["id"]
    found = _assessed(
        base,
        rows,
        np.zeros(len(keys), dtype=np.int64),
        lambda block: ids.gather(block).to_list(),
        as_of,
        policy,
        None,
    )
    return _result(keys, base, found)


_INQUIRY = InteractionKind.INQUIRY


def _positions(column: pl.Series, keys: list[str]) -> np.ndarray[Any, Any] | None:
    """Each row's customer as its position in ``keys`` (sorted, distinct); None for a stranger."""
    found = _text_positions(column.to_arrow(), keys)
    if bool((found < 0).any()):
        return None  # an interaction of no customer of the frame: refused the general way
    return found


def _budgets(
    frame: pl.DataFrame, name: str, asks: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any] | None:
    """Does each row give a budget (text ``str(value)`` not blank), on inbound inquiries only?

    Read from the frame as given, as the pandas path reads it; texts are
    judged by Python's ``str.strip``, each distinct one once. None for a
    column type the general way must read.
    """
    budget = np.zeros(frame.height, dtype=bool)
    if name not in frame.columns or not asks.any():
        return budget
    column = frame[name]
    dtype = column.dtype
    if dtype == pl.Null:
        return budget
    mask = pl.Series(asks)
    text = as_text(column)
    if text is not None:
        asked = text.filter(mask)
        distinct = asked.drop_nulls().unique().to_list()
        given = pl.Series([value for value in distinct if value.strip() != ""], dtype=pl.String)
        budget[asks] = asked.is_in(given).fill_null(False).to_numpy()
        return budget
    if dtype.is_float():
        present = column.is_not_null() & column.is_not_nan()
    elif dtype.is_integer() or dtype == pl.Boolean:
        present = column.is_not_null()
    else:
        return None
    budget[asks] = present.filter(mask).to_numpy()
    return budget


# --------------------------------------------------------------------------- the customers


def _people(
    frame: pl.DataFrame,
    columns: Mapping[str, str] | None,
    attributes: Sequence[str] | None,
    policy: LeadPolicy,
) -> _Base | None:
    """The customers frame as arrays by the pandas path's quick rules, or None (see above)."""
    data = _renamed(frame, columns)
    if data is None or not {"customer_id", "created"} <= set(data.columns):
        return None
    if attributes is None:
        attribute_columns = [c for c in data.columns if c not in CUSTOMER_COLUMNS]
    else:
        attribute_columns = list(attributes)
        if not all(isinstance(c, str) and c in data.columns for c in attribute_columns):
            return None
    if not all(name.strip() for name in attribute_columns):
        return None
    ids = _texts(_id_text(data["customer_id"]), blank=False, missing=False)
    created = _utc_micros(data["created"])
    if ids is None or created is None or bool((created == _NAT).any()):
        return None
    fields = set(data.columns)
    if "name" in fields and _texts(as_text(data["name"]), blank=True, missing=True) is None:
        return None
    list_name: list[str | None] = [None] * data.height
    if "list_name" in fields:
        names = _texts(as_text(data["list_name"]), blank=False, missing=True)
        if names is None:
            return None
        list_name = names
    source = _sources(data)
    consent, do_not_contact = (_flag(data, name) for name in _BOOL_COLUMNS)
    became, churned = (_life_date(data, name) for name in ("became_customer", "churned"))
    fits = _fits(data, attribute_columns, policy)
    if (
        source is None
        or fits is None
        or consent is None
        or do_not_contact is None
        or became is None
        or churned is None
    ):
        return None
    known = became != _NAT
    left = churned != _NAT
    if (
        bool((became[known] < created[known]).any())
        or bool((~known[left]).any())
        or bool((churned[left] < created[left]).any())
    ):
        return None
    return _Base(ids, source, consent, do_not_contact, became, churned, list_name, fits)


def _renamed(frame: pl.DataFrame, columns: Mapping[str, str] | None) -> pl.DataFrame | None:
    """The frame under our column names, or None where the pandas path would object."""
    mapping = dict(columns or {})
    if not set(mapping) <= set(CUSTOMER_COLUMNS):
        return None
    rename = {theirs: ours for ours, theirs in mapping.items()}
    if len(rename) != len(mapping) or not set(rename) <= set(frame.columns):
        return None
    names = [rename.get(name, name) for name in frame.columns]
    if len(set(names)) != len(names):
        return None
    return frame.rename(rename)


def _id_text(column: pl.Series) -> pl.Series | None:
    """Ids as text: integers as their decimal text, categories as theirs (as ``ids_as_text``)."""
    if column.dtype.is_integer():
        decimal: pl.Series = column.cast(pl.String)
        return decimal
    return as_text(column) if column.dtype != pl.Null else None


def _texts(column: pl.Series | None, *, blank: bool, missing: bool) -> list[Any] | None:
    """The column as a list of str (None where missing), or None if the models would object.

    Only values that could be blank (empty, or starting with a blank
    character) are judged one by one, by ``str.strip``, as in the pandas path.
    """
    if column is None or (column.null_count() and not missing):
        return None
    if not blank:
        given = column.drop_nulls()
        suspect = given.filter(
            (given.str.len_bytes() == 0) | given.str.slice(0, 1).is_in(_BLANK_CHARS)
        )
        if not all(text.strip() for text in suspect.to_list()):
            return None
    return column.to_list()


def _utc_micros(column: pl.Series) -> np.ndarray[Any, Any] | None:
    """UTC microseconds (``_NAT`` where missing) of a UTC datetime column; None for others."""
    dtype = column.dtype
    if not isinstance(dtype, pl.Datetime) or dtype.time_zone != "UTC":
        return None  # other zones: the pandas path's reading (or the model's)
    if dtype.time_unit == "ns" and bool((column.dt.nanosecond() % 1000 != 0).any()):
        return None
    micros: np.ndarray[Any, Any] = column.dt.epoch("us").fill_null(_NAT).to_numpy()
    return micros


def _sources(data: pl.DataFrame) -> np.ndarray[Any, Any] | None:
    """Each customer's source as a code into ``_SOURCES`` (missing: other), or None."""
    other = _SOURCE_CODE[LeadSource.OTHER.value]
    if "source" not in data.columns:
        return np.full(data.height, other, dtype=np.int64)
    text = as_text(data["source"])
    if text is None or not set(text.drop_nulls().unique().to_list()) <= set(_SOURCE_CODE):
        return None
    codes = text.cast(pl.Enum([s.value for s in _SOURCES])).to_physical().cast(pl.Int64)
    found: np.ndarray[Any, Any] = codes.fill_null(other).to_numpy()
    return found


def _flag(data: pl.DataFrame, name: str) -> np.ndarray[Any, Any] | None:
    """A boolean column with no missing value (absent: all False), or None."""
    if name not in data.columns:
        return np.zeros(data.height, dtype=bool)
    column = data[name]
    if column.dtype != pl.Boolean or column.null_count():
        return None
    flags: np.ndarray[Any, Any] = column.to_numpy()
    return flags


def _life_date(data: pl.DataFrame, name: str) -> np.ndarray[Any, Any] | None:
    """``became_customer`` or ``churned`` in UTC microseconds (all missing: ``_NAT``), or None."""
    if name not in data.columns or data[name].null_count() == data.height:
        return np.full(data.height, _NAT, dtype=np.int64)
    return _utc_micros(data[name])


def _fits(
    data: pl.DataFrame, attribute_columns: list[str], policy: LeadPolicy
) -> np.ndarray[Any, Any] | None:
    """``(customers, fit rules)``: does each rule match each customer's attribute text?"""
    fits = np.zeros((data.height, len(policy.fit_rules)), dtype=bool)
    for index, rule in enumerate(policy.fit_rules):
        if rule.attribute not in attribute_columns:
            continue
        column = data[rule.attribute]
        text = _id_text(column) if column.dtype.is_integer() else as_text(column)
        if text is None:
            return None  # other values become text one by one: the general way
        distinct = text.drop_nulls().unique()
        hits = FIT_MATCHERS[rule.kind](rule, np.asarray(distinct.to_list(), dtype=object))
        matched = distinct.filter(pl.Series(hits, dtype=pl.Boolean))
        fits[:, index] = text.is_in(matched).fill_null(False).to_numpy()
    return fits


# --------------------------------------------------------------------------- the answer


def _result(keys: list[str], base: _Base, found: _Columns) -> pl.DataFrame:
    """The answer as the pandas one converted: ``customer_id`` first, then ``LEAD_COLUMNS``."""
    story = pl.Series(found.story, dtype=pl.Int64)
    stories = pd.DataFrame({"reasons": pd.Series(found.stories, dtype=object)})
    why = with_why(stories, "reasons", REASON_CODES)["why"].tolist()

    def texts(table: Sequence[str], codes: np.ndarray[Any, Any]) -> pl.Series:
        return pl.Series(list(table), dtype=pl.String).gather(pl.Series(codes, dtype=pl.Int64))

    def stamps(micros: np.ndarray[Any, Any]) -> pl.Series:
        moment = pl.col("moment")
        utc = pl.when(moment != _NAT).then(moment).cast(pl.Datetime("us", "UTC"))
        return pl.DataFrame({"moment": micros}).select(utc)["moment"]

    data: dict[str, pl.Series] = {
        "customer_id": pl.Series(keys, dtype=pl.String),
        "temperature": texts(_TEMPERATURE_TEXT.tolist(), found.rank),
        "score": pl.Series(found.score, dtype=pl.Float64),
        "advice": texts(_ADVICE_TEXT.tolist(), found.advice),
        "raw_score": pl.Series(found.raw, dtype=pl.Float64),
        "source_points": pl.Series(found.source_points, dtype=pl.Float64),
        "fit_points": pl.Series(found.fit_points, dtype=pl.Float64),
        "engagement_points": pl.Series(found.engagement_points, dtype=pl.Float64),
        "source": texts(_SOURCE_TEXT.tolist(), base.source),
        "list_name": pl.Series(base.list_name, dtype=pl.String),
        "last_purchase": stamps(found.last_purchase),
        "qualified_since": stamps(found.qualified_since),
        "last_inbound": stamps(found.last_inbound),
        "unanswered_streak": pl.Series(found.streak, dtype=pl.Int64),
        "recent_unanswered": pl.Series(found.recent, dtype=pl.Int64),
        "reasons": pl.Series([list(s) for s in found.stories], dtype=pl.List(pl.String)).gather(
            story
        ),
        "why": pl.Series(why, dtype=pl.String).gather(story),
    }
    return pl.DataFrame([series.alias(name) for name, series in data.items()])
