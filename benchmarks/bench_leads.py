"""Benchmark the lead engine: object path vs frames path vs a hand-written pandas baseline.

Run by hand (not collected by pytest)::

    python benchmarks/bench_leads.py --sizes 10000,100000 --per-customer 8

The default (10 000 and 20 000 interactions) runs in well under a minute.

For each size it builds a seeded synthetic base (``size`` interactions over
``size / per-customer`` customers from every source, a year of history), then
times

* ``objects``: :func:`custinteract.assess_lead` per customer on model values,
* ``frames``: :func:`custinteract.frames.leads_frame` on pandas frames,
* ``pandas``: a hand-written, vectorised pandas version of the default score
  (source points + decayed engagement with answered outbound touches +
  negatives) and thresholds (cold-source leads that never got in touch stay
  cold), what a data scientist would write without the library,

and prints interactions per second, peak traced memory (tracemalloc), the
ratios to the baseline and how many times faster the frames path is than the
object path. It checks that the frames path equals the object path exactly,
and compares the baseline's scores with the library's (a peer check: the
baseline is an independent implementation of the score).
"""

from __future__ import annotations

import argparse
import itertools
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
from custinteract.frames import (
    customers_to_frame,
    interactions_to_frame,
    lead_assessments_to_frame,
    leads_frame,
)

AS_OF = datetime(2026, 6, 1, tzinfo=timezone.utc)
KINDS = (
    (ci.InteractionKind.INQUIRY, ci.Direction.INBOUND, 0.2),
    (ci.InteractionKind.QUOTE_REQUEST, ci.Direction.INBOUND, 0.04),
    (ci.InteractionKind.DEMO_REQUEST, ci.Direction.INBOUND, 0.03),
    (ci.InteractionKind.PURCHASE, ci.Direction.INBOUND, 0.03),
    (ci.InteractionKind.SUPPORT, ci.Direction.INBOUND, 0.1),
    (ci.InteractionKind.OUTREACH, ci.Direction.OUTBOUND, 0.45),
    (ci.InteractionKind.FOLLOW_UP, ci.Direction.OUTBOUND, 0.15),
)


def make_base(
    size: int, per_customer: int, seed: int
) -> tuple[list[ci.Customer], list[ci.Interaction]]:
    """A seeded synthetic base: customers from every source, a year of interactions."""
    rng = random.Random(seed)
    n = max(2, size // per_customer)
    sources = list(ci.LeadSource)
    customers = [
        ci.Customer(
            id=f"c-{k}",
            created=AS_OF - timedelta(days=400),
            source=rng.choice(sources),
            list_name="mortgage" if k % 7 == 0 else None,
            consent=rng.random() < 0.5,
            do_not_contact=rng.random() < 0.03,
        )
        for k in range(n)
    ]
    weights = [w for _, _, w in KINDS]
    interactions = []
    for k in range(size):
        kind, direction, _ = rng.choices(KINDS, weights)[0]
        interactions.append(
            ci.Interaction(
                id=f"i-{k}",
                customer_id=f"c-{rng.randrange(n)}",
                timestamp=AS_OF - timedelta(seconds=rng.randrange(365 * 86400)),
                sentiment=ci.Sentiment.NEGATIVE
                if rng.random() < 0.05
                else rng.choice((ci.Sentiment.POSITIVE, ci.Sentiment.NEUTRAL)),
                kind=kind,
                direction=direction,
            )
        )
    return customers, interactions


def object_path(customers: list[ci.Customer], interactions: list[ci.Interaction]) -> pd.DataFrame:
    """assess_lead per customer, then one frame."""
    mine: dict[str, list[ci.Interaction]] = {c.id: [] for c in customers}
    for interaction in interactions:
        mine[interaction.customer_id].append(interaction)
    return lead_assessments_to_frame(ci.assess_lead(c, mine[c.id], as_of=AS_OF) for c in customers)


def pandas_baseline(customers: pd.DataFrame, calls: pd.DataFrame) -> pd.DataFrame:
    """The default LeadPolicy score and thresholds written directly in pandas."""
    p = ci.LeadPolicy()
    as_of = pd.Timestamp(AS_OF)
    rules = pd.DataFrame(
        [
            {
                "kind": r.kind.value,
                "direction": r.direction.value,
                "points": r.points,
                "half_life": r.half_life_days,
            }
            for r in p.engagement_rules
        ]
    )
    ev = calls[calls["timestamp"] <= as_of].merge(rules, on=["kind", "direction"], how="left")
    ev = ev.sort_values("timestamp")
    inbound = ev.loc[ev["direction"] == "inbound", ["customer_id", "timestamp"]].rename(
        columns={"timestamp": "answer"}
    )
    outbound = ev[ev["direction"] == "outbound"]
    answered = pd.merge_asof(
        outbound[["id", "customer_id", "timestamp"]],
        inbound,
        left_on="timestamp",
        right_on="answer",
        by="customer_id",
        direction="forward",
        allow_exact_matches=False,
    )
    answered = answered.set_index("id")["answer"] <= answered.set_index("id")[
        "timestamp"
    ] + pd.Timedelta(days=14)
    ev = ev.set_index("id")
    ev["answered"] = answered.reindex(ev.index).fillna(True).astype(bool)
    age = (as_of - ev["timestamp"]) / pd.Timedelta(days=1)
    base = ev["points"].fillna(0.0).where(ev["answered"], ev["points"] * p.unanswered_factor)
    decayed = base * np.power(0.5, age / ev["half_life"])
    decayed = decayed.where(ev["sentiment"] != "negative", p.negative_points).fillna(0.0)
    engagement = decayed.groupby(ev["customer_id"]).sum()
    people = customers.set_index("customer_id")
    source_points = people["source"].map({s.value: v for s, v in p.source_points.items()})
    unconsented = (people["source"] == "purchased_list") & ~people["consent"]
    source_points = source_points.where(~unconsented, p.unconsented_list_points)
    score = (source_points + engagement.reindex(people.index, fill_value=0.0)).clip(0, 100)
    wrote = ev[(ev["direction"] == "inbound") & (ev["sentiment"] != "negative")]
    engaged = people.index.isin(wrote["customer_id"].unique())
    cold_source = unconsented | people["source"].isin([s.value for s in p.cold_until_engaged])
    temperature = pd.Series("cold", index=people.index, dtype=object)
    temperature[score >= p.warm_threshold] = "warm"
    temperature[score >= p.qualified_threshold] = "qualified"
    temperature[cold_source & ~engaged] = "cold"
    out: pd.DataFrame = pd.DataFrame({"score": score, "temperature": temperature})
    return out


def _decided_otherwise(codes: tuple[str, ...]) -> bool:
    """A lead whose temperature the score did not decide (the baseline has only the score)."""
    return bool({"lead.temperature.current", "lead.temperature.qualified.event"} & {*codes})


def measure(function: Callable[[], Any], repeat: int) -> tuple[float, int, Any]:
    """Best wall-clock seconds of ``repeat`` untraced calls, peak traced bytes of one more."""
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


def _sizes(text: str) -> list[int]:
    return [int(part) for part in text.replace(",", " ").split()]


def main() -> None:
    """Run the benchmark for each size and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--sizes", type=_sizes, default=[10_000, 20_000], help="comma-separated interaction counts"
    )
    parser.add_argument("--per-customer", type=int, default=8)
    parser.add_argument(
        "--object-max",
        type=int,
        default=1_000_000,
        help="largest size for the object path (default 1,000,000)",
    )
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    print(
        f"{'size':>10} {'path':>8} {'seconds':>9} {'interactions/s':>15} {'peak MiB':>9} {'x pandas':>9}"
    )
    timings: dict[int, dict[str, float]] = {}
    for size in args.sizes:
        customers, interactions = make_base(size, args.per_customer, args.seed)
        people = customers_to_frame(customers)
        calls = interactions_to_frame(interactions)
        runs = {
            "frames": partial(leads_frame, people, calls, as_of=AS_OF),
            "pandas": partial(pandas_baseline, people, calls),
        }
        if size <= args.object_max:
            runs = {"objects": partial(object_path, customers, interactions), **runs}
        del interactions
        results = {name: measure(run, args.repeat) for name, run in runs.items()}
        timings[size] = {name: seconds for name, (seconds, _, _) in results.items()}
        baseline_seconds = results["pandas"][0]
        for name, (seconds, peak, _) in results.items():
            print(
                f"{size:>10,} {name:>8} {seconds:>9.3f} {size / seconds:>15,.0f}"
                f" {peak / 2**20:>9.1f} {seconds / baseline_seconds:>9.1f}"
            )
        frames_result = results["frames"][2]
        peer = results["pandas"][2].reindex(frames_result.index)
        diff = (peer["score"] - frames_result["score"]).abs().max()
        unqualified = ~frames_result["reasons"].map(_decided_otherwise)
        same = (peer["temperature"] == frames_result["temperature"])[unqualified].mean()
        check = f"{size:>10,} check: baseline score max |diff| {diff:.2e};"
        check += f" same temperature (score-based leads) {same:.1%}"
        if "objects" in results:
            pd.testing.assert_frame_equal(frames_result, results["objects"][2], check_exact=True)
            speedup = results["objects"][0] / results["frames"][0]
            check += f"; frames == objects exactly ({speedup:.1f}x faster)"
        print(check)
    sizes = sorted(timings)
    for small, large in itertools.pairwise(sizes):
        growth = ", ".join(
            f"{name} x{timings[large][name] / timings[small][name]:.1f}"
            for name in timings[small]
            if name in timings[large]
        )
        print(f"{small:,} -> {large:,} (x{large / small:g} data): time {growth}")


if __name__ == "__main__":
    main()
