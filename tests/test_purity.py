"""The core is pure: no I/O, printing, clock or environment reads; imports point down only."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "custinteract"
EDGE = {"__main__.py"}  # the only module allowed to print and read the environment

FORBIDDEN_CALLS = {"open", "print", "input", "breakpoint", "eval", "exec", "compile", "__import__"}
FORBIDDEN_ATTRIBUTE_CALLS = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("time", "time"),
    ("time", "time_ns"),
    ("time", "monotonic"),
    ("time", "perf_counter"),
    ("time", "sleep"),
    ("os", "getenv"),
    ("os", "system"),
    ("logging", "basicConfig"),
    ("pyplot", "show"),
    ("plt", "show"),
    ("plt", "savefig"),
}
FORBIDDEN_MODULES = {
    "os",
    "sys",
    "io",
    "pathlib",
    "shutil",
    "tempfile",
    "socket",
    "ssl",
    "http",
    "urllib",
    "requests",
    "subprocess",
    "logging",
    "time",
    "asyncio",
    "threading",
    "multiprocessing",
    "pickle",
    "sqlite3",
    "builtins",
    "importlib",
    "matplotlib.pyplot",
}
RANDOM_ALLOWED = {"Random"}  # module-level random functions share hidden global state


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if p.name not in EDGE)


def _violations(path: Path, base: Path = PACKAGE) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        where = f"{path.relative_to(base)}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name) and func.id in FORBIDDEN_CALLS:
                found.append(f"{where} calls {func.id}()")
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                pair = (func.value.id, func.attr)
                if pair in FORBIDDEN_ATTRIBUTE_CALLS:
                    found.append(f"{where} calls {pair[0]}.{pair[1]}()")
                if func.value.id == "random" and func.attr not in RANDOM_ALLOWED:
                    found.append(f"{where} uses the global random state: random.{func.attr}()")
        if isinstance(node, ast.Attribute) and node.attr == "environ":
            found.append(f"{where} reads os.environ")
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name in FORBIDDEN_MODULES or alias.name.split(".")[
                    0
                ] in FORBIDDEN_MODULES - {"matplotlib.pyplot"}:
                    found.append(f"{where} imports {alias.name}")
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            root = node.module.split(".")[0]
            if node.module in FORBIDDEN_MODULES or root in FORBIDDEN_MODULES - {
                "matplotlib.pyplot"
            }:
                found.append(f"{where} imports from {node.module}")
            if node.module == "numpy.random" or (
                node.module == "numpy" and any(a.name == "random" for a in node.names)
            ):
                found.append(f"{where} imports numpy's global random module")
    return found


def test_scanner_catches_what_it_should(tmp_path: Path) -> None:
    """The scanner itself flags prints, clock reads, env reads and I/O imports."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\nfrom datetime import datetime\nimport random\n"
        "print(1)\nx = datetime.now()\ny = os.environ\nz = random.random()\nopen('f')\n",
        encoding="utf-8",
    )
    text = "\n".join(_violations(sample, base=tmp_path))
    for needle in (
        "imports os",
        "calls print()",
        "datetime.now()",
        "os.environ",
        "random.random()",
        "calls open()",
    ):
        assert needle in text


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_module_is_pure(path: Path) -> None:
    """No module outside __main__ does I/O, prints, reads the clock or the environment."""
    assert _violations(path) == []


# Layers, from the bottom. A module may import its own layer (same family for
# engines) and any layer below it, never above or sideways between engines.
FOUNDATION = {"_errors", "_time", "_validators", "_models", "_dataset", "_display", "_version"}
ENGINE_FAMILIES = {
    "recovery": ("_recovery", "_playbook"),
    "word_of_mouth": ("_word_of_mouth",),
    "leads": ("_leads",),
    "satisfaction": ("_satisfaction",),
    "morale": ("_morale",),
}
UPPER = {
    "_serialization",
    "_report",
    "samples",
    "testing",
    "frames",
    "plotting",
    "__init__",
    "_catalogue",
}


def _family(name: str) -> str | None:
    for family, prefixes in ENGINE_FAMILIES.items():
        if name.startswith(prefixes):
            return family
    return None


def _internal_imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    in_package = path.parent != PACKAGE
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            if not node.module:
                names.update(alias.name for alias in node.names)
                continue
            base = node.module.split(".")[0]
            if in_package and node.level == 1:
                base = path.parent.name
            names.add(base)
        if (
            isinstance(node, ast.ImportFrom)
            and node.level == 0
            and node.module
            and node.module.startswith("custinteract")
        ):
            parts = node.module.split(".")
            names.add(parts[1] if len(parts) > 1 else "__init__")
    return names


@pytest.mark.parametrize(
    "path",
    [p for p in sorted(PACKAGE.glob("*.py")) if p.stem in FOUNDATION or _family(p.stem)],
    ids=lambda p: p.name,
)
def test_imports_point_down_only(path: Path) -> None:
    """Foundation imports only foundation; an engine imports foundation and its own family."""
    imports = _internal_imports(path)
    family = _family(path.stem)
    for name in imports:
        if name in FOUNDATION:
            continue
        if family is not None and _family(name) == family:
            continue
        pytest.fail(f"{path.name} imports {name}: against the layering in DESIGN.md")


def test_importing_the_core_does_not_import_optional_extras() -> None:
    """import custinteract pulls in no pandas, Dask, matplotlib or hypothesis."""
    code = (
        "import sys, custinteract\n"
        "heavy = {'pandas', 'dask', 'matplotlib', 'hypothesis', 'numpy'} & set(sys.modules)\n"
        "print(sorted(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
