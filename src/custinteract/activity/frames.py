"""Activity over whole bases as DataFrames: summaries, statuses, a fast BG/NBD fit and hold-out checks.

The vectorised twin of the object path: the same rules (rhythm, model,
explanation codes) over numpy columns. Floating-point results equal the object
path's to within a few units in the last place (numpy's ``log`` and ``exp``
may round differently from :mod:`math`'s); statuses, counts and codes are equal.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import datetime, tzinfo
from typing import Any

import numpy as np
import pandas as pd

from .._columns import localized
from .._errors import InvalidInputError
from .._frames_interop import same_kind_out
from .._tabular import apply_by_key, with_why
from .._time import ensure_aware
from ._bgnbd import BgNbdModel
from ._engine import ActivityAssessment
from ._explain import REASON_CODES
from ._frames_model import SUMMARY, expected_returns, fit_arrays, p_alive, summary_arrays
from ._frames_rows import holdout_of_frame, summaries_of_frame
from ._frames_score import base_gap, base_gap_of, score, score_arrays, scored_frame
from ._policy import ActivityPolicy
from ._summary import check_policy, day_number

__all__ = [
    "ACTIVITY_COLUMNS",
    "activity_assessments_to_frame",
    "activity_frame",
    "activity_holdout_frame",
    "activity_summary_frame",
    "fit_bgnbd_frame",
    "p_alive_matrix",
    "score_activity_frame",
]

ACTIVITY_COLUMNS: tuple[str, ...] = (
    "status",
    "rhythm_status",
    "frequency",
    "recency",
    "age",
    "base_gap_days",
    "typical_gap_days",
    "silence_ratio",
    "p_alive",
    "expected_returns",
    "reason_codes",
    "why",
)
"""The columns of :func:`activity_frame`, one per :class:`~custinteract.ActivityAssessment` field.

``frequency``, ``recency`` and ``age`` come from ``summary`` (missing when
UNSEEN, as are the other numbers that need a history); statuses are their
text values, ``reason_codes`` the tuple of the explanation's codes and ``why``
their meanings (from :data:`~custinteract.ACTIVITY_REASON_CODES`) joined by ``"; "``.
"""


# --------------------------------------------------------------------------- summaries


def _summaries_pandas(
    frame: pd.DataFrame,
    as_of: datetime,
    policy: ActivityPolicy,
    columns: Mapping[str, str] | None,
) -> pd.DataFrame:
    """Frequency, recency, age and ``seen`` for every customer with a row at or before ``as_of``."""
    summaries, everyone = summaries_of_frame(frame, as_of, policy, columns)
    out: pd.DataFrame = pd.DataFrame(summaries._asdict(), index=everyone, copy=False)
    return out


def _summaries_on_polars() -> Any:
    from ._frames_polars import activity_summary_frame_polars

    return activity_summary_frame_polars


@same_kind_out("frame", polars=_summaries_on_polars)
def activity_summary_frame(
    frame: Any,
    *,
    as_of: datetime,
    policy: ActivityPolicy | None = None,
    columns: Mapping[str, str] | None = None,
    tz: tzinfo | str | None = None,
) -> Any:
    """:func:`~custinteract.activity_summaries` as a frame: ``frequency``, ``recency``, ``age`` by customer.

    ``frame`` holds interactions (see :data:`~custinteract.frames.INTERACTION_COLUMNS`;
    ``columns`` maps our names to yours). A Dask DataFrame gives a lazy result.

    ``tz`` is the zone naive timestamps were recorded in (``"UTC"``,
    ``"Europe/Paris"`` or a :class:`~datetime.tzinfo`): it localizes them as
    :func:`~custinteract.frames.normalize_interactions` does, and leaves aware
    ones alone; without it a naive column is refused.

    >>> import pandas as pd
    >>> from datetime import datetime, timezone
    >>> from custinteract.frames import activity_summary_frame
    >>> df = pd.DataFrame({"id": ["i1", "i2", "i3"], "customer_id": ["a", "a", "a"],
    ...     "timestamp": pd.to_datetime(["2026-01-01", "2026-01-11", "2026-01-21"], utc=True),
    ...     "sentiment": "neutral", "kind": "purchase"})
    >>> activity_summary_frame(df, as_of=datetime(2026, 1, 31, tzinfo=timezone.utc)).to_dict("index")
    {'a': {'frequency': 2, 'recency': 20.0, 'age': 30.0}}
    """
    frame = localized(frame, columns, tz, "tz")
    policy = check_policy(policy)
    ensure_aware(as_of, "as_of")

    def summarise(part: pd.DataFrame) -> pd.DataFrame:
        out = _summaries_pandas(part, as_of, policy, columns)
        seen: pd.DataFrame = out.loc[out["seen"], list(SUMMARY)]
        return seen

    return _by_customer(frame, columns, summarise)


def _by_customer(frame: Any, columns: Mapping[str, str] | None, function: Any) -> Any:
    key = (columns or {}).get("customer_id", "customer_id")
    return apply_by_key(frame, key, function, id_column=(columns or {}).get("id", "id"))


# --------------------------------------------------------------------------- the fit, vectorised


def _fit_on_polars() -> Any:
    from ._frames_polars import fit_bgnbd_frame_polars

    return fit_bgnbd_frame_polars


@same_kind_out("summaries", index={"summaries": "customer_id"}, polars=_fit_on_polars)
def fit_bgnbd_frame(
    summaries: pd.DataFrame, *, max_evaluations: int = 5_000, tolerance: float = 1e-10
) -> BgNbdModel:
    """:func:`~custinteract.fit_bgnbd` with numpy: the same search over a summary frame.

    ``summaries`` has ``frequency``, ``recency`` and ``age`` columns (as
    :func:`activity_summary_frame` gives). The likelihood is summed with numpy
    over distinct histories; the optimiser, its start and its stopping rule are
    the pure fit's, so the parameters agree with it to within the tolerance.

    >>> import pandas as pd
    >>> from custinteract.frames import fit_bgnbd_frame
    >>> df = pd.DataFrame({"frequency": [0, 2, 5, 1, 3] * 20, "recency": [0, 150, 280, 20, 290] * 20,
    ...                    "age": [300.0] * 100})
    >>> fit_bgnbd_frame(df).customers
    100
    """
    x, t_x, age = summary_arrays(summaries)
    if not len(x):
        raise InvalidInputError("summaries", [], "at least one customer")
    return fit_arrays(x, t_x, age, max_evaluations, tolerance)


# --------------------------------------------------------------------------- scoring


def _scores_on_polars() -> Any:
    from ._frames_polars import score_activity_frame_polars

    return score_activity_frame_polars


@same_kind_out("summaries", index={"summaries": "customer_id"}, polars=_scores_on_polars)
def score_activity_frame(
    summaries: pd.DataFrame,
    *,
    policy: ActivityPolicy | None = None,
    model: BgNbdModel | None = None,
) -> pd.DataFrame:
    """Statuses, probabilities and codes for a summary frame, indexed as it is.

    The scoring half of :func:`activity_frame`, for summaries you already
    have (a million a second or so): columns :data:`ACTIVITY_COLUMNS`. The
    base's gap is measured on these summaries unless the policy fixes it.

    >>> import pandas as pd
    >>> import custinteract as ci
    >>> from custinteract.frames import score_activity_frame
    >>> df = pd.DataFrame({"frequency": [5, 5], "recency": [200.0, 200.0], "age": [240.0, 400.0]},
    ...                   index=pd.Index(["a", "b"], name="customer_id"))
    >>> score_activity_frame(df)["status"].to_dict()
    {'a': 'active', 'b': 'lapsed'}
    """
    policy = check_policy(policy)
    if model is not None and not isinstance(model, BgNbdModel):
        raise InvalidInputError("model", model, "a BgNbdModel or None")
    return score(summaries, base_gap(summaries, policy), policy, model)


def _on_polars() -> Any:
    from ._frames_polars import activity_frame_polars

    return activity_frame_polars


@same_kind_out("frame", polars=_on_polars)
def activity_frame(
    frame: Any,
    *,
    as_of: datetime,
    policy: ActivityPolicy | None = None,
    model: BgNbdModel | None = None,
    columns: Mapping[str, str] | None = None,
    tz: tzinfo | str | None = None,
) -> Any:
    """:func:`~custinteract.assess_activities` as a frame: one row per customer, :data:`ACTIVITY_COLUMNS`.

    Every customer with a row at or before ``as_of`` is included (UNSEEN
    when none of theirs counts). A Dask DataFrame gives a lazy Dask result;
    when the policy does not fix the base's gap, measuring it computes the
    summaries once first (one pass over the data).

    ``tz`` is the zone naive timestamps were recorded in (``"UTC"``,
    ``"Europe/Paris"`` or a :class:`~datetime.tzinfo`): it localizes them as
    :func:`~custinteract.frames.normalize_interactions` does, and leaves aware
    ones alone; without it a naive column is refused.

    >>> import pandas as pd
    >>> from datetime import datetime, timezone
    >>> from custinteract.frames import activity_frame
    >>> df = pd.DataFrame({"id": ["i1", "i2", "i3"], "customer_id": ["a", "a", "b"],
    ...     "timestamp": pd.to_datetime(["2026-01-01", "2026-02-01", "2026-01-01"], utc=True),
    ...     "sentiment": "neutral", "direction": ["inbound", "inbound", "outbound"]})
    >>> activity_frame(df, as_of=datetime(2026, 3, 1, tzinfo=timezone.utc))["status"].to_dict()
    {'a': 'active', 'b': 'unseen'}
    """
    frame = localized(frame, columns, tz, "tz")
    policy = check_policy(policy)
    ensure_aware(as_of, "as_of")
    if model is not None and not isinstance(model, BgNbdModel):
        raise InvalidInputError("model", model, "a BgNbdModel or None")
    if isinstance(frame, pd.DataFrame):
        summaries, everyone = summaries_of_frame(frame, as_of, policy, columns)
        x = summaries.frequency.astype(np.float64)
        of_base = base_gap_of(x, summaries.recency, summaries.seen, policy)
        scored = score_arrays(
            x, summaries.recency, summaries.age, summaries.seen, of_base, policy, model
        )
        return scored_frame(scored, everyone, model is not None)
    summary = _by_customer(
        frame, columns, lambda part: _summaries_pandas(part, as_of, policy, columns)
    )
    gap = policy.base_gap_days
    if gap is None:
        gap = base_gap(summary.compute(), policy)
    meta = score(summary._meta, gap, policy, model)
    return summary.map_partitions(score, gap, policy, model, meta=meta)


def activity_assessments_to_frame(assessments: Mapping[str, ActivityAssessment]) -> pd.DataFrame:
    """Assessment objects as the frame :func:`activity_frame` gives (same columns and dtypes).

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> from custinteract.frames import activity_assessments_to_frame
    >>> t = datetime(2026, 3, 4, tzinfo=timezone.utc)
    >>> one = ci.Interaction(id="i1", customer_id="a", timestamp=t, sentiment=ci.Sentiment.NEUTRAL)
    >>> activity_assessments_to_frame(ci.assess_activities([one], as_of=t))["status"].to_dict()
    {'a': 'active'}
    """
    rows = {}
    for cid, a in assessments.items():
        s = a.summary
        rows[cid] = {
            "status": a.status.value,
            "rhythm_status": a.rhythm_status.value,
            "frequency": pd.NA if s is None else s.frequency,
            "recency": np.nan if s is None else s.recency,
            "age": np.nan if s is None else s.age,
            "base_gap_days": a.base_gap_days,
            "typical_gap_days": np.nan if a.typical_gap_days is None else a.typical_gap_days,
            "silence_ratio": np.nan if a.silence_ratio is None else a.silence_ratio,
            "p_alive": np.nan if a.p_alive is None else a.p_alive,
            "expected_returns": np.nan if a.expected_returns is None else a.expected_returns,
            "reason_codes": tuple(r.code for r in a.explanation),
        }
    out: pd.DataFrame = pd.DataFrame.from_dict(rows, orient="index", columns=list(ACTIVITY_COLUMNS))
    out.index = pd.Index(list(rows), dtype=object, name="customer_id")
    for name in ("status", "rhythm_status", "reason_codes"):
        out[name] = out[name].astype(object)
    out["frequency"] = out["frequency"].astype("Int64")
    for name in ACTIVITY_COLUMNS[3:10]:
        out[name] = out[name].astype(np.float64)
    return with_why(out, "reason_codes", REASON_CODES)


# --------------------------------------------------------------------------- pictures' data


def p_alive_matrix(
    model: BgNbdModel, *, age: float, max_frequency: int = 20, points: int = 50
) -> pd.DataFrame:
    """Probability alive by frequency (rows) and recency (columns) for customers watched ``age`` days.

    Cells that no history can reach (a return needs a day: recency below
    frequency, and any recency with no return) are missing.

    >>> import custinteract as ci
    >>> from custinteract.frames import p_alive_matrix
    >>> m = p_alive_matrix(ci.BgNbdModel(r=0.5, alpha=20, a=0.8, b=3), age=365, max_frequency=3, points=3)
    >>> m.round(3).to_dict("index")[2]
    {0.0: nan, 182.5: 0.501, 365.0: 0.833}
    """
    if not isinstance(model, BgNbdModel):
        raise InvalidInputError("model", model, "a BgNbdModel")
    if not (isinstance(age, (int, float)) and math.isfinite(age) and age > 0):
        raise InvalidInputError("age", age, "a finite number above 0")
    recency = np.linspace(0.0, float(age), points)
    frequency = np.arange(0, max_frequency + 1)
    x, t_x = np.meshgrid(frequency.astype(np.float64), recency, indexing="ij")
    p = p_alive(model.params, x.ravel(), t_x.ravel(), np.full(x.size, float(age))).reshape(x.shape)
    p = np.where((t_x < x) | ((x == 0) & (t_x > 0)), np.nan, p)
    matrix: pd.DataFrame = pd.DataFrame(
        p, index=pd.Index(frequency, name="frequency"), columns=pd.Index(recency, name="recency")
    )
    return matrix


def _holdout_on_polars() -> Any:
    from ._frames_polars import activity_holdout_frame_polars

    return activity_holdout_frame_polars


@same_kind_out("frame", polars=_holdout_on_polars)
def activity_holdout_frame(
    frame: pd.DataFrame,
    *,
    calibration_end: datetime,
    holdout_end: datetime,
    model: BgNbdModel,
    policy: ActivityPolicy | None = None,
    columns: Mapping[str, str] | None = None,
    tz: tzinfo | str | None = None,
) -> pd.DataFrame:
    """Expected against observed returns in a hold-out period, per customer of the calibration period.

    Columns ``frequency``, ``recency``, ``age`` (at ``calibration_end``),
    ``expected`` (the model's returns over the hold-out's length) and
    ``observed`` (days with a counted interaction after the calibration day,
    up to ``holdout_end``), the data of
    :func:`~custinteract.plotting.plot_activity_calibration`.

    ``tz`` is the zone naive timestamps were recorded in (``"UTC"``,
    ``"Europe/Paris"`` or a :class:`~datetime.tzinfo`): it localizes them as
    :func:`~custinteract.frames.normalize_interactions` does, and leaves aware
    ones alone; without it a naive column is refused.

    """
    frame = localized(frame, columns, tz, "tz")
    policy = check_policy(policy)
    ensure_aware(calibration_end, "calibration_end")
    ensure_aware(holdout_end, "holdout_end")
    if not isinstance(model, BgNbdModel):
        raise InvalidInputError("model", model, "a BgNbdModel")
    if holdout_end <= calibration_end:
        raise InvalidInputError("holdout_end", holdout_end, "a moment after calibration_end")
    summaries, observed, everyone = holdout_of_frame(
        frame, calibration_end, holdout_end, policy, columns
    )
    seen = summaries.seen
    x, t_x, age = summaries.frequency[seen], summaries.recency[seen], summaries.age[seen]
    period = float(day_number(holdout_end) - day_number(calibration_end))
    out: pd.DataFrame = pd.DataFrame(
        {"frequency": x, "recency": t_x, "age": age}, index=everyone[seen], copy=False
    )
    floats = x.astype(np.float64)
    out["expected"] = (
        expected_returns(model.params, period, floats, t_x, age) if len(x) else np.zeros(0)
    )
    out["observed"] = observed[seen].astype(np.int64)
    return out
