"""Sphinx configuration for the custinteract documentation."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

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


def setup(app: Any) -> None:
    app.connect("autodoc-process-bases", _public_bases)
