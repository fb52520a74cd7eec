"""Sphinx configuration for the custinteract documentation."""

from __future__ import annotations

import sys
from pathlib import Path

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
    "reason_codes",
    "published_schemas",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
nitpicky = False
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {"members": True, "show-inheritance": False}
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
