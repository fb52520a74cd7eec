"""The command line and the demo report: every engine, in plain words, over the sample base."""

from __future__ import annotations

import json
import re

import attrs
import jsonschema
import pytest

import custinteract as ci
from custinteract.__main__ import main
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
    at_risk = [r for r in report.recovery.at_risk if r.status is ci.RecoveryStatus.AT_RISK]
    recovering = [r for r in report.recovery.at_risk if r.status is ci.RecoveryStatus.RECOVERING]
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
