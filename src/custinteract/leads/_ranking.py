"""Who to contact next: a total, deterministic ranking of leads, and daily call sheets.

The order (“What You Need to Know About Customer Interaction”: focus on current customers and qualified leads rather
than cold ones; the lead rules: rank "using temperature, fatigue and consent
together"):

1. advice first: CONTACT, then NURTURE (low-touch only), then HOLD (fatigued:
   left out unless asked for, since they must not be touched now); a
   DO_NOT_CONTACT lead is never ranked;
2. then temperature (CURRENT, QUALIFIED, WARM, COLD);
3. then score (higher first);
4. then customer id (ascending) as the tie-break,

so the order is total and the same on every run.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import datetime
from typing import Any, overload

import attrs

from .. import _validators as v
from .._display import Displayed
from .._errors import InvalidInputError
from .._models import Reason, explanation_spec
from .._wording import counted
from ._engine import LeadAssessment, OutreachAdvice

__all__ = ["CallPlan", "CallSheet", "call_sheets", "prioritize_leads", "rank_key"]

_ADVICE_RANK: Mapping[OutreachAdvice, int] = {
    OutreachAdvice.CONTACT: 0,
    OutreachAdvice.NURTURE: 1,
    OutreachAdvice.HOLD: 2,
    OutreachAdvice.DO_NOT_CONTACT: 3,
}
_DEFAULT_ADVICE = frozenset({OutreachAdvice.CONTACT, OutreachAdvice.NURTURE})


def rank_key(assessment: LeadAssessment) -> tuple[int, int, float, str]:
    """The sort key of the ranking: ``(advice rank, -temperature rank, -score, customer_id)``.

    The advice rank is 0 for CONTACT, 1 for NURTURE, 2 for HOLD (3 for
    DO_NOT_CONTACT, which is never ranked), so a fatigued current customer
    comes after every lead that may be contacted now.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> a = ci.LeadAssessment(customer_id="c-1", as_of=datetime(2026, 1, 1, tzinfo=timezone.utc),
    ...     temperature=ci.LeadTemperature.WARM, score=30, advice=ci.OutreachAdvice.CONTACT,
    ...     source=ci.LeadSource.REFERRAL)
    >>> ci.rank_key(a)
    (0, -1, -30.0, 'c-1')
    """
    v.check_instance(assessment, "assessment", LeadAssessment)
    return (
        _ADVICE_RANK[assessment.advice],
        -assessment.temperature.rank,
        -assessment.score,
        assessment.customer_id,
    )


def _checked(assessments: Iterable[LeadAssessment]) -> list[LeadAssessment]:
    out: list[LeadAssessment] = v.check_iterable(assessments, "assessments", LeadAssessment)
    ids: set[str] = set()
    as_of: datetime | None = None
    for index, item in enumerate(out):
        if not isinstance(item, LeadAssessment):
            raise InvalidInputError(f"assessments[{index}]", item, "a LeadAssessment")
        if item.customer_id in ids:
            raise InvalidInputError(
                f"assessments[{index}].customer_id", item.customer_id, "one assessment per customer"
            )
        ids.add(item.customer_id)
        if as_of is None:
            as_of = item.as_of
        elif item.as_of != as_of:
            raise InvalidInputError(
                f"assessments[{index}].as_of",
                item.as_of,
                f"the same as_of as the others ({as_of.isoformat()})",
            )
    return out


@overload
def prioritize_leads(
    assessments: Iterable[LeadAssessment],
    *,
    limit: int | None = None,
    advice: Collection[OutreachAdvice] | None = None,
) -> tuple[LeadAssessment, ...]: ...


@overload
def prioritize_leads(
    assessments: Any,
    *,
    limit: int | None = None,
    advice: Collection[OutreachAdvice] | None = None,
) -> Any: ...


def prioritize_leads(
    assessments: Iterable[LeadAssessment] | Any,
    *,
    limit: int | None = None,
    advice: Collection[OutreachAdvice] | None = None,
) -> tuple[LeadAssessment, ...] | Any:
    """Leads in the order to work them: CONTACT before NURTURE, then hottest first.

    Within an advice: current, qualified, warm, cold; by score; by id (see
    :func:`rank_key`). ``advice`` keeps only leads with one of these advices;
    the default is CONTACT and NURTURE, so a lead on HOLD (fatigued: too many
    unanswered touches) is left out unless you ask for it, and then comes
    last. ``{OutreachAdvice.CONTACT}`` gives today's call list. A
    DO_NOT_CONTACT lead is never returned: asking for it is refused.
    ``limit`` keeps the first ``limit``. All assessments must share one
    ``as_of`` and be of distinct customers.

    ``assessments`` may also be the frame :func:`~custinteract.frames.leads_frame`
    returns (needs the ``frames`` extra): the answer is then its rows in the
    same order, as a frame, ranked from its ``advice``, ``temperature`` and
    ``score`` columns without making an object per row.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> def lead(cid, temp, score, advice=ci.OutreachAdvice.CONTACT):
    ...     return ci.LeadAssessment(customer_id=cid, temperature=temp,
    ...         as_of=datetime(2026, 1, 1, tzinfo=timezone.utc), score=score, advice=advice,
    ...         source=ci.LeadSource.OTHER)
    >>> T = ci.LeadTemperature
    >>> ranked = ci.prioritize_leads([lead("a", T.COLD, 90), lead("b", T.CURRENT, 10),
    ...     lead("c", T.QUALIFIED, 50, ci.OutreachAdvice.DO_NOT_CONTACT), lead("d", T.WARM, 40)])
    >>> [a.customer_id for a in ranked]
    ['b', 'd', 'a']
    >>> tired = lead("e", T.CURRENT, 80, ci.OutreachAdvice.HOLD)
    >>> keen = lead("f", T.QUALIFIED, 40)
    >>> [a.customer_id for a in ci.prioritize_leads([tired, keen])]
    ['f']
    >>> everyone = {ci.OutreachAdvice.CONTACT, ci.OutreachAdvice.NURTURE, ci.OutreachAdvice.HOLD}
    >>> [a.customer_id for a in ci.prioritize_leads([tired, keen], advice=everyone)]
    ['f', 'e']
    """
    if limit is not None and (not isinstance(limit, int) or isinstance(limit, bool) or limit < 0):
        raise InvalidInputError("limit", limit, "None or an integer of at least 0")
    allowed = _DEFAULT_ADVICE
    if advice is not None:
        allowed = frozenset(v.check_iterable(advice, "advice"))
        for item in allowed:
            if not isinstance(item, OutreachAdvice):
                raise InvalidInputError("advice", item, "OutreachAdvice members")
        if OutreachAdvice.DO_NOT_CONTACT in allowed:
            raise InvalidInputError(
                "advice", sorted(a.value for a in allowed), "advices other than do_not_contact"
            )
    if v.is_frame(assessments):
        from ._frames_ranking import rank_lead_frame

        return rank_lead_frame(assessments, limit=limit, allowed=allowed, advice_rank=_ADVICE_RANK)
    leads = [a for a in _checked(assessments) if a.advice in allowed]
    leads.sort(key=rank_key)
    return tuple(leads if limit is None else leads[:limit])


@attrs.frozen(kw_only=True)
class CallSheet(Displayed):
    """The leads one member of staff calls on one day, in ranking order.

    >>> import custinteract as ci
    >>> ci.CallSheet(day=0, staff_id="ann", customer_ids=["c-1", "c-7"]).customer_ids
    ('c-1', 'c-7')
    """

    day: int = attrs.field(validator=v.integer(low=0))
    staff_id: str = attrs.field(validator=v.identifier)
    customer_ids: tuple[str, ...] = attrs.field(
        default=(), converter=v.str_tuple, validator=v.tuple_of(v.identifier)
    )


def _call_sheet_tuple(value: Iterable[CallSheet]) -> tuple[CallSheet, ...]:
    """Converter typed as what the constructor accepts (see :func:`~custinteract._validators.to_tuple`)."""
    return v.to_tuple(value)


@attrs.frozen(kw_only=True)
class CallPlan(Displayed):
    """Daily call sheets per member of staff, and the leads left over.

    ``sheets`` run day by day (``day`` 0 is the first), staff in id order
    within a day. ``unassigned`` holds the ranked leads beyond the capacity.

    >>> import custinteract as ci
    >>> plan = ci.call_sheets([], capacity={"ann": 3})
    >>> plan.sheets, plan.unassigned, [r.code for r in plan.explanation]
    ((), (), ['lead.callsheet.assigned'])
    """

    sheets: tuple[CallSheet, ...] = attrs.field(
        default=(), converter=_call_sheet_tuple, validator=v.tuple_of(v.instance(CallSheet))
    )
    unassigned: tuple[str, ...] = attrs.field(
        default=(), converter=v.str_tuple, validator=v.tuple_of(v.identifier)
    )
    explanation: tuple[Reason, ...] = attrs.field(default=(), **explanation_spec())

    def sheet(self, day: int, staff_id: str) -> CallSheet | None:
        """The sheet of one member of staff on one day, if any."""
        for sheet in self.sheets:
            if sheet.day == day and sheet.staff_id == staff_id:
                return sheet
        return None


def _capacity(capacity: Any) -> dict[str, int]:
    if not isinstance(capacity, Mapping) or not capacity:
        raise InvalidInputError(
            "capacity", capacity, "a non-empty mapping of staff id to calls per day"
        )
    out: dict[str, int] = {}
    for staff_id, calls in capacity.items():
        if not isinstance(staff_id, str) or not staff_id.strip():
            raise InvalidInputError("capacity", staff_id, "non-blank staff ids as keys")
        if not isinstance(calls, int) or isinstance(calls, bool) or calls < 0:
            raise InvalidInputError(f"capacity[{staff_id!r}]", calls, "an integer of at least 0")
        out[staff_id] = calls
    return out


def call_sheets(
    assessments: Iterable[LeadAssessment] | Any,
    *,
    capacity: Mapping[str, int],
    days: int = 1,
    advice: Collection[OutreachAdvice] = (OutreachAdvice.CONTACT,),
) -> CallPlan:
    """Split the ranked CONTACT leads into daily call sheets by staff capacity.

    Each day, leads are dealt in ranking order round-robin to the staff (in
    id order) who still have room (``capacity[staff_id]`` calls a day), so
    every caller gets a share of the hottest leads. Leads beyond ``days``
    days of capacity are returned as ``unassigned``. The work is bounded by
    the leads, not by ``days``: dealing stops on the first day that deals
    nothing (the queue is empty, or nobody has room).

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> day = datetime(2026, 1, 1, tzinfo=timezone.utc)
    >>> leads = [ci.LeadAssessment(customer_id=f"c-{i}", as_of=day,
    ...     temperature=ci.LeadTemperature.WARM, score=50 - i, advice=ci.OutreachAdvice.CONTACT,
    ...     source=ci.LeadSource.OTHER) for i in range(5)]
    >>> plan = ci.call_sheets(leads, capacity={"ann": 2, "bob": 1})
    >>> [(s.staff_id, s.customer_ids) for s in plan.sheets]
    [('ann', ('c-0', 'c-2')), ('bob', ('c-1',))]
    >>> plan.unassigned
    ('c-3', 'c-4')

    ``assessments`` may also be the frame :func:`~custinteract.frames.leads_frame`
    returns (needs the ``frames`` extra): it is ranked by
    :func:`prioritize_leads` from its columns and dealt by its ``customer_id``
    index, with no object per row, giving the same plan.

    >>> from custinteract.frames import lead_assessments_to_frame
    >>> frame = lead_assessments_to_frame(leads)  # the layout of leads_frame
    >>> ci.call_sheets(frame, capacity={"ann": 2, "bob": 1}) == plan
    True
    """
    room = _capacity(capacity)
    if not isinstance(days, int) or isinstance(days, bool) or days < 1:
        raise InvalidInputError("days", days, "an integer of at least 1")
    ranked: Any = prioritize_leads(assessments, advice=advice)
    if v.is_frame(assessments):  # a leads frame, ranked as a frame: its index holds the ids
        queue = [str(cid) for cid in ranked.index]
    else:
        queue = [a.customer_id for a in ranked]
    sheets, dealt = _deal(queue, room, days)
    unassigned = tuple(queue[dealt:])
    return CallPlan(
        sheets=tuple(sheets),
        unassigned=unassigned,
        explanation=_plan_reasons(sheets, dealt, len(room), unassigned),
    )


def _deal(queue: list[str], room: Mapping[str, int], days: int) -> tuple[list[CallSheet], int]:
    """The call sheets of ``queue`` dealt day by day, and how many of its leads they hold.

    Each day, leads go in ``queue`` order round-robin to the staff (in id
    order) who still have room; dealing stops on the first day that deals
    nothing, since every later day would be alike.
    """
    staff = sorted(room)
    sheets: list[CallSheet] = []
    position = 0
    for day in range(days):
        taken: dict[str, list[str]] = {s: [] for s in staff}
        while position < len(queue):
            dealt = False
            for member in staff:
                if position < len(queue) and len(taken[member]) < room[member]:
                    taken[member].append(queue[position])
                    position += 1
                    dealt = True
            if not dealt:
                break
        if not any(taken.values()):  # nothing left to deal, or no room: every later day alike
            break
        sheets.extend(
            CallSheet(day=day, staff_id=member, customer_ids=tuple(taken[member]))
            for member in staff
            if taken[member]
        )
    return sheets, position


def _plan_reasons(
    sheets: list[CallSheet], dealt: int, staff: int, unassigned: tuple[str, ...]
) -> tuple[Reason, ...]:
    """The plan's explanation: how many leads were dealt to how many staff, and any left over."""
    days_used = sheets[-1].day + 1 if sheets else 0  # the days that dealt, not the days allowed
    reasons = [
        Reason(
            code="lead.callsheet.assigned",
            message=f"{dealt} leads dealt to {staff} staff over {counted(days_used, 'day')}",
        )
    ]
    if unassigned:
        reasons.append(
            Reason(
                code="lead.callsheet.unassigned",
                message=f"{len(unassigned)} leads beyond capacity, for a later day",
            )
        )
    return tuple(reasons)
