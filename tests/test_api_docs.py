"""Every public name is documented in the reference, and every docs page is reachable."""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType

import pytest

import custinteract
import custinteract.frames
import custinteract.plotting
import custinteract.testing

DOCS = Path(__file__).resolve().parents[1] / "docs"
DIRECTIVE = re.compile(
    r"^\.\. (?:auto\w+|py:\w+|data|function|class|exception)::\s+(\S+)", re.MULTILINE
)
PAGES = {path.stem for path in DOCS.glob("*.rst")} | {path.stem for path in DOCS.glob("*.md")}


def documented() -> set[str]:
    """The dotted names that some page documents with an autodoc or py directive."""
    return {name for path in DOCS.glob("*.rst") for name in DIRECTIVE.findall(path.read_text())}


@pytest.mark.parametrize(
    "module", [custinteract, custinteract.frames, custinteract.plotting], ids=lambda m: m.__name__
)
def test_every_public_name_is_in_the_reference(module: ModuleType) -> None:
    """A name in ``__all__`` has its own entry on some docs page (not only a mention)."""
    names = documented()
    missing = [name for name in module.__all__ if f"{module.__name__}.{name}" not in names]
    assert missing == []


def test_testing_strategies_are_documented_by_their_module() -> None:
    """custinteract.testing is documented as a module, so its __all__ is what appears."""
    assert "custinteract.testing" in documented()


def test_every_page_is_in_a_toctree() -> None:
    """Sphinx would warn too; this names the page that is missing from the index."""
    index = (DOCS / "index.rst").read_text()
    listed = set(re.findall(r"^   ([\w-]+)$", index, re.MULTILINE))
    assert PAGES - {"index"} - listed == set()


def test_every_reason_code_table_is_read_only() -> None:
    """The exported tables are immutable, as the reason-codes page says."""
    tables = [name for name in custinteract.__all__ if name.endswith("REASON_CODES")]
    assert len(tables) == 7
    for name in tables:
        table = getattr(custinteract, name)
        with pytest.raises(TypeError):
            table["made.up"] = "a code nobody documented"
