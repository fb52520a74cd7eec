"""The command line and the demo report: every engine, in plain words, over the sample base."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pandas as pd
import pytest

import custinteract as ci
from custinteract.__main__ import main
from custinteract.frames import customers_to_frame, interactions_to_frame
from custinteract.samples import SAMPLE_AS_OF, sample_dataset


@pytest.fixture(scope="module")
def report() -> ci.DemoReport:
    """The report of the default demo: the sample base with its default size and seed."""
    return ci.build_demo_report(sample_dataset(seed=7), as_of=SAMPLE_AS_OF, seed=7)


@pytest.fixture(scope="module")
def text(report: ci.DemoReport) -> str:
    """The default demo's text."""
    return ci.render_demo_report(report)


def _section(text: str, title: str) -> str:
    """The lines of one section, from its title to the next blank line."""
    start = text.index(title)
    end = text.find("\n\n", start)
    return text[start : None if end < 0 else end]


def test_the_demo_prints_the_default_report(capsys: pytest.CaptureFixture[str], text: str) -> None:
    """`demo` with no option prints the report of the default sample base, every section in it."""
    assert main(["demo"]) == 0
    printed = capsys.readouterr().out
    assert printed == text + "\n"
    for title in (
        "How satisfied are customers?",
        "Customers who may leave",
        "Who has gone quiet",
        "What wins upset customers back?",
        "Word of mouth",
        "Who to call today",
        "Staff morale",
        "What next? The staff-customer feedback loop",
    ):
        assert title in printed
    assert "300 customers and leads" in printed


def test_no_channel_shows_an_empty_or_zero_csat(report: ci.DemoReport, text: str) -> None:
    """Every channel has ratings and a CSAT strictly between 0% and 100%, social included."""
    channels = {group.key[0]: group.csat for group in report.satisfaction_by_channel.reports}
    assert set(channels) >= {"phone", "email", "chat", "in_person", "social"}
    for metric in channels.values():
        assert metric.count >= 30
        assert metric.value is not None
        assert 0.3 < metric.value < 1
    block = _section(text, "CSAT by channel")
    assert " 0.0%" not in block
    assert "in person" in block


def test_nps_and_ces_are_measured(report: ci.DemoReport, text: str) -> None:
    """The sample carries NPS and CES answers, and the report gives each a value and interval."""
    assert report.satisfaction.nps.count >= 50
    assert report.satisfaction.ces.count >= 50
    nps_line = next(line for line in text.splitlines() if line.startswith("  NPS "))
    ces_line = next(line for line in text.splitlines() if line.startswith("  CES "))
    assert re.match(r"  NPS   [+-]?\d+ from \d+ answers", nps_line)
    assert re.match(r"  CES   \d\.\d\d out of 7", ces_line)
    assert "95% interval" in _section(text, "How satisfied")
    assert "no survey answers" not in text


def test_the_trend_covers_whole_quarters(report: ci.DemoReport, text: str) -> None:
    """No stub quarter before the year; a quarter still running is marked; 'same' is explained."""
    points = report.csat_trend.points
    assert len(points) == 4
    assert points[0].period_start >= SAMPLE_AS_OF.replace(year=SAMPLE_AS_OF.year - 1)
    assert all(point.metric.count >= 50 for point in points)
    rows = _section(text, "CSAT by quarter").splitlines()[1:]
    assert [row.split()[0] for row in rows] == ["Jul-Sep", "Oct-Dec", "Jan-Mar", "Apr-Jun"]
    assert "(to 30 Jun)" in rows[-1]
    assert "first quarter shown" in rows[0]
    for row, point in zip(rows[1:], points[1:], strict=True):
        assert re.search(r"\(\d+, \d+\.\d% to \d+\.\d%\)", row)
        if point.direction is ci.TrendDirection.SAME:
            assert "could be chance" in row
    assert " same" not in text


def test_the_report_speaks_words_not_codes(text: str) -> None:
    """No snake_case value and no plural slip appears anywhere in the text."""
    assert not re.search(r"\b[a-z]+_[a-z_]+\b", text), re.findall(r"\b[a-z]+_[a-z_]+\b", text)
    assert "(s)" not in text


@pytest.mark.parametrize("seed", [1, 2, 3, 11])
def test_counts_of_one_are_singular(seed: int) -> None:
    """Small bases, where ones are common: never '1 ratings', '1 negatives', '1 detractors'."""
    small = ci.build_demo_report(
        sample_dataset(customers=8, staff=2, seed=seed), as_of=SAMPLE_AS_OF
    )
    rendered = ci.render_demo_report(small)
    plural = r"\b1 (?:[a-z]+ )?(?:ratings|answers|negatives|detractors|promoters|customers|interactions|days|experiences|ones|cases|leads|contacts)\b"
    assert not re.search(plural, rendered), re.findall(plural, rendered)


def test_who_has_gone_quiet_lists_the_lapsed_who_owe_nothing(
    report: ci.DemoReport, text: str
) -> None:
    """The quiet owe nothing, are LAPSED or LAPSING, lapsed first; the counts are the summary's."""
    quiet = report.gone_quiet
    assert quiet
    assert report.recovery.lapsed + report.recovery.lapsing == len(quiet)
    statuses = [a.status for a in quiet]
    assert set(statuses) <= {ci.ActivityStatus.LAPSED, ci.ActivityStatus.LAPSING}
    assert statuses == sorted(statuses, key=lambda s: -s.severity)
    recovery = ci.assess_recoveries(
        sample_dataset(seed=7).interactions,
        as_of=SAMPLE_AS_OF,
        customers=sample_dataset(seed=7).customers,
    )
    for a in quiet:
        assert a.customer_id is not None
        assert recovery[a.customer_id].status is ci.RecoveryStatus.HEALTHY
        assert recovery[a.customer_id].activity is a.status
    block = _section(text, "Who has gone quiet")
    assert f"{report.recovery.lapsed:,} lapsed" in block
    assert f"{report.recovery.lapsing:,} lapsing" in block
    assert quiet[0].customer_id in block
    assert "silent for" in block
    assert ci.from_dict(ci.DemoReport, ci.to_dict(report)).gone_quiet == quiet


def test_customers_at_risk_come_before_the_recovering(report: ci.DemoReport, text: str) -> None:
    """The at-risk list holds only AT_RISK customers, most owed first; recovering ones are apart."""
    block = _section(text, "Customers who may leave")
    at_risk = [r for r in report.recovery.owed if r.status is ci.RecoveryStatus.AT_RISK]
    recovering = [r for r in report.recovery.owed if r.status is ci.RecoveryStatus.RECOVERING]
    assert at_risk
    assert recovering
    head, tail = block.split("Recovering,")
    assert at_risk[0].customer_id in head
    assert all(r.customer_id not in head for r in recovering[:5])
    assert recovering[0].customer_id in tail
    assert "at risk" in block
    assert "doing fine" in block


def test_every_scenario_is_explained_from_the_measured_team(
    report: ci.DemoReport, text: str
) -> None:
    """The outlook starts from the support team's measured state; each scenario has its sentence."""
    support = report.morale.team("support")
    assert report.outlook_start == support
    assert report.outlook_policy.reference_morale == pytest.approx(support.mean_index)
    assert report.outlook_policy.reference_negative_rate == pytest.approx(support.negative_share)
    as_is = report.outlook.trajectory("as is")
    assert as_is.equilibrium_morale == pytest.approx(support.mean_index)
    block = _section(text, "What next?")
    assert (
        f"morale {support.mean_index:.0f}, {100 * support.negative_share:.1f}% of contacts" in block
    )
    lines = block.splitlines()
    for trajectory in report.outlook.trajectories:
        at = next(i for i, line in enumerate(lines) if line.startswith(f"  - {trajectory.name} ("))
        assert "morale settles at" in lines[at + 1] or "no resting point" in lines[at + 1]
        if trajectory.equilibrium_morale is not None:
            assert f"settles at {trajectory.equilibrium_morale:.0f}" in lines[at + 1]
    assert "from month 3" in block
    assert "amplified" not in block
    assert "target shift" not in block


def test_the_outlook_follows_the_data() -> None:
    """Two bases with different teams give different starting points (it is not a constant)."""
    starts = {
        round(
            ci.build_demo_report(
                sample_dataset(seed=seed), as_of=SAMPLE_AS_OF
            ).outlook_policy.reference_morale,
            1,
        )
        for seed in (1, 2, 3)
    }
    assert len(starts) == 3


def test_the_call_list_ranks_with_a_spread(report: ci.DemoReport, text: str) -> None:
    """Today's calls have different scores, each shown with its breakdown, best first."""
    scores = [lead.score for lead in report.call_list]
    assert len(scores) == 10
    assert len(set(scores)) >= 8
    assert scores == sorted(scores, reverse=True)
    assert all(lead.advice is ci.OutreachAdvice.CONTACT for lead in report.call_list)
    block = _section(text, "Who to call today")
    for rank, lead in enumerate(report.call_list, start=1):
        assert f"{rank:>2}. {lead.customer_id}" in block
    assert "engagement +" in block


def test_staff_differ(report: ci.DemoReport, text: str) -> None:
    """The sample's staff fall in every morale band, and the report says what moves each."""
    assert {m.band for m in report.morale.members} == set(ci.MoraleBand)
    block = _section(text, "Staff morale")
    assert "low!" in block
    assert "open concerns" in block
    assert "recognition" in block


def test_the_text_does_not_depend_on_engine_wording(report: ci.DemoReport, text: str) -> None:
    """With the engines' explanations removed, the report still gives every figure it gave."""
    bare = attrs.evolve(
        report,
        satisfaction=attrs.evolve(report.satisfaction, explanation=()),
        word_of_mouth=attrs.evolve(report.word_of_mouth, explanation=()),
        recovery=attrs.evolve(report.recovery, explanation=()),
        outlook=attrs.evolve(
            report.outlook,
            explanation=(),
            trajectories=tuple(
                attrs.evolve(t, explanation=()) for t in report.outlook.trajectories
            ),
        ),
        call_list=tuple(attrs.evolve(lead, explanation=()) for lead in report.call_list),
    )
    assert ci.render_demo_report(bare) == text


def test_demo_json_is_a_valid_round_tripping_document(capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints a DemoReport document valid against its schema and readable by from_dict."""
    assert main(["demo", "--customers", "40", "--staff", "3", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator(ci.json_schema(ci.DemoReport)).validate(document)
    back = ci.from_dict(ci.DemoReport, document)
    assert back.customers == 40
    assert ci.to_dict(back) == document
    assert ci.render_demo_report(back) == ci.render_demo_report(
        ci.build_demo_report(sample_dataset(customers=40, staff=3), as_of=SAMPLE_AS_OF, seed=7)
    )


def test_the_default_json_validates(report: ci.DemoReport) -> None:
    """The default report, with its calibrated loop policy, is a valid document too."""
    document = ci.to_dict(report)
    jsonschema.Draft202012Validator(ci.json_schema(ci.DemoReport)).validate(document)
    assert ci.from_dict(ci.DemoReport, document) == report


def test_demo_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    """The same seed gives the same report, word for word; another seed another report."""
    main(["demo", "--customers", "30", "--seed", "9"])
    first = capsys.readouterr().out
    main(["demo", "--customers", "30", "--seed", "9"])
    assert capsys.readouterr().out == first
    main(["demo", "--customers", "30", "--seed", "10"])
    assert capsys.readouterr().out != first


def test_bad_report_inputs_are_refused() -> None:
    """build_demo_report wants a Dataset and render_demo_report a DemoReport."""
    with pytest.raises(ci.InvalidInputError, match="dataset"):
        ci.build_demo_report([], as_of=SAMPLE_AS_OF)  # type: ignore[arg-type]
    with pytest.raises(ci.InvalidInputError, match="report"):
        ci.render_demo_report("report")  # type: ignore[arg-type]


def test_schema_command(capsys: pytest.CaptureFixture[str]) -> None:
    """`schema NAME` prints a class's JSON Schema; an unknown name is an error with exit code 2."""
    assert main(["schema", "Interaction"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Interaction"
    assert main(["schema", "os"]) == 2
    assert "not a class exported" in capsys.readouterr().err
    assert main(["schema", "Sentiment"]) == 2


def test_one_staff_member_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    """--staff 1 cannot make a support and a sales team: exit code 2 and a reason."""
    assert main(["demo", "--staff", "1"]) == 2
    assert "--staff must be at least 2" in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["demo", "--customers", "0"], ["demo", "--seed", "x"], []])
def test_bad_arguments_exit_with_usage(argv: list[str]) -> None:
    """Bad arguments are refused by argparse with exit code 2."""
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2


def test_an_empty_or_staffless_base_still_reports() -> None:
    """No data is reported as none (never as zero rates); without staff there are no call sheets."""
    from datetime import datetime, timezone

    at = datetime(2026, 3, 1, tzinfo=timezone.utc)
    empty = ci.build_demo_report(ci.Dataset(), as_of=at)
    text = ci.render_demo_report(empty)
    assert "no ratings in the last 12 months" in text
    assert "no customers or leads" in text
    assert "default reference point" in text
    assert empty.outlook_start is None
    assert ci.from_dict(ci.DemoReport, ci.to_dict(empty)) == empty
    lead = ci.Customer(id="c-1", created=at, source=ci.LeadSource.REFERRAL)
    staffless = ci.build_demo_report(ci.Dataset(customers=(lead,)), as_of=at)
    assert staffless.call_plan.sheets == ()
    assert staffless.call_plan.unassigned == ("c-1",)
    assert "report.no_callers" in [reason.code for reason in staffless.explanation]
    assert "No staff to make the calls: 1 lead to contact." in ci.render_demo_report(staffless)


def test_the_report_says_when_answering_without_a_gesture_did_better() -> None:
    """Refunds won back 5 of 10, no gesture 10 of 10: the report advises no gesture, in words."""
    from datetime import datetime, timedelta, timezone
    from types import SimpleNamespace

    from custinteract.demo._render import _playbook

    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    history: list[ci.Interaction] = []
    for gesture, wins, losses in ((ci.GestureKind.REFUND, 5, 5), (None, 10, 0)):
        for k in range(wins + losses):
            cid = f"{'refund' if gesture else 'none'}-{k}"
            history.append(
                ci.Interaction(
                    id=f"{cid}-neg",
                    customer_id=cid,
                    timestamp=start,
                    sentiment=ci.Sentiment.NEGATIVE,
                    kind=ci.InteractionKind.COMPLAINT,
                    category="billing",
                    gesture=None if gesture is None else ci.RecoveryGesture(kind=gesture),
                )
            )
            history += [
                ci.Interaction(
                    id=f"{cid}-p{n}",
                    customer_id=cid,
                    timestamp=start + timedelta(days=2 * (n + 1)),
                    sentiment=ci.Sentiment.POSITIVE,
                )
                for n in range(6 if k < wins else 0)
            ]
    advice = ci.learn_playbook(history, as_of=start + timedelta(days=200), min_sample=5)
    recommended = advice.recommend("billing")
    assert recommended.no_gesture_better
    lines = _playbook(SimpleNamespace(playbook=(recommended,)))  # type: ignore[arg-type]
    assert any(line.startswith("  billing: answer without a gesture") for line in lines)


def test_the_demo_uses_each_engine_through_its_public_package() -> None:
    """The demo imports an engine as ``from ..recovery import ...``, never from its private modules."""
    import ast
    from pathlib import Path

    engines = {"recovery", "leads", "word_of_mouth", "satisfaction", "morale"}
    demo = Path(ci.__file__).parent / "demo"
    reached = set()
    for path in sorted(demo.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 2 and node.module:
                package, *inner = node.module.split(".")
                if package in engines:
                    reached.add(package)
                    assert not inner, f"{path.name} imports ..{node.module}: use ..{package}"
    assert reached == engines


# --------------------------------------------------------------------------- your own files
#
# `report`, `assess` and `schema` run as `python -m custinteract ...` in a subprocess, on
# files each test writes: CSV, Parquet and JSON Lines, good and bad.

SRC = Path(ci.__file__).resolve().parents[1]
FORMATS = ("csv", "parquet", "jsonl")


def _cli(
    *args: str, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``python -m custinteract ARGS`` with this checkout's package, its output captured."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.run(
        [sys.executable, "-m", "custinteract", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        check=False,
        timeout=120,
    )


@pytest.fixture(scope="module")
def small() -> ci.Dataset:
    """A small sample base with customers, staff and staff events."""
    return sample_dataset(customers=40, staff=3, seed=7)


def _documents(values: Any) -> list[dict[str, Any]]:
    return [ci.to_dict(value) for value in values]


def _frame(kind: str, values: Any) -> pd.DataFrame:
    """The frame a user would export: the frame functions' columns, metadata as columns."""
    if kind == "interactions":
        frame = interactions_to_frame(values)
        frame["budget"] = [value.metadata.get("budget") for value in values]
        return frame
    if kind == "customers":
        return customers_to_frame(values)
    return pd.DataFrame(_documents(values)).drop(columns=["schema_version"])


def _write(directory: Path, kind: str, values: Any, fmt: str) -> Path:
    path = directory / f"{kind}.{fmt}"
    if fmt == "jsonl":
        path.write_text("".join(json.dumps(d) + "\n" for d in _documents(values)), encoding="utf-8")
    elif fmt == "csv":
        _frame(kind, values).to_csv(path, index=False)
    else:
        _frame(kind, values).to_parquet(path)
    return path


@pytest.mark.parametrize("fmt", FORMATS)
def test_report_over_files_is_the_demo_report_on_that_data(
    tmp_path: Path, small: ci.Dataset, fmt: str
) -> None:
    """The same base written as CSV, Parquet or JSON Lines gives the report of the base itself."""
    files = {
        kind: _write(tmp_path, kind, getattr(small, kind), fmt)
        for kind in ("interactions", "customers", "staff", "staff_events")
    }
    out = _cli(
        "report",
        str(files["interactions"]),
        "--as-of",
        SAMPLE_AS_OF.isoformat(),
        "--customers",
        str(files["customers"]),
        "--staff",
        str(files["staff"]),
        "--staff-events",
        str(files["staff_events"]),
    )
    assert (out.returncode, out.stderr) == (0, "")
    expected = ci.render_demo_report(
        ci.build_demo_report(small, as_of=SAMPLE_AS_OF), subject="Your records"
    )
    assert out.stdout == expected + "\n"


def test_report_json_over_interactions_alone(tmp_path: Path, small: ci.Dataset) -> None:
    """--json prints a DemoReport document; a date alone means midnight UTC."""
    path = _write(tmp_path, "interactions", small.interactions, "csv")
    out = _cli("report", str(path), "--as-of", "2026-06-30", "--json")
    assert out.returncode == 0, out.stderr
    document = json.loads(out.stdout)
    jsonschema.Draft202012Validator(ci.json_schema(ci.DemoReport)).validate(document)
    midnight = datetime(2026, 6, 30, tzinfo=timezone.utc)
    expected = ci.build_demo_report(ci.Dataset(interactions=small.interactions), as_of=midnight)
    assert ci.from_dict(ci.DemoReport, document) == expected


def _lines(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def _valid(cls: type[Any], documents: list[dict[str, Any]]) -> None:
    validator = jsonschema.Draft202012Validator(ci.json_schema(cls))
    for document in documents:
        validator.validate(document)


def test_assess_recovery_reads_and_writes_json_lines(small: ci.Dataset) -> None:
    """stdin JSON Lines in, one RecoveryAssessment document per customer out, by customer id."""
    stdin = "".join(json.dumps(d) + "\n" for d in _documents(small.interactions))
    out = _cli("assess", "recovery", "--as-of", SAMPLE_AS_OF.isoformat(), stdin=stdin)
    assert out.returncode == 0, out.stderr
    documents = _lines(out.stdout)
    _valid(ci.RecoveryAssessment, documents)
    expected = ci.assess_recoveries(small.interactions, as_of=SAMPLE_AS_OF)
    assert [ci.from_dict(ci.RecoveryAssessment, d) for d in documents] == [
        expected[key] for key in sorted(expected)
    ]


def test_assess_leads_takes_customers(tmp_path: Path, small: ci.Dataset) -> None:
    """Leads need the customers file; the interactions come from a file here (CSV)."""
    interactions = _write(tmp_path, "interactions", small.interactions, "csv")
    customers = _write(tmp_path, "customers", small.customers, "jsonl")
    out = _cli(
        "assess", "leads", str(interactions), "--as-of", "2026-06-30", "--customers", str(customers)
    )
    assert out.returncode == 0, out.stderr
    documents = _lines(out.stdout)
    _valid(ci.LeadAssessment, documents)
    midnight = datetime(2026, 6, 30, tzinfo=timezone.utc)
    expected = ci.assess_leads(small.customers, small.interactions, as_of=midnight)
    assert tuple(ci.from_dict(ci.LeadAssessment, d) for d in documents) == expected


@pytest.mark.parametrize(
    ("engine", "options", "cls"),
    [
        ("activity", ["--as-of", "2026-06-30"], ci.ActivityAssessment),
        ("morale", ["--as-of", "2026-06-30", "--staff", "STAFF"], ci.MoraleAssessment),
        ("satisfaction", ["--since", "2026-01-01"], ci.SatisfactionReport),
        ("word-of-mouth", [], ci.WordOfMouthSource),
    ],
)
def test_every_other_engine_writes_valid_documents(
    tmp_path: Path, small: ci.Dataset, engine: str, options: list[str], cls: type[Any]
) -> None:
    """Each engine's lines are valid against its result's JSON Schema."""
    staff = _write(tmp_path, "staff", small.staff, "parquet")
    options = [str(staff) if option == "STAFF" else option for option in options]
    stdin = "".join(json.dumps(d) + "\n" for d in _documents(small.interactions))
    out = _cli("assess", engine, *options, stdin=stdin)
    assert out.returncode == 0, out.stderr
    documents = _lines(out.stdout)
    assert documents
    _valid(cls, documents)


def _csv_rows(small: ci.Dataset) -> list[str]:
    frame = _frame("interactions", small.interactions[:4])
    return frame.to_csv(index=False).splitlines()


def _bad_timestamp_on_line_3(path: Path, small: ci.Dataset) -> None:
    lines = _csv_rows(small)
    stamp = lines[2].split(",")[2]
    lines[2] = lines[2].replace(stamp, "2026-02-30T10:00:00Z")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _missing_column(path: Path, small: ci.Dataset) -> None:
    _frame("interactions", small.interactions[:4]).drop(columns=["sentiment"]).to_csv(
        path, index=False
    )


def _invalid_json_on_line_2(path: Path, small: ci.Dataset) -> None:
    first = json.dumps(ci.to_dict(small.interactions[0]))
    path.write_text(first + '\n{"id": "i-2",\n' + first + "\n", encoding="utf-8")


def _bad_field_on_line_3(path: Path, small: ci.Dataset) -> None:
    documents = _documents(small.interactions[:3])
    documents[2]["sentiment"] = "angry"
    path.write_text("".join(json.dumps(d) + "\n" for d in documents), encoding="utf-8")


def _bad_parquet_row_2(path: Path, small: ci.Dataset) -> None:
    frame = _frame("interactions", small.interactions[:4])
    frame.loc[1, "channel"] = "carrier pigeon"
    frame.to_parquet(path)


def _bad_rating_on_line_2(path: Path, small: ci.Dataset) -> None:
    frame = _frame("interactions", small.interactions[:4])
    frame.loc[0, ["rating_value", "rating_scale"]] = [9, "csat"]
    frame.to_csv(path, index=False)


def _bad_gesture_on_line_4(path: Path, small: ci.Dataset) -> None:
    frame = _frame("interactions", small.interactions[:4])
    frame.loc[2, ["rating_value", "rating_scale"]] = [None, None]
    frame.loc[2, ["gesture_kind", "gesture_value"]] = ["refund", -5]
    frame.to_csv(path, index=False)


def _repeated_id_on_line_3(path: Path, small: ci.Dataset) -> None:
    documents = _documents(small.interactions[:3])
    documents[2]["id"] = documents[0]["id"]
    path.write_text("".join(json.dumps(d) + "\n" for d in documents), encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "write", "message"),
    [
        ("interactions.csv", _bad_timestamp_on_line_3, "interactions.csv:3: timestamp: expected"),
        ("interactions.csv", _missing_column, "interactions.csv:1: sentiment: expected a column"),
        ("interactions.jsonl", _invalid_json_on_line_2, "interactions.jsonl:2: $: invalid JSON"),
        ("interactions.jsonl", _bad_field_on_line_3, "interactions.jsonl:3: sentiment: expected"),
        ("interactions.parquet", _bad_parquet_row_2, "interactions.parquet: row 2: channel:"),
        ("interactions.csv", _bad_rating_on_line_2, "interactions.csv:2: rating_value: expected"),
        ("interactions.csv", _bad_gesture_on_line_4, "interactions.csv:4: gesture_value: expected"),
        ("interactions.jsonl", _repeated_id_on_line_3, "interactions.jsonl:3: id: expected"),
    ],
)
def test_a_bad_file_names_file_line_and_field(
    tmp_path: Path, small: ci.Dataset, name: str, write: Any, message: str
) -> None:
    """A refused file is one line on stderr naming file, line and field; exit code 2."""
    path = tmp_path / name
    write(path, small)
    out = _cli("report", name, "--as-of", "2026-06-30", cwd=tmp_path)
    assert out.returncode == 2
    assert out.stdout == ""
    assert out.stderr.startswith(f"error: {message}"), out.stderr
    assert len(out.stderr.splitlines()) == 1
    assert "Traceback" not in out.stderr


def test_bad_customers_and_staff_files_name_their_line(tmp_path: Path, small: ci.Dataset) -> None:
    """Every input file is checked the same way, CSV customers and staff included."""
    interactions = _write(tmp_path, "interactions", small.interactions[:5], "jsonl")
    customers = _frame("customers", small.customers[:3])
    customers["created"] = customers["created"].astype(str)
    customers.loc[1, "created"] = "2026-03-04 10:00:00"  # no offset
    customers.to_csv(tmp_path / "customers.csv", index=False)
    out = _cli(
        "report",
        "interactions.jsonl",
        "--as-of",
        "2026-06-30",
        "--customers",
        "customers.csv",
        cwd=tmp_path,
    )
    assert (out.returncode, out.stderr.split(" expected")[0]) == (
        2,
        "error: customers.csv:3: created:",
    )
    _frame("staff", small.staff).drop(columns=["hired"]).to_csv(tmp_path / "staff.csv", index=False)
    out = _cli(
        "report", str(interactions), "--as-of", "2026-06-30", "--staff", "staff.csv", cwd=tmp_path
    )
    assert out.returncode == 2
    assert out.stderr.startswith("error: staff.csv:2: hired: expected a value"), out.stderr


def test_assess_names_stdin_and_refuses_unknown_files(tmp_path: Path) -> None:
    """Standard input is <stdin>; a missing file or an unknown suffix is refused by name."""
    out = _cli("assess", "recovery", "--as-of", "2026-06-30", stdin="\n{nope}\n")
    assert (out.returncode, out.stdout) == (2, "")
    assert out.stderr.startswith("error: <stdin>:2: $: invalid JSON")
    out = _cli("assess", "satisfaction", "absent.csv", cwd=tmp_path)
    assert (out.returncode, out.stderr) == (2, "error: absent.csv: $: no such file\n")
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    out = _cli("assess", "satisfaction", "notes.txt", cwd=tmp_path)
    assert out.returncode == 2
    assert "expected a .csv, .parquet or .jsonl file" in out.stderr


def test_parquet_without_pyarrow_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without pyarrow a Parquet file is refused with the extra to install."""
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "pyarrow" else real(name, *a)
    )
    (tmp_path / "i.parquet").write_bytes(b"PAR1")
    assert main(["assess", "satisfaction", str(tmp_path / "i.parquet")]) == 2
    assert "custinteract[frames]" in capsys.readouterr().err


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["demo"],
        ["report"],
        ["assess"],
        ["schema"],
        *(
            ["assess", engine]
            for engine in (
                "recovery",
                "leads",
                "activity",
                "morale",
                "satisfaction",
                "word-of-mouth",
            )
        ),
    ],
)
def test_every_command_has_examples_in_its_help(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """--help on every subcommand ends with examples of its use."""
    with pytest.raises(SystemExit) as info:
        main([*command, "--help"])
    assert info.value.code == 0
    text = capsys.readouterr().out
    assert "examples:" in text
    assert f"python -m custinteract {' '.join(command)}".rstrip() in text


@pytest.mark.parametrize(
    ("name", "suggestion"),
    [
        ("interaction", "'Interaction'"),
        ("RecoveryAsessment", "'RecoveryAssessment'"),
        ("leadpolicy", "'LeadPolicy'"),
    ],
)
def test_schema_suggests_close_names(
    name: str, suggestion: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unknown name is refused with the closest class names, case aside."""
    assert main(["schema", name]) == 2
    err = capsys.readouterr().err
    assert f"{name!r} is not a class exported by custinteract; did you mean {suggestion}" in err


def test_schema_gives_no_suggestion_for_nonsense(capsys: pytest.CaptureFixture[str]) -> None:
    """Nothing close: the plain refusal."""
    assert main(["schema", "zzzzzz"]) == 2
    assert capsys.readouterr().err == "error: 'zzzzzz' is not a class exported by custinteract\n"


def test_a_date_alone_is_midnight_utc() -> None:
    """--as-of 2026-06-30 is the start of that day in UTC; other text needs an offset."""
    import argparse

    from custinteract._cli._parser import as_of

    assert as_of("2026-06-30") == datetime(2026, 6, 30, tzinfo=timezone.utc)
    assert as_of("2026-06-30T18:00:00+02:00") == datetime(2026, 6, 30, 16, tzinfo=timezone.utc)
    with pytest.raises(argparse.ArgumentTypeError, match="got '2026-06-30T18:00'"):
        as_of("2026-06-30T18:00")
