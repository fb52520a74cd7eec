"""A Sphinx directive that lists custinteract's reason codes from the library itself.

``.. reason-codes:: recovery.`` renders every code starting with the prefix
and its meaning, read from :func:`custinteract.reason_codes`, so the
documented list cannot drift from the codes the engines emit.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

import custinteract


class ReasonCodes(SphinxDirective):
    """Render the reason codes that start with the given prefix as a table."""

    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        prefix = self.arguments[0] if self.arguments else ""
        codes = {c: m for c, m in custinteract.reason_codes().items() if c.startswith(prefix)}
        if not codes:
            raise self.error(f"no reason codes start with {prefix!r}")
        lines = [
            ".. list-table::",
            "   :header-rows: 1",
            "   :widths: 35 65",
            "",
            "   * - code",
            "     - meaning",
        ]
        for code, meaning in sorted(codes.items()):
            lines += [f"   * - ``{code}``", f"     - {meaning}"]
        container = nodes.container()
        self.state.nested_parse(
            StringList(lines, source="reason-codes"), self.content_offset, container
        )
        return container.children


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive("reason-codes", ReasonCodes)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
