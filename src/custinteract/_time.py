"""Time: aware datetimes, ISO 8601 text, windows and calendar periods.

Nothing here reads the clock. Every assessment in custinteract takes ``as_of``
from its caller; this module only checks, parses and does calendar arithmetic
(with :mod:`dateutil`).

* A *timestamp* is a timezone-aware :class:`~datetime.datetime` whose UTC
  offset is a whole number of minutes. Naive datetimes are refused: guessing
  their zone would silently move events across day and period boundaries.
  Offsets with seconds (the local mean time of ``zoneinfo`` zones before
  about 1900-1940, such as ``+00:19:32`` for Amsterdam) are refused too:
  RFC 3339 text, which documents and JSON Schema ``date-time`` use, cannot
  carry them, so the value could not be written without loss.
* Timestamps lie in years 2 to 9998 (:data:`EARLIEST_YEAR`,
  :data:`LATEST_YEAR`): a year inside Python's calendar at each end, so that
  every timestamp has a UTC time in every offset and every calendar period
  (up to a year) holding one starts and ends inside the calendar.
* In documents a timestamp is RFC 3339 text, ``YYYY-MM-DDTHH:MM:SS[.ffffff]``
  followed by ``Z`` or ``+HH:MM``/``-HH:MM`` (:data:`DATETIME_TEXT_PATTERN`).
* A *window* is a :class:`dateutil.relativedelta.relativedelta` with relative
  fields only (years, months, days, hours, minutes, seconds, microseconds),
  whole, none negative and not all zero, and no ``leapdays`` (an ISO 8601
  duration cannot carry them), and at most 100 years long
  (:data:`MAX_WINDOW_MONTHS`, :data:`MAX_WINDOW_DAYS`). In documents it is an
  ISO 8601 duration such as ``"P90D"`` or ``"P1Y6M"``.
* A window is added to a timestamp with :func:`shift`, the one place where
  calendar arithmetic may leave the calendar: it stops at its ends.
* A *period* is a calendar bucket (day, ISO week, month, quarter, year) that a
  timestamp falls into, in the timestamp's own offset.
* *Elapsed time* between two timestamps is absolute time, measured in UTC
  (:func:`elapsed`, :func:`to_utc`): Python subtracts and compares two
  datetimes that share a ``tzinfo`` (one :class:`zoneinfo.ZoneInfo`) by their
  wall clocks, so across a daylight-saving change the same two instants would
  be an hour further apart written in Europe/Amsterdam than in UTC. Every
  engine measures durations and ages with these helpers, so an answer never
  depends on the zone a timestamp is written in; only calendar periods are
  read in a zone (the timestamp's own, or the ``tz`` a function names).

Timestamps (their check, RFC 3339 text and fixed offsets) are defined in
:mod:`custinteract._timestamps` and windows (their check and ISO 8601
duration text) in :mod:`custinteract._windows`; this module holds elapsed
time, :func:`shift` and the calendar periods, and is where the rest of the
library imports all of them from.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from dateutil.relativedelta import MO, relativedelta

from ._errors import InvalidInputError
from ._timestamps import (
    DATETIME_TEXT_DESCRIPTION,
    DATETIME_TEXT_PATTERN,
    EARLIEST_YEAR,
    LATEST_YEAR,
    PERIOD_BOUND_TEXT_PATTERN,
    ensure_aware,
    fixed_offset,
    fixed_offset_or_none,
    parse_datetime,
    parse_document_datetime,
)
from ._windows import (
    MAX_WINDOW_DAYS,
    MAX_WINDOW_MONTHS,
    WINDOW_TEXT_DESCRIPTION,
    WINDOW_TEXT_PATTERN,
    ecma_pattern,
    ensure_window,
    format_window,
    parse_window,
)

__all__ = [
    "CALENDAR_END",
    "CALENDAR_START",
    "DATETIME_TEXT_DESCRIPTION",
    "DATETIME_TEXT_PATTERN",
    "EARLIEST_YEAR",
    "LATEST_YEAR",
    "PERIOD_BOUND_TEXT_PATTERN",
    "MAX_WINDOW_DAYS",
    "MAX_WINDOW_MONTHS",
    "WINDOW_TEXT_DESCRIPTION",
    "WINDOW_TEXT_PATTERN",
    "ecma_pattern",
    "Frequency",
    "ensure_aware",
    "ensure_window",
    "elapsed",
    "elapsed_days",
    "fixed_offset",
    "fixed_offset_or_none",
    "format_window",
    "parse_datetime",
    "parse_document_datetime",
    "parse_window",
    "period_start",
    "shift",
    "to_utc",
    "window_days",
]

_UTC = timezone.utc
_DAY = timedelta(days=1)


def to_utc(moment: datetime) -> datetime:
    """The same instant in UTC: the form in which elapsed time is measured.

    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> to_utc(datetime(2026, 3, 29, 3, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))).isoformat()
    '2026-03-29T01:30:00+00:00'
    """
    return moment if moment.tzinfo is _UTC else moment.astimezone(_UTC)


def elapsed(start: datetime, end: datetime) -> timedelta:
    """The absolute time from ``start`` to ``end`` (negative if ``end`` is earlier).

    Measured in UTC, whatever zone each is written in: Python would subtract
    two times of one :class:`zoneinfo.ZoneInfo` by their wall clocks, an hour
    off across a daylight-saving change.

    >>> from datetime import datetime
    >>> from zoneinfo import ZoneInfo
    >>> ams = ZoneInfo("Europe/Amsterdam")
    >>> before, after = datetime(2026, 3, 29, 1, tzinfo=ams), datetime(2026, 3, 29, 4, tzinfo=ams)
    >>> after - before, elapsed(before, after)
    (datetime.timedelta(seconds=10800), datetime.timedelta(seconds=7200))
    """
    return to_utc(end) - to_utc(start)


def elapsed_days(start: datetime, end: datetime) -> float:
    """:func:`elapsed` in days (a float; one rounding).

    >>> from datetime import datetime, timezone
    >>> elapsed_days(datetime(2026, 3, 1, tzinfo=timezone.utc), datetime(2026, 3, 2, 12, tzinfo=timezone.utc))
    1.5
    """
    return elapsed(start, end) / _DAY


CALENDAR_START = datetime.min.replace(tzinfo=timezone.utc)
"""The first instant of Python's calendar, where :func:`shift` stops going back."""
CALENDAR_END = datetime.max.replace(tzinfo=timezone.utc)
"""The last instant of Python's calendar, where :func:`shift` stops going forward."""


def shift(moment: datetime, window: relativedelta | timedelta, *, back: bool = False) -> datetime:
    """``moment + window`` (``moment - window`` when ``back``), stopping at the calendar's ends.

    The one way engines move a timestamp by a window. When the answer would
    leave Python's calendar (or have no UTC time), the calendar's last
    microsecond, 9999-12-31T23:59:59.999999Z, comes back instead (its first,
    0001-01-01T00:00:00Z, going back). Every timestamp lies strictly between
    the two (years :data:`EARLIEST_YEAR` to :data:`LATEST_YEAR`), so answers
    stay right: a window that would end after the calendar never ends for any
    timestamp, and one that would start before it holds every timestamp up
    to ``moment``.

    >>> from datetime import datetime, timezone
    >>> from dateutil.relativedelta import relativedelta
    >>> t = datetime(9998, 12, 1, tzinfo=timezone.utc)
    >>> shift(t, relativedelta(days=10)).date()
    datetime.date(9998, 12, 11)
    >>> shift(t, relativedelta(years=100)).isoformat()
    '9999-12-31T23:59:59.999999+00:00'
    >>> shift(datetime(2, 1, 1, tzinfo=timezone.utc), relativedelta(years=5), back=True).isoformat()
    '0001-01-01T00:00:00+00:00'
    """
    try:
        result = moment - window if back else moment + window
        if result.year in (1, 9999):
            result.astimezone(timezone.utc)  # OverflowError when the instant has no UTC time
    except (OverflowError, ValueError):
        return CALENDAR_START if back else CALENDAR_END
    return result


def window_days(window: relativedelta, as_of: datetime) -> float:
    """The length in days of ``window`` ending at ``as_of`` (months vary in length).

    Counted in UTC, as elapsed time is (see :func:`elapsed`); a window
    reaching back before the calendar's start counts as far back as the
    calendar goes (:func:`shift`).

    >>> from datetime import datetime, timezone
    >>> from dateutil.relativedelta import relativedelta
    >>> window_days(relativedelta(months=1), datetime(2026, 3, 1, tzinfo=timezone.utc))
    28.0
    """
    end = to_utc(as_of)
    span: timedelta = end - shift(end, window, back=True)
    return span.total_seconds() / 86400.0


class Frequency(enum.Enum):
    """Calendar buckets for grouping interactions over time.

    Weeks are ISO weeks (starting on Monday); quarters start in January, April,
    July and October; half years in January and July (semesters, seasons of
    two quarters). A timestamp falls into the bucket of its own local calendar
    (its own UTC offset).

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> ci.period_start(datetime(2026, 5, 17, 15, tzinfo=timezone.utc), ci.Frequency.QUARTER)
    datetime.datetime(2026, 4, 1, 0, 0, tzinfo=datetime.timezone.utc)
    """

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    HALF_YEAR = "half_year"
    YEAR = "year"

    @property
    def step(self) -> relativedelta:
        """The length of one bucket, as a window."""
        return _FREQUENCY_STEPS[self]


_FREQUENCY_STEPS = {
    Frequency.DAY: relativedelta(days=1),
    Frequency.WEEK: relativedelta(weeks=1),
    Frequency.MONTH: relativedelta(months=1),
    Frequency.QUARTER: relativedelta(months=3),
    Frequency.HALF_YEAR: relativedelta(months=6),
    Frequency.YEAR: relativedelta(years=1),
}

# How to get from a timestamp to the first day of its bucket, per frequency.
_TO_BUCKET_START: dict[Frequency, Callable[[datetime], relativedelta]] = {
    Frequency.DAY: lambda _: relativedelta(),
    Frequency.WEEK: lambda _: relativedelta(weekday=MO(-1)),
    Frequency.MONTH: lambda _: relativedelta(day=1),
    Frequency.QUARTER: lambda t: relativedelta(month=3 * ((t.month - 1) // 3) + 1, day=1),
    Frequency.HALF_YEAR: lambda t: relativedelta(month=6 * ((t.month - 1) // 6) + 1, day=1),
    Frequency.YEAR: lambda _: relativedelta(month=1, day=1),
}


def period_start(timestamp: datetime, frequency: Frequency) -> datetime:
    """The start of the calendar bucket that ``timestamp`` falls into.

    The start is local midnight in the timestamp's own zone: of the same day,
    of the Monday on or before it (``weekday=MO(-1)``), of the first of its
    month, quarter or year. Where a zone repeats the hour after midnight
    (clocks going back at 01:00), the bucket starts at the first midnight
    (``fold=0``), whichever pass the timestamp itself is in. Where a zone
    skips midnight (clocks going forward at 00:00), the start is written as
    midnight with ``fold=0``, which is the instant the clocks skip at: the
    first instant of that day. The bucket is that of the timestamp's instant
    on its zone's calendar: a wall time the zone skips (e.g. 00:30 on a day
    that goes from 00:00 to 01:00, written with ``fold=1``, which is 23:30 the
    evening before) falls into the bucket of the day it happens in, so the
    start is never after the timestamp.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> ci.period_start(datetime(2026, 11, 19, 8, tzinfo=timezone.utc), ci.Frequency.WEEK).date()
    datetime.date(2026, 11, 16)
    """
    timestamp = ensure_aware(timestamp, "timestamp", period_bound=True)
    if not isinstance(frequency, Frequency):
        raise InvalidInputError("frequency", frequency, f"one of {[f.value for f in Frequency]}")
    if not isinstance(timestamp.tzinfo, timezone):  # a wall time the zone skips: its instant's
        timestamp = timestamp.astimezone(timezone.utc).astimezone(timestamp.tzinfo)
    to_start = _TO_BUCKET_START[frequency](timestamp)
    midnight = relativedelta(hour=0, minute=0, second=0, microsecond=0)
    return (timestamp + midnight + to_start).replace(fold=0)
