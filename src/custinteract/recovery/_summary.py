"""The recovery of a customer base at a glance: customers per status, positives owed, who is at risk."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import attrs

from .. import _validators as v
from .._display import Displayed
from .._errors import InvalidInputError
from .._models import Reason, explanation_spec
from .._time import elapsed_days
from .._wording import counted, words
from ..activity import ActivityStatus
from ._policy import RecoveryAssessment, RecoveryStatus

__all__ = ["OwedCustomer", "RecoverySummary", "summarize_recoveries"]


@attrs.frozen(kw_only=True)
class OwedCustomer:
    """One customer who is owed positives and not lost: a row of :attr:`RecoverySummary.owed`.

    Attributes:
        customer_id: The customer.
        status: AT_RISK or RECOVERING.
        positives_needed: Positives still owed.
        owed_since: When the open debt began.
        days_owed: Days from ``owed_since`` to the summary's ``as_of``.

    >>> import custinteract as ci
    >>> from datetime import datetime, timedelta, timezone
    >>> t = datetime(2026, 3, 4, tzinfo=timezone.utc)
    >>> complaint = ci.Interaction(id="i-1", customer_id="c-1", timestamp=t,
    ...                            sentiment=ci.Sentiment.NEGATIVE)
    >>> summary = ci.summarize_recoveries(
    ...     ci.assess_recoveries([complaint], as_of=t + timedelta(days=3)))
    >>> row = summary.owed[0]
    >>> row.customer_id, row.status.value, row.positives_needed, row.days_owed
    ('c-1', 'at_risk', 6, 3.0)
    """

    customer_id: str = attrs.field(validator=v.identifier)
    status: RecoveryStatus = attrs.field(validator=v.enum_member(RecoveryStatus))
    positives_needed: int = attrs.field(validator=v.integer(low=1))
    owed_since: datetime = attrs.field(validator=v.aware)
    days_owed: float = attrs.field(validator=v.finite_number(low=0))


def _status_counts(value: Mapping[RecoveryStatus, int]) -> v.FrozenMap[RecoveryStatus, int]:
    """Converter: every status present, 0 where not given; anything else is left for the validator."""
    if isinstance(value, Mapping):
        full: dict[Any, Any] = dict.fromkeys(RecoveryStatus, 0)
        full.update(value)
        return v.FrozenMap(full)
    return value  # type: ignore[unreachable]  # left for the validator, which names it


_status_counts_check = v.enum_map(RecoveryStatus, v.integer(low=0))


def _owed_customer_tuple(value: Iterable[OwedCustomer]) -> tuple[OwedCustomer, ...]:
    """Converter typed as what the constructor accepts (see :func:`~custinteract._validators.to_tuple`)."""
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class RecoverySummary(Displayed):
    """A customer base at a glance: customers per status, positives owed, who owes them.

    Attributes:
        as_of: The moment of the assessments (None for an empty base).
        customers: Customers assessed.
        by_status: Customers per :class:`RecoveryStatus` (every status present).
        total_positives_needed: Positives owed across customers who are not lost.
        owed: The customers who owe positives: every AT_RISK and RECOVERING
            customer (LOST ones owe nothing that can be won back), most
            positives needed first, then owed longest, then by id; the first
            ``limit`` of them (:func:`summarize_recoveries`, 10 unless given;
            ``by_status`` counts them all). Named ``at_risk`` before; that
            name is deprecated.
        lapsing: HEALTHY customers (owed nothing) whose activity is LAPSING.
        lapsed: HEALTHY customers (owed nothing) whose activity is LAPSED: they
            owe nothing because they stopped coming, not because all is well.
        explanation: Reasons (codes in :data:`~custinteract.RECOVERY_REASON_CODES`).

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> t = datetime(2026, 3, 4, tzinfo=timezone.utc)
    >>> base = [ci.Interaction(id="i1", customer_id="a", timestamp=t, sentiment=ci.Sentiment.NEGATIVE),
    ...         ci.Interaction(id="i2", customer_id="b", timestamp=t, sentiment=ci.Sentiment.POSITIVE)]
    >>> summary = ci.summarize_recoveries(ci.assess_recoveries(base, as_of=t))
    >>> summary.customers, summary.by_status[ci.RecoveryStatus.HEALTHY]
    (2, 1)
    >>> for reason in summary.explanation:
    ...     print(reason.message)
    2 customers: 1 healthy, 0 recovering, 1 at risk, 0 lost
    1 customer owed 6 positives in all (lost customers not counted)
    """

    as_of: datetime | None = attrs.field(validator=v.optional(v.aware))
    customers: int = attrs.field(validator=v.integer(low=0))
    by_status: Mapping[RecoveryStatus, int] = attrs.field(
        converter=_status_counts, validator=_status_counts_check
    )
    total_positives_needed: int = attrs.field(validator=v.integer(low=0))
    owed: tuple[OwedCustomer, ...] = attrs.field(
        converter=_owed_customer_tuple, validator=v.tuple_of(v.instance(OwedCustomer))
    )
    lapsing: int = attrs.field(default=0, validator=v.integer(low=0))
    lapsed: int = attrs.field(default=0, validator=v.integer(low=0))
    explanation: tuple[Reason, ...] = attrs.field(**explanation_spec())

    @property
    def at_risk(self) -> tuple[OwedCustomer, ...]:
        """Deprecated name of :attr:`owed` (which holds RECOVERING customers too); removed in 0.2."""
        warnings.warn(
            "RecoverySummary.at_risk is deprecated and removed in 0.2: read .owed (every"
            " AT_RISK and RECOVERING customer, most owed first; filter on .status for one)",
            DeprecationWarning,
            stacklevel=2,
        )
        return self.owed


def summarize_recoveries(
    assessments: Mapping[str, RecoveryAssessment] | Iterable[RecoveryAssessment] | Any,
    *,
    limit: int | None = 10,
    as_of: datetime | None = None,
) -> RecoverySummary:
    """Summarise assessments (from :func:`assess_recoveries`) made at one ``as_of``.

    ``owed`` ranks the customers who owe positives and are not lost (AT_RISK
    and RECOVERING): most positives needed first, then the longest owed, then
    by id; it keeps the first ``limit`` (10 by default; ``limit=None`` keeps
    them all), while ``by_status`` and the explanation count every one.

    ``assessments`` may also be the frame :func:`~custinteract.frames.recovery_frame`
    returns (needs the ``frames`` extra): the same summary, counted over its
    columns without making an object per row. ``as_of`` is read only for a
    frame: the moment it was assessed at, by default the one ``recovery_frame``
    keeps in ``frame.attrs["as_of"]`` (needed when someone is owed positives).

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> t = datetime(2026, 3, 4, tzinfo=timezone.utc)
    >>> base = [ci.Interaction(id="i1", customer_id="a", timestamp=t, sentiment=ci.Sentiment.NEGATIVE),
    ...         ci.Interaction(id="i2", customer_id="b", timestamp=t, sentiment=ci.Sentiment.POSITIVE)]
    >>> summary = ci.summarize_recoveries(ci.assess_recoveries(base, as_of=t))
    >>> summary.by_status[ci.RecoveryStatus.AT_RISK], summary.total_positives_needed
    (1, 6)
    >>> [(row.customer_id, row.positives_needed) for row in summary.owed]
    [('a', 6)]
    """
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 0):
        raise InvalidInputError("limit", limit, "None or an integer of at least 0")
    if v.is_frame(assessments):
        from ._frames_summary import summarize_recovery_frame

        return summarize_recovery_frame(assessments, limit=limit, as_of=as_of)
    values, as_of = _checked(assessments)
    counts = dict.fromkeys(RecoveryStatus, 0)
    quiet = dict.fromkeys(ActivityStatus, 0)
    total = 0
    owed: list[OwedCustomer] = []
    for value in values:
        counts[value.status] += 1
        if value.status is RecoveryStatus.HEALTHY and value.activity is not None:
            quiet[value.activity] += 1
        if value.status is RecoveryStatus.LOST:
            continue
        total += value.positives_needed
        row = _owed_row(value)
        if row is not None:
            owed.append(row)
    owed.sort(key=lambda row: (-row.positives_needed, -row.days_owed, row.customer_id))
    at_risk = len(owed)
    if limit is not None:
        owed = owed[:limit]
    lapsing, lapsed = quiet[ActivityStatus.LAPSING], quiet[ActivityStatus.LAPSED]
    return RecoverySummary(
        as_of=as_of,
        customers=len(values),
        by_status=counts,
        total_positives_needed=total,
        owed=tuple(owed),
        lapsing=lapsing,
        lapsed=lapsed,
        explanation=(
            *_count_reasons(len(values), counts, at_risk, total),
            *_quiet_reasons(lapsing, lapsed),
        ),
    )


def _checked(
    assessments: Mapping[str, RecoveryAssessment] | Iterable[RecoveryAssessment],
) -> tuple[list[RecoveryAssessment], datetime | None]:
    """The assessments as a list, and the one ``as_of`` they were made at (None when empty)."""
    values = list(
        assessments.values()
        if isinstance(assessments, Mapping)
        else v.check_iterable(assessments, "assessments")
    )
    moments = set()
    for value in values:
        if not isinstance(value, RecoveryAssessment):
            raise InvalidInputError("assessments", value, "RecoveryAssessment values")
        moments.add(value.as_of)
    if len(moments) > 1:
        raise InvalidInputError("assessments", sorted(moments), "assessments made at one as_of")
    return values, next(iter(moments)) if moments else None


def _count_reasons(
    customers: int, counts: Mapping[RecoveryStatus, int], at_risk: int, total: int
) -> list[Reason]:
    """The reasons counting the customers per status and the positives owed."""
    parts = ", ".join(f"{counts[status]} {words(status.value)}" for status in RecoveryStatus)
    return [
        Reason(
            code="recovery.summary.statuses", message=f"{counted(customers, 'customer')}: {parts}"
        ),
        Reason(
            code="recovery.summary.owed",
            message=f"{counted(at_risk, 'customer')} owed {counted(total, 'positive')} in all"
            " (lost customers not counted)",
        ),
    ]


def _quiet_reasons(lapsing: int, lapsed: int) -> list[Reason]:
    """The reason counting the customers who owe nothing but went quiet (none when nobody did)."""
    if not (lapsing or lapsed):
        return []
    message = (
        f"{counted(lapsing + lapsed, 'customer')} owed nothing but gone quiet:"
        f" {lapsed} lapsed, {lapsing} lapsing"
    )
    return [Reason(code="recovery.summary.quiet", message=message)]


def _owed_row(value: RecoveryAssessment) -> OwedCustomer | None:
    """The row of :attr:`RecoverySummary.owed` for a customer who owes positives, else None."""
    if not (value.positives_needed and value.owed_since is not None and value.customer_id):
        return None
    days = elapsed_days(value.owed_since, value.as_of)
    return OwedCustomer(
        customer_id=value.customer_id,
        status=value.status,
        positives_needed=value.positives_needed,
        owed_since=value.owed_since,
        days_owed=max(days, 0.0),
    )
