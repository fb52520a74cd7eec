"""Terminal and notebook display: flat results unchanged, nested results as sub-tables, HTML escaped."""

from __future__ import annotations

import html
import re
from datetime import datetime, timedelta, timezone

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import custinteract as ci
from custinteract._display import MAX_ROWS, render_html, render_text

AT = datetime(2026, 3, 4, 10, 0, tzinfo=timezone.utc)


@attrs.frozen(kw_only=True)
class Row:
    """A small nested result: a name, a count and a moment."""

    name: str
    count: int
    as_of: datetime = AT


@attrs.frozen(kw_only=True)
class Inner:
    """A result nested two levels down."""

    rows: tuple[Row, ...]


@attrs.frozen(kw_only=True)
class Outer:
    """A result holding a tuple of results, one result, and scalars."""

    as_of: datetime
    title: str
    rows: tuple[Row, ...]
    inner: Inner
    explanation: tuple[ci.Reason, ...] = ()


def _rows(n: int, name: str = "row") -> tuple[Row, ...]:
    return tuple(Row(name=f"{name}-{k}", count=k) for k in range(n))


def _outer(n: int, name: str = "row") -> Outer:
    return Outer(
        as_of=AT,
        title="shelf",
        rows=_rows(n, name),
        inner=Inner(rows=_rows(3)),
        explanation=(ci.Reason(code="demo.why", message="because"),),
    )


def test_a_flat_result_reads_as_before() -> None:
    """A result without nested results keeps its one-level table, then its reasons."""
    assert render_text(ci.Reason(code="demo.code", message="A message")) == (
        "Reason\n  code     demo.code\n  message  A message"
    )
    assert render_text(Row(name="a", count=2)) == (
        "Row\n  name   a\n  count  2\n  as_of  2026-03-04T10:00:00+00:00"
    )


def test_a_tuple_of_results_becomes_a_sub_table() -> None:
    """Each nested row is a line under a header of field names, aligned in columns."""
    text = render_text(_outer(2))
    assert text.splitlines() == [
        "Outer",
        "  as_of  2026-03-04T10:00:00+00:00",
        "  title  shelf",
        "  rows   2 x Row",
        "    name   count",
        "    row-0  0",
        "    row-1  1",
        "  inner  Inner",
        "    rows  3 x Row",
        "  why:",
        "    - because [demo.why]",
    ]


def test_a_column_repeating_the_parent_is_left_out() -> None:
    """Rows whose as_of all equal the parent's do not repeat it; a differing one keeps the column."""
    assert "as_of" not in render_text(_outer(2)).split("rows   2 x Row")[1].split("inner")[0]
    later = attrs.evolve(_outer(2), rows=(Row(name="a", count=1, as_of=AT + timedelta(days=1)),))
    sub_table = render_text(later).split("rows   1 x Row")[1].split("inner")[0]
    assert "as_of" in sub_table
    assert "2026-03-05T10:00:00+00:00" in sub_table


@pytest.mark.parametrize(
    ("n", "more"), [(MAX_ROWS - 1, 0), (MAX_ROWS, 0), (MAX_ROWS + 1, 1), (40, 40 - MAX_ROWS)]
)
def test_long_tuples_show_the_first_rows_then_how_many_more(n: int, more: int) -> None:
    """The first MAX_ROWS rows are shown, then '... and K more' with the exact K (none when all fit)."""
    text = render_text(_outer(n))
    shown = [line for line in text.splitlines() if re.fullmatch(r"    row-\d+\s+\d+", line)]
    assert len(shown) == min(n, MAX_ROWS)
    assert shown[0].startswith("    row-0")
    assert ("... and" in text) is bool(more)
    if more:
        assert f"    ... and {more} more" in text.splitlines()
    page = render_html(_outer(n))
    assert page.count("<td style='text-align:left'>row-") == min(n, MAX_ROWS)
    assert (f"... and {more} more" in page) is bool(more)


def test_deeper_levels_are_summarised() -> None:
    """A result two levels down shows as 'N x Class', so a display stays short."""
    text = render_text(_outer(1))
    assert "    rows  3 x Row" in text
    assert "row-2" not in text.split("inner")[1]


def test_brief_keeps_the_one_line_summary_and_is_checked() -> None:
    """brief names fields shown as before; an unknown name or a bare string is an error."""
    text = render_text(_outer(3), brief=("rows", "inner"))
    assert text.splitlines()[:5] == [
        "Outer",
        "  as_of  2026-03-04T10:00:00+00:00",
        "  title  shelf",
        "  rows   3 x Row",
        "  inner  Inner",
    ]
    assert "<table>" not in render_html(_outer(3), brief=("rows", "inner")).split("</table>", 1)[1]
    with pytest.raises(ci.InvalidInputError, match="brief"):
        render_text(_outer(1), brief=("nope",))
    with pytest.raises(ci.InvalidInputError, match="brief"):
        render_html(_outer(1), brief="rows")


def test_only_attrs_results_render() -> None:
    """Anything else is refused with an error naming what was expected."""
    with pytest.raises(ci.InvalidInputError, match="attrs result"):
        render_text({"a": 1})
    with pytest.raises(ci.InvalidInputError, match="attrs result"):
        render_html(3)


def test_a_mixed_tuple_lists_each_item_on_one_line() -> None:
    """Results of different classes in one tuple share no columns: one 'item' line each."""
    mixed = attrs.evolve(_outer(0), rows=(Row(name="a", count=1), Inner(rows=())))  # type: ignore[arg-type]
    lines = render_text(mixed).splitlines()
    assert "    item" in lines
    assert any(line.startswith("    name=a, count=1") for line in lines)


def test_html_escapes_every_text_and_keeps_the_field_table_first() -> None:
    """Markup in names and messages is escaped everywhere; the first table is the field table."""
    evil = "<script>alert('x')</script> & co"
    value = attrs.evolve(
        _outer(2, name=evil),
        title=evil,
        explanation=(ci.Reason(code="demo.why", message=evil),),
    )
    page = render_html(value)
    assert "<script>" not in page
    assert html.escape("<script>alert(") in page
    assert page.count(html.escape(evil)) >= 2  # title and reason, in full
    field_table = page[: page.index("</table>")]
    assert all(f">{name}<" in field_table for name in ("as_of", "title", "rows", "inner"))
    assert "<th style='text-align:left'>count</th>" not in field_table
    assert page.index("<b>rows</b>") < page.index("<b>inner</b>") < page.index("<b>Why</b>")


_TAGS = re.compile(r"</?(?:div|p|b|table|tr|th|td|ul|li|code)(?: [^>]*)?>")


@settings(max_examples=60, deadline=None)
@given(names=st.lists(st.text(max_size=80), max_size=2 * MAX_ROWS + 3))
def test_html_never_leaks_markup(names: list[str]) -> None:
    """Whatever the texts, the only tags in the HTML are the renderer's own; row counts are exact."""
    value = attrs.evolve(_outer(0), rows=tuple(Row(name=n, count=k) for k, n in enumerate(names)))
    page = render_html(value)
    assert "<" not in _TAGS.sub("", page)
    body_rows = page.split("<b>rows</b>")[1].split("<b>inner</b>")[0] if names else ""
    assert body_rows.count("<tr>") == (
        1 + min(len(names), MAX_ROWS) + (len(names) > MAX_ROWS) if names else 0
    )


def test_a_recovery_summary_shows_who_is_at_risk() -> None:
    """A real nested result: the at-risk customers appear by id, in text and in HTML."""
    base = [
        ci.Interaction(
            id=f"i-{n}", customer_id=f"c-{n:02d}", timestamp=AT, sentiment=ci.Sentiment.NEGATIVE
        )
        for n in range(12)
    ]
    summary = ci.summarize_recoveries(ci.assess_recoveries(base, as_of=AT), limit=None)
    text = str(summary)
    assert "customer_id  status   positives_needed" in text
    assert re.search(r"^    c-00\s+at_risk\s+6\s", text, flags=re.MULTILINE)
    assert "... and 2 more" in text
    assert "<td style='text-align:left'>c-09</td>" in summary._repr_html_()


def test_team_morale_shows_its_members_and_enps() -> None:
    """TeamMorale lists its members by id and its eNPS field by field."""
    staff = [ci.StaffMember(id=f"s-{n}", name=f"N{n}", hired=AT, team="desk") for n in range(3)]
    events = [
        ci.StaffEvent(
            id="e-1", staff_id="s-1", timestamp=AT, kind=ci.StaffEventKind.SURVEY, score=9
        )
    ]
    morale = ci.assess_team_morale(staff, [], as_of=AT, events=events)
    text = str(morale)
    for member in ("s-0", "s-1", "s-2"):
        assert re.search(rf"^    {member}\s+desk", text, flags=re.MULTILINE)
    assert re.search(r"^    promoters\s+1$", text, flags=re.MULTILINE)
    assert "<b>members</b>" in morale._repr_html_()


def test_the_demo_report_shows_its_text_in_a_notebook() -> None:
    """DemoReport's HTML is its text report, escaped, in a <pre> block."""
    from custinteract.samples import SAMPLE_AS_OF, sample_dataset

    report = ci.build_demo_report(sample_dataset(customers=30, staff=3, seed=5), as_of=SAMPLE_AS_OF)
    page = report._repr_html_()
    assert page == "<pre>" + html.escape(ci.render_demo_report(report)) + "</pre>"
    assert str(report) == ci.render_demo_report(report)
