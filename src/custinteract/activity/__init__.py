"""Who is still with us: an activity status for every customer, from their own rhythm or a BG/NBD model.

Most customers who leave never complain: they simply stop coming back. This
package judges every customer's silence at ``as_of`` two ways: against the
customer's own usual gap between returns (the rhythm rule, no fitting), and
with the BG/NBD model of Fader, Hardie and Lee (2005), fitted by maximum
likelihood on the base (:func:`fit_bgnbd`) and kept as a frozen,
serialisable :class:`BgNbdModel`. The optional DataFrame
(:mod:`custinteract.activity.frames`) and plotting
(:mod:`custinteract.activity.plotting`) modules work on whole bases.

>>> import custinteract as ci
>>> from datetime import datetime, timedelta, timezone
>>> start = datetime(2025, 1, 1, tzinfo=timezone.utc)
>>> buys = [ci.Interaction(id=f"b{n}", customer_id="c-1", timestamp=start + timedelta(days=40 * n),
...                        sentiment=ci.Sentiment.NEUTRAL, kind=ci.InteractionKind.PURCHASE)
...         for n in range(6)]
>>> ci.assess_activity(buys, as_of=start + timedelta(days=260)).status.value
'active'
"""

from ._bgnbd import BgNbdModel, fit_bgnbd
from ._engine import ActivityAssessment, assess_activities, assess_activity, assess_summary
from ._explain import REASON_CODES as ACTIVITY_REASON_CODES
from ._policy import ActivityPolicy, ActivityStatus
from ._summary import ActivitySummary, activity_summaries

__all__ = [
    "ACTIVITY_REASON_CODES",
    "ActivityAssessment",
    "ActivityPolicy",
    "ActivityStatus",
    "ActivitySummary",
    "BgNbdModel",
    "activity_summaries",
    "assess_activities",
    "assess_activity",
    "assess_summary",
    "fit_bgnbd",
]
