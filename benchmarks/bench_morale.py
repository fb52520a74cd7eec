"""Benchmark the morale engine: object path vs frames path vs a hand-written pandas baseline.

Run by hand (not collected by pytest)::

    python benchmarks/bench_morale.py --sizes 10000 100000 --staff-per 250

For each size it builds a seeded synthetic base (``size`` interactions over
``size / staff-per`` staff members in four teams, plus staff events), then
times

* ``objects``: :func:`custinteract.assess_team_morale` on model values,
* ``frames``: :func:`custinteract.frames.morale_frame` on pandas frames,
* ``pandas``: a hand-written, fully vectorised pandas version of the same rule
  (what a data scientist would write without the library),

and prints interactions per second, peak traced memory (tracemalloc) and the
ratios to the baseline. It also checks that the frames path equals the object
path exactly and reports the largest difference between the baseline's index
and the library's (a peer check: the baseline is an independent implementation).
"""

from __future__ import annotations

import argparse
import random
import time
import tracemalloc
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

import custinteract as ci
from custinteract.frames import assessments_to_frame, interactions_to_frame, morale_frame

AS_OF = datetime(2026, 6, 1, tzinfo=timezone.utc)
TEAMS = ("support", "billing", "sales", "success")


def make_base(
    size: int, staff_per: int, seed: int
) -> tuple[list[ci.StaffMember], list[ci.Interaction], list[ci.StaffEvent]]:
    """A seeded synthetic base: staff, interactions over 60 days, events over 120."""
    rng = random.Random(seed)
    n_staff = max(2, size // staff_per)
    staff = [
        ci.StaffMember(
            id=f"s-{k}", name=f"N{k}", hired=AS_OF - timedelta(days=900), team=TEAMS[k % 4]
        )
        for k in range(n_staff)
    ]
    negative_rate = [rng.uniform(0.05, 0.45) for _ in staff]
    interactions = []
    for k in range(size):
        who = rng.randrange(n_staff)
        interactions.append(
            ci.Interaction(
                id=f"i-{k}",
                customer_id=f"c-{rng.randrange(size // 3 + 1)}",
                staff_id=f"s-{who}",
                timestamp=AS_OF - timedelta(seconds=rng.randrange(60 * 86400)),
                sentiment=ci.Sentiment.NEGATIVE
                if rng.random() < negative_rate[who]
                else rng.choice((ci.Sentiment.POSITIVE, ci.Sentiment.NEUTRAL)),
            )
        )
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
    return staff, interactions, events


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
        (calls["timestamp"] > as_of - pd.Timedelta(days=30)) & (calls["timestamp"] <= as_of)
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
    voice = ev["timestamp"] > as_of - pd.Timedelta(days=90)
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--staff-per", type=int, default=250, help="interactions per staff member")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per path (best is kept)")
    args = parser.parse_args()
    print(f"custinteract {ci.__version__}, pandas {pd.__version__}; as_of {AS_OF.date()}")
    header = f"{'size':>9} {'staff':>6} {'path':>8} {'seconds':>9} {'inter/s':>11} {'peak MiB':>9} {'x pandas':>9}"
    print(header)
    print("-" * len(header))
    for size in args.sizes:
        staff, interactions, events = make_base(size, args.staff_per, args.seed)
        staff_df = pd.DataFrame({"id": [m.id for m in staff], "team": [m.team for m in staff]})
        calls_df = interactions_to_frame(interactions)
        events_df = events_frame(events)
        runs: dict[str, Callable[[], Any]] = {
            "objects": partial(
                ci.assess_team_morale, staff, interactions, as_of=AS_OF, events=events
            ),
            "frames": partial(morale_frame, staff_df, calls_df, events_df, as_of=AS_OF),
            "pandas": partial(pandas_baseline, staff_df, calls_df, events_df),
        }
        results = {name: measure(run, args.repeat) for name, run in runs.items()}
        base_seconds = results["pandas"][0]
        for name, (seconds, peak, _) in results.items():
            print(
                f"{size:>9} {len(staff):>6} {name:>8} {seconds:>9.3f} {size / seconds:>11,.0f}"
                f" {peak / 2**20:>9.1f} {seconds / base_seconds:>9.1f}"
            )
        team = results["objects"][2]
        frame = results["frames"][2]
        pd.testing.assert_frame_equal(frame, assessments_to_frame(team.members), check_exact=True)
        gap = (results["pandas"][2] - frame["index"]).abs().max()
        print(
            f"{'':>9} frames == objects exactly; largest |pandas baseline - library| index gap: {gap:.2e}"
        )


if __name__ == "__main__":
    main()
