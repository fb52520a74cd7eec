"""A real notebook, executed in a real kernel: frame results flow into plots that show.

``tests/notebooks/real_data.ipynb`` writes and reads a CSV shaped like real
exports (integer ids, naive timestamps, ratings without sentiment, some
missing), runs every engine through the frames and plots every result
straight from them. The kernel is ipykernel on this interpreter, with
matplotlib on the notebook's own inline backend (no GUI) and no
``%matplotlib`` magic run; every plot cell must show exactly one PNG.
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

import custinteract

NOTEBOOK = Path(__file__).parent / "notebooks" / "real_data.ipynb"
SOURCE = Path(custinteract.__file__).resolve().parents[1]
_CHECK = """\
import os, sys, matplotlib
print(sys.executable)
print(matplotlib.get_backend())
print(os.path.dirname(os.path.dirname(__import__("custinteract").__file__)))
"""


def _images(cell: Any) -> list[str]:
    return [
        output["data"]["image/png"]
        for output in cell.get("outputs", [])
        if output.get("output_type") in ("execute_result", "display_data")
        and "image/png" in output.get("data", {})
    ]


def _executed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")  # jupyter_core's own deprecation, else
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        import nbformat
        from nbclient import NotebookClient

        notebook = nbformat.read(NOTEBOOK, as_version=4)
        notebook.cells.insert(0, nbformat.v4.new_code_cell(_CHECK))
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            [str(SOURCE), *filter(None, [os.environ.get("PYTHONPATH")])]
        )
        # ipykernel's default: matplotlib-inline, no GUI (never a window in CI)
        env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
        client = NotebookClient(
            notebook,
            kernel_name="python3",  # jupyter_client runs a "python" kernel as sys.executable
            timeout=120,
            resources={"metadata": {"path": str(tmp_path)}},
        )
        client.execute(env=env)
    return notebook


def test_the_real_data_notebook_shows_every_plot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every plot cell of the executed notebook holds one PNG; the CSV was written and read."""
    notebook = _executed(tmp_path, monkeypatch)
    printed = "".join(o.get("text", "") for o in notebook.cells[0]["outputs"])
    executable, backend, package = printed.split("\n")[:3]
    assert os.path.samefile(executable, sys.executable)
    assert "inline" in backend
    assert os.path.samefile(package, SOURCE)
    assert (tmp_path / "interactions.csv").exists()
    plots = [cell for cell in notebook.cells if "plot" in cell.metadata.get("tags", [])]
    assert len(plots) == 12
    for cell in plots:
        assert len(_images(cell)) == 1, cell.source
    errors = [
        output
        for cell in notebook.cells
        for output in cell.get("outputs", [])
        if output.get("output_type") == "error" or output.get("name") == "stderr"
    ]
    assert errors == []
