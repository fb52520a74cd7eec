"""Benchmark the morale engine: object path vs frames path vs a hand-written pandas baseline.

Run by hand (not collected by pytest)::

    python benchmarks/bench_morale.py                                   # 10k and 50k
    python benchmarks/bench_morale.py --sizes 10000,100000,1000000,10000000 --staff-per 250

For each size it builds a seeded synthetic base (``size`` interactions over
``size / staff-per`` staff members in four teams, as a DataFrame, plus staff
events), then times

* ``objects``: :func:`custinteract.assess_team_morale` on model values built
  from the same rows; skipped above ``--object-max`` interactions (default
  1,000,000: ten million Interaction values alone need several gigabytes);
* ``frames``: :func:`custinteract.frames.morale_frame` on pandas frames;
* ``pandas``: a hand-written, fully vectorised pandas version of the same rule
  (what a data scientist would write without the library),

and prints, per path, the best time of ``--repeat`` runs, interactions per
second, peak traced memory (tracemalloc, in a separate run: allocations made
by the call, not its input) and the ratio to the baseline, then the
frames/objects speed-up. It checks that the frames path equals the object
path exactly and reports the largest difference between the baseline's index
and the library's (a peer check: the baseline is an independent
implementation). At the end it prints how each path's time grows between
consecutive sizes.
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

import custinteract as ci
from custinteract.frames import morale_assessments_to_frame, morale_frame

AS_OF = datetime(2026, 6, 1, tzinfo=timezone.utc)
TEAMS = ("support", "billing", "sales", "success")
SENTIMENTS = np.array([s.value for s in ci.Sentiment], dtype=object)


def make_staff(n_staff: int, seed: int) -> tuple[list[ci.StaffMember], list[ci.StaffEvent]]:
    """Seeded staff in four teams and their events over 120 days (at most 8 each)."""
    rng = random.Random(seed)
    staff = [
        ci.StaffMember(
            id=f"s-{k}", name=f"N{k}", hired=AS_OF - timedelta(days=900), team=TEAMS[k % 4]
        )
        for k in range(n_staff)
    ]
    events = []
    kinds = (
        ci.StaffEventKind.RECOGNITION,
        ci.StaffEventKind.REWARD,
        ci.StaffEventKind.ONE_TO_ONE,
        ci.StaffEventKind.CONCERN_RAISED,
    )
    for member in staff:
        for j in range(rng.randrange(8)):
            kind = rng.choice(kinds)
            stamp = AS_OF - timedelta(seconds=rng.randrange(120 * 86400))
            events.append(
                ci.StaffEvent(
                    id=f"e-{member.id}-{j}", staff_id=member.id, kind=kind, timestamp=stamp
                )
            )
            if kind is ci.StaffEventKind.CONCERN_RAISED and rng.random() < 0.5:
                events.append(
                    ci.StaffEvent(
                        id=f"e-{member.id}-{j}-r",
                        staff_id=member.id,
                        kind=ci.StaffEventKind.CONCERN_RESOLVED,
                        timestamp=stamp + timedelta(seconds=rng.randrange(1, 20 * 86400)),
                        resolves=f"e-{member.id}-{j}",
                    )
                )
    return staff, events


def make_calls(size: int, n_staff: int, seed: int) -> pd.DataFrame:
    """Seeded interactions over the 60 days before AS_OF, vectorised; negative rate per member."""
    rng = np.random.default_rng(seed)
    who = rng.integers(0, n_staff, size)
    negative_rate = rng.uniform(0.05, 0.45, n_staff)
    negative = rng.random(size) < negative_rate[who]
    other = np.where(
        rng.random(size) < 0.5, ci.Sentiment.POSITIVE.value, ci.Sentiment.NEUTRAL.value
    )
    seconds = rng.integers(0, 60 * 86400, size)
    frame: pd.DataFrame = pd.DataFrame(
        {
            "id": "i-" + pd.Series(np.arange(size)).astype(str),
            "customer_id": "c-" + pd.Series(rng.integers(0, size // 3 + 1, size)).astype(str),
            "staff_id": "s-" + pd.Series(who).astype(str),
            "timestamp": pd.Timestamp(AS_OF) - pd.to_timedelta(seconds, unit="s"),
            "sentiment": np.where(negative, ci.Sentiment.NEGATIVE.value, other).astype(object),
        }
    )
    return frame


def make_objects(calls: pd.DataFrame) -> list[ci.Interaction]:
    """The same rows as Interaction values."""
    sentiments = {s.value: s for s in ci.Sentiment}
    stamps = [
        AS_OF - timedelta(microseconds=int(us))
        for us in (pd.Timestamp(AS_OF) - calls["timestamp"]) // pd.Timedelta(microseconds=1)
    ]
    return [
        ci.Interaction(id=i, customer_id=c, staff_id=s, timestamp=t, sentiment=sentiments[m])
        for i, c, s, t, m in zip(
            calls["id"],
            calls["customer_id"],
            calls["staff_id"],
            stamps,
            calls["sentiment"],
            strict=True,
        )
    ]


def events_frame(events: list[ci.StaffEvent]) -> pd.DataFrame:
    """Staff events as a frame."""
    frame: pd.DataFrame = pd.DataFrame(
        {
            "id": [e.id for e in events],
            "staff_id": [e.staff_id for e in events],
            "timestamp": pd.to_datetime([e.timestamp for e in events], utc=True),
            "kind": [e.kind.value for e in events],
            "resolves": [e.resolves for e in events],
        }
    )
    return frame


def pandas_baseline(staff: pd.DataFrame, calls: pd.DataFrame, events: pd.DataFrame) -> pd.Series:
    """The default MoralePolicy rule written directly in pandas (independent of the library)."""
    p = ci.MoralePolicy()
    as_of = pd.Timestamp(AS_OF)
    inside = calls[
        (calls["timestamp"] >= as_of - pd.Timedelta(days=30)) & (calls["timestamp"] <= as_of)
    ]
    grouped = inside.assign(neg=inside["sentiment"] == "negative").groupby("staff_id")["neg"]
    out = staff.set_index("id")[["team"]].copy()
    out["handled"] = grouped.size().reindex(out.index, fill_value=0)
    out["negatives"] = grouped.sum().reindex(out.index, fill_value=0)
    share = (out["negatives"] / out["handled"].where(out["handled"] > 0)).fillna(0.0)
    ev = events[events["timestamp"] <= as_of]
    age = (as_of - ev["timestamp"]).dt.total_seconds() / 86400.0
    weight = np.power(0.5, age / 30.0)
    recog = (
        (weight * (ev["kind"] == "recognition"))
        .groupby(ev["staff_id"])
        .sum()
        .reindex(out.index, fill_value=0)
    )
    reward = (
        (weight * (ev["kind"] == "reward"))
        .groupby(ev["staff_id"])
        .sum()
        .reindex(out.index, fill_value=0)
    )
    rec_points = recog * p.recognition_points + reward * p.reward_points
    rec_points = rec_points.clip(upper=p.recognition_cap)
    voice = ev["timestamp"] >= as_of - pd.Timedelta(days=90)  # both ends included
    one = (
        (voice & (ev["kind"] == "one_to_one"))
        .groupby(ev["staff_id"])
        .sum()
        .reindex(out.index, fill_value=0)
    )
    resolved = (
        (voice & (ev["kind"] == "concern_resolved"))
        .groupby(ev["staff_id"])
        .sum()
        .reindex(out.index, fill_value=0)
    )
    raised_all = (
        (ev["kind"] == "concern_raised")
        .groupby(ev["staff_id"])
        .sum()
        .reindex(out.index, fill_value=0)
    )
    resolved_all = (
        (ev["kind"] == "concern_resolved")
        .groupby(ev["staff_id"])
        .sum()
        .reindex(out.index, fill_value=0)
    )
    open_concerns = raised_all - resolved_all
    median = out.groupby("team")["handled"].transform("median")
    excess = out["handled"] / median.clip(lower=1.0) - 1.0 - p.workload_tolerance
    workload = (p.workload_points * excess.clip(lower=0)).clip(upper=p.workload_cap)
    index = (
        p.baseline
        - p.negative_share_points * share
        - (p.negative_count_points * out["negatives"]).clip(upper=p.negative_count_cap)
        + rec_points
        + (p.one_to_one_points * one).clip(upper=p.one_to_one_cap)
        + p.concern_resolved_points * resolved
        - (p.concern_open_points * open_concerns).clip(upper=p.concern_open_cap)
        - workload
    )
    clipped: pd.Series = index.clip(0, 100)
    return clipped


def measure(function: Callable[[], Any], repeat: int) -> tuple[float, int, Any]:
    """Best wall-clock seconds of ``repeat`` untraced calls, peak traced bytes of one more, the result.

    Timing and memory are taken in separate calls because tracemalloc slows
    Python code down several times.
    """
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    result = function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,50000", help="comma-separated interaction counts")
    parser.add_argument("--staff-per", type=int, default=250, help="interactions per staff member")
    parser.add_argument(
        "--object-max",
        type=int,
        default=1_000_000,
        help="largest size for the object path (default 1,000,000)",
    )
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per path (best is kept)")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    print(
        f"custinteract {ci.__version__}, python {sys.version.split()[0]}, pandas {pd.__version__};"
        f" as_of {AS_OF.date()}; best of {args.repeat}, wall-clock"
    )
    header = (
        f"{'size':>11} {'staff':>7} {'path':>8} {'seconds':>9} {'inter/s':>11}"
        f" {'peak MiB':>9} {'x pandas':>9}"
    )
    print(header)
    print("-" * len(header))
    times: dict[int, dict[str, float]] = {}
    for size in sizes:
        staff, events = make_staff(max(2, size // args.staff_per), args.seed)
        staff_df = pd.DataFrame({"id": [m.id for m in staff], "team": [m.team for m in staff]})
        calls_df = make_calls(size, len(staff), args.seed)
        events_df = events_frame(events)
        repeat = args.repeat if size <= 1_000_000 else 1
        runs: dict[str, Callable[[], Any]] = {}
        if size <= args.object_max:
            interactions = make_objects(calls_df)
            runs["objects"] = partial(
                ci.assess_team_morale, staff, interactions, as_of=AS_OF, events=events
            )
        runs["frames"] = partial(morale_frame, staff_df, calls_df, events_df, as_of=AS_OF)
        runs["pandas"] = partial(pandas_baseline, staff_df, calls_df, events_df)
        results = {name: measure(run, repeat) for name, run in runs.items()}
        times[size] = {name: seconds for name, (seconds, _, _) in results.items()}
        base_seconds = results["pandas"][0]
        for name, (seconds, peak, _) in results.items():
            print(
                f"{size:>11,} {len(staff):>7,} {name:>8} {seconds:>9.3f} {size / seconds:>11,.0f}"
                f" {peak / 2**20:>9.1f} {seconds / base_seconds:>9.1f}"
            )
        frame = results["frames"][2]
        gap = (results["pandas"][2] - frame["index"]).abs().max()
        if "objects" in results:
            team = results["objects"][2]
            pd.testing.assert_frame_equal(
                frame, morale_assessments_to_frame(team.members), check_exact=True
            )
            speed_up = results["objects"][0] / results["frames"][0]
            print(f"{'':>11} frames == objects exactly; frames/objects speed-up {speed_up:.1f}x")
        else:
            print(f"{'':>11} objects skipped (above --object-max {args.object_max:,})")
        print(f"{'':>11} largest |pandas baseline - library| index gap: {gap:.2e}")
    if len(sizes) > 1:
        print("\ntime growth between consecutive sizes")
    for small, large in itertools.pairwise(sizes):
        growth = ", ".join(
            f"{name} x{times[large][name] / times[small][name]:.1f}"
            for name in times[small]
            if name in times[large]
        )
        print(f"  {small:,} -> {large:,} (x{large / small:g} data): {growth}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
