"""Time: aware datetimes, ISO 8601 text, windows and calendar periods.

Nothing here reads the clock. Every assessment in custinteract takes ``as_of``
from its caller; this module only checks, parses and does calendar arithmetic
(with :mod:`dateutil`).

* A *timestamp* is a timezone-aware :class:`~datetime.datetime`. Naive
  datetimes are refused: guessing their zone would silently move events across
  day and period boundaries.
* A *window* is a :class:`dateutil.relativedelta.relativedelta` with relative
  fields only (years, months, days, hours, minutes, seconds, microseconds),
  none negative and not all zero. In documents it is an ISO 8601 duration such
  as ``"P90D"`` or ``"P1Y6M"``.
* A *period* is a calendar bucket (day, ISO week, month, quarter, year) that a
  timestamp falls into, in the timestamp's own offset.
"""

from __future__ import annotations

import enum
import re
from datetime import datetime, timedelta

from dateutil import parser as _dateparser
from dateutil.relativedelta import relativedelta

from ._errors import InvalidInputError

__all__ = [
    "Frequency",
    "ensure_aware",
    "ensure_window",
    "format_window",
    "parse_datetime",
    "parse_window",
    "period_start",
    "window_days",
]

_DATETIME_EXPECTED = (
    "a timezone-aware datetime (ISO 8601 text with an offset, e.g. '2026-03-04T10:00:00+00:00')"
)


def ensure_aware(value: object, field: str) -> datetime:
    """Return ``value`` if it is a timezone-aware datetime, else raise.

    >>> from datetime import datetime, timezone
    >>> ensure_aware(datetime(2026, 3, 4, tzinfo=timezone.utc), "as_of").year
    2026
    >>> ensure_aware(datetime(2026, 3, 4), "as_of")
    Traceback (most recent call last):
    ...
    custinteract._errors.InvalidInputError: as_of: expected a timezone-aware datetime ...
    """
    if not isinstance(value, datetime):
        raise InvalidInputError(field, value, _DATETIME_EXPECTED)
    if value.tzinfo is None or value.tzinfo.utcoffset(value) is None:
        raise InvalidInputError(field, value, _DATETIME_EXPECTED + "; this one is naive")
    return value


def parse_datetime(text: str, field: str = "timestamp") -> datetime:
    """Parse ISO 8601 text with an offset into an aware datetime.

    The text must carry its offset (``+01:00`` or ``Z``); text without one is
    refused rather than assumed to be UTC.

    >>> import custinteract as ci
    >>> ci.parse_datetime("2026-03-04T10:30:00+01:00").isoformat()
    '2026-03-04T10:30:00+01:00'
    >>> ci.parse_datetime("2026-03-04T10:30:00Z").utcoffset()
    datetime.timedelta(0)
    """
    if not isinstance(text, str):
        raise InvalidInputError(field, text, _DATETIME_EXPECTED)
    try:
        value = _dateparser.isoparse(text)
    except (ValueError, OverflowError) as exc:
        raise InvalidInputError(field, text, _DATETIME_EXPECTED) from exc
    return ensure_aware(value, field)


_WINDOW_FIELDS = ("years", "months", "days", "hours", "minutes", "seconds", "microseconds")
_ABSOLUTE_FIELDS = ("year", "month", "day", "weekday", "hour", "minute", "second", "microsecond")
_WINDOW_EXPECTED = (
    "a positive window: a dateutil relativedelta with relative fields only"
    " (years, months, days, hours, minutes, seconds) or ISO 8601 duration text such as 'P90D'"
)
_DURATION_RE = re.compile(
    r"^P(?!$)(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?"
    r"(?:T(?=\d)(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?"
    r"(?:(?P<seconds>\d+)(?:\.(?P<fraction>\d{1,6}))?S)?)?$"
)


def ensure_window(value: object, field: str) -> relativedelta:
    """Return ``value`` if it is a valid window (see the module docstring), else raise.

    >>> from dateutil.relativedelta import relativedelta
    >>> ensure_window(relativedelta(days=90), "loss_after_silence")
    relativedelta(days=+90)
    >>> ensure_window(relativedelta(days=-1), "loss_after_silence")
    Traceback (most recent call last):
    ...
    custinteract._errors.InvalidInputError: loss_after_silence: expected a positive window...
    """
    if not isinstance(value, relativedelta):
        raise InvalidInputError(field, value, _WINDOW_EXPECTED)
    if any(getattr(value, name) is not None for name in _ABSOLUTE_FIELDS):
        raise InvalidInputError(
            field, value, _WINDOW_EXPECTED + "; absolute fields are not windows"
        )
    amounts = [getattr(value, name) for name in _WINDOW_FIELDS]
    if any(amount < 0 for amount in amounts) or not any(amounts):
        raise InvalidInputError(field, value, _WINDOW_EXPECTED)
    if any(not float(amount).is_integer() for amount in amounts):
        raise InvalidInputError(field, value, _WINDOW_EXPECTED + "; amounts must be whole numbers")
    return value


def parse_window(text: str, field: str = "window") -> relativedelta:
    """Parse an ISO 8601 duration (``"P90D"``, ``"P1Y6M"``, ``"PT36H"``) into a window.

    >>> import custinteract as ci
    >>> ci.parse_window("P90D")
    relativedelta(days=+90)
    >>> ci.parse_window("P1Y6M")
    relativedelta(years=+1, months=+6)
    >>> ci.parse_window("90 days")
    Traceback (most recent call last):
    ...
    custinteract._errors.InvalidInputError: window: expected a positive window...
    """
    if not isinstance(text, str):
        raise InvalidInputError(field, text, _WINDOW_EXPECTED)
    match = _DURATION_RE.match(text)
    if match is None:
        raise InvalidInputError(field, text, _WINDOW_EXPECTED)
    parts = {
        name: int(amount)
        for name, amount in match.groupdict().items()
        if amount and name != "fraction"
    }
    fraction = match.group("fraction")
    weeks = parts.pop("weeks", 0)
    parts["days"] = parts.get("days", 0) + 7 * weeks
    if fraction:
        parts["microseconds"] = int(fraction.ljust(6, "0"))
    try:
        window = relativedelta(**parts)  # type: ignore[arg-type]
    except (ValueError, OverflowError) as exc:
        raise InvalidInputError(field, text, _WINDOW_EXPECTED) from exc
    return ensure_window(window, field)


def format_window(window: relativedelta) -> str:
    """Write a window as an ISO 8601 duration; the inverse of :func:`parse_window`.

    >>> import custinteract as ci
    >>> from dateutil.relativedelta import relativedelta
    >>> ci.format_window(relativedelta(months=3, hours=12))
    'P3MT12H'
    """
    window = ensure_window(window, "window")
    date_part = "".join(
        f"{int(amount)}{unit}"
        for amount, unit in ((window.years, "Y"), (window.months, "M"), (window.days, "D"))
        if amount
    )
    seconds = ""
    if window.seconds or window.microseconds:
        seconds = str(int(window.seconds))
        if window.microseconds:
            seconds += "." + f"{int(window.microseconds):06d}".rstrip("0")
        seconds += "S"
    time_part = "".join(
        f"{int(amount)}{unit}"
        for amount, unit in ((window.hours, "H"), (window.minutes, "M"))
        if amount
    )
    time_part += seconds
    return "P" + date_part + ("T" + time_part if time_part else "")


def window_days(window: relativedelta, as_of: datetime) -> float:
    """The length in days of ``window`` ending at ``as_of`` (months vary in length).

    >>> from datetime import datetime, timezone
    >>> from dateutil.relativedelta import relativedelta
    >>> window_days(relativedelta(months=1), datetime(2026, 3, 1, tzinfo=timezone.utc))
    28.0
    """
    span: timedelta = as_of - (as_of - window)
    return span.total_seconds() / 86400.0


class Frequency(enum.Enum):
    """Calendar buckets for grouping interactions over time.

    Weeks are ISO weeks (starting on Monday); quarters start in January, April,
    July and October. A timestamp falls into the bucket of its own local
    calendar (its own UTC offset).

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> ci.period_start(datetime(2026, 5, 17, 15, tzinfo=timezone.utc), ci.Frequency.QUARTER)
    datetime.datetime(2026, 4, 1, 0, 0, tzinfo=datetime.timezone.utc)
    """

    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
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
    Frequency.YEAR: relativedelta(years=1),
}


def period_start(timestamp: datetime, frequency: Frequency) -> datetime:
    """The start of the calendar bucket that ``timestamp`` falls into.

    >>> import custinteract as ci
    >>> from datetime import datetime, timezone
    >>> ci.period_start(datetime(2026, 11, 19, 8, tzinfo=timezone.utc), ci.Frequency.WEEK).date()
    datetime.date(2026, 11, 16)
    """
    timestamp = ensure_aware(timestamp, "timestamp")
    if not isinstance(frequency, Frequency):
        raise InvalidInputError("frequency", frequency, f"one of {[f.value for f in Frequency]}")
    day = timestamp.replace(hour=0, minute=0, second=0, microsecond=0)
    if frequency is Frequency.DAY:
        return day
    if frequency is Frequency.WEEK:
        return day - timedelta(days=day.weekday())
    if frequency is Frequency.MONTH:
        return day.replace(day=1)
    if frequency is Frequency.QUARTER:
        return day.replace(day=1, month=3 * ((day.month - 1) // 3) + 1)
    return day.replace(day=1, month=1)
