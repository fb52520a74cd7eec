"""Lead temperature over a whole customer base, from DataFrames.

:func:`leads_frame` applies the rules of :func:`custinteract.assess_lead`
column by column, with numpy over every interaction of the base at once (no
loop over rows), and returns one row per customer indexed by
``customer_id``. It equals :func:`lead_assessments_to_frame` of the object
path exactly, float for float; the tests check it on random bases and
policies. The few steps where exactness needs Python's own arithmetic run in
Python on plain lists: the decay factor ``0.5 ** x`` (the platform's ``pow``,
as in the object path), the exact sums (``math.fsum``, one per customer), and
calendar windows in a zone with daylight saving. The customers frame is
checked column-wise against the models' rules; at the first value that needs
the model's judgement every row goes through :class:`~custinteract.Customer`,
so errors are the model's own.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
from dateutil.relativedelta import relativedelta

from .._errors import InvalidInputError
from .._models import Customer, Direction, InteractionKind, LeadSource, Sentiment
from .._tabular import WHITESPACE, apply_by_key, is_missing, normalize_with_repeats
from .._time import ensure_aware
from ._engine import (
    FitRule,
    LeadAssessment,
    LeadPolicy,
    LeadTemperature,
    OutreachAdvice,
    ScoreComponent,
)
from ._history import exact_step as _step
from ._history import is_calendar as _calendar
from ._history import window_adder as _adder
from ._history import window_start as _before

__all__ = [
    "CUSTOMER_COLUMNS",
    "LEAD_COLUMNS",
    "lead_assessments_to_frame",
    "customers_from_frame",
    "customers_to_frame",
    "leads_frame",
]

CUSTOMER_COLUMNS: tuple[str, ...] = (
    "customer_id",
    "created",
    "name",
    "source",
    "list_name",
    "consent",
    "do_not_contact",
    "became_customer",
    "churned",
)
"""The columns of a customers frame, one per :class:`~custinteract.Customer` field.

``customer_id`` and ``created`` are required; the others default as in the
model. Every other column is an attribute (for fit rules), unless
``attributes=`` names the attribute columns.
"""

LEAD_COLUMNS: tuple[str, ...] = (
    "temperature",
    "score",
    "advice",
    "raw_score",
    "source_points",
    "fit_points",
    "engagement_points",
    "source",
    "list_name",
    "last_purchase",
    "qualified_since",
    "last_inbound",
    "unanswered_streak",
    "recent_unanswered",
    "reasons",
)
"""The columns of :func:`leads_frame`: enums as text, ``reasons`` a tuple of codes."""

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_DATETIME_COLUMNS = ("last_purchase", "qualified_since", "last_inbound")
_BOOL_COLUMNS = ("consent", "do_not_contact")


def _when(value: Any) -> datetime | None:
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value  # type: ignore[no-any-return]


def customers_from_frame(
    frame: pd.DataFrame,
    columns: Mapping[str, str] | None = None,
    *,
    attributes: Sequence[str] | None = None,
) -> tuple[Customer, ...]:
    """Build :class:`~custinteract.Customer` values from the rows of a customers frame.

    ``columns`` maps our names (:data:`CUSTOMER_COLUMNS`) to yours.
    ``attributes`` names the attribute columns (default: every column that is
    not a customer field); their values become text with ``str()`` and a
    missing value leaves the attribute out. Timestamps must be timezone-aware.
    Each row is validated by the model; errors name the row.

    >>> import pandas as pd
    >>> from custinteract.frames import customers_from_frame
    >>> df = pd.DataFrame({"customer_id": ["c-1"], "created": pd.to_datetime(["2026-01-05T00:00Z"]),
    ...                    "source": ["referral"], "region": ["north"]})
    >>> (c,) = customers_from_frame(df)
    >>> c.source.value, dict(c.attributes)
    ('referral', {'region': 'north'})
    """
    data, fields, attribute_columns = _customer_data(frame, columns, attributes)
    return _customers_of(data, fields, attribute_columns)


def _customer_data(
    frame: pd.DataFrame,
    columns: Mapping[str, str] | None,
    attributes: Sequence[str] | None,
) -> tuple[pd.DataFrame, list[str], list[str]]:
    """The frame under our column names, its customer fields and its attribute columns."""
    mapping = dict(columns or {})
    unknown = sorted(set(mapping) - set(CUSTOMER_COLUMNS))
    if unknown:
        raise InvalidInputError("columns", unknown, f"keys among {list(CUSTOMER_COLUMNS)}")
    rename = {theirs: ours for ours, theirs in mapping.items()}
    missing = sorted(theirs for theirs in rename if theirs not in frame.columns)
    if missing:
        raise InvalidInputError("columns", missing, "column names present in the frame")
    data = frame.rename(columns=rename)
    for name in ("customer_id", "created"):
        if name not in data.columns:
            raise InvalidInputError(
                name, list(frame.columns), f"a column named {name!r} (or mapped to it)"
            )
    if attributes is None:
        attribute_columns = [c for c in data.columns if c not in CUSTOMER_COLUMNS]
    else:
        attribute_columns = list(attributes)
        absent = [c for c in attribute_columns if c not in data.columns]
        if absent:
            raise InvalidInputError("attributes", absent, "column names present in the frame")
    for name in ("created", "became_customer", "churned"):
        if name in data.columns and not isinstance(data[name].dtype, pd.DatetimeTZDtype):
            if name != "created" and data[name].isna().all():
                continue
            raise InvalidInputError(
                name, str(data[name].dtype), "a timezone-aware datetime64 column"
            )
    fields = [c for c in CUSTOMER_COLUMNS if c in data.columns]
    return data, fields, attribute_columns


def _customers_of(
    data: pd.DataFrame, fields: list[str], attribute_columns: list[str]
) -> tuple[Customer, ...]:
    """One validated :class:`~custinteract.Customer` per row; errors name the row."""
    result: list[Customer] = []
    for index, row in zip(
        data.index, data[fields + attribute_columns].itertuples(index=False), strict=True
    ):
        record = dict(zip(fields + attribute_columns, row, strict=True))
        try:
            result.append(_customer_of(record, fields, attribute_columns))
        except InvalidInputError as exc:
            raise InvalidInputError(f"row {index!r}: {exc.field}", exc.value, exc.expected) from exc
    return tuple(result)


def _customer_of(
    record: Mapping[str, Any], fields: Sequence[str], attribute_columns: Sequence[str]
) -> Customer:
    values: dict[str, Any] = {"id": record["customer_id"], "created": _when(record["created"])}
    for name in ("name", "list_name"):
        if name in fields and not is_missing(record[name]):
            values[name] = record[name]
    if "source" in fields and not is_missing(record["source"]):
        text = record["source"]
        try:
            values["source"] = LeadSource(text)
        except ValueError as exc:
            raise InvalidInputError(
                "source", text, f"one of {[s.value for s in LeadSource]}"
            ) from exc
    for name in _BOOL_COLUMNS:
        if name in fields:
            flag = record[name]
            if hasattr(flag, "item") and not isinstance(flag, bool):
                flag = flag.item()
            values[name] = flag
    for name in ("became_customer", "churned"):
        if name in fields:
            values[name] = _when(record[name])
    values["attributes"] = {
        name: str(record[name]) for name in attribute_columns if not is_missing(record[name])
    }
    return Customer(**values)


def customers_to_frame(customers: Iterable[Customer]) -> pd.DataFrame:
    """A customers frame from :class:`~custinteract.Customer` values (attributes as columns).

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> from custinteract.frames import customers_to_frame
    >>> df = customers_to_frame([ci.Customer(id="c-1", created=datetime(2026, 1, 5, tzinfo=timezone.utc),
    ...                                      attributes={"region": "north"})])
    >>> df.loc[0, "customer_id"], df.loc[0, "region"]
    ('c-1', 'north')
    """
    people = list(customers)
    names = sorted({key for c in people for key in c.attributes})
    clash = sorted(set(names) & set(CUSTOMER_COLUMNS))
    if clash:
        raise InvalidInputError("attributes", clash, "attribute names other than customer columns")
    rows = [
        {
            "customer_id": c.id,
            "created": c.created,
            "name": c.name,
            "source": c.source.value,
            "list_name": c.list_name,
            "consent": c.consent,
            "do_not_contact": c.do_not_contact,
            "became_customer": c.became_customer,
            "churned": c.churned,
            **{name: c.attributes.get(name) for name in names},
        }
        for c in people
    ]
    frame = pd.DataFrame(rows, columns=[*CUSTOMER_COLUMNS, *names])
    for name in ("created", "became_customer", "churned"):
        frame[name] = pd.to_datetime(frame[name], utc=True)
    for name in _BOOL_COLUMNS:
        frame[name] = frame[name].astype(bool)
    for name in ("customer_id", "name", "source", "list_name", *names):
        frame[name] = frame[name].astype(object)
    out: pd.DataFrame = frame
    return out


def lead_assessments_to_frame(assessments: Iterable[LeadAssessment]) -> pd.DataFrame:
    """One row per assessment with :data:`LEAD_COLUMNS`, indexed by ``customer_id`` (sorted).

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> from custinteract.frames import lead_assessments_to_frame
    >>> lead = ci.Customer(id="c-1", created=datetime(2026, 1, 5, tzinfo=timezone.utc))
    >>> df = lead_assessments_to_frame([ci.assess_lead(lead, [], as_of=datetime(2026, 2, 1, tzinfo=timezone.utc))])
    >>> df.loc["c-1", ["temperature", "advice"]].tolist()
    ['cold', 'nurture']
    """
    items = sorted(assessments, key=lambda a: a.customer_id)
    data: dict[str, pd.Series[Any]] = {
        "temperature": _objects([a.temperature.value for a in items]),
        "score": pd.Series([a.score for a in items], dtype="float64"),
        "advice": _objects([a.advice.value for a in items]),
        "raw_score": pd.Series([a.raw_score for a in items], dtype="float64"),
        "source_points": pd.Series(
            [a.points_of(ScoreComponent.SOURCE) for a in items], dtype="float64"
        ),
        "fit_points": pd.Series([a.points_of(ScoreComponent.FIT) for a in items], dtype="float64"),
        "engagement_points": pd.Series(
            [a.points_of(ScoreComponent.ENGAGEMENT) for a in items], dtype="float64"
        ),
        "source": _objects([a.source.value for a in items]),
        "list_name": _objects([a.list_name for a in items]),
    }
    for name in _DATETIME_COLUMNS:
        stamps = [getattr(a, name) for a in items]
        utc = [pd.NaT if s is None else pd.Timestamp(s).tz_convert("UTC") for s in stamps]
        data[name] = pd.Series(utc, dtype="datetime64[us, UTC]")
    data["unanswered_streak"] = pd.Series([a.unanswered_streak for a in items], dtype="int64")
    data["recent_unanswered"] = pd.Series([a.recent_unanswered for a in items], dtype="int64")
    data["reasons"] = _objects([a.codes for a in items])
    frame = pd.DataFrame(data)
    frame.index = pd.Index(_objects([a.customer_id for a in items]), name="customer_id")
    out: pd.DataFrame = frame
    return out


def _objects(values: list[Any]) -> pd.Series[Any]:
    series: pd.Series[Any] = pd.Series(values, dtype=object)
    return series


def leads_frame(
    customers: pd.DataFrame,
    interactions: Any,
    *,
    as_of: datetime,
    policy: LeadPolicy | None = None,
    columns: Mapping[str, str] | None = None,
    customer_columns: Mapping[str, str] | None = None,
    attributes: Sequence[str] | None = None,
    budget_column: str | None = None,
) -> Any:
    """Assess every customer of a base as of ``as_of``: one row each, indexed by ``customer_id``.

    ``customers`` is a pandas frame (:data:`CUSTOMER_COLUMNS` plus attribute
    columns, see :func:`customers_from_frame`); ``interactions`` a pandas or
    Dask frame of interactions (see
    :func:`~custinteract.frames.normalize_interactions`; ``columns`` maps
    names; a row repeated identically counts once). Frames carry no
    metadata, so the "inbound inquiry with budget" rule reads the column
    ``budget_column`` (default: the policy's ``budget_key``, ``"budget"``)
    when there is one: any value that is not missing and not blank text, a
    number as well as text, means a budget was given, exactly as the object
    path reads the metadata value ``str(value)``. Every interaction must
    belong to a customer of ``customers``. With Dask, the result is a lazy
    Dask frame (``.compute()`` it). The result has :data:`LEAD_COLUMNS` and
    equals :func:`lead_assessments_to_frame` of :func:`custinteract.assess_lead`
    exactly.

    >>> import pandas as pd
    >>> from datetime import datetime, timezone
    >>> from custinteract.frames import leads_frame
    >>> people = pd.DataFrame({"customer_id": ["c-1", "c-2", "c-3"],
    ...     "created": pd.to_datetime(["2026-01-05T00:00Z"] * 3),
    ...     "source": ["referral", "other", "other"]})
    >>> talks = pd.DataFrame({"id": ["i-1", "i-2"], "customer_id": ["c-2", "c-3"],
    ...     "sentiment": ["neutral"] * 2, "kind": ["quote_request", "inquiry"],
    ...     "timestamp": pd.to_datetime(["2026-02-01T00:00Z"] * 2), "budget": [None, 25000.0]})
    >>> df = leads_frame(people, talks, as_of=datetime(2026, 2, 2, tzinfo=timezone.utc))
    >>> df[["temperature", "advice"]].to_dict("index")
    {'c-1': {'temperature': 'warm', 'advice': 'contact'}, 'c-2': {'temperature': 'qualified', 'advice': 'contact'}, 'c-3': {'temperature': 'qualified', 'advice': 'contact'}}
    """
    as_of = ensure_aware(as_of, "as_of")
    policy = LeadPolicy() if policy is None else policy
    if not isinstance(policy, LeadPolicy):
        raise InvalidInputError("policy", policy, "a LeadPolicy")
    if not isinstance(customers, pd.DataFrame):
        raise InvalidInputError("customers", type(customers).__name__, "a pandas DataFrame")
    if budget_column is None:
        budget_column = policy.budget_key
    elif not isinstance(budget_column, str) or not budget_column.strip():
        raise InvalidInputError("budget_column", budget_column, "None or a column name")
    base = _base_of(customers, customer_columns, attributes, policy)
    mapping = dict(columns or {})
    if isinstance(interactions, pd.DataFrame):
        return _assess_frame(
            interactions, base, sorted(base.ids), mapping, budget_column, as_of, policy
        )
    dd: Any
    try:
        import dask.dataframe as dd
    except ImportError:  # pragma: no cover - dask ships with the frames extra
        dd = None
    if dd is None or not isinstance(interactions, dd.DataFrame):
        raise InvalidInputError(
            "interactions", type(interactions).__name__, "a pandas or Dask DataFrame"
        )
    key = mapping.get("customer_id", "customer_id")
    ids = pd.DataFrame({key: pd.Series(sorted(base.ids), dtype=object)})
    lazy_ids = dd.from_pandas(ids, npartitions=max(1, min(interactions.npartitions, len(ids) or 1)))
    merged = lazy_ids.merge(interactions, on=key, how="outer")

    def run(part: pd.DataFrame) -> pd.DataFrame:
        part = _plain_text(part)
        keys = sorted({k for k in part[key].tolist() if isinstance(k, str)})
        rows = part[part[mapping.get("id", "id")].notna()]
        return _assess_frame(rows, base, keys, mapping, budget_column, as_of, policy)

    return apply_by_key(merged, key, run, id_column=mapping.get("id", "id"))


def _plain_text(frame: pd.DataFrame) -> pd.DataFrame:
    # Dask stores text as Arrow strings; the shared validation expects Python objects.
    text = {
        name: object
        for name, dtype in frame.dtypes.items()
        if isinstance(dtype, pd.StringDtype) or "string" in str(dtype)
    }
    return frame.astype(text) if text else frame


# --------------------------------------------------------------------------- the base, as columns

_NAT = np.iinfo(np.int64).min
_US_PER_DAY = 86_400_000_000
_ONE_US = timedelta(microseconds=1)
_SOURCES = tuple(LeadSource)
_SOURCE_CODE = {s.value: i for i, s in enumerate(_SOURCES)}
_KINDS_IN_ORDER = tuple(InteractionKind)
_KIND_CODE = {k: i for i, k in enumerate(_KINDS_IN_ORDER)}
_TEMPERATURES = tuple(sorted(LeadTemperature))  # COLD, WARM, QUALIFIED, CURRENT: index = rank


class _Base(NamedTuple):
    """The customer fields the lead rules read, one array entry per customer."""

    ids: list[str]
    source: np.ndarray[Any, Any]  # codes into _SOURCES
    consent: np.ndarray[Any, Any]
    do_not_contact: np.ndarray[Any, Any]
    became: np.ndarray[Any, Any]  # UTC microseconds, _NAT when None
    churned: np.ndarray[Any, Any]
    list_name: list[str | None]
    fits: np.ndarray[Any, Any]  # (customers, fit rules): does the rule match?

    def take(self, positions: np.ndarray[Any, Any]) -> _Base:
        """The customers at these positions, in that order."""
        return _Base(
            [self.ids[i] for i in positions.tolist()],
            self.source[positions],
            self.consent[positions],
            self.do_not_contact[positions],
            self.became[positions],
            self.churned[positions],
            [self.list_name[i] for i in positions.tolist()],
            self.fits[positions],
        )


def _micros(moment: datetime) -> int:
    return (moment - _EPOCH) // _ONE_US


def _moment(micros: int) -> datetime:
    return _EPOCH + timedelta(microseconds=micros)


def _base_of(
    frame: pd.DataFrame,
    columns: Mapping[str, str] | None,
    attributes: Sequence[str] | None,
    policy: LeadPolicy,
) -> _Base:
    """The customers frame as arrays, validated exactly as the models validate each row.

    Clean columns are checked in bulk; at the first doubt every row goes through
    :class:`~custinteract.Customer`, which raises the model's own error.
    """
    data, fields, attribute_columns = _customer_data(frame, columns, attributes)
    base = _fast_base(data, fields, attribute_columns, policy)
    if base is None:
        base = _base_from_customers(_customers_of(data, fields, attribute_columns), policy)
    seen: set[str] = set()
    for cid in base.ids:
        if cid in seen:
            raise InvalidInputError("customer_id", cid, "distinct customer ids")
        seen.add(cid)
    return base


def _fixed_micros(values: pd.Series[Any]) -> np.ndarray[Any, Any] | None:
    """UTC microseconds of an aware column in one fixed, whole-minute offset (else None)."""
    dtype = values.dtype
    if not isinstance(dtype, pd.DatetimeTZDtype):
        return None
    offset = dtype.tz.utcoffset(None)
    if offset is None or offset % timedelta(minutes=1):
        return None
    micros: np.ndarray[Any, Any] = (
        values.dt.tz_convert("UTC").to_numpy(dtype="datetime64[us]").view(np.int64)
    )
    return micros


# A string is blank only if it is empty or starts with whitespace (str.isspace()).
_WHITESPACE_CHARS = list(WHITESPACE)


def _texts(values: pd.Series[Any], *, blank: bool, missing: bool) -> list[Any] | None:
    """The column as a list of str (None where missing), or None if the models would object.

    Each value must be a string (non-blank unless ``blank``) or, if
    ``missing``, a missing value. Judged column-wise: only values that could
    be blank (empty, or starting with whitespace) are looked at one by one.
    """
    if pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
        return None
    absent = values.isna().to_numpy(dtype=bool)
    if absent.any() and not missing:
        return None
    out = values.tolist()
    if not blank:
        if values.dtype == object:  # Python strings: str.strip is the quickest judge
            present = out
            if absent.any():
                present = [x for x, gone in zip(out, absent.tolist(), strict=True) if not gone]
            if not all(map(str.strip, present)):
                return None
        else:
            given = values[~absent]
            suspect = (given.str.len() == 0) | given.str.slice(0, 1).isin(_WHITESPACE_CHARS)
            if suspect.any() and not all(x.strip() for x in given[suspect.to_numpy()].tolist()):
                return None
    if absent.any():
        for position in np.flatnonzero(absent).tolist():
            out[position] = None
    return out


def _matches(values: pd.Series[Any], rule: FitRule) -> np.ndarray[Any, Any]:
    """Does ``rule`` match each customer's attribute value ``str(value)`` (missing: no)?"""
    texts = _texts(values, blank=True, missing=True)
    if texts is None:  # numbers and other values: as text, one by one
        texts = [None if is_missing(x) else str(x) for x in values.tolist()]
    memo: dict[str | None, bool] = {None: False}
    out = np.zeros(len(texts), dtype=bool)
    for position, text in enumerate(texts):
        hit = memo.get(text)
        if hit is None:
            hit = memo[text] = rule.matches({rule.attribute: str(text)})
        out[position] = hit
    return out


def _fast_base(
    data: pd.DataFrame, fields: list[str], attribute_columns: list[str], policy: LeadPolicy
) -> _Base | None:
    """The base from clean columns, or None when any value needs the model's judgement."""
    count = len(data)
    ids = _texts(data["customer_id"], blank=False, missing=False)
    if ids is None:
        return None
    created = _fixed_micros(data["created"])
    if created is None or bool((created == _NAT).any()):
        return None
    if "name" in fields and _texts(data["name"], blank=True, missing=True) is None:
        return None
    source = np.full(count, _SOURCE_CODE[LeadSource.OTHER.value], dtype=np.int64)
    if "source" in fields:
        texts = _texts(data["source"], blank=True, missing=True)
        if texts is None:
            return None
        codes, uniques = pd.factorize(pd.Series(texts, dtype=object))
        table = [_SOURCE_CODE.get(text, -1) for text in uniques.tolist()]
        if -1 in table:
            return None
        source[codes >= 0] = np.array(table, dtype=np.int64)[codes[codes >= 0]]
    list_name: list[str | None] = [None] * count
    if "list_name" in fields:
        names = _texts(data["list_name"], blank=False, missing=True)
        if names is None:
            return None
        list_name = names
    flags: dict[str, np.ndarray[Any, Any]] = {}
    for name in _BOOL_COLUMNS:
        flags[name] = np.zeros(count, dtype=bool)
        if name in fields:
            if data[name].dtype != np.dtype(bool):
                return None
            flags[name] = data[name].to_numpy(dtype=bool)
    dates: dict[str, np.ndarray[Any, Any]] = {}
    for name in ("became_customer", "churned"):
        dates[name] = np.full(count, _NAT, dtype=np.int64)
        if name in fields:
            if isinstance(data[name].dtype, pd.DatetimeTZDtype):
                found = _fixed_micros(data[name])
                if found is None:
                    return None
                dates[name] = found
            elif not all(is_missing(x) for x in data[name].tolist()):
                return None
    became, churned = dates["became_customer"], dates["churned"]
    known = became != _NAT
    if bool((became[known] < created[known]).any()):
        return None
    left = churned != _NAT
    if bool((~known[left]).any()) or bool((churned[left] < created[left]).any()):
        return None
    if not all(isinstance(name, str) and name.strip() for name in attribute_columns):
        return None
    fits = np.zeros((count, len(policy.fit_rules)), dtype=bool)
    for index, rule in enumerate(policy.fit_rules):
        if rule.attribute in attribute_columns:
            fits[:, index] = _matches(data[rule.attribute], rule)
    return _Base(
        ids,
        source,
        flags["consent"],
        flags["do_not_contact"],
        became,
        churned,
        list_name,
        fits,
    )


def _base_from_customers(people: Sequence[Customer], policy: LeadPolicy) -> _Base:
    """The base from validated customers (when the columns needed the model)."""

    def micros(moment: datetime | None) -> int:
        return _NAT if moment is None else _micros(moment)

    return _Base(
        [c.id for c in people],
        np.array([_SOURCE_CODE[c.source.value] for c in people], dtype=np.int64),
        np.array([c.consent for c in people], dtype=bool),
        np.array([c.do_not_contact for c in people], dtype=bool),
        np.array([micros(c.became_customer) for c in people], dtype=np.int64),
        np.array([micros(c.churned) for c in people], dtype=np.int64),
        [c.list_name for c in people],
        np.array(
            [[rule.matches(c.attributes) for rule in policy.fit_rules] for c in people],
            dtype=bool,
        ).reshape(len(people), len(policy.fit_rules)),
    )


# --------------------------------------------------------------------------- the rules, as columns


def _shift(
    micros: np.ndarray[Any, Any], window: relativedelta, as_of: datetime
) -> np.ndarray[Any, Any]:
    """``t + window`` for UTC microseconds, as the object path reads windows (``_adder``).

    Without months or years: an exact duration. With them: the calendar date
    moves in as_of's zone by dateutil's rules, in bulk for a fixed offset,
    through the object path's own arithmetic for a zone with daylight saving.
    """
    rest = _step(window) // _ONE_US
    if not _calendar(window):
        shifted: np.ndarray[Any, Any] = micros + rest
        return shifted
    offset = as_of.tzinfo.utcoffset(None) if as_of.tzinfo is not None else None
    if offset is None:
        add = _adder(window, as_of.tzinfo)
        return np.array([_micros(add(_moment(m))) for m in micros.tolist()], dtype=np.int64)
    shift = offset // _ONE_US
    local = (micros + shift).view("datetime64[us]")
    months = local.astype("datetime64[M]")
    days = local.astype("datetime64[D]")
    day_of_month = (days - months.astype("datetime64[D]")).astype(np.int64)
    time_of_day = (local - days).astype(np.int64)
    moved = months + np.timedelta64(int(window.years) * 12 + int(window.months), "M")
    first = moved.astype("datetime64[D]")
    length = ((moved + np.timedelta64(1, "M")).astype("datetime64[D]") - first).astype(np.int64)
    day = np.minimum(day_of_month, length - 1)
    result: np.ndarray[Any, Any] = (
        (first.astype(np.int64) + day) * _US_PER_DAY + time_of_day + rest - shift
    )
    return result


def _ages(as_of_us: int, micros: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """``(as_of - t) / 1 day`` with the object path's single rounding."""
    gaps = as_of_us - micros
    ages: np.ndarray[Any, Any] = gaps / _US_PER_DAY
    big = np.abs(gaps) >= 2**53  # beyond exact floats: divide the integers, as Python does
    if big.any():
        ages[big] = [gap / _US_PER_DAY for gap in gaps[big].tolist()]
    return ages


def _last_per(
    groups: np.ndarray[Any, Any], values: np.ndarray[Any, Any], count: int, empty: Any
) -> np.ndarray[Any, Any]:
    """Per group, the value of its last row (rows sorted by group); ``empty`` for none."""
    out = np.full(count, empty, dtype=values.dtype)
    if len(groups):
        last = np.append(groups[1:] != groups[:-1], True)
        out[groups[last]] = values[last]
    return out


def _counts(groups: np.ndarray[Any, Any], mask: np.ndarray[Any, Any], count: int) -> Any:
    return np.bincount(groups[mask], minlength=count)


def _budget_text(value: Any) -> str | None:
    """The metadata text a frame value stands for (None: no budget key)."""
    return None if is_missing(value) else str(value)


def _kept_budgets(
    interactions: pd.DataFrame,
    columns: Mapping[str, str],
    budget_column: str,
    repeats: pd.DataFrame,
) -> list[Any]:
    """The budget values of the rows normalisation kept, in order.

    A repeat is dropped only when its budget equals the kept row's, as the
    object path ignores an identical interaction but refuses a different one.
    """
    raw = interactions[budget_column].tolist()
    if not len(repeats):
        return raw
    _, dropped = normalize_with_repeats(interactions.reset_index(drop=True), columns)
    gone = set(dropped.index.tolist())
    ids = interactions[columns.get("id", "id")].tolist()
    first: dict[Any, str | None] = {}
    kept: list[Any] = []
    for position, (iid, value) in enumerate(zip(ids, raw, strict=True)):
        if position not in gone:
            first.setdefault(iid, _budget_text(value))
            kept.append(value)
        elif first[iid] != _budget_text(value):
            label = interactions.index[position]
            raise InvalidInputError(
                f"id[{label!r}]",
                iid,
                "unique interaction ids (this id names a different interaction:"
                f" its {budget_column} differs)",
            )
    return kept


def _positions(ids: Sequence[Any], values: pd.Series[Any]) -> np.ndarray[Any, Any]:
    """Where each value stands in ``ids`` (distinct), -1 when it is not there (or missing)."""
    codes, uniques = pd.factorize(values)
    index = pd.Index(np.asarray(list(ids), dtype=object))
    where = index.get_indexer(pd.Index(np.asarray(uniques, dtype=object)))
    found: np.ndarray[Any, Any] = np.where(codes >= 0, where[codes], -1)
    return found


def _event_order(
    codes: np.ndarray[Any, Any],
    stamps: np.ndarray[Any, Any],
    now: np.ndarray[Any, Any],
    ids: pd.Series[Any],
) -> np.ndarray[Any, Any]:
    """Positions of the rows at or before as_of in (customer, timestamp, id) order."""
    chosen = np.flatnonzero(now)
    cust, ts = codes[chosen], stamps[chosen]
    if len(chosen):
        low = int(ts.min())
        span = int(ts.max()) - low + 1
        if (int(cust.max()) + 1) * span < 2**63:  # one integer key: a quick sort
            order = chosen[np.argsort(cust * span + (ts - low))]
        else:
            order = chosen[np.lexsort((ts, cust))]
    else:
        order = chosen
    cust, ts = codes[order], stamps[order]
    same = (cust[1:] == cust[:-1]) & (ts[1:] == ts[:-1])
    if same.any():  # equal moments, in any order so far: the object path orders them by id
        starts = np.flatnonzero(np.append(True, ~same))
        ends = np.append(starts[1:], len(order))
        for first, last in zip(starts.tolist(), ends.tolist(), strict=True):
            if last - first > 1:
                block = order[first:last]
                names = np.asarray(ids.iloc[block].tolist(), dtype=object)
                order[first:last] = block[np.argsort(names, kind="stable")]
    return order


def _assess_frame(
    interactions: pd.DataFrame,
    everyone: _Base,
    keys: Sequence[str],
    columns: Mapping[str, str],
    budget_column: str,
    as_of: datetime,
    policy: LeadPolicy,
) -> pd.DataFrame:
    frame, repeats = normalize_with_repeats(interactions, columns)
    codes = _positions(keys, frame["customer_id"])
    known = set(everyone.ids)
    strangers = (codes < 0) | np.isin(codes, [i for i, k in enumerate(keys) if k not in known])
    if strangers.any():
        position = int(np.argmax(strangers))
        row = frame.index[position]
        raise InvalidInputError(
            f"customer_id[{row.item() if isinstance(row, np.generic) else row!r}]",
            frame["customer_id"].iloc[position],
            "the id of a customer in the customers frame",
        )
    base = everyone.take(_positions(everyone.ids, pd.Series(list(keys), dtype=object)))
    count = len(keys)
    as_of_us = _micros(as_of)

    kind = _positions([k.value for k in _KINDS_IN_ORDER], frame["kind"])
    inbound = (frame["direction"] == Direction.INBOUND.value).to_numpy(dtype=bool)
    negative = (frame["sentiment"] == Sentiment.NEGATIVE.value).to_numpy(dtype=bool)
    stamps = frame["timestamp"].dt.tz_convert("UTC").to_numpy(dtype="datetime64[us]").view(np.int64)
    budget = np.zeros(len(frame), dtype=bool)
    if budget_column in interactions.columns:
        asks = inbound & (kind == _KIND_CODE[InteractionKind.INQUIRY])
        values = _kept_budgets(interactions, columns, budget_column, repeats)
        for position in np.flatnonzero(asks).tolist():
            text = _budget_text(values[position])
            budget[position] = text is not None and text.strip() != ""
    duplicates = (
        np.bincount(
            _positions(keys, repeats["customer_id"]),
            minlength=count,
        )
        if len(repeats)
        else np.zeros(count, dtype=np.int64)
    )

    now = stamps <= as_of_us
    future = _counts(codes, ~now, count)
    order = _event_order(codes, stamps, now, frame["id"])
    events = _Events(
        codes[order], stamps[order], kind[order], inbound[order], negative[order], budget[order]
    )
    return _result(keys, base, _rules(base, events, future, duplicates, as_of, policy))


class _Events(NamedTuple):
    """The interactions at or before as_of, sorted by (customer, timestamp, id)."""

    customer: np.ndarray[Any, Any]  # position of the customer in the base
    micros: np.ndarray[Any, Any]  # UTC microseconds
    kind: np.ndarray[Any, Any]  # codes into _KINDS_IN_ORDER
    inbound: np.ndarray[Any, Any]
    negative: np.ndarray[Any, Any]
    budget: np.ndarray[Any, Any]


class _Columns(NamedTuple):
    """One entry per customer of everything :data:`LEAD_COLUMNS` shows."""

    rank: np.ndarray[Any, Any]  # temperature rank
    score: np.ndarray[Any, Any]
    advice: np.ndarray[Any, Any]  # index into _ADVICE_REASONS
    raw: np.ndarray[Any, Any]
    source_points: np.ndarray[Any, Any]
    fit_points: np.ndarray[Any, Any]
    engagement_points: np.ndarray[Any, Any]
    last_purchase: np.ndarray[Any, Any]
    qualified_since: np.ndarray[Any, Any]
    last_inbound: np.ndarray[Any, Any]
    streak: np.ndarray[Any, Any]
    recent: np.ndarray[Any, Any]
    reasons: list[tuple[str, ...]]


# The first reason of the temperature, and the temperature it gives, in the object path's order.
_TEMPERATURE_REASONS = (
    ("lead.temperature.current", LeadTemperature.CURRENT),
    ("lead.temperature.qualified.event", LeadTemperature.QUALIFIED),
    ("lead.temperature.cold.unengaged", LeadTemperature.COLD),
    ("lead.temperature.qualified.score", LeadTemperature.QUALIFIED),
    ("lead.temperature.warm", LeadTemperature.WARM),
    ("lead.temperature.cold", LeadTemperature.COLD),
)
_ADVICE_REASONS = (
    ("lead.advice.do_not_contact.flag", OutreachAdvice.DO_NOT_CONTACT),
    ("lead.advice.do_not_contact.consent", OutreachAdvice.DO_NOT_CONTACT),
    ("lead.advice.hold.unanswered", OutreachAdvice.HOLD),
    ("lead.advice.hold.fatigue", OutreachAdvice.HOLD),
    ("lead.advice.nurture.unengaged", OutreachAdvice.NURTURE),
    ("lead.advice.contact", OutreachAdvice.CONTACT),
    ("lead.advice.nurture", OutreachAdvice.NURTURE),
)
_SOURCE_REASONS = (
    "lead.source.points",
    "lead.source.purchased_list.consented",
    "lead.source.purchased_list.no_consent",
)
_LIFE_REASONS = ((), ("lead.current.churned",), ("lead.current.lapsed",))
_FLAG_REASONS = (
    "lead.engagement.points",
    "lead.engagement.negative",
    "lead.engagement.unanswered",
    "lead.history.future_ignored",
    "lead.history.duplicate_ignored",
    "lead.score.clamped",
)


def _answered(events: _Events, window: relativedelta, as_of: datetime) -> np.ndarray[Any, Any]:
    """Outbound touches followed, strictly later and within ``window``, by an inbound one."""
    cust, ts, inbound = events.customer, events.micros, events.inbound
    count = len(ts)
    answered = np.zeros(count, dtype=bool)
    touches = np.flatnonzero(~inbound)
    if not len(touches):
        return answered
    new = np.ones(count, dtype=bool)  # blocks of one customer's equal moments
    new[1:] = (cust[1:] != cust[:-1]) | (ts[1:] != ts[:-1])
    block = np.cumsum(new) - 1
    blocks = int(block[-1]) + 1
    block_cust, block_ts = cust[new], ts[new]
    has_inbound = np.zeros(blocks, dtype=bool)
    has_inbound[block[inbound]] = True
    candidate = np.where(has_inbound, np.arange(blocks), blocks)
    after = np.append(np.minimum.accumulate(candidate[::-1])[::-1][1:], blocks)
    following = np.minimum(after, blocks - 1)
    found = (after < blocks) & (block_cust[following] == block_cust)
    mine = block[touches]
    deadline = _shift(ts[touches], window, as_of)
    answered[touches] = found[mine] & (block_ts[following[mine]] <= deadline)
    return answered


def _qualification(
    events: _Events,
    qualifies: np.ndarray[Any, Any],
    last_inbound: np.ndarray[Any, Any],
    count: int,
    as_of: datetime,
    policy: LeadPolicy,
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """``(qualified_since, cooled)`` per customer, as the object path's walk gives them.

    The inbound interactions of a customer fall into runs, a new run starting
    when one comes ``qualified_window`` or more after the previous one. A run
    is qualified from its first qualifying request to its end; a qualified
    run followed by another cooled, and so does the last one once
    ``qualified_window`` has passed since the last inbound interaction.
    """
    since = np.full(count, _NAT, dtype=np.int64)
    cooled = np.zeros(count, dtype=bool)
    inbound = np.flatnonzero(events.inbound)
    if not qualifies[inbound].any():
        return since, cooled
    cust, ts, asks = events.customer[inbound], events.micros[inbound], qualifies[inbound]
    start = np.ones(len(inbound), dtype=bool)
    if len(inbound) > 1:
        start[1:] = (cust[1:] != cust[:-1]) | (
            _shift(ts[:-1], policy.qualified_window, as_of) <= ts[1:]
        )
    run = np.cumsum(start) - 1
    runs = int(run[-1]) + 1
    run_cust = cust[start]
    asked = run[asks]
    has_request = np.zeros(runs, dtype=bool)
    has_request[asked] = True
    first = np.append(True, asked[1:] != asked[:-1])
    request_at = np.full(runs, _NAT, dtype=np.int64)
    request_at[asked[first]] = ts[asks][first]
    last_run = np.append(run_cust[1:] != run_cust[:-1], True)
    cooled[run_cust[has_request & ~last_run]] = True
    final = np.flatnonzero(last_run & has_request)
    who = run_cust[final]
    expired = _shift(last_inbound[who], policy.qualified_window, as_of) <= _micros(as_of)
    cooled[who[expired]] = True
    since[who[~expired]] = request_at[final[~expired]]
    return since, cooled


def _sums(
    base: _Base,
    events: _Events,
    item: np.ndarray[Any, Any],
    points: np.ndarray[Any, Any],
    source_points: np.ndarray[Any, Any],
    policy: LeadPolicy,
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    """``(fit, engagement, raw)`` per customer: exact sums (``math.fsum``) as the object path's.

    Each customer's items lie in one run of a flat list, ``[source, fits...,
    engagement...]``; a run of one or two numbers needs no ``fsum`` (one IEEE
    addition is already the exactly rounded sum).
    """
    count = len(base.ids)
    fit_owner, fit_rule = np.nonzero(base.fits)
    fit_values = np.array([rule.points for rule in policy.fit_rules], dtype=float)
    owners = np.concatenate([np.arange(count), fit_owner, events.customer[item]])
    values = np.concatenate([source_points, fit_values[fit_rule], points[item]])
    order = np.argsort(owners, kind="stable")
    flat = values[order]
    starts = np.searchsorted(owners[order], np.arange(count))
    ends = np.append(starts[1:], len(flat))
    fits = np.bincount(fit_owner, minlength=count)
    raw = _run_sums(flat, starts, ends)
    fit = _run_sums(flat, starts + 1, starts + 1 + fits)
    engagement = _run_sums(flat, starts + 1 + fits, ends)
    return fit, engagement, raw


def _run_sums(
    flat: np.ndarray[Any, Any], starts: np.ndarray[Any, Any], ends: np.ndarray[Any, Any]
) -> np.ndarray[Any, Any]:
    """``math.fsum(flat[start:end])`` for each run."""
    lengths = ends - starts
    out = np.zeros(len(starts), dtype=float)
    one = lengths == 1
    out[one] = flat[starts[one]]
    two = lengths == 2
    out[two] = flat[starts[two]] + flat[starts[two] + 1]
    more = np.flatnonzero(lengths > 2)
    if len(more):
        values = flat.tolist()
        out[more] = [
            math.fsum(values[a:b])
            for a, b in zip(starts[more].tolist(), ends[more].tolist(), strict=True)
        ]
    return out


def _rules(
    base: _Base,
    events: _Events,
    future: np.ndarray[Any, Any],
    duplicates: np.ndarray[Any, Any],
    as_of: datetime,
    policy: LeadPolicy,
) -> _Columns:
    """The rules of ``custinteract._leads`` over every customer at once (see its docstring)."""
    count = len(base.ids)
    as_of_us = _micros(as_of)
    cust, ts, kind, inbound, negative = (
        events.customer,
        events.micros,
        events.kind,
        events.inbound,
        events.negative,
    )
    outbound = ~inbound
    position = np.arange(len(ts))

    # history and fatigue
    answered = _answered(events, policy.answer_window, as_of)
    last_inbound = _last_per(cust[inbound], ts[inbound], count, _NAT)
    last_in_position = _last_per(cust[inbound], position[inbound], count, -1)
    streak = _counts(cust, outbound & (position > last_in_position[cust]), count)
    unanswered = outbound & ~answered
    touch_start = _micros(_before(as_of, policy.touch_window))
    recent = _counts(cust, unanswered & (ts > touch_start), count)
    engaged = _counts(cust, inbound & ~negative, count) > 0
    purchase = kind == _KIND_CODE[InteractionKind.PURCHASE]
    bought = _last_per(cust[purchase], ts[purchase], count, _NAT)
    last_purchase = np.maximum(np.where(base.became <= as_of_us, base.became, _NAT), bought)

    # score
    shape = (len(_KINDS_IN_ORDER), 2)
    rule_points, half_lives = np.zeros(shape), np.ones(shape)
    has_rule = np.zeros(shape, dtype=bool)
    for rule in policy.engagement_rules:
        at = (_KIND_CODE[rule.kind], 0 if rule.direction is Direction.INBOUND else 1)
        rule_points[at], half_lives[at], has_rule[at] = rule.points, rule.half_life_days, True
    way = np.where(inbound, 0, 1)
    item = negative | has_rule[kind, way]
    earned = rule_points[kind, way]
    earned = np.where(inbound | answered, earned, earned * policy.unanswered_factor)
    points = np.where(negative, policy.negative_points, earned)
    fading = np.flatnonzero(item & ~negative)
    exponents = _ages(as_of_us, ts[fading]) / half_lives[kind, way][fading]
    points[fading] = earned[fading] * np.array([0.5**x for x in exponents.tolist()], dtype=float)
    listed = base.source == _SOURCE_CODE[LeadSource.PURCHASED_LIST.value]
    by_source = np.array([policy.source_points.get(s, 0.0) for s in _SOURCES], dtype=float)
    source_points = np.where(
        listed & ~base.consent, policy.unconsented_list_points, by_source[base.source]
    )
    fit, engagement, raw = _sums(base, events, item, points, source_points, policy)
    score = np.where(raw < 0.0, 0.0, np.where(raw > 100.0, 100.0, raw))

    # temperature
    asks = inbound & (
        np.isin(kind, [_KIND_CODE[k] for k in policy.qualifying_kinds])
        | ((kind == _KIND_CODE[InteractionKind.INQUIRY]) & events.budget)
    )
    since, cooled = _qualification(events, asks & ~negative, last_inbound, count, as_of, policy)
    bought_any = last_purchase != _NAT
    churned = base.churned
    churned_since = (
        (churned != _NAT) & (churned <= as_of_us) & (~bought_any | (churned >= last_purchase))
    )
    current = np.zeros(count, dtype=bool)
    buyers = np.flatnonzero(bought_any & ~churned_since)
    current[buyers] = as_of_us < _shift(last_purchase[buyers], policy.current_window, as_of)
    held_sources = [_SOURCE_CODE[s.value] for s in policy.cold_until_engaged]
    held = ~current & ~engaged & (np.isin(base.source, held_sources) | (listed & ~base.consent))
    warm = score >= policy.warm_threshold
    why = np.select(
        [current, since != _NAT, held & warm, score >= policy.qualified_threshold, warm],
        [0, 1, 2, 3, 4],
        5,
    )
    rank = np.array([t.rank for _, t in _TEMPERATURE_REASONS])[why]

    # advice
    stop = np.array([policy.stop_after_unanswered[t] for t in _TEMPERATURES])[rank]
    cap = np.array([policy.max_touches[t] for t in _TEMPERATURES])[rank]
    contact = rank >= policy.contact_from.rank
    advice = np.select(
        [
            base.do_not_contact,
            policy.consent_required & ~base.consent & (rank != LeadTemperature.CURRENT.rank),
            streak >= stop,
            recent >= cap,
            contact & held,
            contact,
        ],
        [0, 1, 2, 3, 4, 5],
        6,
    )

    flags = [
        _counts(cust, item, count) > 0,
        _counts(cust, negative, count) > 0,
        _counts(cust, unanswered, count) > 0,
        future > 0,
        duplicates > 0,
        score != raw,
    ]
    reasons = _reasons(
        why,
        np.where(~current & bought_any, np.where(churned_since, 1, 2), 0),
        cooled & (rank < LeadTemperature.QUALIFIED.rank),
        _counts(cust, asks & negative, count) > 0,
        np.where(listed, np.where(base.consent, 1, 2), 0),
        base.fits.sum(axis=1),
        flags,
        advice,
    )
    return _Columns(
        rank,
        score,
        advice,
        raw,
        source_points,
        fit,
        engagement,
        last_purchase,
        np.where(current, _NAT, since),
        last_inbound,
        streak,
        recent,
        reasons,
    )


def _reasons(
    why: np.ndarray[Any, Any],
    life: np.ndarray[Any, Any],
    cooled: np.ndarray[Any, Any],
    refused: np.ndarray[Any, Any],
    source: np.ndarray[Any, Any],
    fits: np.ndarray[Any, Any],
    flags: list[np.ndarray[Any, Any]],
    advice: np.ndarray[Any, Any],
) -> list[tuple[str, ...]]:
    """Each customer's reason codes, in the object path's order, built once per distinct story."""
    parts = [why, life, cooled, refused, source, fits, *flags, advice]
    key = np.zeros(len(why), dtype=np.int64)
    for part in parts:
        key = key * (int(part.max(initial=0)) + 1) + part.astype(np.int64)
    stories, inverse = np.unique(key, return_inverse=True)
    firsts = np.zeros(len(stories), dtype=np.int64)
    firsts[inverse[::-1]] = np.arange(len(why))[::-1]
    built: list[tuple[str, ...]] = []
    for i in firsts.tolist():
        codes: list[str] = [*_LIFE_REASONS[int(life[i])]]
        codes.append(_TEMPERATURE_REASONS[int(why[i])][0])
        if cooled[i]:
            codes.append("lead.qualified.cooled")
        if refused[i]:
            codes.append("lead.qualified.negative")
        codes.append(_SOURCE_REASONS[int(source[i])])
        codes.extend(["lead.fit.matched"] * int(fits[i]))
        codes.extend(code for code, flag in zip(_FLAG_REASONS, flags, strict=True) if flag[i])
        codes.append(_ADVICE_REASONS[int(advice[i])][0])
        built.append(tuple(codes))
    return [built[j] for j in inverse.tolist()]


_TEMPERATURE_TEXT = np.array([t.value for t in _TEMPERATURES], dtype=object)
_ADVICE_TEXT = np.array([advice.value for _, advice in _ADVICE_REASONS], dtype=object)
_SOURCE_TEXT = np.array([s.value for s in _SOURCES], dtype=object)


def _texts_of(table: np.ndarray[Any, Any], codes: np.ndarray[Any, Any]) -> pd.Series[Any]:
    series: pd.Series[Any] = pd.Series(table[codes], dtype=object)
    return series


def _stamps(micros: np.ndarray[Any, Any]) -> pd.Series[Any]:
    series: pd.Series[Any] = pd.Series(micros.view("datetime64[us]")).dt.tz_localize("UTC")
    return series


def _result(keys: Sequence[str], base: _Base, columns: _Columns) -> pd.DataFrame:
    """The result frame, column for column as :func:`lead_assessments_to_frame` builds it."""
    data: dict[str, pd.Series[Any]] = {
        "temperature": _texts_of(_TEMPERATURE_TEXT, columns.rank),
        "score": pd.Series(columns.score, dtype="float64"),
        "advice": _texts_of(_ADVICE_TEXT, columns.advice),
        "raw_score": pd.Series(columns.raw, dtype="float64"),
        "source_points": pd.Series(columns.source_points, dtype="float64"),
        "fit_points": pd.Series(columns.fit_points, dtype="float64"),
        "engagement_points": pd.Series(columns.engagement_points, dtype="float64"),
        "source": _texts_of(_SOURCE_TEXT, base.source),
        "list_name": _objects(list(base.list_name)),
        "last_purchase": _stamps(columns.last_purchase),
        "qualified_since": _stamps(columns.qualified_since),
        "last_inbound": _stamps(columns.last_inbound),
        "unanswered_streak": pd.Series(columns.streak, dtype="int64"),
        "recent_unanswered": pd.Series(columns.recent, dtype="int64"),
        "reasons": _objects(list(columns.reasons)),
    }
    frame = pd.DataFrame(data)
    frame.index = pd.Index(_objects(list(keys)), name="customer_id")
    out: pd.DataFrame = frame
    return out
