"""The argument parser: every subcommand with its options and an example in its --help."""

from __future__ import annotations

import argparse
import re
from datetime import datetime

import custinteract as ci

__all__ = ["ASSESSMENTS", "as_of", "parser"]

_DATE_ONLY = re.compile(r"^\d{4}-\d{2}-\d{2}$")

_FILES = """\
Input files are chosen by their suffix: .csv (a header row, then one record
per line), .parquet, or .jsonl (one JSON document per line, shaped as
custinteract.to_dict writes it; see `python -m custinteract schema Interaction`).
CSV and Parquet need the optional extra 'frames' (pandas, pyarrow). Columns are
those of custinteract.frames: interactions id, customer_id, timestamp,
sentiment, ...; customers customer_id, created, source, ...; staff id, name,
hired, team; staff events id, staff_id, timestamp, kind, note, score, resolves.
Timestamps are ISO 8601 text with an offset (2026-03-04T10:00:00+01:00 or ...Z).
A refused input prints `error: FILE:LINE: FIELD: what was expected` and exits
with code 2 (Parquet files name the row instead of the line)."""

_AS_OF = (
    "the moment to judge at: ISO 8601 with an offset, or a date alone (2026-06-30),"
    " which means midnight UTC at the start of that day"
)

ASSESSMENTS: dict[str, str] = {
    "recovery": "customers at risk after a bad experience, and what they are owed",
    "leads": "lead temperature and outreach advice (needs --customers)",
    "activity": "whether each customer is still active (BG/NBD)",
    "morale": "staff morale, one line per staff member (needs --staff)",
    "satisfaction": "CSAT, NPS and CES over the interactions (one line)",
    "word-of-mouth": "who spreads word of mouth, good and bad",
}
"""The ``assess`` subcommands and what each writes."""

_NEEDS_AS_OF = {"recovery", "leads", "activity", "morale"}


def as_of(text: str) -> datetime:
    """``--as-of``: ISO 8601 with an offset; a date alone is midnight UTC of that day."""
    full = text + "T00:00:00+00:00" if _DATE_ONLY.match(text) else text
    try:
        return ci.parse_datetime(full, "--as-of")
    except ci.InvalidInputError:
        raise argparse.ArgumentTypeError(
            "expected a date (2026-06-30, midnight UTC) or an ISO 8601 datetime with an offset"
            f" (2026-06-30T18:00:00+02:00), got {text!r}"
        ) from None


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected a whole number of at least 1, got {value}")
    return value


def _add(
    commands: argparse._SubParsersAction[argparse.ArgumentParser],
    name: str,
    summary: str,
    description: str,
    examples: str,
) -> argparse.ArgumentParser:
    return commands.add_parser(
        name,
        help=summary,
        description=description,
        epilog=examples,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def parser() -> argparse.ArgumentParser:
    """The parser of ``python -m custinteract``."""
    top = argparse.ArgumentParser(
        prog="python -m custinteract",
        description="custinteract: explained decisions about customer interactions.",
        epilog=(
            "examples:\n"
            "  python -m custinteract demo\n"
            "  python -m custinteract report interactions.csv --as-of 2026-06-30\n"
            "  python -m custinteract assess recovery --as-of 2026-06-30 < in.jsonl > out.jsonl\n"
            "  python -m custinteract schema Interaction\n"
            "\n`python -m custinteract COMMAND --help` describes each command."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    top.add_argument("--version", action="version", version=f"custinteract {ci.__version__}")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _demo(commands)
    _report(commands)
    _assess(commands)
    _schema(commands)
    return top


def _demo(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    demo = _add(
        commands,
        "demo",
        "run every engine over a seeded sample base and print a report",
        "Build a sample base of customers, leads and staff (a year of history, seeded), run every"
        " engine over it and print one report: satisfaction (CSAT, NPS, CES, by channel and by"
        " quarter), customers at risk and what they are owed, the recovery playbook, word of"
        " mouth, today's call list, staff morale and the feedback-loop outlook calibrated on the"
        " team's measured state.",
        "examples:\n"
        "  python -m custinteract demo\n"
        "  python -m custinteract demo --customers 1000 --staff 12 --seed 3\n"
        "  python -m custinteract demo --json > report.json",
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


def _report(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    report = _add(
        commands,
        "report",
        "print the demo's report over your own files",
        "Read your interactions (and, if given, customers, staff and staff events) and print"
        " the report the demo prints, over your data.\n\n" + _FILES,
        "examples:\n"
        "  python -m custinteract report interactions.csv --as-of 2026-06-30\n"
        "  python -m custinteract report interactions.parquet --as-of 2026-06-30 \\\n"
        "      --customers customers.parquet --staff staff.csv --staff-events events.csv\n"
        "  python -m custinteract report interactions.jsonl --as-of 2026-06-30T18:00:00+02:00"
        " --json",
    )
    report.add_argument("interactions", help="the interactions file (.csv, .parquet or .jsonl)")
    report.add_argument("--as-of", type=as_of, required=True, help=_AS_OF)
    report.add_argument("--customers", help="a customers file (leads and customers)")
    report.add_argument("--staff", help="a staff file (needed for morale and call sheets)")
    report.add_argument("--staff-events", help="a staff events file (surveys, recognition...)")
    report.add_argument(
        "--seed", type=int, default=0, help="seed of the outlook's simulation (default 0)"
    )
    report.add_argument(
        "--json", action="store_true", help="print the report as JSON (`schema DemoReport`)"
    )


def _assess(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    assess = _add(
        commands,
        "assess",
        "run one engine over JSON Lines and write JSON Lines",
        "Read interactions as JSON Lines (standard input, or a file) and write one JSON"
        " document per result line on standard output, each valid against the result's"
        " JSON Schema (`python -m custinteract schema RecoveryAssessment`). Meant for"
        " programs in other languages: pipe documents in, read documents out.\n\n" + _FILES,
        "examples:\n"
        "  python -m custinteract assess recovery --as-of 2026-06-30 < in.jsonl > out.jsonl\n"
        "  python -m custinteract assess leads --as-of 2026-06-30 --customers customers.jsonl"
        " in.jsonl\n"
        "  python -m custinteract assess satisfaction --help",
    )
    engines = assess.add_subparsers(dest="engine", required=True, metavar="ENGINE")
    for name, summary in ASSESSMENTS.items():
        extra = ""
        if name == "leads":
            extra = " --customers customers.jsonl"
        elif name == "morale":
            extra = " --staff staff.jsonl --staff-events events.jsonl"
        when = " --as-of 2026-06-30" if name in _NEEDS_AS_OF else ""
        engine = _add(
            engines,
            name,
            summary,
            f"Write {summary}, as JSON Lines.\n\n" + _FILES,
            "examples:\n"
            f"  python -m custinteract assess {name}{when}{extra} < in.jsonl > out.jsonl\n"
            f"  python -m custinteract assess {name}{when}{extra} interactions.csv",
        )
        engine.add_argument(
            "interactions",
            nargs="?",
            default="-",
            help="the interactions file; - or nothing reads JSON Lines from standard input",
        )
        if name in _NEEDS_AS_OF:
            engine.add_argument("--as-of", type=as_of, required=True, help=_AS_OF)
        else:
            engine.add_argument("--since", type=as_of, help="only interactions from then on")
            engine.add_argument("--until", type=as_of, help="only interactions before then")
        if name in ("recovery", "leads"):
            engine.add_argument("--customers", required=name == "leads", help="a customers file")
        if name == "morale":
            engine.add_argument("--staff", required=True, help="a staff file")
            engine.add_argument("--staff-events", help="a staff events file")


def _schema(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    schema = _add(
        commands,
        "schema",
        "print the JSON Schema of a model, policy or result",
        "Print the JSON Schema (draft 2020-12) of a custinteract class, e.g. Interaction."
        " An unknown name is refused with the closest names.",
        "examples:\n"
        "  python -m custinteract schema Interaction\n"
        "  python -m custinteract schema RecoveryAssessment > recovery-assessment.schema.json",
    )
    schema.add_argument("name", help="a class name exported by custinteract, e.g. Interaction")
