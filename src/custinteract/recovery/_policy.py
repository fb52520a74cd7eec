"""The values of the recovery engine: its policy, statuses, gestures, reason codes and assessment.

Every number and code the rules use is read from here: the policy's fields
with their sources, ``GESTURES`` (what each gesture kind is worth by
default and the reason code it brings, if any) and ``REASON_CODES``. The
state change lives in :mod:`._rules`, the explanation in :mod:`._explain`,
the public functions in :mod:`._engine`.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from .. import _validators as v
from .._display import Displayed
from .._models import GestureKind, Reason, explanation_spec
from ..activity import ActivityPolicy, ActivityStatus, BgNbdModel

__all__ = [
    "GESTURES",
    "REASON_CODES",
    "LossReason",
    "RecoveryAssessment",
    "RecoveryPolicy",
    "RecoveryStatus",
    "gesture_rule",
]

_BASE_CODES = {
    "recovery.goodwill_not_banked": "positives that came while nothing was owed do not count",
    "recovery.recovered_before": "the customer paid off a recovery debt before",
    "recovery.negative_forgotten": "negatives older than negative_memory no longer count",
    "recovery.negatives_earlier": "more open negatives before the ones listed",
    "recovery.negative": "a negative interaction that still has positives owed",
    "recovery.positives_since": "positives since the last negative paying the debt",
    "recovery.lost.cancellation": "the customer was lost: a cancellation interaction",
    "recovery.lost.churned": "the customer was lost: the host recorded them as churned",
    "recovery.lost.silence": "the customer was lost: silence for loss_after_silence with debt open",
    "recovery.comeback": "the customer came back after being lost, still owing the debt",
    "recovery.status.healthy": "nothing is owed",
    "recovery.lapsing": (
        "nothing is owed, but the customer is lapsing: silent for longer than their rhythm"
    ),
    "recovery.lapsed": "nothing is owed, but the customer has lapsed: silent far beyond their rhythm",
    "recovery.status.at_risk": "a debt is open and no positive came since the last negative",
    "recovery.status.recovering": "a debt is open and positives are paying it",
    "recovery.status.lost": "the customer is lost",
    "recovery.summary.statuses": "customers per status across the base",
    "recovery.summary.owed": "customers owed positives and the total owed",
    "recovery.summary.quiet": "customers owed nothing but lapsed or lapsing",
    "recovery.playbook.learned": "what the playbook learned from history",
    "recovery.playbook.best": "the gesture with the best evidence for a category",
    "recovery.playbook.thin_evidence": "too few decided outcomes to recommend a gesture",
    "recovery.playbook.no_gesture_better": (
        "no gesture did at least as well as the best gesture: none is recommended"
    ),
    "recovery.playbook.baseline": "how negatives answered with no gesture ended",
    "recovery.playbook.alternative": "another gesture's record for the category",
}


@attrs.frozen(kw_only=True)
class _GestureRule:
    """What one gesture kind means to the rules: its default credit and, if any, its own reason code.

    Attributes:
        credit: Positives a gesture of this kind pays unless a policy's
            ``gesture_credit`` says otherwise.
        code: The reason code an explanation carries when the customer
            received gestures of this kind (None: the kind has none).
        meaning: The code's one-line meaning, listed in :data:`~custinteract.RECOVERY_REASON_CODES`.
    """

    credit: float = attrs.field(
        default=0.0, converter=v.number_to_float, validator=v.finite_number(low=0)
    )
    code: str | None = attrs.field(default=None, validator=v.optional(v.identifier))
    meaning: str = attrs.field(default="", validator=v.text)


GESTURES: Mapping[GestureKind, _GestureRule] = v.FrozenMap(
    {
        GestureKind.APOLOGY: _GestureRule(),
        GestureKind.DISCOUNT_CODE: _GestureRule(),
        GestureKind.REFUND: _GestureRule(),
        GestureKind.REPLACEMENT: _GestureRule(),
        GestureKind.OTHER: _GestureRule(),
    }
)
"""The table of gesture kinds: a new kind is one entry here, and batch, ledger and frames follow.

“What You Need to Know About Customer Interaction”: companies give discount codes to apologise, "a small victory"; what
a gesture is worth is learned by the playbook, so every kind defaults to 0
credit and no reason code of its own. A kind missing here is worth 0.
"""

_PLAIN_GESTURE = _GestureRule()


def gesture_rule(kind: GestureKind) -> _GestureRule:
    """The rule of ``kind`` from ``GESTURES`` (a kind not listed is worth 0, with no code)."""
    return GESTURES.get(kind, _PLAIN_GESTURE)


REASON_CODES: Mapping[str, str] = v.FrozenMap(
    {
        **_BASE_CODES,
        **{rule.code: rule.meaning for rule in GESTURES.values() if rule.code is not None},
    }
)
"""Every reason code this engine emits, with its one-line meaning (stable across releases)."""


def _credit_map(value: Mapping[GestureKind, float]) -> v.FrozenMap[GestureKind, float]:
    """Every gesture kind's credit: the table's default, then the values given."""
    if isinstance(value, Mapping):
        full: dict[Any, Any] = {kind: gesture_rule(kind).credit for kind in GestureKind}
        full.update((key, v.number_to_float(amount)) for key, amount in value.items())
        return v.FrozenMap(full)
    return value  # type: ignore[unreachable]  # left for the validator, which names it


_credit_check = v.enum_map(GestureKind, v.finite_number(low=0))


class RecoveryStatus(enum.Enum):
    """Where a customer stands, from best to worst.

    ``HEALTHY``: nothing owed. ``RECOVERING``: a debt is open and at least one
    positive came since the last negative. ``AT_RISK``: a debt is open and no
    positive came since the last negative. ``LOST``: cancelled, churned or
    silent too long (see :class:`LossReason`).

    >>> import custinteract as ci
    >>> ci.RecoveryStatus.AT_RISK.severity > ci.RecoveryStatus.RECOVERING.severity
    True
    """

    HEALTHY = "healthy"
    RECOVERING = "recovering"
    AT_RISK = "at_risk"
    LOST = "lost"

    @property
    def severity(self) -> int:
        """A rank from 0 (HEALTHY) up to 3 (LOST), to sort or compare statuses with."""
        return _SEVERITY[self]


_SEVERITY = {
    RecoveryStatus.HEALTHY: 0,
    RecoveryStatus.RECOVERING: 1,
    RecoveryStatus.AT_RISK: 2,
    RecoveryStatus.LOST: 3,
}


class LossReason(enum.Enum):
    """Why a customer was counted lost.

    ``CANCELLATION``: an interaction of kind ``CANCELLATION``. ``CHURNED``: the
    host's :class:`Customer.churned <custinteract.Customer>` timestamp.
    ``SILENCE``: no interaction at all for ``loss_after_silence`` while a debt
    was open.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> t = datetime(2026, 3, 4, tzinfo=timezone.utc)
    >>> bye = ci.Interaction(id="i-1", customer_id="c-1", timestamp=t,
    ...                      sentiment=ci.Sentiment.NEUTRAL, kind=ci.InteractionKind.CANCELLATION)
    >>> ci.assess_recovery([bye], as_of=t).lost_reason
    <LossReason.CANCELLATION: 'cancellation'>
    """

    CANCELLATION = "cancellation"
    CHURNED = "churned"
    SILENCE = "silence"


@attrs.frozen(kw_only=True)
class RecoveryPolicy:
    """The numbers of the recovery rules; every one can be changed.

    Published ratios of positives needed per negative differ: 6 (“What You Need to Know About Customer Interaction”, the
    default), 4 (Baumeister et al., "Bad is stronger than good", 2001; Tierney
    & Baumeister, *The Power of Bad*, 2019), 5 (Gottman's 5:1 ratio for stable
    couples) and 12 (a common customer-service claim, e.g. Newell-Legner,
    *Understanding Customers*). Set ``positives_per_negative`` to the one you
    trust.

    Attributes:
        positives_per_negative: Positives that make up for one negative
            (“What You Need to Know About Customer Interaction”: "it can take
            6 positive interactions to make up for a negative one").
        loss_after_silence: A customer with an open debt and no interaction at
            all for this long is LOST (“What You Need to Know About Customer Interaction”: "one negative experience [can]
            lose your customers forever"); ``None`` turns the rule off. Default
            90 days, a common inactivity window for churn.
        negative_memory: When set, a negative older than this stops counting;
            ``None`` (default, “What You Need to Know About Customer Interaction”'s "forever") never forgets.
        gesture_credit: Positives credited per recovery gesture kind (“What You Need to Know About Customer Interaction”:
            discount codes to apologise give "a small victory"). Kinds not
            given take their default from ``GESTURES``, 0 for every kind
            today: the customer's own sentiment counts, and the playbook learns
            what a gesture is worth.
        activity: How to tell whether a customer is still coming back (see
            :class:`~custinteract.ActivityPolicy`): a customer who owes nothing
            stays HEALTHY, and the assessment's ``activity`` says whether they
            are ACTIVE or have gone quiet (LAPSING, LAPSED), with a
            ``recovery.lapsing`` or ``recovery.lapsed`` reason. Silence only
            makes a customer LOST while a debt is open (``loss_after_silence``);
            this tells a long-silent customer who owes nothing from a healthy
            one. Default the default ActivityPolicy; ``None`` leaves
            ``activity`` unset.
        activity_model: A fitted :class:`~custinteract.BgNbdModel`: when given
            (and ``activity`` is set) the model decides the activity status, as
            in :func:`~custinteract.assess_activities`. Default None: the
            rhythm rule.

    >>> import custinteract as ci
    >>> ci.RecoveryPolicy().positives_per_negative
    6
    >>> ci.RecoveryPolicy(positives_per_negative=0)
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: positives_per_negative: expected an integer of at least 1, got 0
    """

    positives_per_negative: int = attrs.field(default=6, validator=v.integer(low=1))
    loss_after_silence: relativedelta | None = attrs.field(
        factory=lambda: relativedelta(days=90), validator=v.optional(v.window)
    )
    negative_memory: relativedelta | None = attrs.field(
        default=None, validator=v.optional(v.window)
    )
    gesture_credit: Mapping[GestureKind, float] = attrs.field(
        factory=dict, converter=_credit_map, validator=_credit_check
    )
    activity: ActivityPolicy | None = attrs.field(
        factory=ActivityPolicy, validator=v.optional(v.instance(ActivityPolicy))
    )
    activity_model: BgNbdModel | None = attrs.field(
        default=None, validator=v.optional(v.instance(BgNbdModel))
    )


@attrs.frozen(kw_only=True)
class RecoveryAssessment(Displayed):
    """Where one customer stands at ``as_of``, what it will take, and why.

    Attributes:
        customer_id: The customer (None for a ledger that has seen nothing).
        as_of: The moment of the assessment; only interactions at or before it count.
        status: See :class:`RecoveryStatus`.
        positives_needed: Positives still owed (0 when nothing is open).
        open_negatives: Negatives not yet paid off (payments settle the oldest
            first; a negative partly paid, or partly cancelled by a gesture's
            credit, is open until nothing is owed for it).
        positives_since_last_negative: Positive interactions after the most recent negative.
        last_negative_at: The most recent negative interaction, if any.
        owed_since: When the open debt began: the first negative since the customer
            last owed nothing (None when nothing is owed).
        lost_at: When the customer was last counted lost, if ever.
        lost_reason: Why the customer is lost (see :class:`LossReason`); None
            unless ``status`` is LOST. A customer who came back keeps
            ``lost_at`` and ``came_back_at``, and the explanation says why
            they were lost.
        came_back_at: When they came back after that loss (None if still lost).
        times_recovered: How many times a debt was paid off to zero.
        interactions_counted: Interactions counted (at or before ``as_of``).
        activity: Whether the customer still comes back, from
            :class:`~custinteract.ActivityStatus` (the policy's ``activity``
            rules; None when the policy's ``activity`` is None). A HEALTHY
            customer who is LAPSING or LAPSED owes nothing but has gone quiet;
            the explanation then has a ``recovery.lapsing`` or
            ``recovery.lapsed`` reason just before the closing status reason.
        explanation: Reasons with codes from
            :data:`~custinteract.RECOVERY_REASON_CODES`, in time order.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> t = datetime(2026, 3, 4, tzinfo=timezone.utc)
    >>> complaint = ci.Interaction(id="i-1", customer_id="c-1", timestamp=t,
    ...                            sentiment=ci.Sentiment.NEGATIVE)
    >>> a = ci.assess_recovery([complaint], as_of=t)
    >>> a.status.value, a.positives_needed, a.open_negatives, a.owed_since == t
    ('at_risk', 6, 1, True)
    >>> [reason.code for reason in a.explanation]
    ['recovery.negative', 'recovery.status.at_risk']
    """

    customer_id: str | None = attrs.field(validator=v.optional(v.identifier))
    as_of: datetime = attrs.field(validator=v.aware)
    status: RecoveryStatus = attrs.field(validator=v.enum_member(RecoveryStatus))
    positives_needed: int = attrs.field(validator=v.integer(low=0))
    open_negatives: int = attrs.field(validator=v.integer(low=0))
    positives_since_last_negative: int = attrs.field(validator=v.integer(low=0))
    last_negative_at: datetime | None = attrs.field(validator=v.optional(v.aware))
    owed_since: datetime | None = attrs.field(validator=v.optional(v.aware))
    lost_at: datetime | None = attrs.field(validator=v.optional(v.aware))
    lost_reason: LossReason | None = attrs.field(validator=v.optional(v.enum_member(LossReason)))
    came_back_at: datetime | None = attrs.field(validator=v.optional(v.aware))
    times_recovered: int = attrs.field(validator=v.integer(low=0))
    interactions_counted: int = attrs.field(validator=v.integer(low=0))
    activity: ActivityStatus | None = attrs.field(
        default=None, validator=v.optional(v.enum_member(ActivityStatus))
    )
    explanation: tuple[Reason, ...] = attrs.field(**explanation_spec())
