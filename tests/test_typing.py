"""The public API as type checkers read it: mypy and pyright on a host's code.

``tests/typing/consumer.py`` holds correct uses of every public class and
engine function, and misuse probes, each marked as the error it must be
(``# type: ignore[code]`` for mypy, ``# pyright: ignore[rule]`` for pyright).
Both checkers run with unused ignores reported, so a probe that stops being an
error fails here as surely as a correct use that starts being one.

Every public constructor parameter must have a real type: a converter typed
``Any`` makes its parameter ``Any`` to mypy's attrs plugin, and then nothing is
checked. Run as a script, this file lists the parameters mypy reads as ``Any``::

    PYTHONPATH=src python tests/test_typing.py

pyright comes from ``node_modules`` (``npm ci``); without it the pyright test
is skipped on a developer's machine and fails under CI, where ``.ci/run`` has
installed it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path

import attrs
import pytest

ROOT = Path(__file__).resolve().parents[1]
CONSUMER = ROOT / "tests" / "typing" / "consumer.py"
PYRIGHT = ROOT / "node_modules" / ".bin" / "pyright"

MODULES = (
    "custinteract",
    "custinteract.recovery",
    "custinteract.leads",
    "custinteract.word_of_mouth",
    "custinteract.satisfaction",
    "custinteract.morale",
    "custinteract.demo",
)
"""The public modules whose classes' constructors must be fully typed."""

ANY_ALLOWED: frozenset[str] = frozenset()
"""``Class.parameter`` names allowed to stay ``Any`` (none: every parameter has a real type)."""


def public_attrs_classes() -> dict[str, type]:
    """``{dotted name: class}`` for every public attrs class, each once."""
    import importlib

    found: dict[str, type] = {}
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for name in module.__all__:
            value = getattr(module, name)
            if isinstance(value, type) and attrs.has(value) and value not in found.values():
                found[f"{module_name}.{name}"] = value
    return found


def _reveal_file(directory: Path) -> Path:
    """A file asking mypy for the constructor of every public attrs class."""
    lines = [f"import {module}" for module in MODULES]
    lines += [f"reveal_type({name})" for name in public_attrs_classes()]
    path = directory / "reveal_constructors.py"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@cache
def mypy_run() -> tuple[str, int]:
    """mypy --strict --warn-unused-ignores over the consumer and the constructor reveals (once)."""
    import tempfile

    from mypy import api

    with tempfile.TemporaryDirectory() as directory:
        reveal = _reveal_file(Path(directory))
        previous = os.environ.get("MYPYPATH")
        os.environ["MYPYPATH"] = str(ROOT / "src")
        try:
            stdout, stderr, status = api.run(
                [
                    "--config-file",
                    str(ROOT / "pyproject.toml"),
                    "--strict",
                    "--warn-unused-ignores",
                    "--cache-dir",
                    str(Path(directory) / "cache"),
                    "--no-error-summary",
                    "--hide-error-context",
                    str(CONSUMER),
                    str(reveal),
                ]
            )
        finally:
            if previous is None:
                del os.environ["MYPYPATH"]
            else:
                os.environ["MYPYPATH"] = previous
    return stdout + stderr, status


def _parameters(signature: str) -> list[tuple[str, str]]:
    """``(name, type)`` of each parameter in mypy's ``def (*, a: T, b: U =) -> R``."""
    inner = signature[signature.index("(") + 1 : signature.rindex(") ->")]
    parts, depth, current = [], 0, ""
    for char in inner:
        if char in "[(":
            depth += 1
        elif char in "])":
            depth -= 1
        if char == "," and depth == 0:
            parts.append(current)
            current = ""
        else:
            current += char
    parts.append(current)
    found = []
    for part in (part.strip() for part in parts):
        if ":" in part:
            name, kind = part.split(":", 1)
            found.append((name.strip(), kind.strip().removesuffix("=").strip()))
    return found


def any_parameters(output: str) -> list[str]:
    """``Class.parameter: type`` for every constructor parameter mypy reads as ``Any``."""
    found = []
    for match in re.finditer(r'Revealed type is "(def .*) -> ([\w.]+)"', output):
        cls = match.group(2).rsplit(".", 1)[-1]
        for name, kind in _parameters(match.group(1) + " -> x"):
            if re.search(r"\bAny\b", kind) and f"{cls}.{name}" not in ANY_ALLOWED:
                found.append(f"{cls}.{name}: {kind}")
    return found


def test_mypy_accepts_correct_uses_and_catches_every_probe() -> None:
    """mypy --strict: no error in the correct uses, each misuse probe an error of its code."""
    output, status = mypy_run()
    errors = [line for line in output.splitlines() if ": error:" in line]
    assert not errors, "\n".join(errors)
    assert status == 0, output


def test_every_public_constructor_parameter_has_a_real_type() -> None:
    """mypy reads no public constructor parameter as ``Any`` (converters are typed)."""
    output, _ = mypy_run()
    revealed = output.count("Revealed type is")
    assert revealed == len(public_attrs_classes()), output
    assert any_parameters(output) == []


def test_the_reveal_parser_finds_any() -> None:
    """The check above would see an ``Any`` parameter (its parser, on a made-up line)."""
    line = 'x.py:1: note: Revealed type is "def (*, a: Any =, b: tuple[int, str], c: Mapping[str, Any]) -> m.C"'
    assert any_parameters(line) == ["C.a: Any", "C.c: Mapping[str, Any]"]


def _pyright_ready() -> bool:
    return shutil.which("node") is not None and PYRIGHT.exists()


@pytest.mark.skipif(
    not _pyright_ready() and not os.environ.get("CI"),
    reason="Node.js and `npm ci` are needed for pyright (CI runs it)",
)
def test_pyright_accepts_correct_uses_and_catches_every_probe() -> None:
    """pyright (strict, unnecessary ignores reported): no error but the probes, each ignored by rule."""
    completed = subprocess.run(
        [
            str(PYRIGHT),
            "--pythonpath",
            sys.executable,
            "--project",
            str(CONSUMER.with_name("pyrightconfig.json")),
            "--outputjson",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    report = json.loads(completed.stdout)
    problems = [
        f"{item['range']['start']['line'] + 1}: {item['message']} ({item.get('rule', '')})"
        for item in report["generalDiagnostics"]
        if item["severity"] in ("error", "warning")
    ]
    assert not problems, "\n".join(problems)
    assert report["summary"]["filesAnalyzed"] == 1
    probes = CONSUMER.read_text(encoding="utf-8").count("# pyright: ignore[")
    assert probes >= 20


if __name__ == "__main__":
    text, _ = mypy_run()
    remaining = any_parameters(text)
    print(f"{len(remaining)} constructor parameters typed Any")  # noqa: T201
    for entry in remaining:
        print("  " + entry)  # noqa: T201
