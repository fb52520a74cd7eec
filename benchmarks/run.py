"""One table for every frames engine: the library beside hand-written pandas, polars and DuckDB.

Run by hand (not collected by pytest)::

    python benchmarks/run.py                          # 100,000 and 1,000,000 interactions
    python benchmarks/run.py --sizes 1e6,1e7          # the performance page's table
    python benchmarks/run.py --sizes 1e5 --engines recovery,satisfaction
    python benchmarks/run.py --sizes 1e6 --shuffle    # the rows in a random order

For each size and engine it builds the seeded synthetic base of that engine's
own benchmark (``bench_recovery.make_frame``, ``bench_satisfaction.make_frame``,
``bench_morale.make_calls``; word of mouth and leads draw the same distributions
as ``bench_word_of_mouth.synthetic_base`` and ``bench_leads.make_base``,
vectorised; activity draws two years of purchases, 80% inbound), then times:

* ``frames/pandas``: the library's frames function on a pandas DataFrame, with
  its full validation and explanations;
* ``frames/polars``: the same function on a polars DataFrame (the answer comes
  back as a polars DataFrame); the conversion from pandas is not timed;
* ``pandas``, ``polars`` and, for recovery, ``duckdb``: the rule written by
  hand, as a data scientist would without the library (no validation, no
  explanations);

each as the best wall-clock time of ``--repeat`` runs (``--repeat-large``
runs above 1,000,000, one by default: single runs there vary by up to 2x on a
shared machine, as each call faults in a gigabyte of fresh memory), with its
ratio to the hand-written pandas time and its peak memory: the growth of
resident memory during one more call, measured in a fresh Python process that
first builds the same base (Linux; elsewhere the peak traced by tracemalloc,
which does not see polars' or DuckDB's own allocations). Every path's answer is checked
against the library's (``agree``); a disagreement is reported, never hidden.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_leads
import bench_morale
import bench_recovery
import bench_satisfaction

import custinteract as ci
from custinteract.frames import (
    activity_frame,
    leads_frame,
    morale_frame,
    recovery_frame,
    satisfaction_frame,
    word_of_mouth_frame,
)

ENGINES = ("recovery", "satisfaction", "word_of_mouth", "morale", "leads", "activity")
ACTIVITY_AS_OF = datetime(2026, 1, 1, tzinfo=timezone.utc)
ACTIVITY_MODEL = ci.BgNbdModel(r=0.5, alpha=20.0, a=0.8, b=3.0)
WOM_START = datetime(2024, 1, 1, tzinfo=timezone.utc)


# --- measuring ------------------------------------------------------------------------------


def best_time(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Best wall-clock seconds of ``repeat`` calls, and the last answer."""
    best, answer = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        answer = function()
        best = min(best, time.perf_counter() - started)
    return best, answer


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def measure_peak(engine: str, size: int, seed: int, path: str, shuffle: bool = False) -> float:
    """In this (fresh) process: build the base, then the MiB one call of ``path`` adds."""
    paths, _ = engine_paths(engine, size, seed, shuffle)
    function = paths[path]
    gc.collect()
    if sys.platform == "linux":
        Path("/proc/self/clear_refs").write_text("5")  # the peak restarts at the current size
        before = _status_kib("VmRSS")
        function()
        return (_status_kib("VmHWM") - before) / 1024
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


CHILD_FLAGS: list[str] = []
"""Flags the peak-memory child processes repeat (``--arrow-cores``, ``--shuffle``)."""


def peak_mib(engine: str, size: int, seed: int, path: str) -> float:
    """Peak MiB one call adds, measured in a fresh Python process (no shared heap, no threads)."""
    command = [sys.executable, __file__, *CHILD_FLAGS, "--peak", f"{engine}:{size}:{seed}:{path}"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    try:
        return float(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return float("nan")


def _polars() -> Any:
    try:
        import polars as pl
    except ImportError:
        return None
    return pl


def _duckdb() -> Any:
    try:
        import duckdb
    except ImportError:
        return None
    return duckdb


def to_polars(frame: pd.DataFrame) -> Any:
    """A polars copy of a pandas frame (object columns as text), or None without polars."""
    pl = _polars()
    if pl is None:
        return None
    return pl.from_pandas(frame)


# --- recovery -------------------------------------------------------------------------------


def recovery_polars(frame: Any, per: int = 6) -> Any:
    """Hand-written polars: the Lindley debt per customer (cumulative sum, running minimum)."""
    pl = _polars()
    as_of = bench_recovery.AS_OF
    step = (
        pl.when(pl.col("sentiment") == "negative")
        .then(per)
        .when(pl.col("sentiment") == "positive")
        .then(-1)
        .otherwise(0)
    )
    return (
        frame.lazy()
        .filter(pl.col("timestamp") <= as_of)
        .sort(["customer_id", "timestamp", "id"])
        .with_columns(cum=step.cum_sum().over("customer_id"))
        .with_columns(
            debt=pl.col("cum") - pl.min_horizontal(0, pl.col("cum").cum_min()).over("customer_id")
        )
        .group_by("customer_id")
        .agg(pl.col("debt").last())
        .collect()
    )


RECOVERY_SQL = """
with steps as (
    select customer_id, timestamp, id,
           case sentiment when 'negative' then {per} when 'positive' then -1 else 0 end as step
    from frame where timestamp <= $as_of
), running as (
    select customer_id, timestamp, id,
           sum(step) over w as cum
    from steps window w as (partition by customer_id order by timestamp, id
                            rows between unbounded preceding and current row)
), floored as (
    select customer_id, timestamp, id,
           cum - least(0, min(cum) over w) as debt
    from running window w as (partition by customer_id order by timestamp, id
                              rows between unbounded preceding and current row)
)
select customer_id, arg_max(debt, (timestamp, id)) as debt from floored group by customer_id
"""


def recovery_duckdb(frame: pd.DataFrame, per: int = 6) -> pd.DataFrame:
    """Hand-written DuckDB SQL: the same debt with window functions, over the pandas frame."""
    duckdb = _duckdb()
    connection = duckdb.connect()
    try:
        connection.register("frame", frame)
        query = RECOVERY_SQL.format(per=per)
        answer: pd.DataFrame = connection.execute(
            query, {"as_of": pd.Timestamp(bench_recovery.AS_OF)}
        ).df()
        return answer
    finally:
        connection.close()


def recovery_agree(library: Any, other: Any) -> str:
    """Customers never lost nor come back owe exactly the baseline's debt: count those that differ."""
    lib = _as_pandas(library)
    if isinstance(other, pd.Series):
        debt = other
    else:
        table = _as_pandas(other)
        debt = table.set_index("customer_id")["debt"] if "customer_id" in table else table["debt"]
    plain = lib[lib["lost_at"].isna() & (lib["times_recovered"] == 0)]
    owed = np.ceil(debt.reindex(plain.index).astype(float)).astype("int64")
    wrong = int((plain["positives_needed"].astype("int64") != owed).sum())
    return "yes" if wrong == 0 else f"NO ({wrong:,} customers)"


# --- satisfaction ---------------------------------------------------------------------------


def satisfaction_polars(frame: Any) -> Any:
    """Hand-written polars: CSAT, NPS and CES mean by channel and month."""
    pl = _polars()
    value = pl.col("rating_value").cast(pl.Float64)
    scale = pl.col("rating_scale")
    return (
        frame.lazy()
        .with_columns(month=pl.col("timestamp").dt.convert_time_zone("UTC").dt.truncate("1mo"))
        .group_by("channel", "month")
        .agg(
            csat=(value.filter(scale == "csat") >= 4).mean(),
            nps=100.0
            * (
                (value.filter(scale == "nps") >= 9).cast(pl.Int64)
                - (value.filter(scale == "nps") <= 6).cast(pl.Int64)
            ).mean(),
            ces=value.filter(scale == "ces").mean(),
        )
        .collect()
    )


def _satisfaction_table(answer: Any) -> pd.DataFrame:
    """CSAT, NPS and CES by channel and naive UTC month, from any path's answer."""
    table = answer if isinstance(answer, pd.DataFrame) else answer.to_pandas()
    if not isinstance(table.index, pd.RangeIndex):
        table = table.reset_index()
    table = table.rename(columns={"period_start": "month"})
    month = pd.to_datetime(table["month"])
    if month.dt.tz is not None:
        month = month.dt.tz_convert("UTC").dt.tz_localize(None)
    table["month"] = month.astype("datetime64[ns]")
    table["channel"] = table["channel"].astype(object)
    return table.set_index(["channel", "month"])[["csat", "nps", "ces"]].astype(float)


def satisfaction_agree(library: Any, other: Any) -> str:
    """The largest difference in CSAT, NPS or CES over every channel and month."""
    joined = _satisfaction_table(library).join(
        _satisfaction_table(other).add_suffix("_other"), how="outer"
    )
    worst = 0.0
    for name in ("csat", "nps", "ces"):
        a = joined[name].to_numpy(float)
        b = joined[f"{name}_other"].to_numpy(float)
        if not np.array_equal(np.isnan(a), np.isnan(b)):
            return f"NO ({name}: groups differ)"
        both = ~np.isnan(a)
        if both.any():
            worst = max(worst, float(np.abs(a[both] - b[both]).max()))
    return "yes" if worst < 1e-9 else f"NO (|diff| {worst:.1e})"


# --- word of mouth --------------------------------------------------------------------------


def wom_frame(size: int, seed: int) -> pd.DataFrame:
    """``bench_word_of_mouth.synthetic_base``'s distribution, drawn as a frame directly."""
    rng = np.random.default_rng(seed)
    customers = max(1, size // 5)
    mood = rng.choice(["positive", "neutral", "negative"], size=size, p=[0.60, 0.25, 0.15])
    return pd.DataFrame(
        {
            "id": "i-" + pd.Series(np.arange(size)).astype(str),
            "customer_id": "c-" + pd.Series(rng.integers(0, customers, size)).astype(str),
            "timestamp": pd.Timestamp(WOM_START) + pd.to_timedelta(np.arange(size), unit="min"),
            "sentiment": mood.astype(object),
        }
    )


def wom_pandas(frame: pd.DataFrame) -> pd.DataFrame:
    """First-hand reach per customer by hand (``bench_word_of_mouth.pandas_baseline``)."""
    counts = frame.groupby(["customer_id", "sentiment"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=["positive", "negative", "neutral"], fill_value=0)
    out = pd.DataFrame(index=counts.index)
    out["positive_reach"] = counts["positive"] * 5.0
    out["negative_reach"] = counts["negative"] * 10.0
    out["net_reach"] = out["positive_reach"] - out["negative_reach"]
    return out


def wom_polars(frame: Any) -> Any:
    pl = _polars()
    positive = (pl.col("sentiment") == "positive").sum() * 5.0
    negative = (pl.col("sentiment") == "negative").sum() * 10.0
    return (
        frame.lazy()
        .group_by("customer_id")
        .agg(positive_reach=positive, negative_reach=negative)
        .with_columns(net_reach=pl.col("positive_reach") - pl.col("negative_reach"))
        .collect()
    )


def wom_agree(library: Any, other: Any) -> str:
    lib = _as_pandas(library)
    table = _as_pandas(other)
    if "customer_id" in table.columns:
        table = table.set_index("customer_id")
    net = table["net_reach"].reindex(lib.index)
    wrong = int((net.to_numpy(float) != lib["net_reach"].to_numpy(float)).sum())
    return "yes" if wrong == 0 else f"NO ({wrong:,} customers)"


# --- leads ---------------------------------------------------------------------------------


def leads_frames(size: int, seed: int, per_customer: int = 8) -> tuple[pd.DataFrame, pd.DataFrame]:
    """``bench_leads.make_base``'s distribution, drawn as customers and interactions frames."""
    rng = np.random.default_rng(seed)
    n = max(2, size // per_customer)
    sources = np.array([s.value for s in ci.LeadSource], dtype=object)
    customers = pd.DataFrame(
        {
            "customer_id": "c-" + pd.Series(np.arange(n)).astype(str),
            "created": pd.Timestamp(bench_leads.AS_OF) - pd.Timedelta(days=400),
            "source": sources[rng.integers(0, len(sources), n)],
            "list_name": np.where(np.arange(n) % 7 == 0, "mortgage", None),
            "consent": rng.random(n) < 0.5,
            "do_not_contact": rng.random(n) < 0.03,
        }
    )
    weights = np.array([w for _, _, w in bench_leads.KINDS])
    kind = rng.choice(len(weights), size=size, p=weights / weights.sum())
    mood = np.where(
        rng.random(size) < 0.05,
        "negative",
        np.where(rng.random(size) < 0.5, "positive", "neutral"),
    )
    seconds = rng.integers(0, 365 * 86400, size)
    interactions = pd.DataFrame(
        {
            "id": "i-" + pd.Series(np.arange(size)).astype(str),
            "customer_id": "c-" + pd.Series(rng.integers(0, n, size)).astype(str),
            "timestamp": pd.Timestamp(bench_leads.AS_OF) - pd.to_timedelta(seconds, unit="s"),
            "sentiment": mood.astype(object),
            "kind": np.array([k.value for k, _, _ in bench_leads.KINDS], dtype=object)[kind],
            "direction": np.array([d.value for _, d, _ in bench_leads.KINDS], dtype=object)[kind],
        }
    )
    return customers, interactions


def leads_polars(customers: Any, calls: Any) -> Any:
    """Hand-written polars: ``bench_leads.pandas_baseline``'s score and thresholds."""
    pl = _polars()
    p = ci.LeadPolicy()
    as_of = bench_leads.AS_OF
    rules = pl.DataFrame(
        {
            "kind": [r.kind.value for r in p.engagement_rules],
            "direction": [r.direction.value for r in p.engagement_rules],
            "points": [float(r.points) for r in p.engagement_rules],
            "half_life": [float(r.half_life_days) for r in p.engagement_rules],
        }
    )
    ev = (
        calls.lazy()
        .filter(pl.col("timestamp") <= as_of)
        .join(rules.lazy(), on=["kind", "direction"], how="left")
        .sort("timestamp")
    )
    inbound = ev.filter(pl.col("direction") == "inbound").select(
        "customer_id", answer=pl.col("timestamp")
    )
    answered = (
        ev.filter(pl.col("direction") == "outbound")
        .select("id", "customer_id", "timestamp")
        .join_asof(
            inbound,
            left_on="timestamp",
            right_on="answer",
            by="customer_id",
            strategy="forward",
            allow_exact_matches=False,
            check_sortedness=False,  # sorted by timestamp above, for every customer at once
        )
        .select(
            "id",
            answered=(pl.col("answer") <= pl.col("timestamp") + pl.duration(days=14)).fill_null(
                False
            ),
        )
    )
    age = (pl.lit(as_of) - pl.col("timestamp")).dt.total_microseconds() / 86_400e6
    base = (
        pl.when(pl.col("answered"))
        .then(pl.col("points").fill_null(0.0))
        .otherwise(pl.col("points") * p.unanswered_factor)
    )
    decayed = (
        pl.when(pl.col("sentiment") == "negative")
        .then(pl.lit(float(p.negative_points)))
        .otherwise(base * (0.5 ** (age / pl.col("half_life"))))
        .fill_null(0.0)
        .fill_nan(0.0)
    )
    events = ev.join(answered, on="id", how="left").with_columns(pl.col("answered").fill_null(True))
    engagement = events.group_by("customer_id").agg(engagement=decayed.sum())
    engaged = (
        events.filter((pl.col("direction") == "inbound") & (pl.col("sentiment") != "negative"))
        .select("customer_id")
        .unique()
        .with_columns(engaged=pl.lit(True))
    )
    points = {s.value: float(v) for s, v in p.source_points.items()}
    unconsented = (pl.col("source") == "purchased_list") & ~pl.col("consent")
    cold = [s.value for s in p.cold_until_engaged]
    score = (
        pl.when(unconsented)
        .then(pl.lit(float(p.unconsented_list_points)))
        .otherwise(pl.col("source").replace_strict(points, return_dtype=pl.Float64))
        + pl.col("engagement").fill_null(0.0)
    ).clip(0, 100)
    return (
        customers.lazy()
        .join(engagement, on="customer_id", how="left")
        .join(engaged, on="customer_id", how="left")
        .with_columns(score=score)
        .with_columns(
            temperature=pl.when(
                (unconsented | pl.col("source").is_in(cold)) & pl.col("engaged").is_null()
            )
            .then(pl.lit("cold"))
            .when(pl.col("score") >= p.qualified_threshold)
            .then(pl.lit("qualified"))
            .when(pl.col("score") >= p.warm_threshold)
            .then(pl.lit("warm"))
            .otherwise(pl.lit("cold"))
        )
        .select("customer_id", "score", "temperature")
        .collect()
    )


def leads_agree(library: Any, other: Any) -> str:
    """The largest score difference; the temperature where the score alone decides."""
    lib = _as_pandas(library)
    peer = _as_pandas(other).reindex(lib.index)
    gap = float((peer["score"] - lib["score"]).abs().max())
    plain = ~lib["reasons"].map(lambda codes: bench_leads._decided_otherwise(tuple(codes)))
    wrong = int((peer["temperature"] != lib["temperature"])[plain].sum())
    if gap < 1e-9 and wrong == 0:
        return "yes"
    return f"NO (|score diff| {gap:.1e}, {wrong:,} temperatures)"


# --- activity ------------------------------------------------------------------------------


def activity_base(size: int, seed: int, per_customer: int = 10) -> pd.DataFrame:
    """Interactions over two years to ``ACTIVITY_AS_OF``, 80% inbound, a customer per ten."""
    rng = np.random.default_rng(seed)
    customers = max(1, size // per_customer)
    seconds = rng.integers(0, 730 * 86400, size)
    return pd.DataFrame(
        {
            "id": "i-" + pd.Series(np.arange(size)).astype(str),
            "customer_id": "c-" + pd.Series(rng.integers(0, customers, size)).astype(str),
            "timestamp": pd.Timestamp(ACTIVITY_AS_OF) - pd.to_timedelta(seconds, unit="s"),
            "sentiment": rng.choice(["positive", "neutral", "negative"], size).astype(object),
            "kind": "purchase",
            "direction": np.where(rng.random(size) < 0.8, "inbound", "outbound").astype(object),
        }
    )


def activity_pandas(frame: pd.DataFrame) -> pd.DataFrame:
    """Hand-written pandas: BG/NBD summaries (whole UTC days) and the probability alive."""
    r, alpha, a, b = (ACTIVITY_MODEL.r, ACTIVITY_MODEL.alpha, ACTIVITY_MODEL.a, ACTIVITY_MODEL.b)
    as_of = pd.Timestamp(ACTIVITY_AS_OF)
    rows = frame[(frame["timestamp"] <= as_of) & (frame["direction"] == "inbound")]
    day = rows["timestamp"].dt.tz_convert("UTC").dt.floor("D")
    grouped = day.groupby(rows["customer_id"])
    first, last = grouped.min(), grouped.max()
    x = grouped.nunique() - 1
    recency = (last - first).dt.days.astype(float)
    age = (as_of.floor("D") - first).dt.days.astype(float)
    log_odds = (
        np.log(a) - np.log(b + x - 1) + (r + x) * (np.log(alpha + age) - np.log(alpha + recency))
    )
    alive = (1.0 / (1.0 + np.exp(log_odds))).where(x > 0, 1.0)
    return pd.DataFrame({"frequency": x, "recency": recency, "age": age, "p_alive": alive})


def activity_polars(frame: Any) -> Any:
    """The same summaries and probability alive, hand-written in polars."""
    pl = _polars()
    r, alpha, a, b = (ACTIVITY_MODEL.r, ACTIVITY_MODEL.alpha, ACTIVITY_MODEL.a, ACTIVITY_MODEL.b)
    as_of = ACTIVITY_AS_OF
    today = pl.lit(as_of).dt.truncate("1d")
    day = pl.col("timestamp").dt.convert_time_zone("UTC").dt.truncate("1d")
    x = pl.col("frequency")
    log_odds = (
        np.log(a)
        - (b + x - 1).log()
        + (r + x) * ((alpha + pl.col("age")).log() - (alpha + pl.col("recency")).log())
    )
    return (
        frame.lazy()
        .filter((pl.col("timestamp") <= as_of) & (pl.col("direction") == "inbound"))
        .group_by("customer_id")
        .agg(
            frequency=day.n_unique() - 1,
            recency=(day.max() - day.min()).dt.total_days().cast(pl.Float64),
            age=(today - day.min()).dt.total_days().cast(pl.Float64),
        )
        .with_columns(
            p_alive=pl.when(x > 0).then(1.0 / (1.0 + log_odds.exp())).otherwise(pl.lit(1.0))
        )
        .collect()
    )


def activity_agree(library: Any, other: Any) -> str:
    """The largest difference in the probability alive over the customers both paths score."""
    lib = _as_pandas(library)
    peer = _as_pandas(other)
    seen = lib[lib["status"] != "unseen"]
    if set(peer.index) != set(seen.index):
        return "NO (customers differ)"
    gap = float((peer["p_alive"].reindex(seen.index) - seen["p_alive"]).abs().max())
    return "yes" if gap < 1e-9 else f"NO (|p_alive diff| {gap:.1e})"


# --- morale ---------------------------------------------------------------------------------


def morale_agree(library: Any, other: Any) -> str:
    lib = _as_pandas(library)
    gap = float((other.reindex(lib.index) - lib["index"]).abs().max())
    return "yes" if gap < 1e-9 else f"NO (|diff| {gap:.1e})"


# --- the table ------------------------------------------------------------------------------


def _as_pandas(frame: Any) -> pd.DataFrame:
    if isinstance(frame, (pd.DataFrame, pd.Series)):
        return frame
    out: pd.DataFrame = frame.to_pandas()
    index = {"customer_id", "staff_id"} & set(out.columns)
    if index and not {"period_start", "month"} & set(out.columns):
        out = out.set_index(sorted(index)[0])
    return out


def _cell(value: Any) -> Any:
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, list):
        return tuple(value)
    if value is None or value is pd.NaT or value is pd.NA:
        return None
    if isinstance(value, float) and value != value:
        return None
    return value


def same_frames(library: pd.DataFrame, other: Any) -> str:
    """The library's pandas answer and its polars answer hold the same cells."""
    expected = library.reset_index()
    got = other.to_pandas()
    if list(got.columns) != list(expected.columns) or len(got) != len(expected):
        return "NO (layout differs)"
    wrong = [
        column
        for column in expected.columns
        if list(map(_cell, got[column].tolist())) != list(map(_cell, expected[column].tolist()))
    ]
    return "yes" if not wrong else f"NO ({', '.join(wrong[:3])})"


def shuffled(frame: pd.DataFrame, seed: int) -> pd.DataFrame:
    """The rows of ``frame`` in a seeded random order, labelled 0 to n - 1 again."""
    return frame.sample(frac=1.0, random_state=seed).reset_index(drop=True)


def engine_paths(
    engine: str, size: int, seed: int, shuffle: bool = False
) -> tuple[dict[str, Callable[[], Any]], Callable[[Any, Any], str]]:
    """The paths of one engine on one size (``frames/pandas`` first), and its agreement check.

    ``shuffle``: the interactions' rows in a random order (:func:`shuffled`),
    so that their ids no longer come in the order they were made.
    """
    pl = _polars()

    def rows(frame: pd.DataFrame) -> pd.DataFrame:
        return shuffled(frame, seed) if shuffle else frame

    paths: dict[str, Callable[[], Any]] = {}
    if engine == "recovery":
        frame = rows(bench_recovery.make_frame(size, 50, seed))
        polars_frame = to_polars(frame)
        paths["frames/pandas"] = partial(
            recovery_frame, frame, as_of=bench_recovery.AS_OF, policy=bench_recovery.POLICY
        )
        if polars_frame is not None:
            paths["frames/polars"] = partial(
                recovery_frame,
                polars_frame,
                as_of=bench_recovery.AS_OF,
                policy=bench_recovery.POLICY,
            )
        paths["pandas"] = partial(bench_recovery.baseline, frame)
        if polars_frame is not None:
            paths["polars"] = partial(recovery_polars, polars_frame)
        if _duckdb() is not None:
            paths["duckdb"] = partial(recovery_duckdb, frame)
        return paths, recovery_agree
    if engine == "satisfaction":
        frame = rows(bench_satisfaction.make_frame(size, seed))
        polars_frame = to_polars(frame)
        by, frequency = ("channel",), ci.Frequency.MONTH
        paths["frames/pandas"] = partial(satisfaction_frame, frame, by=by, frequency=frequency)
        if polars_frame is not None:
            paths["frames/polars"] = partial(
                satisfaction_frame, polars_frame, by=by, frequency=frequency
            )
        paths["pandas"] = partial(bench_satisfaction.pandas_baseline, frame)
        if pl is not None:
            paths["polars"] = partial(satisfaction_polars, polars_frame)
        return paths, satisfaction_agree
    if engine == "word_of_mouth":
        frame = rows(wom_frame(size, seed))
        polars_frame = to_polars(frame)
        paths["frames/pandas"] = partial(word_of_mouth_frame, frame)
        if polars_frame is not None:
            paths["frames/polars"] = partial(word_of_mouth_frame, polars_frame)
        paths["pandas"] = partial(wom_pandas, frame)
        if polars_frame is not None:
            paths["polars"] = partial(wom_polars, polars_frame)
        return paths, wom_agree
    if engine == "morale":
        staff, events = bench_morale.make_staff(max(2, size // 250), seed)
        staff_df = pd.DataFrame({"id": [m.id for m in staff], "team": [m.team for m in staff]})
        calls = rows(bench_morale.make_calls(size, len(staff), seed))
        events_df = bench_morale.events_frame(events)
        paths["frames/pandas"] = partial(
            morale_frame, staff_df, calls, events_df, as_of=bench_morale.AS_OF
        )
        if pl is not None:
            polars_calls = to_polars(calls)
            paths["frames/polars"] = partial(
                morale_frame,
                pl.from_pandas(staff_df),
                polars_calls,
                pl.from_pandas(events_df),
                as_of=bench_morale.AS_OF,
            )
        paths["pandas"] = partial(bench_morale.pandas_baseline, staff_df, calls, events_df)
        return paths, morale_agree
    if engine == "leads":
        people, calls = leads_frames(size, seed)
        calls = rows(calls)
        paths["frames/pandas"] = partial(leads_frame, people, calls, as_of=bench_leads.AS_OF)
        if pl is not None:
            paths["frames/polars"] = partial(
                leads_frame, pl.from_pandas(people), to_polars(calls), as_of=bench_leads.AS_OF
            )
        paths["pandas"] = partial(bench_leads.pandas_baseline, people, calls)
        if pl is not None:
            paths["polars"] = partial(leads_polars, pl.from_pandas(people), to_polars(calls))
        return paths, leads_agree
    if engine == "activity":
        frame = rows(activity_base(size, seed))
        scored = partial(activity_frame, as_of=ACTIVITY_AS_OF, model=ACTIVITY_MODEL)
        paths["frames/pandas"] = partial(scored, frame)
        polars_frame = to_polars(frame)
        if polars_frame is not None:
            paths["frames/polars"] = partial(scored, polars_frame)
        paths["pandas"] = partial(activity_pandas, frame)
        if polars_frame is not None:
            paths["polars"] = partial(activity_polars, polars_frame)
        return paths, activity_agree
    raise SystemExit(f"unknown engine {engine!r}: choose among {', '.join(ENGINES)}")


def run(engine: str, size: int, args: argparse.Namespace) -> list[dict[str, Any]]:
    paths, agree = engine_paths(engine, size, args.seed, args.shuffle)
    repeat = args.repeat if size <= 1_000_000 else args.repeat_large
    rows: list[dict[str, Any]] = []
    reference: Any = None
    for name, function in paths.items():
        try:
            seconds, answer = best_time(function, repeat)
        except Exception as exc:  # a path this input kind does not support yet
            rows.append({"path": name, "error": f"{type(exc).__name__}: {exc}"[:70]})
            continue
        if reference is None:
            reference = answer
        if name == "frames/pandas":
            check = "-"
        elif name.startswith("frames/"):
            check = same_frames(reference, answer)
        else:
            check = agree(reference, answer)
        measured = not args.no_memory and (not args.memory_paths or name in args.memory_paths)
        memory = peak_mib(engine, size, args.seed, name) if measured else float("nan")
        rows.append({"path": name, "seconds": seconds, "peak": memory, "agree": check})
    base = next(r["seconds"] for r in rows if r["path"] == "pandas")
    print(f"\n{engine}, {size:,} interactions (best of {repeat})")
    print(f"  {'path':<14} {'seconds':>9} {'x pandas':>9} {'peak MiB':>9}  agree")
    for row in rows:
        if "error" in row:
            print(f"  {row['path']:<14} {'-':>9} {'-':>9} {'-':>9}  {row['error']}")
            continue
        print(
            f"  {row['path']:<14} {row['seconds']:>9.3f} {row['seconds'] / base:>9.2f}"
            f" {row['peak']:>9.0f}  {row['agree']}"
        )
    return rows


PATH_NAMES = {
    "frames/pandas": "frames on pandas",
    "frames/polars": "frames on polars",
    "pandas": "pandas by hand",
    "polars": "polars by hand",
    "duckdb": "DuckDB SQL by hand",
}


def rst_table(tables: list[tuple[int, str, list[dict[str, Any]]]]) -> str:
    """The measured rows as the list-table the performance page shows."""
    lines = [".. list-table::", "   :header-rows: 1", ""]
    header = ("size", "engine", "path", "seconds", "x pandas", "peak MiB", "agree")
    lines += [f"   {'*' if i == 0 else ' '} - {name}" for i, name in enumerate(header)]
    for size, engine, rows in tables:
        base = next(r["seconds"] for r in rows if r["path"] == "pandas")
        for row in rows:
            if "error" in row:
                continue
            peak = "-" if row["peak"] != row["peak"] else f"{row['peak']:.0f}"
            agree = "(reference)" if row["agree"] == "-" else row["agree"]
            cells = (
                f"{size:,}",
                engine.replace("_", " "),
                PATH_NAMES.get(row["path"], row["path"]),
                f"{row['seconds']:.3f}",
                f"{row['seconds'] / base:.2f}",
                peak,
                agree,
            )
            lines += [f"   {'*' if i == 0 else ' '} - {cell}" for i, cell in enumerate(cells)]
    return "\n".join(lines)


def machine() -> str:
    """One line naming the machine and the versions measured."""
    versions = [f"python {platform.python_version()}", f"pandas {pd.__version__}"]
    for name in ("polars", "duckdb", "pyarrow"):
        try:
            module = __import__(name)
            versions.append(f"{name} {module.__version__}")
        except ImportError:
            versions.append(f"{name} absent")
    cpu = platform.processor() or platform.machine()
    try:
        names = [
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    except OSError:
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    try:
        import pyarrow as pa

        arrow = f"; pyarrow cores {pa.cpu_count()}"
    except ImportError:
        arrow = ""
    return (
        f"custinteract {ci.__version__}; {', '.join(versions)}; {cpu}, {os.cpu_count()} cores,"
        f" {platform.system()}; load average {load}{arrow}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1e5,1e6", help="comma-separated sizes (1e6 or 1000000)")
    parser.add_argument("--engines", default=",".join(ENGINES), help="comma-separated engines")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs (up to 1M)")
    parser.add_argument(
        "--repeat-large", type=int, default=1, help="best of this many runs (above 1M)"
    )
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-memory", action="store_true", help="skip the peak memory runs")
    parser.add_argument(
        "--memory-paths",
        type=lambda text: {p.strip() for p in text.split(",") if p.strip()},
        default=set(),
        help="measure peak memory for these paths only (frames/pandas,pandas)",
    )
    parser.add_argument(
        "--rst", action="store_true", help="also print the tables as an RST list-table"
    )
    parser.add_argument(
        "--arrow-cores",
        type=int,
        default=0,
        help="pyarrow.set_cpu_count for the run (1: the library's checks on the calling thread)",
    )
    parser.add_argument(
        "--shuffle",
        action="store_true",
        help="the interactions' rows in a random order (ids no longer in the order made)",
    )
    parser.add_argument("--peak", help=argparse.SUPPRESS)  # engine:size:seed:path, in a child
    args = parser.parse_args(argv)
    if args.arrow_cores:
        import pyarrow as pa

        pa.set_cpu_count(args.arrow_cores)
        CHILD_FLAGS[:] = ["--arrow-cores", str(args.arrow_cores)]
    if args.shuffle:
        CHILD_FLAGS.append("--shuffle")
    if args.peak:
        engine, size, seed, path = args.peak.split(":", 3)
        print(measure_peak(engine, int(size), int(seed), path, args.shuffle))
        return 0
    sizes = [int(float(s)) for s in args.sizes.split(",") if s.strip()]
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    print(machine())
    if args.shuffle:
        print("rows: in a random order (--shuffle), the ids not in the order they were made")
    print("seconds: best wall-clock; x pandas: time over the hand-written pandas time;")
    print("peak MiB: resident memory one call adds (fresh process); agree: same answer as frames")
    tables = [(size, engine, run(engine, size, args)) for size in sizes for engine in engines]
    if args.rst:
        print(rst_table(tables))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
