"""Time helpers: aware datetimes only, ISO 8601 windows that round-trip, calendar periods."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given

import custinteract as ci
from custinteract import testing

UTC = timezone.utc


@pytest.mark.parametrize(
    "text", ["2026-03-04", "2026-03-04T10:00:00", "yesterday", "", "2026-13-01T00:00Z"]
)
def test_parse_datetime_refuses_naive_or_bad_text(text: str) -> None:
    """Text without an offset is refused, not assumed to be UTC."""
    with pytest.raises(ci.InvalidInputError, match="timezone-aware"):
        ci.parse_datetime(text)


def test_parse_datetime_keeps_the_offset() -> None:
    """The offset written is the offset kept."""
    value = ci.parse_datetime("2026-03-04T10:30:00-05:00")
    assert value.utcoffset() == timedelta(hours=-5)
    assert value == datetime(2026, 3, 4, 15, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "window"),
    [
        ("P90D", relativedelta(days=90)),
        ("P2W", relativedelta(days=14)),
        ("P1Y6M", relativedelta(years=1, months=6)),
        ("PT36H", relativedelta(days=1, hours=12)),
        ("PT1.5S", relativedelta(seconds=1, microseconds=500000)),
    ],
)
def test_parse_window_examples(text: str, window: relativedelta) -> None:
    """ISO 8601 durations become relativedelta windows."""
    assert ci.parse_window(text) == window


@pytest.mark.parametrize("text", ["P", "PT", "P0D", "90 days", "P-1D", "P1.5D", "p90d"])
def test_parse_window_refuses_bad_text(text: str) -> None:
    """Empty, zero, negative, fractional-day and lower-case durations are refused."""
    with pytest.raises(ci.InvalidInputError, match="positive window"):
        ci.parse_window(text)


@pytest.mark.parametrize(
    "window",
    [relativedelta(days=-1), relativedelta(), relativedelta(month=3), relativedelta(days=1.5)],
)
def test_ensure_window_refuses_non_windows(window: relativedelta) -> None:
    """Negative, empty, absolute and fractional relativedeltas are not windows."""
    with pytest.raises(ci.InvalidInputError):
        ci.format_window(window)


@given(testing.windows())
def test_windows_round_trip_through_iso_text(window: relativedelta) -> None:
    """format_window and parse_window are inverses."""
    assert ci.parse_window(ci.format_window(window)) == window


@pytest.mark.parametrize(
    ("frequency", "expected"),
    [
        (ci.Frequency.DAY, datetime(2026, 11, 19, tzinfo=UTC)),
        (ci.Frequency.WEEK, datetime(2026, 11, 16, tzinfo=UTC)),
        (ci.Frequency.MONTH, datetime(2026, 11, 1, tzinfo=UTC)),
        (ci.Frequency.QUARTER, datetime(2026, 10, 1, tzinfo=UTC)),
        (ci.Frequency.YEAR, datetime(2026, 1, 1, tzinfo=UTC)),
    ],
)
def test_period_start_examples(frequency: ci.Frequency, expected: datetime) -> None:
    """Calendar buckets: ISO weeks start on Monday, quarters in Jan/Apr/Jul/Oct."""
    assert ci.period_start(datetime(2026, 11, 19, 8, 30, tzinfo=UTC), frequency) == expected


@given(testing.aware_datetimes(), testing.aware_datetimes())
def test_period_start_is_monotone_and_contains(a: datetime, b: datetime) -> None:
    """A timestamp lies in its bucket, and later instants in one offset never start earlier buckets."""
    for frequency in ci.Frequency:
        start = ci.period_start(a, frequency)
        assert start <= a < start + frequency.step
        same_offset_b = b.astimezone(a.tzinfo)
        if a <= same_offset_b:
            assert start <= ci.period_start(same_offset_b, frequency)
