"""The public surface, pinned: every exported name and its signature, against a checked-in snapshot.

``tests/public_surface.json`` records, for each public module below, every name
in its ``__all__`` and what it is: a function or class with its signature (for
attrs classes, the ``__init__`` a user calls), an enum with its members, or the
type of a constant. The test fails when the live surface differs, with a diff
naming each name added, removed or changed, so that nothing public moves by
accident.

When a change to the surface is deliberate, regenerate the snapshot, review
its diff and record the change in CHANGELOG.md::

    PYTHONPATH=src python tests/test_public_surface.py --update

Run without ``--update`` the script prints the live surface as JSON (for
example to compare two checkouts).
"""

from __future__ import annotations

import difflib
import enum
import importlib
import inspect
import json
import re
import sys
from pathlib import Path
from typing import Any

SNAPSHOT = Path(__file__).with_name("public_surface.json")

MODULES = (
    "custinteract",
    "custinteract.frames",
    "custinteract.plotting",
    "custinteract.recovery",
    "custinteract.leads",
    "custinteract.word_of_mouth",
    "custinteract.satisfaction",
    "custinteract.morale",
    "custinteract.demo",
    "custinteract.samples",
    "custinteract.testing",
)
"""The public modules whose ``__all__`` is pinned: the top level, the facades, each engine, the rest."""

_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def _signature(obj: Any) -> str:
    """``str(inspect.signature(obj))`` with memory addresses (of sentinel defaults) removed."""
    try:
        text = str(inspect.signature(obj))
    except (TypeError, ValueError):  # a builtin without a signature
        return "(...)"
    return _ADDRESS.sub("", text)


def describe(obj: Any) -> str:
    """What one public name is, as a line that changes when its public shape changes."""
    if isinstance(obj, type) and issubclass(obj, enum.Enum):
        return f"enum {obj.__name__}: " + ", ".join(member.name for member in obj)
    if isinstance(obj, type):
        # For attrs classes (and any class with its own __init__) inspect gives the
        # __init__ signature without ``self``: the constructor a user calls.
        return f"class {obj.__name__}{_signature(obj)}"
    if inspect.isroutine(obj):
        return f"function {obj.__name__}{_signature(obj)}"
    return f"value of type {type(obj).__name__}"


def surface(modules: tuple[str, ...] = MODULES) -> dict[str, dict[str, str]]:
    """The live surface: for each module that imports, ``{name: describe(value)}`` over ``__all__``."""
    found: dict[str, dict[str, str]] = {}
    for name in modules:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError:
            continue  # only when comparing with a checkout that predates the module
        found[name] = {
            exported: describe(getattr(module, exported)) for exported in sorted(module.__all__)
        }
    return found


def differences(expected: dict[str, dict[str, str]], live: dict[str, dict[str, str]]) -> list[str]:
    """One line per module or name added, removed or changed between two surfaces."""
    lines: list[str] = []
    for module in sorted(set(expected) | set(live)):
        if module not in live:
            lines.append(f"{module}: module removed")
            continue
        if module not in expected:
            lines.append(f"{module}: module added")
            continue
        before, after = expected[module], live[module]
        for name in sorted(set(before) | set(after)):
            if name not in after:
                lines.append(f"{module}.{name}: removed (was {before[name]})")
            elif name not in before:
                lines.append(f"{module}.{name}: added ({after[name]})")
            elif before[name] != after[name]:
                changed = (line.rstrip() for line in difflib.ndiff([before[name]], [after[name]]))
                lines.append(f"{module}.{name}: changed\n    " + "\n    ".join(changed))
    return lines


def _dumps(found: dict[str, dict[str, str]]) -> str:
    return json.dumps(found, indent=2, sort_keys=True) + "\n"


def test_public_surface_matches_the_snapshot() -> None:
    """Every public name and signature is as recorded: nothing public moves by accident."""
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    found = differences(expected, surface())
    assert not found, (
        "the public surface differs from tests/public_surface.json:\n"
        + "\n".join(found)
        + "\nIf the change is deliberate, run"
        " `PYTHONPATH=src python tests/test_public_surface.py --update`,"
        " review the snapshot's diff and record the change in CHANGELOG.md."
    )


def test_every_module_is_pinned() -> None:
    """The snapshot covers exactly the public modules listed here, each with a non-empty __all__."""
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))
    assert sorted(expected) == sorted(MODULES)
    assert all(expected[module] for module in MODULES)


def test_describe_reads_the_shape_of_a_name() -> None:
    """Functions and classes show their signature, enums their members, constants their type."""
    import custinteract as ci

    assert describe(ci.Sentiment) == "enum Sentiment: POSITIVE, NEUTRAL, NEGATIVE"
    assert describe(ci.to_dict).startswith("function to_dict(")
    assert describe(ci.Reason).startswith("class Reason(*, code")
    assert describe(ci.SCHEMA_VERSION) == "value of type int"
    assert differences({"m": {"a": "x", "b": "y"}}, {"m": {"b": "z", "c": "w"}}) == [
        "m.a: removed (was x)",
        "m.b: changed\n    - y\n    + z",
        "m.c: added (w)",
    ]


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        SNAPSHOT.write_text(_dumps(surface()), encoding="utf-8")
        sys.stdout.write(f"wrote {SNAPSHOT}\n")
    elif not sys.argv[1:]:
        sys.stdout.write(_dumps(surface()))
    else:
        sys.exit("usage: PYTHONPATH=src python tests/test_public_surface.py [--update]")
