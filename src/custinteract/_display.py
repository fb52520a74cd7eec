"""How results look in a terminal and in a notebook.

Result classes call :func:`render_text` from ``__str__`` and
:func:`render_html` from ``_repr_html_``, so every result reads as a small
table of its fields followed by its explanation, in a terminal or in Jupyter.
"""

from __future__ import annotations

import enum
import html
from collections.abc import Mapping
from datetime import datetime
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from ._time import format_window

__all__ = ["render_html", "render_text"]

_MAX_ITEMS = 12


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, relativedelta):
        return format_window(value)
    if isinstance(value, float):
        return f"{value:.4g}"
    if isinstance(value, Mapping):
        items = [f"{_cell(k)}: {_cell(v)}" for k, v in list(value.items())[:_MAX_ITEMS]]
        more = f", ... ({len(value) - _MAX_ITEMS} more)" if len(value) > _MAX_ITEMS else ""
        return "{" + ", ".join(items) + more + "}"
    if isinstance(value, tuple):
        if not value:
            return "()"
        if attrs.has(type(value[0])):
            return f"{len(value)} x {type(value[0]).__name__}"
        items = [_cell(item) for item in value[:_MAX_ITEMS]]
        more = f", ... ({len(value) - _MAX_ITEMS} more)" if len(value) > _MAX_ITEMS else ""
        return "(" + ", ".join(items) + more + ")"
    if attrs.has(type(value)):
        return type(value).__name__
    return str(value)


def _rows(value: Any) -> list[tuple[str, str]]:
    return [
        (field.name, _cell(getattr(value, field.name)))
        for field in attrs.fields(type(value))
        if field.name != "explanation"
    ]


def _explanation(value: Any) -> tuple[Any, ...]:
    return tuple(getattr(value, "explanation", ()))


def render_text(value: Any) -> str:
    """A plain-text table of an attrs result's fields, then its explanation.

    >>> import custinteract as ci
    >>> print(render_text(ci.Reason(code="demo.code", message="A message")))
    Reason
      code     demo.code
      message  A message
    """
    rows = _rows(value)
    width = max((len(name) for name, _ in rows), default=0)
    lines = [type(value).__name__]
    lines += [f"  {name.ljust(width)}  {cell}" for name, cell in rows]
    reasons = _explanation(value)
    if reasons:
        lines.append("  why:")
        lines += [f"    - {reason.message} [{reason.code}]" for reason in reasons]
    return "\n".join(lines)


def render_html(value: Any) -> str:
    """An HTML table of an attrs result's fields, then its explanation (for Jupyter)."""
    esc = html.escape
    body = "".join(
        f"<tr><th style='text-align:left'>{esc(name)}</th><td style='text-align:left'>{esc(cell)}</td></tr>"
        for name, cell in _rows(value)
    )
    reasons = _explanation(value)
    why = ""
    if reasons:
        items = "".join(
            f"<li>{esc(reason.message)} <code>{esc(reason.code)}</code></li>" for reason in reasons
        )
        why = f"<p><b>Why</b></p><ul>{items}</ul>"
    return f"<div><p><b>{esc(type(value).__name__)}</b></p><table>{body}</table>{why}</div>"
