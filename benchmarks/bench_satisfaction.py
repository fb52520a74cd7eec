"""Benchmark the satisfaction engine: object path vs frames path vs a hand-written pandas baseline.

Run by hand (not collected by pytest)::

    python benchmarks/bench_satisfaction.py                          # 10k and 100k
    python benchmarks/bench_satisfaction.py --sizes 10000,100000,1000000,10000000 --dask 4

For each size it builds a seeded synthetic base (``size`` interactions over
2025, six channels; a quarter each rated on CSAT, NPS and CES, a quarter
unrated) directly as a DataFrame, then computes satisfaction by channel and
month:

* ``objects``: :func:`custinteract.satisfaction_by` on model values built
  from the same rows; skipped above ``--object-max`` interactions (default
  1,000,000: ten million Interaction values alone need several gigabytes);
* ``frames``: :func:`custinteract.frames.satisfaction_frame` on the frame;
* ``pandas``: a hand-written pandas groupby computing CSAT, NPS and the CES
  mean (what a data scientist would write without the library: no intervals,
  no validation, no explanations);
* ``dask`` (with ``--dask N``): the frames path on a Dask frame of N
  partitions, synchronous scheduler.

Per size it prints, for each path, the best time of ``--repeat`` runs,
interactions per second, peak traced memory (tracemalloc, in a separate run:
allocations made by the call, not its input) and the ratio to the baseline;
then the frames/objects speed-up. It checks that the frames path equals the
object path exactly and that the baseline's CSAT, NPS and CES agree with the
library's (a peer check). At the end it prints how each path's time grows
between consecutive sizes.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import numpy as np
import pandas as pd

import custinteract as ci
from custinteract.frames import satisfaction_frame, satisfaction_to_frame

START = datetime(2025, 1, 1, tzinfo=timezone.utc)
CHANNELS = tuple(channel.value for channel in ci.Channel)
SCALES = (ci.RatingScale.CSAT, ci.RatingScale.NPS, ci.RatingScale.CES)


def make_frame(size: int, seed: int) -> pd.DataFrame:
    """A seeded synthetic base over 2025 (satisfaction drifts by channel and month), vectorised."""
    rng = np.random.default_rng(seed)
    seconds = rng.integers(0, 365 * 86400, size)
    stamps = pd.to_datetime(START) + pd.to_timedelta(seconds, unit="s")
    channel = rng.integers(0, len(CHANNELS), size)
    mood = 0.55 + 0.05 * channel - 0.02 * stamps.month.to_numpy() + rng.uniform(-0.3, 0.3, size)
    mood = np.clip(mood, 0.0, 0.999)
    scale = rng.integers(0, len(SCALES) + 1, size)  # len(SCALES): unrated
    values = pd.array([None] * size, dtype="Int64")
    scales = np.full(size, None, dtype=object)
    sentiments = np.array(
        [ci.Sentiment.NEGATIVE.value, ci.Sentiment.NEUTRAL.value, ci.Sentiment.POSITIVE.value],
        dtype=object,
    )[np.minimum((mood * 3).astype(int), 2)]
    for position, rating_scale in enumerate(SCALES):
        rows = scale == position
        span = rating_scale.high - rating_scale.low + 1
        value = rating_scale.low + (mood[rows] * span).astype(int)
        values[rows] = value
        scales[rows] = rating_scale.value
        felt = {
            v: ci.sentiment_from_rating(v, rating_scale).value
            for v in range(rating_scale.low, rating_scale.high + 1)
        }
        sentiments[rows] = [felt[int(v)] for v in value]
    frame: pd.DataFrame = pd.DataFrame(
        {
            "id": "i-" + pd.Series(np.arange(size)).astype(str),
            "customer_id": "c-" + pd.Series(rng.integers(0, max(1, size // 5), size)).astype(str),
            "timestamp": stamps,
            "sentiment": sentiments,
            "channel": np.array(CHANNELS, dtype=object)[channel],
            "rating_value": values,
            "rating_scale": scales,
        }
    )
    return frame


def make_objects(frame: pd.DataFrame) -> list[ci.Interaction]:
    """The same rows as Interaction values."""
    sentiments = {s.value: s for s in ci.Sentiment}
    channels = {c.value: c for c in ci.Channel}
    scales = {s.value: s for s in ci.RatingScale}
    stamps = [
        START + timedelta(microseconds=int(us))
        for us in (frame["timestamp"] - pd.Timestamp(START)) // pd.Timedelta(microseconds=1)
    ]
    return [
        ci.Interaction(
            id=i,
            customer_id=c,
            timestamp=t,
            sentiment=sentiments[s],
            channel=channels[ch],
            rating=None if pd.isna(sc) else ci.Rating(value=int(v), scale=scales[sc]),
        )
        for i, c, t, s, ch, v, sc in zip(
            frame["id"],
            frame["customer_id"],
            stamps,
            frame["sentiment"],
            frame["channel"],
            frame["rating_value"],
            frame["rating_scale"],
            strict=True,
        )
    ]


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
    out: pd.DataFrame = pd.DataFrame(
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
    """Best wall-clock seconds of ``repeat`` untraced calls."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def peak_memory(function: Callable[[], Any]) -> float:
    """Peak MiB traced during one call (tracemalloc slows Python code, so never timed)."""
    gc.collect()
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


def run(size: int, args: argparse.Namespace) -> dict[str, float]:
    """Time every path on one size; print its table; return seconds per path."""
    frame = make_frame(size, args.seed)
    by, frequency = ("channel",), ci.Frequency.MONTH
    repeat = args.repeat if size <= 1_000_000 else 1

    def frames() -> Any:
        return satisfaction_frame(frame, by=by, frequency=frequency)

    def baseline() -> Any:
        return pandas_baseline(frame)

    paths: dict[str, Callable[[], Any]] = {"frames": frames, "pandas": baseline}
    from_frames = frames()
    checks = [
        "peer check, largest |library - pandas| over CSAT, NPS, CES:"
        f" {peer_check(from_frames, baseline()):.2e}"
    ]
    if size <= args.object_max:
        interactions = make_objects(frame)

        def objects() -> Any:
            return ci.satisfaction_by(interactions, by=by, frequency=frequency)

        paths = {"objects": objects, **paths}
        pd.testing.assert_frame_equal(from_frames, satisfaction_to_frame(objects()))
        checks.insert(0, "frames == objects: exact")
    else:
        checks.insert(0, f"objects skipped (above --object-max {args.object_max:,})")
    if args.dask:
        import dask
        import dask.dataframe as dd

        lazy = dd.from_pandas(frame, npartitions=args.dask)  # type: ignore[no-untyped-call]

        def on_dask() -> Any:
            with dask.config.set(scheduler="synchronous"):
                return satisfaction_frame(lazy, by=by, frequency=frequency)

        paths["dask"] = on_dask
    times = {name: best_time(function, repeat) for name, function in paths.items()}
    memory = {name: peak_memory(function) for name, function in paths.items()}
    print(f"\n{size:,} interactions, by channel and month ({len(from_frames)} groups)")
    print(f"  {'path':<8} {'seconds':>9} {'interactions/s':>15} {'peak MiB':>9} {'x pandas':>9}")
    for name in paths:
        print(
            f"  {name:<8} {times[name]:>9.3f} {size / times[name]:>15,.0f}"
            f" {memory[name]:>9.1f} {times[name] / times['pandas']:>9.1f}"
        )
    if "objects" in times:
        print(f"  frames/objects speed-up: {times['objects'] / times['frames']:.1f}x")
    for line in checks:
        print(f"  {line}")
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default="10000,100000", help="comma-separated interaction counts"
    )
    parser.add_argument(
        "--object-max",
        type=int,
        default=1_000_000,
        help="largest size for the object path (default 1,000,000)",
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--dask", type=int, default=0, metavar="PARTITIONS")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    print(
        f"custinteract {ci.__version__}, python {sys.version.split()[0]},"
        f" pandas {pd.__version__}, numpy {np.__version__}; best of {args.repeat}, wall-clock"
    )
    results = {size: run(size, args) for size in sizes}
    if len(sizes) > 1:
        print("\ntime growth between consecutive sizes")
    for small, large in itertools.pairwise(sizes):
        growth = ", ".join(
            f"{name} x{results[large][name] / results[small][name]:.1f}"
            for name in results[small]
            if name in results[large]
        )
        print(f"  {small:,} -> {large:,} (x{large / small:g} data): {growth}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
