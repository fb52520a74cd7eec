"""custinteract: explained decisions about customer interactions, as pure functions.

This is a domain library with no I/O of any kind: it reads no files, clock,
environment or network and prints nothing. The host application (a helpdesk,
a CRM, a notebook, a pipeline) hands it plain values, including the moment
``as_of`` which every assessment is made, and gets back frozen values that
explain themselves with :class:`Reason` codes.

>>> import custinteract as ci
>>> ci.Sentiment.NEGATIVE.value
'negative'
"""

from ._dataset import Dataset
from ._errors import (
    CustInteractError,
    DuplicateInteractionError,
    InvalidInputError,
    MissingExtraError,
    OutOfOrderError,
)
from ._models import (
    Channel,
    Customer,
    Direction,
    GestureKind,
    Interaction,
    InteractionKind,
    LeadSource,
    Rating,
    RatingScale,
    Reason,
    RecoveryGesture,
    Sentiment,
    StaffEvent,
    StaffEventKind,
    StaffMember,
    sentiment_from_rating,
)
from ._serialization import SCHEMA_VERSION, from_dict, json_schema, to_dict
from ._time import Frequency, format_window, parse_datetime, parse_window, period_start
from ._version import __version__

# --- engines: each engine adds its import block below this line ---

__all__ = [
    # models
    "Channel",
    "Customer",
    "Dataset",
    "Direction",
    "GestureKind",
    "Interaction",
    "InteractionKind",
    "LeadSource",
    "Rating",
    "RatingScale",
    "Reason",
    "RecoveryGesture",
    "Sentiment",
    "StaffEvent",
    "StaffEventKind",
    "StaffMember",
    "sentiment_from_rating",
    # errors
    "CustInteractError",
    "DuplicateInteractionError",
    "InvalidInputError",
    "MissingExtraError",
    "OutOfOrderError",
    # time
    "Frequency",
    "format_window",
    "parse_datetime",
    "parse_window",
    "period_start",
    # serialization
    "SCHEMA_VERSION",
    "from_dict",
    "json_schema",
    "to_dict",
    # --- engines: each engine adds its names below this line ---
    "__version__",
]
