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

This module holds the public functions; ``_frames_base`` turns the customers
frame into arrays, ``_frames_events`` the interactions frame into sorted
event columns (and builds the result), ``_frames_rules`` applies the rules,
reading the same tables as the object path (``_rules``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, tzinfo
from typing import Any

import pandas as pd

from .._columns import ids_as_text, localized
from .._errors import InvalidInputError
from .._frames_interop import same_kind_out
from .._models import Customer, LeadSource
from .._tabular import apply_by_key, is_missing, with_why
from .._time import ensure_aware
from ._engine import REASON_CODES, LeadAssessment, LeadPolicy, ScoreComponent
from ._frames_base import (
    _BOOL_COLUMNS,
    _Base,
    _base_from_customers,
    _fast_base,
    _objects,
)
from ._frames_events import _assess_frame

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
    "why",
)
"""The columns of :func:`leads_frame`: enums as text, ``reasons`` a tuple of codes, ``why``
their meanings (from :data:`~custinteract.LEAD_REASON_CODES`) joined by ``"; "``."""

_DATETIME_COLUMNS = ("last_purchase", "qualified_since", "last_inbound")


def _when(value: Any) -> datetime | None:
    if is_missing(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value  # type: ignore[no-any-return]


@same_kind_out("frame")
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
    ids = data["customer_id"]
    as_text = ids_as_text(ids)  # integer and categorical ids, as normalize_interactions reads them
    if as_text is not ids:
        data = data.assign(customer_id=as_text)
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
    out: pd.DataFrame = with_why(frame, "reasons", REASON_CODES)
    moments = {a.as_of for a in items}
    if len(moments) == 1:
        out.attrs["as_of"] = moments.pop()  # for funnel_of, as leads_frame keeps it
    return out


def _on_polars() -> Any:
    from ._frames_polars import leads_frame_polars

    return leads_frame_polars


@same_kind_out("customers", "interactions", polars=_on_polars)
def leads_frame(
    customers: pd.DataFrame,
    interactions: Any,
    *,
    as_of: datetime,
    policy: LeadPolicy | None = None,
    columns: Mapping[str, str] | None = None,
    tz: tzinfo | str | None = None,
    customer_columns: Mapping[str, str] | None = None,
    attributes: Sequence[str] | None = None,
    budget_column: str | None = None,
) -> Any:
    """Assess every customer of a base as of ``as_of``: one row each, indexed by ``customer_id``.

    ``customers`` is a pandas or polars frame (:data:`CUSTOMER_COLUMNS` plus
    attribute columns, see :func:`customers_from_frame`); ``interactions`` a
    pandas, polars or Dask frame of interactions (see
    :func:`~custinteract.frames.normalize_interactions`; ``columns`` maps
    names; a row repeated identically counts once). polars interactions are
    read natively and answered in polars, ``customer_id`` the first column. Frames carry no
    metadata, so the "inbound inquiry with budget" rule reads the column
    ``budget_column`` (default: the policy's ``budget_key``, ``"budget"``)
    when there is one: any value that is not missing and not blank text, a
    number as well as text, means a budget was given, exactly as the object
    path reads the metadata value ``str(value)``. Every interaction must
    belong to a customer of ``customers``. With Dask, the result is a lazy
    Dask frame (``.compute()`` it). The result has :data:`LEAD_COLUMNS` and
    equals :func:`lead_assessments_to_frame` of :func:`custinteract.assess_lead`
    exactly.

    ``tz`` is the zone naive timestamps were recorded in (``"UTC"``,
    ``"Europe/Paris"`` or a :class:`~datetime.tzinfo`): it localizes them as
    :func:`~custinteract.frames.normalize_interactions` does, and leaves aware
    ones alone; without it a naive column is refused.

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
    interactions = localized(interactions, columns, tz, "tz")
    as_of = ensure_aware(as_of, "as_of")
    policy, budget_column = _checked_options(customers, policy, budget_column)
    base = _base_of(customers, customer_columns, attributes, policy)
    mapping = dict(columns or {})
    if isinstance(interactions, pd.DataFrame):
        out = with_why(
            _assess_frame(
                interactions, base, sorted(base.ids), mapping, budget_column, as_of, policy
            ),
            "reasons",
            REASON_CODES,
        )
        out.attrs["as_of"] = as_of  # for funnel_of
        return out
    return _leads_on_dask(interactions, base, mapping, budget_column, as_of, policy)


def _checked_options(
    customers: Any, policy: LeadPolicy | None, budget_column: str | None
) -> tuple[LeadPolicy, str]:
    """:func:`leads_frame`'s policy (default if None) and budget column (the policy's if None), checked."""
    policy = LeadPolicy() if policy is None else policy
    if not isinstance(policy, LeadPolicy):
        raise InvalidInputError("policy", policy, "a LeadPolicy")
    if not isinstance(customers, pd.DataFrame):
        raise InvalidInputError("customers", type(customers).__name__, "a pandas DataFrame")
    if budget_column is None:
        budget_column = policy.budget_key
    elif not isinstance(budget_column, str) or not budget_column.strip():
        raise InvalidInputError("budget_column", budget_column, "None or a column name")
    return policy, budget_column


def _leads_on_dask(
    interactions: Any,
    base: _Base,
    mapping: Mapping[str, str],
    budget_column: str,
    as_of: datetime,
    policy: LeadPolicy,
) -> Any:
    """:func:`leads_frame` over a Dask frame of interactions: lazily, one customer's rows together.

    Every customer of ``base`` gets a row, with interactions or without:
    their ids are merged in before the rows are split by customer.
    """
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
        return with_why(
            _assess_frame(rows, base, keys, mapping, budget_column, as_of, policy),
            "reasons",
            REASON_CODES,
        )

    return apply_by_key(merged, key, run, id_column=mapping.get("id", "id"))


def _plain_text(frame: pd.DataFrame) -> pd.DataFrame:
    # Dask stores text as Arrow strings; the shared validation expects Python objects.
    text = {
        name: object
        for name, dtype in frame.dtypes.items()
        if isinstance(dtype, pd.StringDtype) or "string" in str(dtype)
    }
    return frame.astype(text) if text else frame


# --------------------------------------------------------------------------- the base


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
