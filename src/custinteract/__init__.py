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

from . import activity, leads, morale, recovery, satisfaction, word_of_mouth
from ._catalogue import reason_codes
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
from ._serialization import SCHEMA_VERSION, from_dict, from_dicts, json_schema, to_dict
from ._time import Frequency, format_window, parse_datetime, parse_window, period_start
from ._validators import FrozenMap
from ._version import __version__
from .activity import *  # noqa: F403 - each engine package's __all__ is its one list of names
from .demo import DemoReport, build_demo_report, render_demo_report
from .leads import *  # noqa: F403
from .morale import *  # noqa: F403
from .recovery import *  # noqa: F403
from .satisfaction import *  # noqa: F403
from .word_of_mouth import *  # noqa: F403

EnumMap = FrozenMap
"""The former name of :class:`FrozenMap`, kept for existing code."""

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
    "from_dicts",
    "json_schema",
    "to_dict",
    # reports and catalogue
    "DemoReport",
    "build_demo_report",
    "reason_codes",
    "render_demo_report",
    # the one immutable mapping type
    "EnumMap",
    "FrozenMap",
    "__version__",
]
# each engine package declares its own public names once; the short path re-exports them all
__all__ += activity.__all__
__all__ += leads.__all__
__all__ += morale.__all__
__all__ += recovery.__all__
__all__ += satisfaction.__all__
__all__ += word_of_mouth.__all__
