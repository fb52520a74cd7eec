"""A Sphinx extension that publishes custinteract's JSON Schemas as files beside the HTML pages.

After an HTML build, ``schemas/`` in the output holds one ``<version>/<Class>.json`` per
public class (exactly :func:`custinteract.json_schema` of it), an
``index.json`` listing them and an ``index.html`` linking them, so teams in
other languages can fetch the schemas without Python.
"""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx

import custinteract


def public_schemas() -> dict[str, dict[str, Any]]:
    """Every public class's schema, by class name: what :func:`custinteract.json_schema` accepts."""
    found: dict[str, dict[str, Any]] = {}
    for name in sorted(custinteract.__all__):
        value = getattr(custinteract, name)
        if not isinstance(value, type) or value.__name__ != name:
            continue
        try:
            found[name] = custinteract.json_schema(value)
        except custinteract.InvalidInputError:  # not a documented value: an enum, an error
            continue
    return found


def _index_page(entries: list[dict[str, Any]]) -> str:
    rows = "\n".join(
        f'<li><a href="{html.escape(e["file"])}"><code>{html.escape(e["name"])}</code></a>'
        f" &mdash; {html.escape(e['description'])}</li>"
        for e in entries
    )
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>custinteract {custinteract.__version__} JSON Schemas</title>\n</head>\n<body>\n"
        f"<h1>custinteract {custinteract.__version__}: JSON Schemas"
        f" (schema version {custinteract.SCHEMA_VERSION})</h1>\n"
        "<p>One JSON Schema (draft 2020-12) per public class, as"
        ' <code>custinteract.json_schema</code> gives it; <a href="index.json">index.json</a>'
        ' lists them. See <a href="../serialization.html">Documents and schemas</a>.</p>\n'
        f"<ul>\n{rows}\n</ul>\n</body>\n</html>\n"
    )


def write_schemas(outdir: Path) -> None:
    """Write ``schemas/`` into ``outdir``: the files, ``index.json`` and ``index.html``."""
    folder = outdir / "schemas"
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    # Each schema's $id ends in schemas/<schema version>/<Class>.json: the file is there.
    (folder / str(custinteract.SCHEMA_VERSION)).mkdir(exist_ok=True)
    for name, schema in public_schemas().items():
        file = f"{custinteract.SCHEMA_VERSION}/{name}.json"
        text = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
        (folder / file).write_text(text, encoding="utf-8")
        entries.append(
            {
                "name": name,
                "file": file,
                "$id": schema["$id"],
                "description": schema.get("description", ""),
            }
        )
    index = {
        "custinteract": custinteract.__version__,
        "schema_version": custinteract.SCHEMA_VERSION,
        "schemas": entries,
    }
    (folder / "index.json").write_text(json.dumps(index, indent=2) + "\n", encoding="utf-8")
    (folder / "index.html").write_text(_index_page(entries), encoding="utf-8")


def _on_build_finished(app: Sphinx, exception: Exception | None) -> None:
    if exception is None and app.builder.format == "html":
        write_schemas(Path(app.outdir))


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("build-finished", _on_build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
