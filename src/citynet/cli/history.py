"""`citynet history ID`: each commit that changed a record, with its field changes."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from citynet.cli.common import out, settings, warn
from citynet.cli.diff import value_text
from citynet.publish import formats

HistoryFormat = formats.choices("HistoryFormat", [formats.TEXT, "json", "markdown"])


def _head(version: dict[str, Any]) -> str:
    what = f"{version['change']} {version['kind']} {version['id']}"
    return what + (f" (was {version['old_id']})" if version["old_id"] else "")


def _text(document: dict[str, Any]) -> str:
    lines = []
    for v in document["versions"]:
        lines.append(f"{v['date'][:10]}  {v['commit'][:10]}  {v['author']}  {v['subject']}")
        lines.append(f"    {_head(v)}  {v['path']}")
        lines += [f"    {f['field']}: {value_text(f['old'])} -> {value_text(f['new'])}"
                  for f in v["fields"]]
        if v["change"] == "changed" and not v["fields"]:
            lines.append("    (the file's layout only: no field changed)")
    lines.append(f"{len(document['versions'])} commit(s)")
    return "\n".join(lines) + "\n"


def _markdown(document: dict[str, Any]) -> str:
    from citynet.publish.markdown import escape

    lines = [f"## History of {escape(document['kind'])} {escape(document['id'])}", ""]
    for v in document["versions"]:
        lines.append(f"- **{escape(v['date'][:10])}** {escape(v['commit'][:10])} "
                     f"{escape(v['author'])}: {escape(v['subject'])} — {escape(_head(v))}")
        lines += [f"  - {escape(f['field'])}: {escape(value_text(f['old']))} → "
                  f"{escape(value_text(f['new']))}" for f in v["fields"]]
    return "\n".join(lines) + "\n"


def history(
    ctx: typer.Context,
    record_id: Annotated[str, typer.Argument(metavar="ID", help="The record's id (now, or "
                                             "its last id if it is gone).", show_default=False)],
    kind: Annotated[str | None, typer.Option(
        help="The record's kind, when several kinds use the id.")] = None,
    since: Annotated[str | None, typer.Option(metavar="DATE", help="Only commits on or after "
                                              "this date (YYYY, YYYY-MM or YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(metavar="DATE", help="Only commits on or before "
                                              "this date.")] = None,
    format: Annotated[HistoryFormat, typer.Option(
        "--format", "-f", help="text, json for scripts, or markdown.")] = HistoryFormat.TEXT,
) -> None:
    """Show each commit that changed a record, newest first, with its field changes."""
    from citynet.model.declare import kind_by_name
    from citynet.query import filters
    from citynet.query.history import cut_short, history as record_history

    found = kind_by_name(kind) if kind else None
    start, end = filters.parse_date("--since", since), filters.parse_date("--until", until)
    root = settings(ctx).registry_root()
    versions = record_history(root, record_id, found, start, end)
    cut = cut_short(root, versions)
    if cut:
        warn(f"warning: {cut}")
    document = {
        "kind": found.name if found else (versions[0].kind if versions else ""),
        "id": record_id,
        "versions": [
            {"commit": v.commit, "date": v.date, "author": v.author, "subject": v.subject,
             "change": v.change, "kind": v.kind, "id": v.id, "old_id": v.old_id,
             "path": v.path,
             "fields": [{"field": f.field, "change": f.change, "old": f.old, "new": f.new}
                        for f in v.fields]}
            for v in versions
        ],
    }
    if format is HistoryFormat.JSON:
        out(formats.dumps(document))
    elif format is HistoryFormat.MARKDOWN:
        out(_markdown(document))
    else:
        out(_text(document))


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: citynet history seoul-beijing-sister --since 2020")(history)
