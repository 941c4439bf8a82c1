"""`citynet history ID`: each commit that changed a record, with its field changes."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from citynet.cli.common import NoCache, Root, emit, format_option, settings, warn
from citynet.cli.diff import change_head, field_lines, value_text
from citynet.inert import inert
from citynet.publish.formats import AUTO, Offer
from citynet.publish.shapes import Output, Shape

FORMATS = Offer(Shape.TEXT, Shape.DATA, Shape.MARKDOWN)


def _text(document: dict[str, Any]) -> str:
    lines = []
    for v in document["versions"]:
        lines.append(f"{inert(v['date'][:10])}  {inert(v['commit'][:10])}  {inert(v['author'])}"
                     f"  {inert(v['subject'])}")
        lines.append(f"    {change_head(v)}  {inert(v['path'])}")
        lines += field_lines(v)
        if v["change"] == "changed" and not v["fields"]:
            lines.append("    (the file's layout only: no field changed)")
    lines.append(f"{len(document['versions'])} commit(s)")
    return "\n".join(lines) + "\n"


def _markdown(document: dict[str, Any]) -> str:
    from citynet.publish.markdown import escape

    lines = [f"## History of {escape(document['kind'])} {escape(document['id'])}", ""]
    for v in document["versions"]:
        lines.append(f"- **{escape(v['date'][:10])}** {escape(v['commit'][:10])} "
                     f"{escape(v['author'])}: {escape(v['subject'])} — {change_head(v, escape)}")
        lines += [f"  - {escape(f['field'])}: {escape(value_text(f['old']))} → "
                  f"{escape(value_text(f['new']))}" for f in v["fields"]]
    return "\n".join(lines) + "\n"


def history(
    ctx: typer.Context,
    record_id: Annotated[str, typer.Argument(metavar="ID", help="The record's id (now, or "
                                             "its last id if it is gone).", show_default=False)],
    kind: Annotated[str | None, typer.Option(
        help="The record's kind, when several kinds use the id.", metavar="KIND")] = None,
    since: Annotated[str | None, typer.Option(metavar="DATE", help="Only commits on or after "
                                              "this date (YYYY, YYYY-MM or YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(metavar="DATE", help="Only commits on or before "
                                              "this date.")] = None,
    format: Annotated[str, format_option(FORMATS, help="text, json for scripts, or markdown.")
                      ] = AUTO,
    root: Root = None,
    no_cache: NoCache = False,
) -> None:
    """Show each commit that changed a record, newest first, with its field changes."""
    from citynet.model.declare import KINDS, kind_by_name
    from citynet.query import filters
    from citynet.query.history import cut_short
    from citynet.query.history import history as record_history

    found = kind_by_name(kind) if kind else None
    start, end = filters.parse_date("--since", since), filters.parse_date("--until", until)
    folder = settings(ctx).registry_root()
    versions = record_history(folder, record_id, found, start, end)
    cut = cut_short(folder, versions)
    if cut:
        warn(f"warning: {cut}")
    document = {
        "kind": found.name if found else (KINDS[versions[0].record.kind].name if versions
                                          else ""),
        "id": record_id,
        "versions": [v.as_dict() for v in versions],
    }
    emit(FORMATS, format, Output({Shape.TEXT: lambda: _text(document),
                                  Shape.DATA: lambda: document,
                                  Shape.MARKDOWN: lambda: _markdown(document)}))


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: citynet history seoul-beijing-sister --since 2020")(history)
