"""The command line: the demo report reads well, its JSON is a valid document, schemas print."""

from __future__ import annotations

import json

import jsonschema
import pytest

import custinteract as ci
from custinteract.__main__ import main


def test_demo_prints_every_section(capsys: pytest.CaptureFixture[str]) -> None:
    """The demo report covers every engine, in plain words, for the sample base."""
    assert main(["demo", "--customers", "80", "--seed", "3"]) == 0
    text = capsys.readouterr().out
    for heading in (
        "Satisfaction",
        "Customers at risk",
        "Recovery playbook",
        "Word of mouth",
        "Today's call list",
        "Staff morale",
        "Feedback-loop outlook",
    ):
        assert heading in text
    assert "80 customers and leads" in text


def test_demo_json_is_a_valid_round_tripping_document(capsys: pytest.CaptureFixture[str]) -> None:
    """--json prints a DemoReport document valid against its schema and readable by from_dict."""
    assert main(["demo", "--customers", "40", "--staff", "3", "--json"]) == 0
    document = json.loads(capsys.readouterr().out)
    jsonschema.Draft202012Validator(ci.json_schema(ci.DemoReport)).validate(document)
    report = ci.from_dict(ci.DemoReport, document)
    assert report.customers == 40
    assert ci.to_dict(report) == document


def test_demo_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    """The same seed gives the same report, word for word."""
    main(["demo", "--customers", "30", "--seed", "9"])
    first = capsys.readouterr().out
    main(["demo", "--customers", "30", "--seed", "9"])
    assert capsys.readouterr().out == first


def test_schema_command(capsys: pytest.CaptureFixture[str]) -> None:
    """`schema NAME` prints a class's JSON Schema; an unknown name is an error with exit code 2."""
    assert main(["schema", "Interaction"]) == 0
    assert json.loads(capsys.readouterr().out)["title"] == "Interaction"
    assert main(["schema", "os"]) == 2
    assert "not a class exported" in capsys.readouterr().err
    assert main(["schema", "Sentiment"]) == 2


@pytest.mark.parametrize("argv", [["demo", "--customers", "0"], ["demo", "--seed", "x"], []])
def test_bad_arguments_exit_with_usage(argv: list[str]) -> None:
    """Bad arguments are refused by argparse with exit code 2."""
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
