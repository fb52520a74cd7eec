"""How results look in a terminal and in a notebook.

Result classes call :func:`render_text` from ``__str__`` and
:func:`render_html` from ``_repr_html_``, so every result reads as a small
table of its fields followed by its explanation, in a terminal or in Jupyter.

A field that holds other results is shown one level down, never as a bare
class name: a tuple of results becomes a sub-table with one column per field
(its first :data:`MAX_ROWS` rows, then how many more there are), and a single
result becomes an indented table of its own fields. Deeper levels are
summarised (``6 x ScoreItem``), so a display stays short however deep the
value. Columns that only repeat the parent's value of the same field (every
row's ``as_of``, say) are left out. In HTML every text is escaped, and
sub-tables follow the field table, so the field table is always the first
``<table>`` of the output.
"""

from __future__ import annotations

import enum
import html
from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any, ClassVar

import attrs
from dateutil.relativedelta import relativedelta

from ._errors import InvalidInputError
from ._time import format_window

__all__ = ["MAX_ROWS", "Displayed", "render_html", "render_text"]

_MAX_ITEMS = 12
MAX_ROWS = 10
"""Rows of a nested table shown before ``... and K more``."""
_MAX_CELL = 60
_LEFT = " style='text-align:left'"


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


def _short(text: str) -> str:
    return text if len(text) <= _MAX_CELL else text[: _MAX_CELL - 3] + "..."


def _fields(value: Any) -> list[str]:
    return [field.name for field in attrs.fields(type(value)) if field.name != "explanation"]


def _rows(value: Any) -> list[tuple[str, str]]:
    return [(name, _cell(getattr(value, name))) for name in _fields(value)]


def _explanation(value: Any) -> tuple[Any, ...]:
    return tuple(getattr(value, "explanation", ()))


def _is_results(value: Any) -> bool:
    """True for a non-empty tuple whose items are all attrs values."""
    return isinstance(value, tuple) and bool(value) and all(attrs.has(type(item)) for item in value)


class _Table:
    """One nested table: a tuple of results (``header`` and rows) or one result (key-value)."""

    def __init__(self, parent: Any, name: str, value: Any) -> None:
        self.name = name
        self.title = _cell(value)
        self.more = 0
        if isinstance(value, tuple):
            shown = value[:MAX_ROWS]
            self.more = len(value) - len(shown)
            columns = _fields(value[0]) if all(type(i) is type(value[0]) for i in value) else []
            kept = [column for column in columns if not _repeats_parent(parent, column, value)]
            if kept:
                self.header: tuple[str, ...] = tuple(kept)
                self.rows = [
                    tuple(_short(_cell(getattr(item, column))) for column in kept) for item in shown
                ]
            else:
                self.header = ("item",)
                self.rows = [(_short(_item_line(item)),) for item in shown]
        else:
            self.header = ()
            self.rows = [(field, _short(cell)) for field, cell in _rows(value)]

    def text(self, indent: str) -> list[str]:
        table = [self.header, *self.rows] if self.header else list(self.rows)
        widths = [max(len(row[i]) for row in table) for i in range(len(table[0]))] if table else []
        lines = [
            indent + "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
            for row in table
        ]
        lines = [line.rstrip() for line in lines]
        if self.more:
            lines.append(f"{indent}... and {self.more} more")
        return lines

    def html(self) -> str:
        esc = html.escape
        head = ""
        if self.header:
            head = "<tr>" + "".join(f"<th{_LEFT}>{esc(c)}</th>" for c in self.header) + "</tr>"
        body = "".join(
            "<tr>"
            + "".join(
                (
                    f"<th{_LEFT}>{esc(c)}</th>"
                    if not self.header and i == 0
                    else f"<td{_LEFT}>{esc(c)}</td>"
                )
                for i, c in enumerate(row)
            )
            + "</tr>"
            for row in self.rows
        )
        more = ""
        if self.more:
            span = max(len(self.header), 1)
            more = f"<tr><td colspan='{span}'{_LEFT}>... and {self.more} more</td></tr>"
        return (
            f"<p><b>{esc(self.name)}</b> ({esc(self.title)})</p><table>{head}{body}{more}</table>"
        )


def _item_line(item: Any) -> str:
    return ", ".join(f"{name}={cell}" for name, cell in _rows(item))


def _repeats_parent(parent: Any, column: str, items: tuple[Any, ...]) -> bool:
    """True when every row's ``column`` equals the parent's field of that name."""
    if column not in _fields(parent):
        return False
    own = getattr(parent, column)
    return all(getattr(item, column) == own for item in items)


def _nested(value: Any, brief: Collection[str]) -> dict[str, _Table]:
    tables: dict[str, _Table] = {}
    for name in _fields(value):
        if name in brief:
            continue
        field = getattr(value, name)
        if _is_results(field) or attrs.has(type(field)):
            tables[name] = _Table(value, name, field)
    return tables


def _check(value: Any, brief: Collection[str]) -> None:
    if not attrs.has(type(value)):
        raise InvalidInputError("value", value, "an attrs result to render")
    names = _fields(value)
    if isinstance(brief, str) or not isinstance(brief, Collection):
        raise InvalidInputError("brief", brief, f"a collection of field names out of {names}")
    for name in brief:
        if name not in names:
            raise InvalidInputError("brief", name, f"a field name out of {names}")


def render_text(value: Any, *, brief: Collection[str] = ()) -> str:
    """A plain-text table of an attrs result's fields, then its explanation.

    Nested results are shown one level down (see the module documentation);
    the fields named in ``brief`` keep their one-line summary instead.

    >>> import custinteract as ci
    >>> print(render_text(ci.Reason(code="demo.code", message="A message")))
    Reason
      code     demo.code
      message  A message

    A field holding results becomes a sub-table:

    >>> import attrs
    >>> @attrs.frozen
    ... class Shelf:
    ...     label: str
    ...     reasons: tuple[ci.Reason, ...]
    >>> shelf = Shelf("top", tuple(ci.Reason(code="demo.step", message=f"step {n}") for n in range(12)))
    >>> print(render_text(shelf))  # doctest: +ELLIPSIS
    Shelf
      label    top
      reasons  12 x Reason
        code       message
        demo.step  step 0
        ...
        demo.step  step 9
        ... and 2 more
    >>> print(render_text(shelf, brief=("reasons",)))
    Shelf
      label    top
      reasons  12 x Reason
    """
    _check(value, brief)
    rows = _rows(value)
    nested = _nested(value, brief)
    width = max((len(name) for name, _ in rows), default=0)
    lines = [type(value).__name__]
    for name, cell in rows:
        lines.append(f"  {name.ljust(width)}  {cell}")
        if name in nested:
            lines += nested[name].text("    ")
    reasons = _explanation(value)
    if reasons:
        lines.append("  why:")
        lines += [f"    - {reason.message} [{reason.code}]" for reason in reasons]
    return "\n".join(lines)


def render_html(value: Any, *, brief: Collection[str] = ()) -> str:
    """An HTML table of an attrs result's fields, then its nested tables and explanation (for Jupyter).

    Every text is escaped; the field table comes first, each nested table
    after it under the field's name, then the reasons.

    >>> import custinteract as ci
    >>> print(render_html(ci.Reason(code="a.b", message="x < y")))  # doctest: +NORMALIZE_WHITESPACE
    <div><p><b>Reason</b></p><table><tr><th style='text-align:left'>code</th><td
    style='text-align:left'>a.b</td></tr><tr><th style='text-align:left'>message</th><td
    style='text-align:left'>x &lt; y</td></tr></table></div>
    """
    _check(value, brief)
    esc = html.escape
    body = "".join(
        f"<tr><th{_LEFT}>{esc(name)}</th><td{_LEFT}>{esc(cell)}</td></tr>"
        for name, cell in _rows(value)
    )
    nested = "".join(table.html() for table in _nested(value, brief).values())
    reasons = _explanation(value)
    why = ""
    if reasons:
        items = "".join(
            f"<li>{esc(reason.message)} <code>{esc(reason.code)}</code></li>" for reason in reasons
        )
        why = f"<p><b>Why</b></p><ul>{items}</ul>"
    return f"<div><p><b>{esc(type(value).__name__)}</b></p><table>{body}</table>{nested}{why}</div>"


class Displayed:
    """Mixin of every result class: ``str()`` is a text table, Jupyter shows an HTML table.

    Both come from :func:`render_text` and :func:`render_html`; a class names
    in ``_brief`` the fields it shows as a one-line summary only (its own
    tables of them follow elsewhere).

    >>> import attrs
    >>> @attrs.frozen
    ... class Answer(Displayed):
    ...     value: int
    >>> print(Answer(3))
    Answer
      value  3
    """

    __slots__ = ()
    _brief: ClassVar[tuple[str, ...]] = ()

    def __str__(self) -> str:
        return render_text(self, brief=self._brief)

    def _repr_html_(self) -> str:
        return render_html(self, brief=self._brief)
