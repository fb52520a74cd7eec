"""Benchmark the activity engine: the BG/NBD fit and scoring of whole bases.

Run by hand (not collected by pytest)::

    python benchmarks/bench_activity.py                        # 10k and 100k customers
    python benchmarks/bench_activity.py --sizes 100000,1000000 # the targets' sizes

For each size it draws a seeded base of customer summaries from a BG/NBD
process with known parameters (numpy, ``--seed``; whole days, as the engine
counts them), then times, best of ``--repeat``:

* ``fit numpy``: :func:`custinteract.frames.fit_bgnbd_frame` (target: under 10 s
  at 100,000 customers);
* ``fit pure``: :func:`custinteract.fit_bgnbd`, the pure-Python fit, up to
  ``--pure-max`` customers (default 100,000), with the largest relative
  difference between its parameters and numpy's;
* ``score``: :func:`custinteract.frames.score_activity_frame` with the fitted
  model: status, probability alive, expected returns in 90 days and reason
  codes (target: under 5 s at 1,000,000 customers);
* ``score objects``: :func:`custinteract.activity._engine.score_summary`
  per customer, up to ``--object-max`` customers (default 100,000);
* ``lifetimes``: where the ``lifetimes`` package imports (it is not a
  dependency: install it in the benchmark's environment by hand), its
  ``BetaGeoFitter.fit`` and ``conditional_probability_alive`` on the same
  summaries, up to ``--lifetimes-max`` customers, with the largest relative
  difference between its parameters and ours (its ``alpha`` is in the same
  days; it adds a small L2 penalty of 0 here).

It prints the fitted parameters beside the true ones and customers per second.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import numpy as np
import pandas as pd

import custinteract as ci
from custinteract.activity._engine import score_summary
from custinteract.frames import fit_bgnbd_frame, score_activity_frame

TRUE = (0.5, 20.0, 0.8, 3.0)
AS_OF = datetime(2026, 6, 1, tzinfo=timezone.utc)


def draw_summaries(customers: int, seed: int, params: tuple[float, ...] = TRUE) -> pd.DataFrame:
    """Frequency, recency and age of customers acquired over 180 days and watched for 365."""
    r, alpha, a, b = params
    rng = np.random.default_rng(seed)
    rate = rng.gamma(r, 1.0 / alpha, customers)
    drop = rng.beta(a, b, customers)
    birth = rng.uniform(0.0, 180.0, customers)
    now = birth.copy()
    x = np.zeros(customers, dtype=np.int64)
    last = birth.copy()
    open_ = np.ones(customers, dtype=bool)
    while open_.any():
        idx = np.flatnonzero(open_)
        now[idx] += rng.exponential(1.0 / rate[idx])
        bought = now[idx] <= 365.0
        open_[idx[~bought]] = False
        hit = idx[bought]
        x[hit] += 1
        last[hit] = now[hit]
        dropped = rng.random(len(hit)) < drop[hit]
        open_[hit[dropped]] = False
    first_day = np.floor(birth)
    recency = np.where(x > 0, np.floor(last) - first_day, 0.0)
    return pd.DataFrame(
        {"frequency": x, "recency": recency, "age": 365.0 - first_day},
        index=pd.Index([f"c{k}" for k in range(customers)], name="customer_id"),
    )


def best_of(repeat: int, run: Callable[[], Any]) -> tuple[float, Any]:
    """The best wall time of ``repeat`` runs, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20260304)
    parser.add_argument("--pure-max", type=int, default=100_000)
    parser.add_argument("--object-max", type=int, default=100_000)
    parser.add_argument("--lifetimes-max", type=int, default=1_000_000)
    args = parser.parse_args()
    print(f"true r, alpha, a, b = {TRUE}")
    for size in (int(s) for s in args.sizes.split(",")):
        run_size(size, args)


def run_size(size: int, args: argparse.Namespace) -> None:
    """Time every path at one size and print the lines."""
    summaries = draw_summaries(size, args.seed)
    distinct = len(summaries.drop_duplicates())
    print(f"\n{size:,} customers ({distinct:,} distinct histories)")
    seconds, model = best_of(args.repeat, lambda: fit_bgnbd_frame(summaries))
    fitted = ", ".join(f"{p:.4g}" for p in model.params)
    print(f"  fit numpy       {seconds:8.3f} s   r, alpha, a, b = {fitted}")
    objects = []
    if size <= max(args.pure_max, args.object_max):
        objects = [
            ci.ActivitySummary(customer_id=str(cid), **row)
            for cid, row in summaries.astype({"frequency": int}).to_dict("index").items()
        ]
    if size <= args.pure_max:
        seconds, pure = best_of(1, lambda: ci.fit_bgnbd(objects))
        gap = max(abs(p / q - 1) for p, q in zip(pure.params, model.params, strict=True))
        print(f"  fit pure        {seconds:8.3f} s   largest parameter difference {gap:.1e}")
    seconds, scored = best_of(args.repeat, lambda: score_activity_frame(summaries, model=model))
    print(
        f"  score           {seconds:8.3f} s   {size / seconds:,.0f} customers/s;"
        f" {scored['status'].value_counts().to_dict()}"
    )
    if size <= args.object_max:
        policy = ci.ActivityPolicy()
        gap_days = float(scored["base_gap_days"].iloc[0])

        def objects_path() -> int:
            return sum(
                1
                for s in objects
                if score_summary(
                    s,
                    customer_id=s.customer_id,
                    as_of=AS_OF,
                    gap_of_base=gap_days,
                    policy=policy,
                    model=model,
                )
            )

        seconds, _ = best_of(1, objects_path)
        print(f"  score objects   {seconds:8.3f} s   {size / seconds:,.0f} customers/s")
    if size <= args.lifetimes_max:
        compare_lifetimes(summaries, model, args.repeat)


def compare_lifetimes(summaries: pd.DataFrame, model: Any, repeat: int) -> None:
    """Fit and score with the lifetimes package, where it imports, and compare."""
    try:
        from lifetimes import BetaGeoFitter  # type: ignore[import-not-found]
    except ImportError:
        print("  lifetimes       not installed: no comparison")
        return
    frequency = summaries["frequency"].to_numpy()
    recency = summaries["recency"].to_numpy()
    age = summaries["age"].to_numpy()

    def fit() -> Any:
        fitter = BetaGeoFitter(penalizer_coef=0.0)
        fitter.fit(frequency, recency, age)
        return fitter

    seconds, fitter = best_of(1, fit)
    theirs = [fitter.params_[name] for name in ("r", "alpha", "a", "b")]
    gap = max(abs(p / q - 1) for p, q in zip(theirs, model.params, strict=True))
    print(f"  lifetimes fit   {seconds:8.3f} s   largest parameter difference {gap:.1e}")
    seconds, _ = best_of(
        repeat, lambda: fitter.conditional_probability_alive(frequency, recency, age)
    )
    print(f"  lifetimes alive {seconds:8.3f} s   {len(summaries) / seconds:,.0f} customers/s")


if __name__ == "__main__":
    main()
