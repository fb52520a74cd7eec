"""The README's quickstart and the contributor guide's example run; the set-up commands are CI's."""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def _run_recording_prints(block: str, name: str = "README.md") -> dict[int, list[str]]:
    """Execute a Markdown block; return what each line's print() calls printed, by line number."""
    printed: dict[int, list[str]] = {}

    def recording_print(*args: object, sep: str = " ", **_: object) -> None:
        line = sys._getframe(1).f_lineno
        printed.setdefault(line, []).append(sep.join(str(arg) for arg in args))

    exec(compile(block, name, "exec"), {"__name__": "readme", "print": recording_print})
    return printed


def _promises(block: str) -> dict[int, str]:
    """The output a ``print(...)  # OUTPUT: why`` line promises: the comment up to any colon."""
    promised = {}
    for number, line in enumerate(block.splitlines(), start=1):
        code, hash_, comment = line.partition("#")
        if hash_ and code.lstrip().startswith("print("):
            promised[number] = comment.split(":", 1)[0].strip()
    return promised


def test_readme_quickstart_prints_what_its_comments_promise() -> None:
    """Every fenced Python block runs, and each commented print() prints what its comment says."""
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)
    assert blocks, "the README has a Python quickstart"
    checked: dict[str, str] = {}
    for block in blocks:
        printed = _run_recording_prints(block)
        for line, promise in _promises(block).items():
            assert printed.get(line) == [promise], (
                f"README line {block.splitlines()[line - 1].strip()!r} promises {promise!r},"
                f" prints {printed.get(line)}"
            )
            checked[promise] = block.splitlines()[line - 1]
    # the quickstart's two claims: the status and the seed's six positives
    assert {"RecoveryStatus.AT_RISK", "6"} <= set(checked), checked


def test_readme_has_exactly_the_two_setup_commands() -> None:
    """One command installs and runs the demo, one installs and runs the tests; CI runs the latter."""
    demo = "python -m pip install . && python -m custinteract demo"
    tests = "python -m pip install -e '.[test]' && python -m pytest"
    setup = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    commands = [line.strip() for line in setup.splitlines() if line.startswith("    ")]
    assert commands == [demo, tests]
    assert "README.md" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_contributing_example_prints_what_its_comments_promise() -> None:
    """The guide's walk from an Interaction to an answer runs, and says what each path gives."""
    (block,) = re.findall(r"```python\n(.*?)```", CONTRIBUTING, flags=re.DOTALL)
    printed = _run_recording_prints(block, "CONTRIBUTING.md")
    promised = _promises(block)
    assert len(promised) == 5
    for line, promise in promised.items():
        assert printed.get(line) == [promise], (line, promise, printed.get(line))


def test_contributing_gives_the_checks_ci_runs() -> None:
    """The guide names the README's test command and each check CI runs after it."""
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    checks = [line.strip() for line in ci_run.splitlines() if line.startswith(("ruff ", "mypy "))]
    assert checks
    for command in ["python -m pip install -e '.[test]' && python -m pytest", *checks]:
        assert f"    {command}\n" in CONTRIBUTING, command
