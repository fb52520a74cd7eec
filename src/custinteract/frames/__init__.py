"""DataFrames in and out: every engine over a whole customer base, for notebooks and pipelines.

Needs the optional extra ``frames`` (``python -m pip install '.[frames]'`` in a checkout):
pandas, and Dask for bases that outgrow one machine. Importing this module
without pandas raises :class:`~custinteract.MissingExtraError`; the core
library never imports pandas.

Every function takes a pandas DataFrame (or a Dask DataFrame where said) with
documented columns, never modifies it, and returns a new DataFrame indexed by
the natural key (``customer_id``, ``staff_id`` or the period). A polars
DataFrame or a pyarrow Table is accepted wherever a frame is read, and the
answer comes back in that kind, its index as leading columns. The results
equal the object path (:func:`custinteract.assess_recovery` and friends)
exactly; the tests check it on random bases.
"""

from __future__ import annotations

from .._errors import MissingExtraError

try:
    import pandas as _pandas  # noqa: F401
except ImportError as _exc:  # pragma: no cover - exercised only without the extra
    raise MissingExtraError("custinteract.frames", "frames", "pandas") from _exc

from .._frames_values import interactions_from_frame, interactions_to_frame
from .._tabular import INTERACTION_COLUMNS, apply_by_key, normalize_interactions
from ..activity.frames import (
    ACTIVITY_COLUMNS,
    activity_assessments_to_frame,
    activity_frame,
    activity_holdout_frame,
    activity_summary_frame,
    fit_bgnbd_frame,
    p_alive_matrix,
    score_activity_frame,
)
from ..leads.frames import (
    CUSTOMER_COLUMNS,
    LEAD_COLUMNS,
    customers_from_frame,
    customers_to_frame,
    lead_assessments_to_frame,
    leads_frame,
)
from ..morale.frames import (
    MORALE_COLUMNS,
    STAFF_COLUMNS,
    STAFF_EVENT_COLUMNS,
    TEAM_MORALE_COLUMNS,
    assessments_to_frame,
    loop_frame,
    morale_assessments_to_frame,
    morale_frame,
    team_morale_frame,
)
from ..recovery.frames import (
    RECOVERY_COLUMNS,
    recovery_assessments_to_frame,
    recovery_frame,
    recovery_ledger_frame,
)
from ..satisfaction.frames import (
    satisfaction_frame,
    satisfaction_to_frame,
    satisfaction_trend_frame,
    satisfaction_trends_to_frame,
)
from ..word_of_mouth.frames import WORD_OF_MOUTH_COLUMNS, word_of_mouth_frame

__all__ = [
    "INTERACTION_COLUMNS",
    "apply_by_key",
    "normalize_interactions",
    "interactions_from_frame",
    "interactions_to_frame",
    "RECOVERY_COLUMNS",
    "recovery_assessments_to_frame",
    "recovery_frame",
    "recovery_ledger_frame",
    "CUSTOMER_COLUMNS",
    "LEAD_COLUMNS",
    "customers_from_frame",
    "customers_to_frame",
    "lead_assessments_to_frame",
    "leads_frame",
    "WORD_OF_MOUTH_COLUMNS",
    "word_of_mouth_frame",
    "satisfaction_frame",
    "satisfaction_to_frame",
    "satisfaction_trend_frame",
    "satisfaction_trends_to_frame",
    "MORALE_COLUMNS",
    "STAFF_COLUMNS",
    "STAFF_EVENT_COLUMNS",
    "assessments_to_frame",
    "morale_assessments_to_frame",
    "loop_frame",
    "morale_frame",
    "TEAM_MORALE_COLUMNS",
    "team_morale_frame",
    "ACTIVITY_COLUMNS",
    "activity_assessments_to_frame",
    "activity_frame",
    "activity_holdout_frame",
    "activity_summary_frame",
    "fit_bgnbd_frame",
    "p_alive_matrix",
    "score_activity_frame",
]
