"""Benchmark the satisfaction engine: object path vs frames path vs a hand-written pandas baseline.

Run by hand (not collected by pytest)::

    python benchmarks/bench_satisfaction.py --sizes 10000 100000 [--dask 4]

For each size it builds a seeded synthetic base (``size`` interactions over
2025, six channels; a quarter each rated on CSAT, NPS and CES, a quarter
unrated), then computes satisfaction by channel and month three ways:

* ``objects``: :func:`custinteract.satisfaction_by` on model values,
* ``frames``: :func:`custinteract.frames.satisfaction_frame` on a pandas frame,
* ``pandas``: a hand-written pandas groupby computing CSAT, NPS and the CES
  mean (what a data scientist would write without the library: no intervals,
  no validation, no explanations),
* ``dask`` (with ``--dask N``): the frames path on a Dask frame of N
  partitions, synchronous scheduler.

It prints interactions per second (best of ``--repeat`` runs), peak traced
memory (tracemalloc, a separate run) and the ratio to the baseline, and
checks that the frames path equals the object path exactly and that the
baseline's CSAT, NPS and CES agree with the library's (a peer check).
"""

from __future__ import annotations

import argparse
import random
import time
import tracemalloc
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import numpy as np
import pandas as pd

import custinteract as ci
from custinteract.frames import interactions_to_frame, satisfaction_frame, satisfaction_to_frame

START = datetime(2025, 1, 1, tzinfo=timezone.utc)
CHANNELS = tuple(ci.Channel)
SCALES = (ci.RatingScale.CSAT, ci.RatingScale.NPS, ci.RatingScale.CES, None)


def make_base(size: int, seed: int) -> list[ci.Interaction]:
    """A seeded synthetic base over 2025 (satisfaction drifts by channel and month)."""
    rng = random.Random(seed)
    out = []
    for k in range(size):
        when = START + timedelta(seconds=rng.randrange(365 * 86400))
        channel = CHANNELS[rng.randrange(len(CHANNELS))]
        mood = 0.55 + 0.05 * CHANNELS.index(channel) - 0.02 * when.month + rng.uniform(-0.3, 0.3)
        mood = min(max(mood, 0.0), 0.999)
        scale = SCALES[rng.randrange(4)]
        rating = None
        if scale is not None:
            span = scale.high - scale.low + 1
            rating = ci.Rating(value=scale.low + int(mood * span), scale=scale)
            sentiment = rating.sentiment
        else:
            sentiment = (ci.Sentiment.NEGATIVE, ci.Sentiment.NEUTRAL, ci.Sentiment.POSITIVE)[
                min(int(mood * 3), 2)
            ]
        out.append(
            ci.Interaction(
                id=f"i-{k}",
                customer_id=f"c-{rng.randrange(max(1, size // 5))}",
                timestamp=when,
                sentiment=sentiment,
                channel=channel,
                rating=rating,
            )
        )
    return out


def pandas_baseline(frame: pd.DataFrame) -> pd.DataFrame:
    """CSAT, NPS and CES mean by channel and month, written directly in pandas."""
    month = frame["timestamp"].dt.tz_convert("UTC").dt.tz_localize(None).dt.to_period("M")
    work = pd.DataFrame(
        {
            "channel": frame["channel"],
            "month": month.dt.start_time,
            "scale": frame["rating_scale"],
            "value": frame["rating_value"].astype("float64"),
        }
    )
    keys = ["channel", "month"]
    csat = work[work["scale"] == "csat"]
    nps = work[work["scale"] == "nps"]
    ces = work[work["scale"] == "ces"]
    out = pd.DataFrame(
        {
            "csat": (csat["value"] >= 4).groupby([csat["channel"], csat["month"]]).mean(),
            "nps": (
                100.0
                * ((nps["value"] >= 9).astype(int) - (nps["value"] <= 6).astype(int))
                .groupby([nps["channel"], nps["month"]])
                .mean()
            ),
            "ces": ces.groupby(keys)["value"].mean(),
        }
    )
    out.index.names = keys
    return out


def best_time(function: Callable[[], Any], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def peak_memory(function: Callable[[], Any]) -> float:
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def peer_check(library: pd.DataFrame, baseline: pd.DataFrame) -> float:
    """Largest absolute difference between the baseline and the library (CSAT, NPS, CES)."""
    lib = library[["csat", "nps", "ces"]].copy()
    lib.index = pd.MultiIndex.from_arrays(
        [
            lib.index.get_level_values("channel"),
            lib.index.get_level_values("period_start").tz_convert("UTC").tz_localize(None),
        ],
        names=["channel", "month"],
    )
    joined = lib.join(baseline.add_suffix("_base"), how="outer")
    worst = 0.0
    for name in ("csat", "nps", "ces"):
        a = joined[name].to_numpy(dtype=float)
        b = joined[f"{name}_base"].to_numpy(dtype=float)
        if not np.array_equal(np.isnan(a), np.isnan(b)):
            return float("inf")
        both = ~np.isnan(a)
        if both.any():
            worst = max(worst, float(np.max(np.abs(a[both] - b[both]))))
    return worst


def run(size: int, seed: int, repeat: int, dask_partitions: int) -> None:
    interactions = make_base(size, seed)
    frame = interactions_to_frame(interactions)
    by, frequency = ("channel",), ci.Frequency.MONTH

    def objects() -> Any:
        return ci.satisfaction_by(interactions, by=by, frequency=frequency)

    def frames() -> Any:
        return satisfaction_frame(frame, by=by, frequency=frequency)

    def baseline() -> Any:
        return pandas_baseline(frame)

    paths: dict[str, Callable[[], Any]] = {"objects": objects, "frames": frames, "pandas": baseline}
    if dask_partitions:
        import dask
        import dask.dataframe as dd

        lazy = dd.from_pandas(frame, npartitions=dask_partitions)

        def on_dask() -> Any:
            with dask.config.set(scheduler="synchronous"):
                return satisfaction_frame(lazy, by=by, frequency=frequency)

        paths["dask"] = on_dask

    from_objects = satisfaction_to_frame(objects())
    from_frames = frames()
    pd.testing.assert_frame_equal(from_frames, from_objects)
    difference = peer_check(from_frames, baseline())

    times = {name: best_time(function, repeat) for name, function in paths.items()}
    memory = {name: peak_memory(function) for name, function in paths.items()}
    print(f"\n{size:,} interactions, by channel and month ({len(from_frames)} groups)")
    print(f"  {'path':<8} {'interactions/s':>15} {'seconds':>9} {'peak MiB':>9} {'x pandas':>9}")
    for name in paths:
        rate = size / times[name]
        ratio = times[name] / times["pandas"]
        print(f"  {name:<8} {rate:>15,.0f} {times[name]:>9.3f} {memory[name]:>9.1f} {ratio:>9.1f}")
    print("  frames == objects: exact")
    print(f"  peer check, largest |library - pandas| over CSAT, NPS, CES: {difference:.2e}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dask", type=int, default=0, metavar="PARTITIONS")
    arguments = parser.parse_args()
    for size in arguments.sizes:
        run(size, arguments.seed, arguments.repeat, arguments.dask)


if __name__ == "__main__":
    main()
