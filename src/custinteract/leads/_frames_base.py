"""The customers frame as arrays for the vectorised lead rules (pandas; an optional module).

Clean columns are checked in bulk, exactly as the models check each row; at
the first value that needs the model's judgement every row goes through
:class:`~custinteract.Customer`. Fit rules match through :data:`FIT_MATCHERS`,
the vectorised twin of ``_rules.FIT_KINDS`` (one entry per kind, or an error).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from .._models import Customer, InteractionKind, LeadSource
from .._tabular import is_missing
from .._timestamps import EPOCH, epoch_micros
from .._validators import BLANK_CHARACTERS, FrozenMap
from ._enums import FitRuleKind, LeadTemperature
from ._policy import LeadPolicy
from ._rules import FitRule, complete_table, fit_number

_BOOL_COLUMNS = ("consent", "do_not_contact")
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


def _moment(micros: int) -> datetime:
    return EPOCH + timedelta(microseconds=micros)


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
_BLANK_CHARS = list(BLANK_CHARACTERS)


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
            suspect = (given.str.len() == 0) | given.str.slice(0, 1).isin(_BLANK_CHARS)
            if suspect.any() and not all(x.strip() for x in given[suspect.to_numpy()].tolist()):
                return None
    if absent.any():
        for position in np.flatnonzero(absent).tolist():
            out[position] = None
    return out


# --------------------------------------------------------------------------- fit rules, vectorised


def _equals(rule: FitRule, texts: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    hits: np.ndarray[Any, Any] = texts == rule.value
    return hits


def _one_of(rule: FitRule, texts: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    hits: np.ndarray[Any, Any] = np.isin(texts, np.array(rule.values, dtype=object))
    return hits


def _in_range(rule: FitRule, texts: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    parsed = [fit_number(text) for text in texts.tolist()]
    numbers = np.array([np.nan if x is None else x for x in parsed], dtype=float)
    hits: np.ndarray[Any, Any] = ~np.isnan(numbers)
    if rule.low is not None:
        hits &= numbers >= rule.low
    if rule.high is not None:
        hits &= numbers <= rule.high
    return hits


FIT_MATCHERS: FrozenMap[
    FitRuleKind, Callable[[FitRule, np.ndarray[Any, Any]], np.ndarray[Any, Any]]
]
FIT_MATCHERS = complete_table(
    FitRuleKind,
    {FitRuleKind.EQUALS: _equals, FitRuleKind.ONE_OF: _one_of, FitRuleKind.RANGE: _in_range},
    "FIT_MATCHERS",
)
"""Each fit-rule kind's matcher over an array of distinct texts, equal to :data:`FIT_KINDS`' one."""


def _matches(values: pd.Series[Any], rule: FitRule) -> np.ndarray[Any, Any]:
    """Does ``rule`` match each customer's attribute value ``str(value)`` (missing: no)?

    The kind's vectorised matcher judges each distinct text once.
    """
    texts = _texts(values, blank=True, missing=True)
    if texts is None:  # numbers and other values: as text, one by one
        texts = [None if is_missing(x) else str(x) for x in values.tolist()]
    codes, uniques = pd.factorize(pd.Series(texts, dtype=object))
    out = np.zeros(len(texts), dtype=bool)
    if len(uniques):
        hits = FIT_MATCHERS[rule.kind](rule, np.asarray(uniques, dtype=object))
        present = codes >= 0
        out[present] = hits[codes[present]]
    return out


def _fit_columns(
    data: pd.DataFrame, attribute_columns: list[str], policy: LeadPolicy
) -> np.ndarray[Any, Any]:
    """``(customers, fit rules)``: does each rule match each customer?"""
    fits = np.zeros((len(data), len(policy.fit_rules)), dtype=bool)
    for index, rule in enumerate(policy.fit_rules):
        if rule.attribute in attribute_columns:
            fits[:, index] = _matches(data[rule.attribute], rule)
    return fits


def _source_codes(data: pd.DataFrame, fields: list[str]) -> np.ndarray[Any, Any] | None:
    """Each customer's source as a code into ``_SOURCES`` (None: a value the model must judge)."""
    source = np.full(len(data), _SOURCE_CODE[LeadSource.OTHER.value], dtype=np.int64)
    if "source" in fields:
        texts = _texts(data["source"], blank=True, missing=True)
        if texts is None:
            return None
        codes, uniques = pd.factorize(pd.Series(texts, dtype=object))
        table = [_SOURCE_CODE.get(text, -1) for text in uniques.tolist()]
        if -1 in table:
            return None
        source[codes >= 0] = np.array(table, dtype=np.int64)[codes[codes >= 0]]
    return source


def _life_dates(
    data: pd.DataFrame, fields: list[str], created: np.ndarray[Any, Any]
) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]] | None:
    """``(became_customer, churned)`` in UTC microseconds, checked against ``created``."""
    dates: dict[str, np.ndarray[Any, Any]] = {}
    for name in ("became_customer", "churned"):
        dates[name] = np.full(len(data), _NAT, dtype=np.int64)
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
    return became, churned


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
    source = _source_codes(data, fields)
    if source is None:
        return None
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
    dates = _life_dates(data, fields, created)
    if dates is None:
        return None
    became, churned = dates
    if not all(isinstance(name, str) and name.strip() for name in attribute_columns):
        return None
    return _Base(
        ids,
        source,
        flags["consent"],
        flags["do_not_contact"],
        became,
        churned,
        list_name,
        _fit_columns(data, attribute_columns, policy),
    )


def _base_from_customers(people: Sequence[Customer], policy: LeadPolicy) -> _Base:
    """The base from validated customers (when the columns needed the model)."""

    def micros(moment: datetime | None) -> int:
        return _NAT if moment is None else epoch_micros(moment)

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


def _objects(values: list[Any]) -> pd.Series[Any]:
    series: pd.Series[Any] = pd.Series(values, dtype=object)
    return series
