"""The documentation builds nitpicky with warnings as errors (examples run as doctests elsewhere)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from html import escape
from pathlib import Path

import custinteract as ci

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_docs_build_without_warnings(tmp_path: Path) -> None:
    """sphinx-build -n -W succeeds: every page, cross-reference, autodoc entry and plot is valid."""
    env = {**os.environ, "MPLBACKEND": "Agg"}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-n",
            "-W",
            "--keep-going",
            "-q",
            "-b",
            "html",
            "-d",
            str(tmp_path / "doctrees"),
            str(DOCS),
            str(tmp_path / "html"),
        ],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-5000:]
    assert (tmp_path / "html" / "index.html").exists()
    _check_published_schemas(tmp_path / "html" / "schemas")
    _check_constants_keep_their_own_docs(tmp_path / "html")


def _check_constants_keep_their_own_docs(html: Path) -> None:
    """A constant re-exported by a facade shows its own comment, never its type's docstring."""
    for kind in (tuple, dict, frozenset):
        first_line = escape((kind.__doc__ or "").strip().splitlines()[0], quote=False)
        shown = [page.name for page in html.glob("*.html") if first_line in page.read_text("utf-8")]
        assert not shown, (kind.__name__, shown)


def _check_published_schemas(folder: Path) -> None:
    """schemas/ holds exactly json_schema(cls) per public class, listed by index.json and index.html."""
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    assert index["schema_version"] == ci.SCHEMA_VERSION
    listed = {entry["name"]: entry for entry in index["schemas"]}
    expected = {
        name
        for name in ci.__all__
        if isinstance(getattr(ci, name), type)
        and (
            hasattr(getattr(ci, name), "__attrs_attrs__")
            or hasattr(getattr(ci, name), "__document__")
        )
    }
    assert set(listed) == expected
    page = (folder / "index.html").read_text(encoding="utf-8")
    for name, entry in listed.items():
        published = json.loads((folder / entry["file"]).read_text(encoding="utf-8"))
        assert published == ci.json_schema(getattr(ci, name)), name
        assert entry["$id"] == published["$id"]
        assert published["$id"].endswith(f"/schemas/{entry['file']}")  # the $id names the file
        assert f'href="{entry["file"]}"' in page
    assert {str(path.relative_to(folder)) for path in folder.rglob("*.*")} == {
        *(entry["file"] for entry in listed.values()),
        "index.json",
        "index.html",
    }
