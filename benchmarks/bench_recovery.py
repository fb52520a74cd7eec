"""Benchmark of the recovery engine: object path, ledger, frames path and a pandas baseline.

Run by hand (not collected by pytest)::

    python benchmarks/bench_recovery.py                      # short run
    python benchmarks/bench_recovery.py --sizes 10000,100000,1000000,10000000

Data are seeded and synthetic: a time-ordered log of interactions spread over
customers (``--per-customer`` interactions each on average) over two years,
70% positive, 22% neutral, 8% negative, 0.2% cancellations, a gesture on one
negative in five. For each size the script prints interactions per second for

* ``object``: :func:`custinteract.assess_recoveries` on Interaction values
  (also on the same values shuffled, which forces the sort);
* ``ledger``: one :class:`custinteract.RecoveryLedger` per customer, recording
  every interaction, and its peak memory (tracemalloc);
* ``frames``: :func:`custinteract.frames.recovery_frame` on a DataFrame;
* ``baseline``: a hand-written pandas groupby cumsum/cummin giving only the
  positives owed per customer (no losses, no explanation);

then the ratios the issue asks for and how time grows with size. The object
path and ledger are skipped above ``--object-max`` interactions (building ten
million Interaction values alone needs several gigabytes).
"""

from __future__ import annotations

import argparse
import gc
import itertools
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import numpy as np
import pandas as pd

import custinteract as ci
from custinteract.frames import normalize_interactions, recovery_frame

T0 = datetime(2024, 1, 1, tzinfo=timezone.utc)
AS_OF = T0 + timedelta(days=730)
POLICIES = {
    # the default: activity judged with the base's gap measured over the batch
    "default": ci.RecoveryPolicy(),
    # a fixed base gap: ledgers (one customer each) and the batch agree exactly
    "fixed": ci.RecoveryPolicy(activity=ci.ActivityPolicy(base_gap_days=30)),
    # no activity: the cost of the recovery rules alone
    "off": ci.RecoveryPolicy(activity=None),
}
POLICY = POLICIES["default"]


def make_frame(size: int, per_customer: int, seed: int) -> pd.DataFrame:
    """A seeded, time-ordered interactions frame."""
    rng = np.random.default_rng(seed)
    customers = max(1, size // per_customer)
    seconds = np.sort(rng.integers(0, 730 * 86400, size))
    mood = rng.choice(["positive", "neutral", "negative"], size=size, p=[0.70, 0.22, 0.08])
    kind = np.where(rng.random(size) < 0.002, "cancellation", "support")
    gesture = np.where(
        (mood == "negative") & (rng.random(size) < 0.2),
        rng.choice(["apology", "discount_code", "refund"], size=size),
        None,
    )
    return pd.DataFrame(
        {
            "id": [f"i{n}" for n in range(size)],
            "customer_id": [f"c{n}" for n in rng.integers(0, customers, size)],
            "timestamp": pd.to_datetime(T0) + pd.to_timedelta(seconds, unit="s"),
            "sentiment": mood.astype(object),
            "kind": kind.astype(object),
            "gesture_kind": gesture,
        }
    )


def make_objects(frame: pd.DataFrame) -> list[ci.Interaction]:
    """The same interactions as values (built directly, quickly)."""
    sentiments = {s.value: s for s in ci.Sentiment}
    kinds = {k.value: k for k in ci.InteractionKind}
    gestures = {g.value: ci.RecoveryGesture(kind=g) for g in ci.GestureKind}
    stamps = [
        T0 + timedelta(seconds=int(s))
        for s in (frame["timestamp"] - pd.Timestamp(T0)).dt.total_seconds()
    ]
    return [
        ci.Interaction(
            id=i,
            customer_id=c,
            timestamp=t,
            sentiment=sentiments[s],
            kind=kinds[k],
            gesture=gestures.get(g) if isinstance(g, str) else None,
        )
        for i, c, t, s, k, g in zip(
            frame["id"],
            frame["customer_id"],
            stamps,
            frame["sentiment"],
            frame["kind"],
            frame["gesture_kind"],
            strict=True,
        )
    ]


def baseline(frame: pd.DataFrame, per: int = 6) -> pd.Series:
    """Hand-written pandas: Lindley debt per customer from groupby cumsum/cummin."""
    df = frame[frame["timestamp"] <= AS_OF].sort_values(["customer_id", "timestamp", "id"])
    x = np.where(df["sentiment"] == "negative", per, np.where(df["sentiment"] == "positive", -1, 0))
    step = pd.Series(x, index=df.index)
    keys = df["customer_id"]
    cum = step.groupby(keys, sort=False).cumsum()
    low = cum.groupby(keys, sort=False).cummin()
    debt = cum - np.minimum(0, low)
    return debt.groupby(keys, sort=False).last()


def ledgers(items: list[ci.Interaction]) -> dict[str, ci.RecoveryLedger]:
    """One ledger per customer, every interaction recorded in order."""
    books: dict[str, ci.RecoveryLedger] = {}
    empty = ci.RecoveryLedger(policy=POLICY)
    for interaction in items:
        books[interaction.customer_id] = books.get(interaction.customer_id, empty).record(
            interaction
        )
    return books


CLOCK: Callable[[], float] = time.process_time


def timed(function: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """Best of ``repeat`` runs on CLOCK (CPU time by default: other processes do not count)."""
    best = float("inf")
    result = None
    for _ in range(repeat):
        gc.collect()
        start = CLOCK()
        result = function()
        best = min(best, CLOCK() - start)
    return best, result


def peak_memory(function: Callable[[], Any]) -> tuple[int, Any]:
    gc.collect()
    tracemalloc.start()
    result = function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak, result


def ledger_memory(seed: int, customers: int = 1_000) -> None:
    """Ledgers for a fixed number of customers: memory must not grow with interactions."""
    for size in (10_000, 100_000):
        items = make_objects(make_frame(size, size // customers, seed))
        peak, books = peak_memory(lambda i=items: ledgers(i))
        print(
            f"ledgers for {len(books):,} customers after {size:,} interactions:"
            f" peak {peak / 2**20:,.2f} MiB ({peak / len(books):,.0f} B per customer)"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="10000,100000", help="comma-separated interaction counts"
    )
    parser.add_argument("--per-customer", type=int, default=50, help="interactions per customer")
    parser.add_argument(
        "--object-max", type=int, default=1_000_000, help="largest size for objects"
    )
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--activity",
        choices=sorted(POLICIES),
        default="default",
        help="activity rules: default, fixed (ledgers equal the batch), off",
    )
    parser.add_argument("--wall", action="store_true", help="wall-clock time instead of CPU time")
    args = parser.parse_args(argv)
    global CLOCK, POLICY
    CLOCK = time.perf_counter if args.wall else time.process_time
    POLICY = POLICIES[args.activity]
    sizes = [int(s) for s in args.sizes.split(",")]
    print(f"python {sys.version.split()[0]}, pandas {pd.__version__}, numpy {np.__version__}")
    clock = "wall-clock" if args.wall else "CPU"
    print(f"{args.per_customer} interactions per customer; best of {args.repeat}; {clock} time")
    results: dict[int, dict[str, float]] = {}
    for size in sizes:
        frame = make_frame(size, args.per_customer, args.seed)
        row: dict[str, float] = {}
        repeat = args.repeat if size <= 1_000_000 else 1
        row["frames"], got = timed(
            lambda f=frame: recovery_frame(f, as_of=AS_OF, policy=POLICY), repeat
        )
        row["baseline"], base = timed(lambda f=frame: baseline(f), repeat)
        row["validation"], _ = timed(lambda f=frame: normalize_interactions(f), repeat)
        if not (
            got["positives_needed"].sort_index() == np.ceil(base.sort_index()).astype(int)
        ).all():
            print("  (baseline ignores losses; positives owed agree only where nobody was lost)")
        if size <= args.object_max:
            items = make_objects(frame)
            row["object"], assessed = timed(
                lambda i=items: ci.assess_recoveries(i, as_of=AS_OF, policy=POLICY), repeat
            )
            shuffled = items[:]
            random.Random(args.seed).shuffle(shuffled)
            row["object_shuffled"], _ = timed(
                lambda i=shuffled: ci.assess_recoveries(i, as_of=AS_OF, policy=POLICY), repeat
            )
            row["ledger"], books = timed(lambda i=items: ledgers(i), repeat)
            same = all(books[k].assess(AS_OF) == v for k, v in assessed.items())
            row["ledger_peak_bytes"], _ = peak_memory(lambda i=items: ledgers(i))
            row["customers"] = len(books)
            note = " (ledgers measure the base's gap on their one customer)" * (
                args.activity == "default"
            )
            print(f"  ledger assessments equal the batch: {same}{note}")
            del items, shuffled, books, assessed
        results[size] = row
        rates = ", ".join(
            f"{name} {size / seconds:,.0f}/s"
            for name, seconds in row.items()
            if name in ("object", "object_shuffled", "ledger", "frames", "baseline")
        )
        print(f"{size:>11,} interactions: {rates}")
        if "ledger_peak_bytes" in row:
            print(
                f"{'':>13} ledger peak memory {row['ledger_peak_bytes'] / 2**20:,.1f} MiB"
                f" for {int(row['customers']):,} customers"
                f" ({row['ledger_peak_bytes'] / row['customers']:,.0f} B per customer,"
                f" {row['ledger_peak_bytes'] / size:,.0f} B per interaction)"
            )
        engine = row["frames"] - row["validation"]
        print(
            f"{'':>13} frames: {row['validation'] / row['frames']:.0%} of the time is"
            f" normalize_interactions (validation); the rest runs at {size / engine:,.0f}/s"
        )
        print(
            f"{'':>13} frames/baseline time {row['frames'] / row['baseline']:.2f}"
            f" (without validation {engine / row['baseline']:.2f})"
        )
        if "object" in row:
            print(
                f"{'':>13} frames/object speed-up {row['object'] / row['frames']:.1f}x"
                f" (without validation {row['object'] / engine:.1f}x)"
            )
    ledger_memory(args.seed)
    for small, large in itertools.pairwise(sizes):
        factor = large / small
        growth = ", ".join(
            f"{name} x{results[large][name] / results[small][name]:.1f}"
            for name in ("object", "ledger", "frames", "baseline")
            if name in results[small] and name in results[large]
        )
        print(f"{small:,} -> {large:,} (x{factor:g} data): time {growth}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
