"""Benchmark the shared first step of every frames engine: reading and checking the interactions.

Run by hand (not collected by pytest)::

    python benchmarks/bench_normalize.py                      # 1,000,000 interactions
    python benchmarks/bench_normalize.py --sizes 1e6,1e7

For each size it builds the seeded synthetic bases of the satisfaction and
recovery benchmarks (``bench_satisfaction.make_frame``,
``bench_recovery.make_frame``: string ids, aware timestamps, some optional
columns absent) and prints, per base:

* ``normalize``: :func:`custinteract.frames.normalize_interactions`, best
  wall-clock time of ``--repeat`` calls, and the peak resident memory one
  call adds, measured in a fresh process (Linux; elsewhere the peak traced by
  tracemalloc);
* ``ids unique``: the library's exact check that the ids are distinct beside
  pandas' ``Series.is_unique`` on the same column, the one cost that no
  reading of the columns avoids.
"""

from __future__ import annotations

import argparse
import gc
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_recovery
import bench_satisfaction

from custinteract._columns import ids_unique
from custinteract.frames import normalize_interactions

BASES: dict[str, Callable[[int, int], pd.DataFrame]] = {
    "satisfaction": lambda size, seed: bench_satisfaction.make_frame(size, seed),
    "recovery": lambda size, seed: bench_recovery.make_frame(size, 50, seed),
}


def best_time(function: Callable[[], Any], repeat: int) -> float:
    """Best wall-clock seconds of ``repeat`` calls."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        started = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - started)
    return best


def _status_kib(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    raise KeyError(field)


def measure_peak(base: str, size: int, seed: int) -> float:
    """In this (fresh) process: build the base, then the MiB one normalization adds."""
    frame = BASES[base](size, seed)
    gc.collect()
    if sys.platform == "linux":
        Path("/proc/self/clear_refs").write_text("5")  # the peak restarts at the current size
        before = _status_kib("VmRSS")
        normalize_interactions(frame)
        return (_status_kib("VmHWM") - before) / 1024
    tracemalloc.start()
    try:
        normalize_interactions(frame)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def peak_mib(base: str, size: int, seed: int) -> float:
    """Peak MiB one normalization adds, in a fresh Python process."""
    command = [sys.executable, __file__, "--peak", f"{base}:{size}:{seed}"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    try:
        return float(done.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1e6", help="comma-separated sizes (1e6 or 1000000)")
    parser.add_argument("--repeat", type=int, default=5, help="best of this many runs")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-memory", action="store_true", help="skip the peak memory runs")
    parser.add_argument("--peak", help=argparse.SUPPRESS)  # base:size:seed, in a child
    args = parser.parse_args()
    if args.peak:
        base, size, seed = args.peak.split(":")
        print(measure_peak(base, int(size), int(seed)))
        return
    for size in (int(float(text)) for text in args.sizes.split(",")):
        for base, make in BASES.items():
            frame = make(size, args.seed)
            repeat = args.repeat if size <= 1_000_000 else 1
            normalize = best_time(lambda: normalize_interactions(frame), repeat)  # noqa: B023
            ids = frame["id"]
            ours = best_time(lambda: ids_unique(ids), repeat)  # noqa: B023
            theirs = best_time(lambda: ids.is_unique, repeat)  # noqa: B023
            peak = float("nan") if args.no_memory else peak_mib(base, size, args.seed)
            print(
                f"{base:>13} {size:>11,}: normalize {normalize:6.3f} s, peak {peak:6.0f} MiB;"
                f" ids unique {ours:6.3f} s (Series.is_unique {theirs:6.3f} s)"
            )


if __name__ == "__main__":
    main()
