"""The recovery summary of a :func:`~custinteract.frames.recovery_frame`, from its columns.

The same answer as :func:`~custinteract.summarize_recoveries` over the
objects, counted over whole columns: customers per status, positives owed by
those not lost, the quiet healthy ones, and the ``limit`` most owed as
:class:`OwedCustomer` rows (only those rows become objects). The ranking,
the reasons and their messages are the object path's own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from .._errors import InvalidInputError
from .._tabular import result_frame
from .._time import ensure_aware
from ..activity import ActivityStatus
from ._policy import RecoveryStatus
from ._summary import OwedCustomer, RecoverySummary, _count_reasons, _quiet_reasons

__all__ = ["summarize_recovery_frame"]

_NEEDED = ("status", "positives_needed", "owed_since", "activity")
_MICROSECONDS_PER_DAY = 86_400_000_000.0


def _as_of_of(frame: pd.DataFrame, as_of: datetime | None, *, needed: bool) -> datetime | None:
    """The moment the frame was assessed at: ``as_of=``, else the one the frame carries.

    Without either, None, unless ``needed`` (someone owed is to be listed).
    """
    if as_of is None:
        as_of = frame.attrs.get("as_of")
    if as_of is None:
        if not needed:
            return None
        raise InvalidInputError(
            "as_of",
            None,
            "the moment of the frame's assessments (recovery_frame keeps it in"
            " frame.attrs['as_of']; pass as_of= when the frame lost it)",
        )
    return ensure_aware(as_of, "as_of")


def summarize_recovery_frame(
    frame: Any, *, limit: int | None, as_of: datetime | None
) -> RecoverySummary:
    """:func:`~custinteract.summarize_recoveries` of a recovery frame, column by column."""
    frame = result_frame(frame, source="recovery_frame", needed=_NEEDED)
    status = frame["status"].astype(object).to_numpy()
    known = {s.value for s in RecoveryStatus}
    strange = sorted({str(s) for s in status if s not in known})
    if strange:
        raise InvalidInputError("assessments.status", strange, f"values among {sorted(known)}")
    counts = {s: int(np.count_nonzero(status == s.value)) for s in RecoveryStatus}
    kept = status != RecoveryStatus.LOST.value
    needed = frame["positives_needed"].to_numpy(dtype=np.int64)
    total = int(needed[kept].sum())
    healthy = status == RecoveryStatus.HEALTHY.value
    activity = frame["activity"].astype(object).to_numpy()
    lapsing = int(np.count_nonzero(healthy & (activity == ActivityStatus.LAPSING.value)))
    lapsed = int(np.count_nonzero(healthy & (activity == ActivityStatus.LAPSED.value)))
    owing = _owing(frame, kept & (needed > 0))
    at_risk = int(np.count_nonzero(owing))
    moment = _as_of_of(frame, as_of, needed=at_risk > 0 and limit != 0)
    owed = _owed(frame, owing, moment)
    rows = owed if limit is None else owed.iloc[:limit]
    return RecoverySummary(
        as_of=moment if len(frame) else None,
        customers=len(frame),
        by_status=counts,
        total_positives_needed=total,
        owed=tuple(
            OwedCustomer(
                customer_id=str(cid),
                status=RecoveryStatus(row.status),
                positives_needed=int(row.needed),
                owed_since=row.owed_since.to_pydatetime(),
                days_owed=float(row.days),
            )
            for cid, row in zip(rows.index, rows.itertuples(index=False), strict=True)
        ),
        lapsing=lapsing,
        lapsed=lapsed,
        explanation=(
            *_count_reasons(len(frame), counts, at_risk, total),
            *_quiet_reasons(lapsing, lapsed),
        ),
    )


def _owing(frame: pd.DataFrame, mask: np.ndarray) -> np.ndarray:
    """The rows of customers owed positives since a known moment (the object path's test)."""
    since = frame["owed_since"].notna().to_numpy()
    named = np.array([bool(i) for i in frame.index], dtype=bool)
    return np.asarray(mask & since & named, dtype=bool)


def _owed(frame: pd.DataFrame, mask: np.ndarray, as_of: datetime | None) -> pd.DataFrame:
    """The owed rows, ranked as the object path ranks them: most owed, longest owed, then id."""
    since = pd.to_datetime(frame["owed_since"], utc=True)
    chosen = frame[mask]
    if as_of is None or len(chosen) == 0:
        empty: pd.DataFrame = pd.DataFrame(
            {"status": [], "needed": [], "owed_since": [], "days": []},
            index=pd.Index([], dtype=object),
        )
        return empty
    owed_since = since[mask]
    # whole microseconds over a day's, one rounding, as the object path's elapsed_days divides
    micros = (
        (pd.Timestamp(as_of) - owed_since).to_numpy().astype("timedelta64[us]").astype(np.int64)
    )
    days = np.maximum(micros.astype(np.float64) / _MICROSECONDS_PER_DAY, 0.0)
    out = pd.DataFrame(
        {
            "status": chosen["status"].astype(object).to_numpy(),
            "needed": chosen["positives_needed"].to_numpy(dtype=np.int64),
            "owed_since": owed_since.to_numpy(),
            "days": days,
        },
        index=pd.Index([str(i) for i in chosen.index], dtype=object),
    )
    ranked = out.assign(customer_id=out.index).sort_values(
        ["needed", "days", "customer_id"], ascending=[False, False, True], kind="mergesort"
    )
    result: pd.DataFrame = ranked.drop(columns="customer_id")
    return result
