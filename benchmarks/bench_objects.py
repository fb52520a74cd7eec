"""Benchmark of getting into objects: documents, constructors and frames.

Run by hand (not collected by pytest)::

    python benchmarks/bench_objects.py                       # 100,000 rows
    python benchmarks/bench_objects.py --sizes 100000,1000000

For each size, on the seeded interactions of ``bench_recovery.py`` (string
ids, UTC timestamps, 70% positive, a gesture on one negative in five), it
prints per second and with the peak memory traced while it runs
(tracemalloc, which also slows what it traces: times come from a separate,
untraced run):

* ``from_dict``: :func:`custinteract.from_dict` on the documents
  :func:`custinteract.to_dict` wrote for those interactions (every field
  spelled out), and on short documents holding only the four required fields;
* ``from_dicts``: :func:`custinteract.from_dicts` on the same documents as one list;
* ``construct``: :class:`custinteract.Interaction` built by its constructor
  (every value validated);
* ``frame``: :func:`custinteract.frames.interactions_from_frame` on the frame;
* ``to_dict``: :func:`custinteract.to_dict` on every interaction (the way out);
* ``assess_recoveries``: the recovery object path on the interactions, with
  the memory it needs beyond them (``bench_recovery.py`` times it in more ways).

Best of ``--repeat`` runs on CPU time (other processes do not count).
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

import custinteract as ci
from custinteract.frames import interactions_from_frame

sys.path.insert(0, str(Path(__file__).parent))
from bench_recovery import AS_OF, POLICY, make_frame, make_objects


def timed(function: Callable[[], Any], repeat: int) -> float:
    """Best of ``repeat`` runs, CPU seconds."""
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        start = time.process_time()
        function()
        best = min(best, time.process_time() - start)
    return best


def peak(function: Callable[[], Any]) -> int:
    """Peak bytes traced while ``function`` runs (what it keeps and what it drops)."""
    gc.collect()
    tracemalloc.start()
    function()
    top = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return top


def measure(size: int, repeat: int, seed: int) -> list[tuple[str, float, int]]:
    """(what, per second, peak bytes) for every measurement at ``size`` rows."""
    frame = make_frame(size, 50, seed)
    items = make_objects(frame)
    full = [ci.to_dict(item) for item in items]
    short = [{k: doc[k] for k in ("id", "customer_id", "timestamp", "sentiment")} for doc in full]
    fields = [
        {
            "id": i.id,
            "customer_id": i.customer_id,
            "timestamp": i.timestamp,
            "sentiment": i.sentiment,
        }
        for i in items
    ]
    # on the interactions first: they are dropped before the rest, as before these two were measured
    rows = [
        row(name, run, size, repeat)
        for name, run in {
            "to_dict": lambda i=items: [ci.to_dict(item) for item in i],
            "assess_recoveries (object path)": lambda i=items: ci.assess_recoveries(
                i, as_of=AS_OF, policy=POLICY
            ),
        }.items()
    ]
    del items
    runs: dict[str, Callable[[], Any]] = {
        "from_dict (to_dict documents)": lambda: [
            ci.from_dict(ci.Interaction, doc) for doc in full
        ],
        "from_dict (required fields only)": lambda: [
            ci.from_dict(ci.Interaction, doc) for doc in short
        ],
        "Interaction(...) constructor": lambda: [ci.Interaction(**kw) for kw in fields],
        "interactions_from_frame": lambda: interactions_from_frame(frame),
    }
    if hasattr(ci, "from_dicts"):  # (absent from releases before it, for comparisons)
        runs["from_dicts (to_dict documents)"] = lambda: ci.from_dicts(ci.Interaction, full)
    return [row(name, run, size, repeat) for name, run in runs.items()] + rows


def row(name: str, run: Callable[[], Any], size: int, repeat: int) -> tuple[str, float, int]:
    """(what, per second, peak bytes) of one measurement."""
    return name, size / timed(run, repeat), peak(run)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000", help="comma-separated row counts")
    parser.add_argument("--repeat", type=int, default=3, help="best of this many runs")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    print(
        f"python {sys.version.split()[0]}, pandas {pd.__version__}; best of {args.repeat}, CPU time"
    )
    for size in (int(s) for s in args.sizes.split(",")):
        for name, rate, top in measure(size, args.repeat, args.seed):
            print(
                f"{size:>11,} {name:<34} {rate:>11,.0f}/s"
                f"   peak {top / 2**20:>8,.1f} MiB ({top / size:,.0f} B per row)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
