"""The published JSON Schemas as a JavaScript team meets them: judged by Ajv on Node.js.

Ajv (draft 2020-12, with ajv-formats) is installed from the lock file by
``npm ci`` (``.ci/run`` does it). Every schema must compile in Ajv's default
and strict modes, every document ``to_dict`` writes must validate, and on the
hand-written corpus in ``tests/schema_corpus/`` Ajv and :func:`from_dict` must
give the same verdict: a document one accepts, the other accepts too.

Without Node.js or ``node_modules`` the tests are skipped on a developer's
machine and fail under CI, where ``.ci/run`` has installed both.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import pytest

import custinteract as ci
from custinteract.samples import SAMPLE_AS_OF, sample_dataset

ROOT = Path(__file__).resolve().parents[1]
CHECKER = ROOT / "tests" / "js" / "ajv_check.mjs"
CORPUS = ROOT / "tests" / "schema_corpus"


def _node_ready() -> bool:
    return shutil.which("node") is not None and (ROOT / "node_modules" / "ajv").is_dir()


pytestmark = pytest.mark.skipif(
    not _node_ready() and not os.environ.get("CI"),
    reason="Node.js and `npm ci` are needed for the Ajv checks (CI runs them)",
)


def public_classes() -> list[type[Any]]:
    """Every public class that has a JSON Schema."""
    found = []
    for name in ci.__all__:
        value = getattr(ci, name)
        documented = attrs.has(value) or hasattr(value, "__document__")  # ledgers too
        if isinstance(value, type) and documented and name == value.__name__:
            found.append(value)
    return sorted(found, key=lambda cls: cls.__name__)


def _nested_values(value: Any, seen: dict[str, list[Any]]) -> None:
    """Collect every public attrs value inside ``value`` (a few per class)."""
    if attrs.has(type(value)):
        name = type(value).__name__
        bucket = seen.setdefault(name, [])
        if len(bucket) < 5 and value not in bucket:
            bucket.append(value)
        for field in attrs.fields(type(value)):
            _nested_values(getattr(value, field.name), seen)
    elif isinstance(value, (tuple, list)):
        for item in value[:20]:
            _nested_values(item, seen)
    elif isinstance(value, dict) or hasattr(value, "items"):
        for item in list(value.values())[:20]:
            _nested_values(item, seen)


@cache
def written_documents() -> tuple[tuple[str, str], ...]:
    """``(class name, JSON text)`` of documents to_dict writes, from the demo over the sample base."""
    dataset = sample_dataset()
    report = ci.build_demo_report(dataset, as_of=SAMPLE_AS_OF)
    seen: dict[str, list[Any]] = {}
    _nested_values(report, seen)
    _nested_values(dataset, seen)
    interactions = dataset.interactions
    recoveries = ci.assess_recoveries(interactions, as_of=SAMPLE_AS_OF)
    _nested_values(tuple(recoveries.values())[:20], seen)
    _nested_values(ci.assess_leads(dataset.customers, interactions, as_of=SAMPLE_AS_OF)[:20], seen)
    _nested_values(ci.estimate_word_of_mouth(interactions), seen)
    _nested_values(ci.measure_satisfaction(interactions), seen)
    _nested_values(ci.learn_playbook(interactions, as_of=SAMPLE_AS_OF), seen)
    first = interactions[0].customer_id
    ledger = ci.RecoveryLedger().record_all(
        sorted(
            (i for i in interactions if i.customer_id == first), key=lambda i: (i.timestamp, i.id)
        )
    )
    seen.setdefault("RecoveryLedger", []).append(ledger)
    word_of_mouth = ci.WordOfMouthLedger()
    for interaction in interactions[:50]:
        word_of_mouth = word_of_mouth.record(interaction)
    seen.setdefault("WordOfMouthLedger", []).append(word_of_mouth)
    for cls in public_classes():
        try:
            seen.setdefault(cls.__name__, []).append(cls())
        except (TypeError, ci.InvalidInputError):
            continue
    public = {cls.__name__ for cls in public_classes()}
    return tuple(
        (name, json.dumps(ci.to_dict(value)))
        for name, values in sorted(seen.items())
        if name in public
        for value in values
    )


def corpus() -> list[dict[str, Any]]:
    """The hand-written documents: ``{"class", "document", "note"}`` each."""
    cases: list[dict[str, Any]] = []
    for path in sorted(CORPUS.glob("*.json")):
        for index, case in enumerate(json.loads(path.read_text(encoding="utf-8"))):
            cases.append({**case, "where": f"{path.name}[{index}]"})
    return cases


def run_ajv(documents: list[tuple[str, Any]]) -> dict[str, Any]:
    """Ask Ajv to compile every public schema and judge ``documents``."""
    if not _node_ready():
        pytest.fail("CI must run the Ajv checks: run `npm ci` first (Node.js 20)")
    payload = {
        "schemas": {cls.__name__: ci.json_schema(cls) for cls in public_classes()},
        "documents": [{"class": name, "document": doc} for name, doc in documents],
    }
    out = subprocess.run(
        ["node", str(CHECKER)],
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result: dict[str, Any] = json.loads(out.stdout)
    return result


def test_every_schema_compiles_in_ajv_default_and_strict_modes() -> None:
    """``new Ajv2020()`` and ``new Ajv2020({strict: true})`` compile every published schema."""
    report = run_ajv([])["compile"]
    failures = {name: modes for name, modes in report.items() if any(modes.values())}
    assert failures == {}


def test_every_written_document_validates_in_ajv() -> None:
    """What to_dict writes, a JavaScript client accepts."""
    documents = [(name, json.loads(text)) for name, text in written_documents()]
    assert {name for name, _ in documents} >= {"Interaction", "RecoveryAssessment", "DemoReport"}
    verdicts = run_ajv(documents)["valid"]
    refused = [name for (name, _), ok in zip(documents, verdicts, strict=True) if not ok]
    assert refused == []


def _python_verdict(name: str, document: Any) -> bool:
    try:
        ci.from_dict(getattr(ci, name), document)
    except ci.InvalidInputError:
        return False
    return True


def test_ajv_and_from_dict_agree_on_the_corpus() -> None:
    """Every hand-written document is accepted by both or refused by both."""
    cases = corpus()
    assert len(cases) >= 50
    verdicts = run_ajv([(case["class"], case["document"]) for case in cases])["valid"]
    disagreements = []
    for case, ajv in zip(cases, verdicts, strict=True):
        python = _python_verdict(case["class"], case["document"])
        if ajv != python or ("valid" in case and case["valid"] != python):
            disagreements.append(
                (case["where"], case.get("note", ""), f"ajv={ajv}", f"python={python}")
            )
    assert disagreements == []
