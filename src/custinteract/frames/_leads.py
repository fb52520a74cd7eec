"""Lead temperature over a whole customer base, from DataFrames.

:func:`leads_frame` runs the same rules as :func:`custinteract.assess_lead`
(it calls the same core, fed straight from the columns rather than through
validated :class:`~custinteract.Interaction` values) and returns one row per
customer, indexed by ``customer_id``. It equals the object path exactly; the
tests check it on random bases.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any

import pandas as pd

from .._errors import InvalidInputError
from .._leads import (
    LeadAssessment,
    LeadPolicy,
    ScoreComponent,
    _assess,
    _Event,
    _event_order,
    _History,
)
from .._models import Customer, Direction, InteractionKind, LeadSource, Sentiment
from .._time import ensure_aware
from ._base import apply_by_key, normalize_interactions

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
_KINDS = {k.value: k for k in InteractionKind}
_DIRECTIONS = {d.value: d for d in Direction}
_SENTIMENTS = {s.value: s for s in Sentiment}


def _missing(value: Any) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and value != value)


def _when(value: Any) -> datetime | None:
    if _missing(value):
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
    result: list[Customer] = []
    fields = [c for c in CUSTOMER_COLUMNS if c in data.columns]
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
        if name in fields and not _missing(record[name]):
            values[name] = record[name]
    if "source" in fields and not _missing(record["source"]):
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
        name: str(record[name]) for name in attribute_columns if not _missing(record[name])
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
    budget_column: str = "budget",
) -> Any:
    """Assess every customer of a base as of ``as_of``: one row each, indexed by ``customer_id``.

    ``customers`` is a pandas frame (:data:`CUSTOMER_COLUMNS` plus attribute
    columns, see :func:`customers_from_frame`); ``interactions`` a pandas or
    Dask frame of interactions (see
    :func:`~custinteract.frames.normalize_interactions`; ``columns`` maps
    names). Frames carry no metadata, so the "inbound inquiry with budget"
    rule reads ``budget_column`` when present (a non-blank value means a
    budget was given). Every interaction must belong to a customer of
    ``customers``. With Dask, the result is a lazy Dask frame (``.compute()``
    it). The result has :data:`LEAD_COLUMNS` and equals
    :func:`lead_assessments_to_frame` of :func:`custinteract.assess_lead` exactly.

    >>> import pandas as pd
    >>> from datetime import datetime, timezone
    >>> from custinteract.frames import leads_frame
    >>> people = pd.DataFrame({"customer_id": ["c-1", "c-2"],
    ...     "created": pd.to_datetime(["2026-01-05T00:00Z"] * 2), "source": ["referral", "other"]})
    >>> talks = pd.DataFrame({"id": ["i-1"], "customer_id": ["c-2"], "sentiment": ["neutral"],
    ...     "timestamp": pd.to_datetime(["2026-02-01T00:00Z"]), "kind": ["quote_request"]})
    >>> df = leads_frame(people, talks, as_of=datetime(2026, 2, 2, tzinfo=timezone.utc))
    >>> df[["temperature", "advice"]].to_dict("index")
    {'c-1': {'temperature': 'warm', 'advice': 'contact'}, 'c-2': {'temperature': 'qualified', 'advice': 'contact'}}
    """
    as_of = ensure_aware(as_of, "as_of")
    policy = LeadPolicy() if policy is None else policy
    if not isinstance(policy, LeadPolicy):
        raise InvalidInputError("policy", policy, "a LeadPolicy")
    if not isinstance(customers, pd.DataFrame):
        raise InvalidInputError("customers", type(customers).__name__, "a pandas DataFrame")
    people: dict[str, Customer] = {}
    for customer in customers_from_frame(customers, customer_columns, attributes=attributes):
        if customer.id in people:
            raise InvalidInputError("customer_id", customer.id, "distinct customer ids")
        people[customer.id] = customer
    mapping = dict(columns or {})
    if isinstance(interactions, pd.DataFrame):
        return _assess_frame(
            interactions, people, sorted(people), mapping, budget_column, as_of, policy
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
    ids = pd.DataFrame({key: pd.Series(sorted(people), dtype=object)})
    lazy_ids = dd.from_pandas(ids, npartitions=max(1, min(interactions.npartitions, len(ids) or 1)))
    merged = lazy_ids.merge(interactions, on=key, how="outer")

    def run(part: pd.DataFrame) -> pd.DataFrame:
        part = _plain_text(part)
        keys = sorted({k for k in part[key].tolist() if isinstance(k, str)})
        rows = part[part[mapping.get("id", "id")].notna()]
        return _assess_frame(rows, people, keys, mapping, budget_column, as_of, policy)

    return apply_by_key(merged, key, run)


def _plain_text(frame: pd.DataFrame) -> pd.DataFrame:
    # Dask stores text as Arrow strings; the shared validation expects Python objects.
    text = {
        name: object
        for name, dtype in frame.dtypes.items()
        if isinstance(dtype, pd.StringDtype) or "string" in str(dtype)
    }
    return frame.astype(text) if text else frame


def _assess_frame(
    interactions: pd.DataFrame,
    people: Mapping[str, Customer],
    keys: Sequence[str],
    columns: Mapping[str, str],
    budget_column: str,
    as_of: datetime,
    policy: LeadPolicy,
) -> pd.DataFrame:
    frame = normalize_interactions(interactions, columns)
    strangers = ~frame["customer_id"].isin(list(people))
    if strangers.any():
        row = strangers.idxmax()
        raise InvalidInputError(
            f"customer_id[{row!r}]",
            frame.at[row, "customer_id"],
            "the id of a customer in the customers frame",
        )
    if budget_column in interactions.columns:
        budget = interactions[budget_column].map(lambda x: isinstance(x, str) and bool(x.strip()))
        budgets = budget.astype(bool).tolist()
    else:
        budgets = [False] * len(frame)
    micros = (
        frame["timestamp"].dt.tz_convert("UTC").to_numpy(dtype="datetime64[us]").astype("int64")
    )
    stamps = [_EPOCH + timedelta(microseconds=us) for us in micros.tolist()]
    events: dict[str, list[_Event]] = {}
    future: dict[str, int] = {}
    for cid, ts, iid, kind, direction, sentiment, budget in zip(
        frame["customer_id"].tolist(),
        stamps,
        frame["id"].tolist(),
        frame["kind"].tolist(),
        frame["direction"].tolist(),
        frame["sentiment"].tolist(),
        budgets,
        strict=True,
    ):
        if ts > as_of:
            future[cid] = future.get(cid, 0) + 1
            continue
        events.setdefault(cid, []).append(
            _Event(ts, iid, _KINDS[kind], _DIRECTIONS[direction], _SENTIMENTS[sentiment], budget)
        )
    results = []
    for cid in keys:
        mine = events.get(cid, [])
        mine.sort(key=_event_order)
        results.append(_assess(people[cid], _History(mine, future.get(cid, 0), 0), as_of, policy))
    return lead_assessments_to_frame(results)
