"""The command line behind ``python -m custinteract``: the only package that reads and prints.

``demo`` and ``report`` print the demo's report (over the seeded sample base,
or over your files); ``assess ENGINE`` turns JSON Lines of interactions into
JSON Lines of results; ``schema NAME`` prints a class's JSON Schema. Everything
shown is computed by the pure library; this package only reads files, calls it
and prints. A refused input exits with code 2 and names the file, the line and
the field.
"""

from __future__ import annotations

import argparse
import difflib
import json
import re
import sys
from collections.abc import Sequence
from typing import Any

import attrs

import custinteract as ci
from custinteract.samples import SAMPLE_AS_OF, sample_dataset

from ._parser import parser
from ._problems import CommandError, from_invalid
from ._read import STDIN, Loaded, read, write_documents

__all__ = ["main"]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args = parser().parse_args(argv)
    try:
        if args.command == "schema":
            return _schema(args.name)
        if args.command == "demo":
            return _demo(args)
        if args.command == "report":
            return _report(args)
        return _assess(args)
    except CommandError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ci.InvalidInputError as exc:  # the engines refused the data as a whole
        print(f"error: {exc}", file=sys.stderr)
        return 2


def _print_report(
    report: ci.DemoReport, as_json: bool, subject: str = "A made-up business"
) -> None:
    if as_json:
        print(json.dumps(ci.to_dict(report), indent=2))
    else:
        print(ci.render_demo_report(report, subject=subject))


def _demo(args: argparse.Namespace) -> int:
    if args.staff < 2:
        raise CommandError("--staff must be at least 2 (one support, one sales)")
    dataset = sample_dataset(customers=args.customers, staff=args.staff, seed=args.seed)
    _print_report(ci.build_demo_report(dataset, as_of=SAMPLE_AS_OF, seed=args.seed), args.json)
    return 0


def _report(args: argparse.Namespace) -> int:
    if args.interactions == STDIN:
        raise CommandError("report reads files: give the interactions file's path")
    loaded = {"interactions": read(args.interactions, "interactions")}
    for kind in ("customers", "staff", "staff_events"):
        path = getattr(args, kind)
        if path is not None:
            loaded[kind] = read(path, kind)
    dataset = _dataset(loaded)
    report = ci.build_demo_report(dataset, as_of=args.as_of, seed=args.seed)
    _print_report(report, args.json, subject="Your records")
    return 0


_PLACE = re.compile(r"^(?P<kind>\w+)\[(?P<index>\d+)\]\.?(?P<field>.*)$")


def _dataset(loaded: dict[str, Loaded]) -> ci.Dataset:
    """The files as one Dataset; a clash between rows (a repeated id) names its file and line."""
    try:
        return ci.Dataset(**{kind: file.values for kind, file in loaded.items()})
    except ci.InvalidInputError as exc:
        match = _PLACE.match(exc.field)
        if match and match["kind"] in loaded:
            file = loaded[match["kind"]]
            raise from_invalid(
                file.where(int(match["index"])), exc, match["field"] or "id"
            ) from None
        raise from_invalid(", ".join(f.name for f in loaded.values()), exc) from None


def _assess(args: argparse.Namespace) -> int:
    interactions = read(args.interactions, "interactions").values
    engine = args.engine
    results: Sequence[Any]
    if engine == "recovery":
        customers = None if args.customers is None else read(args.customers, "customers").values
        by_customer = ci.assess_recoveries(interactions, as_of=args.as_of, customers=customers)
        results = [by_customer[key] for key in sorted(by_customer)]
    elif engine == "leads":
        customers = read(args.customers, "customers").values
        results = ci.assess_leads(customers, interactions, as_of=args.as_of)
    elif engine == "activity":
        activities = ci.assess_activities(interactions, as_of=args.as_of)
        results = [activities[key] for key in sorted(activities)]
    elif engine == "morale":
        staff = read(args.staff, "staff").values
        events = () if args.staff_events is None else read(args.staff_events, "staff_events").values
        team = ci.assess_team_morale(staff, interactions, as_of=args.as_of, events=events)
        results = team.members
    elif engine == "satisfaction":
        results = [ci.measure_satisfaction(interactions, since=args.since, until=args.until)]
    else:
        results = ci.word_of_mouth_sources(interactions, since=args.since, until=args.until)
    write_documents(results)
    return 0


def _schema(name: str) -> int:
    classes = sorted(
        n for n in ci.__all__ if isinstance(getattr(ci, n), type) and attrs.has(getattr(ci, n))
    )
    cls = getattr(ci, name, None)
    if not isinstance(cls, type) or name not in ci.__all__:
        raise CommandError(
            f"{name!r} is not a class exported by custinteract{_hint(name, classes)}"
        )
    try:
        schema = ci.json_schema(cls)
    except ci.InvalidInputError as exc:
        raise CommandError(f"{exc}{_hint(name, [c for c in classes if c != name])}") from None
    print(json.dumps(schema, indent=2))
    return 0


def _hint(name: str, classes: Sequence[str]) -> str:
    """``"; did you mean 'Interaction'?"`` with the closest class names, case aside."""
    lower = {c.lower(): c for c in classes}
    same = [lower[name.lower()]] if name.lower() in lower else []
    close = difflib.get_close_matches(name.lower(), list(lower), n=3, cutoff=0.7)
    found = list(dict.fromkeys([*same, *(lower[c] for c in close)]))
    if not found:
        return ""
    return "; did you mean " + ", ".join(repr(c) for c in found) + "?"
