"""Employee Net Promoter Score from staff survey answers on 0-10.

Part of the morale engine. eNPS = percent promoters (9-10) minus percent
detractors (0-6); 7 and 8 are passives.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs
from dateutil.relativedelta import relativedelta

from .. import _validators as v
from .._display import Displayed
from .._errors import InvalidInputError
from .._models import Reason, StaffEvent, StaffEventKind, explanation_spec
from .._time import ensure_aware
from ._fields import count_spec, optional_number_spec
from ._policy import MoralePolicy
from ._rules import window_start

__all__ = ["ENps", "employee_nps"]


# ----------------------------------------------------------------------------- eNPS


@attrs.frozen(kw_only=True)
class ENps(Displayed):
    """Employee Net Promoter Score: percent promoters (9-10) minus percent detractors (0-6).

    7 and 8 are passives: they count in the denominator only. The score is in
    ``[-100, 100]``, or None when nobody answered.

    >>> import custinteract as ci
    >>> e = ci.employee_nps([9, 8, 6, 10])  # two promoters, one passive, one detractor
    >>> e.score, e.respondents, e.explanation[0].code
    (25.0, 4, 'morale.enps.score')

    Attributes:
        score: The eNPS, or None without answers.
        respondents: Answers counted.
        promoters: Answers of 9 or 10.
        passives: Answers of 7 or 8.
        detractors: Answers of 0 to 6.
        explanation: How the score came about.
    """

    score: float | None = attrs.field(**optional_number_spec(low=-100, high=100))
    respondents: int = attrs.field(**count_spec())
    promoters: int = attrs.field(**count_spec())
    passives: int = attrs.field(**count_spec())
    detractors: int = attrs.field(**count_spec())
    explanation: tuple[Reason, ...] = attrs.field(**explanation_spec())


def _scores(
    responses: Iterable[StaffEvent | int], as_of: datetime | None, start: datetime | None
) -> list[int]:
    """Every bare score, then each member's latest ``SURVEY`` answer from ``start`` to ``as_of`` (both included)."""
    scores: list[int] = []
    latest: dict[str, StaffEvent] = {}
    for index, item in enumerate(v.check_iterable(responses, "responses")):
        if isinstance(item, StaffEvent):
            if item.kind is not StaffEventKind.SURVEY or item.score is None:
                continue
            if as_of is not None and item.timestamp > as_of:
                continue
            if start is not None and item.timestamp < start:
                continue
            known = latest.get(item.staff_id)
            if known is None or (item.timestamp, item.id) > (known.timestamp, known.id):
                latest[item.staff_id] = item
        elif isinstance(item, int) and not isinstance(item, bool) and 0 <= item <= 10:
            scores.append(item)
        else:
            raise InvalidInputError(
                f"responses[{index}]", item, "a SURVEY StaffEvent or an integer from 0 to 10"
            )
    scores.extend(e.score for e in latest.values() if e.score is not None)
    return scores


def employee_nps(
    responses: Iterable[StaffEvent | int],
    *,
    as_of: datetime | None = None,
    window: relativedelta | None = None,
) -> ENps:
    """eNPS from staff survey answers: ``SURVEY`` events or bare 0-10 scores.

    From events, only ``SURVEY`` events count (others are not answers), only
    those at or before ``as_of`` (when given) and within ``window`` before it
    (when given), and each member counts once, with their latest answer: one
    voice per person. Bare integers each count as one answer.

    >>> import custinteract as ci
    >>> e = ci.employee_nps([10, 9, 8, 7, 6, 0])
    >>> e.score, e.promoters, e.passives, e.detractors
    (0.0, 2, 2, 2)
    >>> ci.employee_nps([]).score is None
    True
    >>> ci.employee_nps([11])
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: responses[0]: expected a SURVEY StaffEvent or ...
    """
    if as_of is not None:
        as_of = ensure_aware(as_of, "as_of")
    if window is not None:
        if as_of is None:
            raise InvalidInputError("window", window, "None unless as_of is given")
        v.window(None, attrs.fields(MoralePolicy).window, window)
    start = None if window is None or as_of is None else window_start(as_of, window)
    scores = _scores(responses, as_of, start)
    promoters = sum(s >= 9 for s in scores)
    detractors = sum(s <= 6 for s in scores)
    passives = len(scores) - promoters - detractors
    if not scores:
        return ENps(
            score=None,
            respondents=0,
            promoters=0,
            passives=0,
            detractors=0,
            explanation=(
                Reason(code="morale.enps.no_responses", message="no survey answers to score"),
            ),
        )
    score = 100.0 * (promoters - detractors) / len(scores)
    return ENps(
        score=score,
        respondents=len(scores),
        promoters=promoters,
        passives=passives,
        detractors=detractors,
        explanation=(
            Reason(
                code="morale.enps.score",
                message=f"{promoters} promoters and {detractors} detractors of {len(scores)}:"
                f" eNPS {score:+.0f}",
            ),
        ),
    )
