"""The README's quickstart runs, and its two set-up commands are the ones CI uses."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_readme_quickstart_runs(capsys: object) -> None:
    """Every fenced Python block in the README executes without error."""
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.DOTALL)
    assert blocks, "the README has a Python quickstart"
    for block in blocks:
        exec(compile(block, "README.md", "exec"), {"__name__": "readme"})


def test_readme_has_exactly_the_two_setup_commands() -> None:
    """One command installs and runs the demo, one installs and runs the tests; CI runs the latter."""
    demo = "python -m pip install . && python -m custinteract demo"
    tests = "python -m pip install -e '.[test]' && python -m pytest"
    setup = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    commands = [line.strip() for line in setup.splitlines() if line.startswith("    ")]
    assert commands == [demo, tests]
    assert "README.md" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
