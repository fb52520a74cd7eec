"""The ranking of :func:`~custinteract.prioritize_leads` over a :func:`~custinteract.frames.leads_frame`.

The same order as the object path's :func:`~custinteract.rank_key` (advice,
then temperature, then score, then customer id), read from the frame's
``advice``, ``temperature`` and ``score`` columns with the same rank tables,
so a leads frame is ranked without making an object per row.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import numpy as np
import pandas as pd

from .._errors import InvalidInputError
from .._tabular import result_frame
from ._engine import LeadTemperature, OutreachAdvice

__all__ = ["one_row_each", "rank_lead_frame"]

_NEEDED = ("advice", "temperature", "score")


def _ranks(column: pd.Series, ranks: Mapping[str, int], name: str) -> np.ndarray:
    """Each row's rank from its text value; unknown values are refused, naming them."""
    values = column.astype(object)
    strange = sorted({str(x) for x in values.unique() if x not in ranks})
    if strange:
        raise InvalidInputError(f"assessments.{name}", strange, f"values among {sorted(ranks)}")
    return np.array([ranks[x] for x in values], dtype=np.int64)


def one_row_each(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """``frame`` if its ``customer_id`` index names each customer once; else the repeated ids."""
    if not frame.index.is_unique:
        repeated = sorted({str(i) for i in frame.index[frame.index.duplicated()]})
        raise InvalidInputError(f"{name}.customer_id", repeated, "one row per customer")
    return frame


def rank_lead_frame(
    frame: Any,
    *,
    limit: int | None,
    allowed: Collection[OutreachAdvice],
    advice_rank: Mapping[OutreachAdvice, int],
) -> pd.DataFrame:
    """The rows of a leads frame whose advice is ``allowed``, in ranking order (first ``limit``)."""
    frame = one_row_each(result_frame(frame, source="leads_frame", needed=_NEEDED), "assessments")
    advice = _ranks(frame["advice"], {a.value: r for a, r in advice_rank.items()}, "advice")
    kept = np.isin(advice, [advice_rank[a] for a in allowed])
    temperature = _ranks(
        frame["temperature"], {t.value: t.rank for t in LeadTemperature}, "temperature"
    )
    order = pd.DataFrame(
        {
            "advice": advice,
            "temperature": -temperature,
            "score": -frame["score"].to_numpy(dtype=np.float64),
            "customer_id": [str(i) for i in frame.index],
            "row": np.arange(len(frame)),
        }
    )[kept]
    ranked = order.sort_values(["advice", "temperature", "score", "customer_id"], kind="mergesort")
    rows = ranked["row"].to_numpy()
    out: pd.DataFrame = frame.iloc[rows if limit is None else rows[:limit]]
    return out
