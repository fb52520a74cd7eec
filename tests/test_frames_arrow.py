"""Arrow in, Arrow out: the natively read frame functions answer a pyarrow Table through polars.

With polars installed, a pyarrow Table given to a function with its own
polars implementation is read by ``polars.from_arrow`` and answered by
``polars.DataFrame.to_arrow``: no pandas frame is made of it on the way in
or out. The answer must be the pandas answer as Arrow, in the one Arrow form
of every answer (text ``large_string``, lists ``large_list``, no pandas
metadata), whichever way the call took and whether polars is installed or
not; a refusal must be the pandas refusal, word for word.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta, timezone, tzinfo
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import custinteract as ci
import custinteract._frames_interop as interop
from custinteract import frames
from test_differential import FRAME_SHAPES, UTF8_IDS, ZONES, bases, frame_of
from test_frames_kinds import (
    AS_OF,
    CASES,
    CUSTOMERS,
    INTERACTIONS,
    STAFF,
    _as_pandas_answer,
    _pandas,
)
from test_frames_polars import BAD, _as_polars_reads, _error, _written_by_hand

NATIVE = [
    "activity_frame",
    "activity_holdout_frame",
    "activity_summary_frame",
    "leads_frame",
    "morale_frame",
    "recovery_frame",
    "recovery_ledger_frame",
    "score_activity_frame",
    "satisfaction_frame",
    "satisfaction_trend_frame",
    "team_morale_frame",
    "word_of_mouth_frame",
]


def _arrow(frame: pd.DataFrame) -> pa.Table:
    return pa.Table.from_pandas(frame, preserve_index=False)


def _one_form(kind: pa.DataType) -> pa.DataType:
    """The Arrow form of every answer, written out: text and lists at their large widths."""
    if pa.types.is_string(kind):
        return pa.large_string()
    if pa.types.is_list(kind) or pa.types.is_large_list(kind):
        return pa.large_list(_one_form(kind.value_type))
    return kind


def _expected(answer: pd.DataFrame) -> pa.Table:
    """The pandas answer as Arrow (index as leading columns), in the one form."""
    flat = _as_pandas_answer(answer)
    flat.attrs = {}
    table = pa.Table.from_pandas(flat, preserve_index=False).replace_schema_metadata(None)
    text = [f.with_type(pa.large_string()) if f.type == pa.null() else f for f in table.schema]
    return table.cast(pa.schema([f.with_type(_one_form(f.type)) for f in text]))


def _same_table(got: Any, expected: pa.Table) -> None:
    """The same columns, types, values and (no) metadata."""
    assert isinstance(got, pa.Table)
    assert got.schema.equals(expected.schema, check_metadata=True), (got.schema, expected.schema)
    assert got.equals(expected)


@pytest.fixture
def no_pandas_for_arrow(monkeypatch: pytest.MonkeyPatch) -> None:
    """Converting an Arrow table to pandas, or an answer to Arrow through pandas, fails."""
    to_pandas, from_pandas = interop.to_pandas, interop.from_pandas

    def guarded_to(value: Any, **options: Any) -> Any:
        assert not isinstance(value, pa.Table), "an Arrow table went through pandas"
        return to_pandas(value, **options)

    def guarded_from(result: Any, kind: str) -> Any:
        assert kind != "arrow", "an Arrow answer was made through pandas"
        return from_pandas(result, kind)

    monkeypatch.setattr(interop, "to_pandas", guarded_to)
    monkeypatch.setattr(interop, "from_pandas", guarded_from)


@pytest.fixture
def without_polars(monkeypatch: pytest.MonkeyPatch) -> None:
    """polars cannot be imported (as on a machine without it)."""
    monkeypatch.setitem(sys.modules, "polars", None)


@pytest.mark.parametrize("name", NATIVE)
@pytest.mark.usefixtures("no_pandas_for_arrow")
def test_arrow_in_arrow_out_through_polars(name: str) -> None:
    """On the sample base: the pandas answer as Arrow, with no pandas copy made of the table."""
    _same_table(CASES[name](_arrow), _expected(CASES[name](_pandas)))


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.usefixtures("without_polars")
def test_without_polars_the_same_arrow_answer(name: str) -> None:
    """Through pandas (polars absent), every function gives the same Arrow answer, in one form."""
    _same_table(CASES[name](_arrow), _expected(CASES[name](_pandas)))


def _layouts() -> dict[str, pa.Table]:
    """The sample interactions as Arrow tables of other layouts than pandas writes."""
    table = _arrow(INTERACTIONS)
    text = [
        n
        for n, kind in zip(table.column_names, table.schema.types, strict=True)
        if kind == pa.large_string()
    ]

    def retyped(kind: Callable[[pa.ChunkedArray], pa.ChunkedArray]) -> pa.Table:
        columns = [kind(table[n]) if n in text else table[n] for n in table.column_names]
        return pa.table(columns, names=table.column_names)

    half = table.num_rows // 2
    return {
        "narrow text": retyped(lambda c: c.cast(pa.string())),
        "dictionary text": retyped(lambda c: c.dictionary_encode()),
        "text views": retyped(lambda c: c.cast(pa.string_view())),
        "chunks and an offset": pa.concat_tables([table.slice(0, half), table.slice(half)]),
        "nanoseconds in another zone": table.set_column(
            table.schema.get_field_index("timestamp"),
            "timestamp",
            table["timestamp"].cast(pa.timestamp("ns", tz="America/New_York")),
        ),
    }


@pytest.mark.parametrize("layout", sorted(_layouts()))
@pytest.mark.parametrize(
    "name", ["recovery_frame", "satisfaction_frame", "word_of_mouth_frame", "activity_frame"]
)
@pytest.mark.usefixtures("no_pandas_for_arrow")
def test_any_arrow_layout_gives_the_pandas_answer(layout: str, name: str) -> None:
    """Narrow text, dictionaries, views, chunks, another unit and zone: the same answer."""
    table = _layouts()[layout]
    _same_table(CASES[name](lambda frame: table), _expected(CASES[name](_pandas)))


def test_mixed_kinds_answer_as_the_first_frame() -> None:
    """Arrow interactions with pandas customers (or staff): an Arrow answer, the same one."""
    leads = frames.leads_frame(CUSTOMERS, _arrow(INTERACTIONS), as_of=AS_OF)
    _same_table(leads, _expected(frames.leads_frame(CUSTOMERS, INTERACTIONS, as_of=AS_OF)))
    morale = frames.morale_frame(STAFF, _arrow(INTERACTIONS), as_of=AS_OF)
    _same_table(morale, _expected(frames.morale_frame(STAFF, INTERACTIONS, as_of=AS_OF)))


# ------------------------------------------------------------------------- drawn bases


def _calls(as_of: datetime, calendar: tzinfo) -> dict[str, Callable[..., Any]]:
    """Each natively read function on (interactions, customers, staff), as_of a drawn moment."""
    by_day = {"by": "customer_id", "frequency": ci.Frequency.DAY, "tz": calendar, "until": as_of}
    return {
        "recovery": lambda calls, people, staff: frames.recovery_frame(calls, as_of=as_of),
        "activity": lambda calls, people, staff: frames.activity_frame(calls, as_of=as_of),
        "leads": lambda calls, people, staff: frames.leads_frame(people, calls, as_of=as_of),
        "morale": lambda calls, people, staff: frames.morale_frame(staff, calls, as_of=as_of),
        "team morale": lambda calls, people, staff: frames.team_morale_frame(
            staff, calls, as_of=as_of
        ),
        "word of mouth": lambda calls, people, staff: frames.word_of_mouth_frame(calls),
        "satisfaction": lambda calls, people, staff: frames.satisfaction_frame(calls, **by_day),
        "trend": lambda calls, people, staff: frames.satisfaction_trend_frame(
            calls, frequency=ci.Frequency.MONTH, until=as_of
        ),
    }


def _outcome(call: Callable[[], Any]) -> Any:
    """What a call gives: its answer, or the text of its refusal."""
    try:
        return call()
    except ci.InvalidInputError as refusal:
        return f"refused: {refusal}"


def _alike(arrow: Callable[[], Any], pandas: Callable[[], Any]) -> None:
    """The Arrow call answers as the pandas one (as Arrow), or refuses with its words."""
    got, expected = _outcome(arrow), _outcome(pandas)
    if isinstance(expected, str):
        assert got == expected
    else:
        _same_table(got, _expected(expected))


@settings(max_examples=20, deadline=None)
@given(bases(UTF8_IDS), FRAME_SHAPES, st.sampled_from(ZONES))
def test_drawn_bases_give_the_pandas_answer(
    base: tuple[list[ci.Interaction], list[str], list[str], datetime],
    shape: tuple[tzinfo, str],
    calendar: tzinfo,
) -> None:
    """Around clock changes, odd ids, any zone (fixed offsets: the general way) and unit."""
    interactions, customer_ids, staff_ids, as_of = base
    zone, unit = shape
    if unit == "ms" and any(i.timestamp.microsecond % 1000 for i in interactions):
        unit = "us"
    calls = frame_of(interactions, zone, unit)
    created = as_of - timedelta(days=200)
    people = frames.customers_to_frame([ci.Customer(id=c, created=created) for c in customer_ids])
    staff = pd.DataFrame({"id": staff_ids, "name": staff_ids, "hired": [created] * len(staff_ids)})
    for name, call in _calls(as_of, calendar).items():
        note = f"{name}: {len(calls)} rows"
        try:
            _alike(
                lambda call=call: call(_arrow(calls), _arrow(people), _arrow(staff)),
                lambda call=call: call(calls, people, staff),
            )
        except AssertionError as error:
            raise AssertionError(note) from error


# ------------------------------------------------------------------------------- refusals


@pytest.mark.parametrize("name", sorted(BAD))
def test_refusals_are_the_pandas_refusals(name: str) -> None:
    """Each column rule refuses the Arrow table with the pandas message and row."""
    make, options = BAD[name]
    bad = _as_polars_reads(make())
    table = _arrow(bad)
    people, staff = _arrow(CUSTOMERS), _arrow(STAFF)
    calls: dict[str, Callable[[Any, Any, Any], Any]] = {
        "recovery": lambda f, p, s: frames.recovery_frame(f, as_of=AS_OF, **options),
        "satisfaction": lambda f, p, s: frames.satisfaction_frame(f, by="channel", **options),
        "word of mouth": lambda f, p, s: frames.word_of_mouth_frame(f, **options),
        "activity": lambda f, p, s: frames.activity_frame(f, as_of=AS_OF, **options),
        "leads": lambda f, p, s: frames.leads_frame(p, f, as_of=AS_OF, **options),
        "morale": lambda f, p, s: frames.morale_frame(s, f, as_of=AS_OF, **options),
    }
    for call in calls.values():
        _alike(
            lambda call=call: call(table, people, staff),
            lambda call=call: call(bad, CUSTOMERS, STAFF),
        )


@pytest.mark.parametrize(
    "options",
    [
        {"as_of": datetime(2026, 1, 1)},  # naive
        {"as_of": AS_OF, "tz": "Mars/Olympus"},
        {"as_of": AS_OF, "tz": 5},
        {"as_of": AS_OF, "policy": "strict"},
        {"as_of": AS_OF, "columns": {"ticket": "id"}},
    ],
)
def test_argument_refusals_are_the_pandas_refusals(options: dict[str, Any]) -> None:
    """Bad arguments: the same error as for pandas, in the same order of checks."""
    frame = INTERACTIONS
    if "tz" in options:  # a zone for naive timestamps
        frame = frame.assign(timestamp=frame["timestamp"].dt.tz_localize(None))
    table = _arrow(frame)
    for function in (frames.recovery_frame, frames.activity_frame, frames.word_of_mouth_frame):
        arguments = (
            options
            if function is not frames.word_of_mouth_frame
            else {k: v for k, v in options.items() if k not in ("as_of", "policy")}
        )
        if arguments:
            assert _error(lambda f=function, a=arguments: f(table, **a)) == _error(
                lambda f=function, a=arguments: f(frame, **a)
            )


def test_a_missing_argument_is_python_s_own_error() -> None:
    """A call that does not bind fails as it does on pandas, naming the function."""
    for given_frame in (INTERACTIONS, _arrow(INTERACTIONS), pl.from_pandas(INTERACTIONS)):
        with pytest.raises(TypeError, match=r"recovery_frame\(\) missing 1 required"):
            frames.recovery_frame(given_frame)  # type: ignore[call-arg]


# ------------------------------------------------------------------------------- imports

_RUN_ALL = (
    "import sys, pandas as pd, pyarrow as pa, custinteract.frames as cf\n"
    "from custinteract.samples import SAMPLE_AS_OF as T, sample_dataset\n"
    "from custinteract.leads.frames import customers_to_frame\n"
    "d = sample_dataset()\n"
    "i = cf.interactions_to_frame(d.interactions)\n"
    "c = customers_to_frame(d.customers)\n"
    "s = pd.DataFrame({'id': [m.id for m in d.staff]})\n"
    "k = {KIND}\n"
    "out = [cf.recovery_frame(k(i), as_of=T), cf.activity_frame(k(i), as_of=T),\n"
    "    cf.leads_frame(k(c), k(i), as_of=T), cf.morale_frame(k(s), k(i), as_of=T),\n"
    "    cf.team_morale_frame(k(s), k(i), as_of=T), cf.word_of_mouth_frame(k(i)),\n"
    "    cf.satisfaction_frame(k(i), by='channel'), cf.satisfaction_trend_frame(k(i)),\n"
    "    cf.normalize_interactions(k(i))]\n"
    "print(sorted({type(o).__module__.split('.')[0] for o in out}),\n"
    "    sorted({'polars', 'narwhals'} & {n for n, m in sys.modules.items() if m}))\n"
)


@pytest.mark.parametrize(
    ("kind", "blocked", "printed"),
    [
        ("lambda f: f", "", "['pandas'] []"),
        ("lambda f: pa.Table.from_pandas(f, preserve_index=False)", "", "['pyarrow'] ['polars']"),
        (
            "lambda f: pa.Table.from_pandas(f, preserve_index=False)",
            "sys.modules['polars'] = None\n",
            "['pyarrow'] []",
        ),
    ],
    ids=["pandas", "arrow", "arrow without polars"],
)
def test_polars_is_imported_only_for_arrow_it_can_read(
    kind: str, blocked: str, printed: str
) -> None:
    """pandas in: polars never imported; Arrow in: polars if installed, else pandas answers."""
    code = "import sys\n" + blocked + _RUN_ALL.replace("{KIND}", kind)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == printed


# ------------------------------------------------------------------ tables written by polars

_HAND_AS_OF = datetime(2026, 4, 1, tzinfo=timezone.utc)
_HAND_CALLS: dict[str, Callable[[Any], Any]] = {
    "recovery": lambda f: frames.recovery_frame(f, as_of=_HAND_AS_OF, tz="UTC"),
    "satisfaction": lambda f: frames.satisfaction_frame(f, by="channel", timestamps_tz="UTC"),
    "word of mouth": lambda f: frames.word_of_mouth_frame(f, tz="UTC"),
    "activity": lambda f: frames.activity_frame(f, as_of=_HAND_AS_OF, tz="UTC"),
}


@pytest.mark.parametrize("name", sorted(_HAND_CALLS))
@pytest.mark.parametrize("polars_installed", [True, False])
def test_a_table_written_by_polars_reads_as_the_polars_frame(
    name: str, polars_installed: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Integer ids, ratings with gaps, a dictionary column, no pandas metadata: as in polars.

    An integer id column with a gap is refused as missing at its row, as for
    the polars frame, not read as floats, with polars or without it.
    """
    call = _HAND_CALLS[name]
    native = _written_by_hand()[1]
    gap = pl.int_range(pl.len()) == 2
    bad = native.with_columns(
        pl.when(gap).then(None).otherwise(pl.col("customer_id")).alias("customer_id")
    )
    expected, refusal = call(native).to_arrow(), _error(lambda: call(bad))
    tables = native.to_arrow(), bad.to_arrow()
    if not polars_installed:
        monkeypatch.setitem(sys.modules, "polars", None)
    _same_table(call(tables[0]), expected)
    assert _error(lambda: call(tables[1])) == refusal
