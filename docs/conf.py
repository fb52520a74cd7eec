"""Sphinx configuration for the custinteract documentation."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path
from typing import Any

from sphinx.pycode import ModuleAnalyzer

import custinteract

sys.path.insert(0, str(Path(__file__).parent / "_ext"))

project = "custinteract"
author = "The custinteract developers"
copyright = "2026, The custinteract developers"
release = custinteract.__version__
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.intersphinx",
    "sphinx.ext.viewcode",
    "myst_parser",
    "matplotlib.sphinxext.plot_directive",
    "sphinx_gallery.gen_gallery",
    "reason_codes",
    "published_schemas",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "examples/GALLERY_HEADER.rst"]
nitpicky = True  # every cross-reference must resolve (the test suite builds with -n -W)
# Intersphinx cannot reach other projects' inventories offline, so references to
# the standard library and to third-party packages (pandas, dateutil, matplotlib,
# hypothesis, attrs, ...) have no target here; they render as plain code. Only
# those external names are ignored: every custinteract name must resolve.
_EXTERNAL_MODULES = (
    "attrs|collections|dask|datetime|dateutil|enum|hypothesis|matplotlib|numpy|pandas|"
    "pyarrow|re|tracemalloc|typing|zoneinfo"
)
nitpick_ignore_regex = [
    (r"py:.*", rf"({_EXTERNAL_MODULES})(\..*)?"),
    # Type parameters of generic signatures (FrozenMap[K, V], from_dict -> T)
    # are placeholders, not objects with a page of their own.
    (r"py:.*", r"(custinteract\.[\w.]+\.)?[KTVE]"),
    # The keyword arguments FeedbackLoopPolicy.from_team accepts, typed for
    # checkers as a private TypedDict; its docstring lists them by name.
    (r"py:class", r"(custinteract\.[\w.]+\.)?_LoopOverrides"),
]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": True}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
intersphinx_mapping: dict[str, tuple[str, str | None]] = {}
suppress_warnings = ["myst.header"]
html_theme = "furo"  # a theme made for library docs: code blocks fit and scroll, light and dark
html_title = f"custinteract {release}"
plot_include_source = True
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 100)]
plot_rcparams = {"figure.figsize": (7.0, 4.0)}

# The gallery: every docs/examples/plot_*.py runs at build time (a few seconds
# each, on the seeded sample base) and becomes a page of docs/gallery/, which
# is generated and git-ignored.
sphinx_gallery_conf = {
    "examples_dirs": "examples",
    "gallery_dirs": "gallery",
    "filename_pattern": r"/plot_",
    "within_subsection_order": "FileNameSortKey",
    "image_scrapers": ("matplotlib",),
    "reset_modules": ("matplotlib",),
    "download_all_examples": False,
    "show_memory": False,
    "show_signature": False,
    "remove_config_comments": True,
    "matplotlib_animations": False,
    "write_computation_times": False,
}


def _public_bases(app: object, name: str, obj: object, options: object, bases: list[type]) -> None:
    """Show only base classes a reader can look up: private helpers are left out."""
    bases[:] = [
        base
        for base in bases
        if not (
            getattr(base, "__module__", "").startswith("custinteract")
            and getattr(base, "__name__", "") not in custinteract.__all__
        )
    ]


def _constant_docs() -> dict[int, list[str]]:
    """The documentation comment of every module-level constant, by the identity of its value.

    A constant re-exported by a facade (``custinteract.frames.MORALE_COLUMNS``)
    has its comment in the module that defines it, where autodoc does not
    look: it would show the docstring of ``tuple`` instead.
    """
    found: dict[int, list[str]] = {}
    for info in pkgutil.walk_packages(custinteract.__path__, "custinteract."):
        if info.name.endswith("__main__"):
            continue  # running it would run the command line
        module = importlib.import_module(info.name)
        for (scope, name), lines in ModuleAnalyzer.for_module(info.name).find_attr_docs().items():
            if not scope and hasattr(module, name):
                found.setdefault(id(getattr(module, name)), list(lines))
    return found


_CONSTANT_DOCS: dict[int, list[str]] = {}


def _constant_doc(
    app: object, what: str, name: str, obj: object, options: object, lines: list[str]
) -> None:
    """Give a re-exported constant its own comment, not its type's docstring."""
    if what != "data" or not name.startswith("custinteract."):
        return
    if not _CONSTANT_DOCS:
        _CONSTANT_DOCS.update(_constant_docs())
    own = _CONSTANT_DOCS.get(id(obj))
    type_doc = (type(obj).__doc__ or "").strip().splitlines()[:1]
    if own and (not lines or [line.strip() for line in lines[:1]] == type_doc):
        lines[:] = own


def setup(app: Any) -> None:
    app.connect("autodoc-process-bases", _public_bases)
    app.connect("autodoc-process-docstring", _constant_doc)
