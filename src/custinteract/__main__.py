"""The command line: ``python -m custinteract demo`` and ``python -m custinteract schema``.

This is the only module of custinteract that prints. Everything it shows is
computed by the pure library: the demo builds a report over the seeded sample
base (:mod:`custinteract.samples`) and renders it as text or JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence

import custinteract as ci
from custinteract.samples import SAMPLE_AS_OF, sample_dataset


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m custinteract",
        description="custinteract: explained decisions about customer interactions.",
    )
    parser.add_argument("--version", action="version", version=f"custinteract {ci.__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser(
        "demo",
        help="run every engine over a seeded sample base and print a report",
        description=(
            "Build a sample base of customers, leads and staff (a year of history, seeded), run every"
            " engine over it and print one report: satisfaction (CSAT, NPS, CES, by channel and by"
            " quarter), customers at risk and what they are owed, the recovery playbook, word of"
            " mouth, today's call list, staff morale and the feedback-loop outlook calibrated on the"
            " team's measured state."
        ),
    )
    demo.add_argument(
        "--customers", type=_positive_int, default=300, help="customers and leads (default 300)"
    )
    demo.add_argument(
        "--staff", type=_positive_int, default=8, help="staff members, at least 2 (default 8)"
    )
    demo.add_argument(
        "--seed", type=int, default=7, help="random seed of the sample base (default 7)"
    )
    demo.add_argument(
        "--json",
        action="store_true",
        help="print the report as JSON instead of text (its schema: `schema DemoReport`)",
    )

    schema = commands.add_parser(
        "schema",
        help="print the JSON Schema of a model, policy or result",
        description="Print the JSON Schema (draft 2020-12) of a custinteract class, e.g. Interaction.",
    )
    schema.add_argument("name", help="a class name exported by custinteract, e.g. Interaction")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args = _parser().parse_args(argv)
    if args.command == "schema":
        cls = getattr(ci, args.name, None)
        if not isinstance(cls, type) or args.name not in ci.__all__:
            print(f"error: {args.name!r} is not a class exported by custinteract", file=sys.stderr)
            return 2
        try:
            schema = ci.json_schema(cls)
        except ci.InvalidInputError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(json.dumps(schema, indent=2))
        return 0
    if args.staff < 2:
        print("error: --staff must be at least 2 (one support, one sales)", file=sys.stderr)
        return 2
    dataset = sample_dataset(customers=args.customers, staff=args.staff, seed=args.seed)
    report = ci.build_demo_report(dataset, as_of=SAMPLE_AS_OF, seed=args.seed)
    if args.json:
        print(json.dumps(ci.to_dict(report), indent=2))
    else:
        print(ci.render_demo_report(report))
    return 0


def _run() -> int:
    try:
        return main()
    except BrokenPipeError:  # e.g. piped into `head`: stop quietly, like other command-line tools
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(_run())
