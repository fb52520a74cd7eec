"""Windows: a span of calendar time as a ``relativedelta``, and its ISO 8601 duration text.

A *window* is a :class:`dateutil.relativedelta.relativedelta` with relative
fields only (years, months, days, hours, minutes, seconds, microseconds),
whole, none negative and not all zero, and no ``leapdays`` (an ISO 8601
duration cannot carry them), and at most 100 years long
(:data:`MAX_WINDOW_MONTHS`, :data:`MAX_WINDOW_DAYS`). In documents it is an
ISO 8601 duration such as ``"P90D"`` or ``"P1Y6M"`` (:data:`WINDOW_TEXT_PATTERN`).
This module checks one (:func:`ensure_window`), reads one
(:func:`parse_window`) and writes one (:func:`format_window`); adding one to
a timestamp is :func:`custinteract._time.shift`.
"""

from __future__ import annotations

import re

from dateutil.relativedelta import relativedelta

from ._errors import InvalidInputError

__all__ = [
    "MAX_WINDOW_DAYS",
    "MAX_WINDOW_MONTHS",
    "WINDOW_TEXT_DESCRIPTION",
    "WINDOW_TEXT_PATTERN",
    "ecma_pattern",
    "ensure_window",
    "format_window",
    "parse_window",
]


_WINDOW_FIELDS = ("years", "months", "days", "hours", "minutes", "seconds", "microseconds")
_ABSOLUTE_FIELDS = ("year", "month", "day", "weekday", "hour", "minute", "second", "microsecond")
_WINDOW_EXPECTED = (
    "a positive window: a dateutil relativedelta with relative fields only"
    " (years, months, days, hours, minutes, seconds) or ISO 8601 duration text such as 'P90D'"
)
_LEAPDAYS_HINT = (
    "; leapdays cannot be written as an ISO 8601 duration, so the window could not be"
    " stored without loss: add the day to days instead"
)
MAX_WINDOW_MONTHS = 1200
"""The most a window's years and months may add up to: 100 years.

Together with :data:`MAX_WINDOW_DAYS` this bounds every window, so that no
policy can ask the calendar for a date it does not hold (an engine stops at
the calendar's ends, see :func:`~custinteract._time.shift`) and no amount overflows on the way.
A century is far beyond any memory, silence or decision window in customer
work, and still a number a person can read.
"""

MAX_WINDOW_DAYS = 36_525
"""The most a window's weeks, days, hours, minutes and seconds may add up to, in days.

100 years of 365.25 days; see :data:`MAX_WINDOW_MONTHS`.
"""

_WINDOW_LIMIT = (
    f"at most 100 years long: years and months together at most {MAX_WINDOW_MONTHS:,} months;"
    f" weeks, days, hours, minutes and seconds together at most {MAX_WINDOW_DAYS:,} days"
)


def _number_at_most(limit: int) -> str:
    """A pattern for the decimal text of a number from 0 to ``limit``.

    At most as many digits as ``limit`` has (leading zeros included), and no
    larger value: the bound is stated in the pattern itself, so that a JSON
    Schema validator refuses what :func:`parse_window` refuses.

    >>> import re
    >>> [bool(re.fullmatch(_number_at_most(120), t)) for t in ("7", "099", "120", "121", "0120")]
    [True, True, True, False, False]
    """
    digits = str(limit)
    width = len(digits)
    options = [f"[0-9]{{1,{width - 1}}}"] if width > 1 else []
    for index, digit in enumerate(digits):
        if digit != "0":
            rest = width - index - 1
            below = "0" if digit == "1" else f"[0-{int(digit) - 1}]"
            options.append(digits[:index] + below + (f"[0-9]{{{rest}}}" if rest else ""))
    options.append(digits)
    return "(?:" + "|".join(options) + ")"


# The largest amount each designator may carry alone; the whole window is also
# bounded (_WINDOW_LIMIT), a sum a pattern cannot state.
_DESIGNATOR_LIMITS = {
    "years": MAX_WINDOW_MONTHS // 12,
    "months": MAX_WINDOW_MONTHS,
    "weeks": MAX_WINDOW_DAYS // 7,
    "days": MAX_WINDOW_DAYS,
    "hours": MAX_WINDOW_DAYS * 24,
    "minutes": MAX_WINDOW_DAYS * 24 * 60,
    "seconds": MAX_WINDOW_DAYS * 24 * 60 * 60,
}


def _amount(name: str, designator: str) -> str:
    return f"(?:(?P<{name}>{_number_at_most(_DESIGNATOR_LIMITS[name])}){designator})?"


WINDOW_TEXT_PATTERN = (
    r"^P(?=[^\n]*[1-9])(?!$)"
    + _amount("years", "Y")
    + _amount("months", "M")
    + _amount("weeks", "W")
    + _amount("days", "D")
    + r"(?:T(?=[0-9])"
    + _amount("hours", "H")
    + _amount("minutes", "M")
    + f"(?:(?P<seconds>{_number_at_most(_DESIGNATOR_LIMITS['seconds'])})"
    + r"(?:\.(?P<fraction>[0-9]{1,6}))?S)?)?$"
)
"""The shape of a window in a document: an ISO 8601 duration that is not all zero.

Each amount has at most as many digits as its largest value and is no larger
than it: 100 years, 1,200 months, 5,217 weeks, 36,525 days, 876,600 hours,
52,596,000 minutes, 3,155,760,000 seconds. The window as a whole must also
stay within :data:`MAX_WINDOW_MONTHS` and :data:`MAX_WINDOW_DAYS` (so
``"P100Y1M"`` is refused), a sum no pattern states: it is said in
:data:`WINDOW_TEXT_DESCRIPTION` and checked by :func:`ensure_window`.

Python reads it with ``fullmatch``; the JSON Schema carries the same text with
its named groups as plain groups, see
:func:`ecma_pattern`. ``[0-9]`` and the look-ahead for a non-zero digit read
the same in both languages.
"""

WINDOW_TEXT_DESCRIPTION = (
    "ISO 8601 duration such as P90D, not all zero, whole amounts (seconds may have up to"
    " 6 fraction digits), "
    + _WINDOW_LIMIT
    + " (the pattern bounds each amount; the sums are checked on reading)."
)
"""The ``description`` of every window in :func:`~custinteract.json_schema`."""

_DURATION_RE = re.compile(WINDOW_TEXT_PATTERN)


def ecma_pattern(pattern: str) -> str:
    """A Python pattern as a JSON Schema ``pattern``: named groups become plain groups.

    Python spells a named group ``(?P<name>`` and ECMA-262 ``(?<name>``; a
    plain group reads the same in both, and in every JSON Schema validator.

    >>> ecma_pattern(r"^(?P<days>[0-9]+)D$")
    '^([0-9]+)D$'
    """
    return re.sub(r"\(\?P<[a-z_]+>", "(", pattern)


def ensure_window(value: object, field: str) -> relativedelta:
    """Return ``value`` if it is a valid window (see the module docstring), else raise.

    >>> from dateutil.relativedelta import relativedelta
    >>> ensure_window(relativedelta(days=90), "loss_after_silence")
    relativedelta(days=+90)
    >>> ensure_window(relativedelta(days=-1), "loss_after_silence")
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: loss_after_silence: expected a positive window...
    >>> ensure_window(relativedelta(years=100, days=1), "negative_memory").years
    100
    >>> ensure_window(relativedelta(years=101), "negative_memory")
    Traceback (most recent call last):
    ...
    custinteract.InvalidInputError: negative_memory: expected a window at most 100 years long: ...
    """
    if not isinstance(value, relativedelta):
        raise InvalidInputError(field, value, _WINDOW_EXPECTED)
    if any(getattr(value, name) is not None for name in _ABSOLUTE_FIELDS):
        raise InvalidInputError(
            field, value, _WINDOW_EXPECTED + "; absolute fields are not windows"
        )
    if value.leapdays:
        raise InvalidInputError(field, value, _WINDOW_EXPECTED + _LEAPDAYS_HINT)
    amounts = [getattr(value, name) for name in _WINDOW_FIELDS]
    if any(amount < 0 for amount in amounts) or not any(amounts):
        raise InvalidInputError(field, value, _WINDOW_EXPECTED)
    if not all(_is_whole(amount) for amount in amounts):
        raise InvalidInputError(field, value, _WINDOW_EXPECTED + "; amounts must be whole numbers")
    years, months, days, hours, minutes, seconds, micros = (int(amount) for amount in amounts)
    exact = (((days * 24 + hours) * 60 + minutes) * 60 + seconds) * 1_000_000 + micros
    if 12 * years + months > MAX_WINDOW_MONTHS or exact > MAX_WINDOW_DAYS * 86_400_000_000:
        raise InvalidInputError(field, value, "a window " + _WINDOW_LIMIT)
    return value


def _is_whole(amount: float) -> bool:
    # float(amount) would overflow for an int beyond float range: ints are whole.
    return isinstance(amount, int) or (isinstance(amount, float) and amount.is_integer())


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
    custinteract.InvalidInputError: window: expected a positive window...
    """
    if not isinstance(text, str):
        raise InvalidInputError(field, text, _WINDOW_EXPECTED)
    match = _DURATION_RE.fullmatch(text)
    if match is None:
        raise InvalidInputError(field, text, f"{_WINDOW_EXPECTED}, {_WINDOW_LIMIT}")
    try:
        # int() refuses more digits than sys.get_int_max_str_digits() with a ValueError
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
