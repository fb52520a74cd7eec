"""Time helpers: aware datetimes only, ISO 8601 windows that round-trip, calendar periods."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import example, given
from hypothesis import strategies as st

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
    [
        relativedelta(days=-1),
        relativedelta(),
        relativedelta(month=3),
        relativedelta(days=1.5),
        relativedelta(weekday=0),
    ],
)
def test_ensure_window_refuses_non_windows(window: relativedelta) -> None:
    """Negative, empty, absolute and fractional relativedeltas are not windows."""
    with pytest.raises(ci.InvalidInputError):
        ci.format_window(window)


@pytest.mark.parametrize("window", [relativedelta(days=90, leapdays=1), relativedelta(leapdays=1)])
def test_leapdays_are_refused_not_dropped(window: relativedelta) -> None:
    """An ISO 8601 duration has no leapdays: a window with them could not be written losslessly."""
    with pytest.raises(ci.InvalidInputError, match="leapdays"):
        ci.format_window(window)
    with pytest.raises(ci.InvalidInputError, match=r"^loss_after_silence: .*leapdays"):
        ci.RecoveryPolicy(loss_after_silence=window)


def test_huge_windows_are_refused_never_overflow() -> None:
    """Amounts beyond float range and duration text beyond int parsing raise InvalidInputError only."""
    with pytest.raises(ci.InvalidInputError, match="at most 100 years"):
        ci.RecoveryPolicy(negative_memory=relativedelta(days=10**400))
    with pytest.raises(ci.InvalidInputError, match="positive window"):
        ci.parse_window("P" + "9" * 5000 + "D")  # more digits than int() reads from text
    with pytest.raises(ci.InvalidInputError, match="positive window"):
        ci.from_dict(ci.RecoveryPolicy, {"loss_after_silence": "P" + "9" * 5000 + "D"})


@pytest.mark.parametrize(
    ("offset", "text"),
    [
        (timedelta(minutes=19, seconds=32), "+00:19:32"),
        (-timedelta(hours=4, minutes=56, seconds=2), "-04:56:02"),
        (timedelta(seconds=30, microseconds=5), "+00:00:30.000005"),
    ],
)
def test_offsets_with_seconds_are_refused_with_the_offset_named(
    offset: timedelta, text: str
) -> None:
    """Local mean time offsets cannot be written as RFC 3339: refused, naming the offset and the fix."""
    moment = datetime(1900, 1, 1, tzinfo=timezone(offset))
    with pytest.raises(ci.InvalidInputError) as info:
        ci.period_start(moment, ci.Frequency.DAY)
    assert info.value.field == "timestamp"
    assert f"offset is {text}:" in str(info.value)
    assert "value.astimezone(timezone.utc)" in str(info.value)
    assert ci.period_start(moment.astimezone(UTC), ci.Frequency.DAY).tzinfo is UTC


@given(testing.utc_offsets() | testing.utc_offsets(real_world=False))
def test_utc_offsets_are_whole_minutes_in_the_real_world_range(zone: timezone) -> None:
    """The strategy draws only offsets a model accepts, from -12:00 to +14:00 (real ones or any)."""
    offset = zone.utcoffset(None)
    assert -timedelta(hours=12) <= offset <= timedelta(hours=14)
    assert offset % timedelta(minutes=1) == timedelta(0)
    ci.Customer(id="c-1", created=datetime(2026, 1, 1, tzinfo=zone))


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


ZONES = [
    ZoneInfo(name)
    for name in (
        "Europe/London",
        "America/Havana",  # clocks go back from 01:00 to 00:00: midnight happens twice
        "America/Santiago",  # clocks go forward at 00:00: some days have no midnight
        "Australia/Lord_Howe",  # half-hour DST
        "Asia/Kathmandu",  # +05:45
        "Pacific/Apia",  # skipped 30 December 2011 altogether
    )
]


def _expected_start(timestamp: datetime, frequency: ci.Frequency) -> datetime:
    """An independent computation: the bucket's first calendar date, at its local midnight.

    The date is that of the timestamp's instant on its zone's calendar (a wall
    time the zone skips, written with ``fold=1``, is on the evening before).
    """
    day = timestamp.astimezone(UTC).astimezone(timestamp.tzinfo).date()
    first = {
        ci.Frequency.DAY: day,
        ci.Frequency.WEEK: day - timedelta(days=day.weekday()),
        ci.Frequency.MONTH: day.replace(day=1),
        ci.Frequency.QUARTER: date(day.year, 3 * ((day.month - 1) // 3) + 1, 1),
        ci.Frequency.HALF_YEAR: date(day.year, 1 if day.month <= 6 else 7, 1),
        ci.Frequency.YEAR: date(day.year, 1, 1),
    }[frequency]
    return datetime.combine(first, time(0), tzinfo=timestamp.tzinfo)


@given(
    st.datetimes(
        min_value=datetime(2005, 1, 1),
        max_value=datetime(2035, 12, 31),
        timezones=st.sampled_from(ZONES) | testing.utc_offsets(real_world=False),
    ),
    st.sampled_from(ci.Frequency),
)
@example(datetime(2028, 3, 12, 0, 0, fold=1, tzinfo=ZoneInfo("America/Havana")), ci.Frequency.DAY)
def test_period_start_is_the_local_midnight_of_the_buckets_first_day(
    timestamp: datetime, frequency: ci.Frequency
) -> None:
    """Exactly the first day's local midnight: same wall time, same offset, first pass (fold 0)."""
    start = ci.period_start(timestamp, frequency)
    expected = _expected_start(timestamp, frequency)
    assert (start.replace(tzinfo=None), start.fold) == (expected.replace(tzinfo=None), 0)
    assert start.tzinfo is timestamp.tzinfo
    assert start.utcoffset() == expected.utcoffset()
    assert start.astimezone(UTC) <= timestamp.astimezone(UTC)


def test_a_repeated_midnight_starts_the_day_at_its_first_pass() -> None:
    """Havana, 1 November 2026: 00:00-01:00 happens twice; both passes share one day start."""
    havana = ZoneInfo("America/Havana")
    first_pass = datetime(2026, 11, 1, 0, 30, tzinfo=havana)
    second_pass = first_pass.replace(fold=1)
    assert second_pass.utcoffset() - first_pass.utcoffset() == timedelta(hours=-1)
    for frequency in (ci.Frequency.DAY, ci.Frequency.MONTH):
        starts = {ci.period_start(t, frequency).astimezone(UTC) for t in (first_pass, second_pass)}
        assert starts == {datetime(2026, 11, 1, 4, 0, tzinfo=UTC)}


def test_a_skipped_wall_time_written_after_the_jump_is_bucketed_by_its_instant() -> None:
    """Havana, 12 March 2028: 00:00 to 01:00 is skipped; 00:00 with fold=1 is 23:00 on the 11th.

    Its day starts at midnight on the 11th, before it, not at the jump after it.
    """
    havana = ZoneInfo("America/Havana")
    skipped = datetime(2028, 3, 12, 0, 0, fold=1, tzinfo=havana)
    assert skipped.astimezone(UTC) == datetime(2028, 3, 12, 4, 0, tzinfo=UTC)
    start = ci.period_start(skipped, ci.Frequency.DAY)
    assert start.astimezone(UTC) == datetime(2028, 3, 11, 5, 0, tzinfo=UTC)
    assert (start.replace(tzinfo=None), start.fold) == (datetime(2028, 3, 11), 0)
    assert start.astimezone(UTC) <= skipped.astimezone(UTC)
    written_first = skipped.replace(fold=0)  # the same wall time before the jump: 05:00Z, the 12th
    start = ci.period_start(written_first, ci.Frequency.DAY)
    assert start.astimezone(UTC) == datetime(2028, 3, 12, 5, 0, tzinfo=UTC)
    assert written_first.astimezone(UTC) == start.astimezone(UTC)


def test_a_missing_midnight_starts_the_day_at_the_transition() -> None:
    """Santiago, 6 September 2026: clocks jump from 00:00 to 01:00; the day starts at that instant."""
    santiago = ZoneInfo("America/Santiago")
    start = ci.period_start(datetime(2026, 9, 6, 10, 0, tzinfo=santiago), ci.Frequency.DAY)
    assert start.astimezone(UTC) == datetime(2026, 9, 6, 4, 0, tzinfo=UTC)
    assert datetime(2026, 9, 6, 1, 0, tzinfo=santiago).astimezone(UTC) == start.astimezone(UTC)


@given(
    testing.aware_datetimes(timezones=testing.utc_offsets(real_world=False)),
    testing.aware_datetimes(timezones=testing.utc_offsets(real_world=False)),
)
def test_period_start_is_monotone_and_contains(a: datetime, b: datetime) -> None:
    """A timestamp lies in its bucket, and later instants in one offset never start earlier buckets."""
    for frequency in ci.Frequency:
        start = ci.period_start(a, frequency)
        assert start <= a < start + frequency.step
        same_offset_b = b.astimezone(a.tzinfo)
        if a <= same_offset_b:
            assert start <= ci.period_start(same_offset_b, frequency)
