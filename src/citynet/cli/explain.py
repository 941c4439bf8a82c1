"""`citynet explain ID [FIELD]`: each field's value, the sources behind it, its last commit."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from citynet.cli.common import out, settings, warn
from citynet.publish import formats

ExplainFormat = formats.choices("ExplainFormat", [formats.TEXT, "json"])


def _value(value: Any) -> str:
    if isinstance(value, (dict, list)):
        return formats.dumps(value, pretty=False)
    return formats.cell(value)


def _text(explanation: dict[str, Any]) -> str:
    lines = [f"{explanation['kind']} {explanation['id']}  ({explanation['path']})"]
    for origin in explanation["fields"]:
        first, last = origin["lines"]
        where = f"line {first}" if first == last else f"lines {first}-{last}"
        lines += ["", f"{origin['field']}: {_value(origin['value'])}  ({where})"]
        for source in origin["sources"]:
            extra = [f"as of {source['as_of']}"] if source["as_of"] else []
            extra += [source["url"]] if source["url"] else []
            lines.append(f"  source: {source['title']}" + (f" ({', '.join(extra)})"
                                                            if extra else ""))
        if not origin["sources"]:
            lines.append("  source: none vouches for it")
        commit = origin["commit"]
        lines.append(f"  commit: {commit['sha'][:12]} {commit['date']} {commit['author']}: "
                     f"{commit['summary']}" if commit else "  commit: not committed")
    return "\n".join(lines) + "\n"


def explain(
    ctx: typer.Context,
    record_id: Annotated[str, typer.Argument(metavar="ID", help="The record's id.",
                                             show_default=False)],
    field: Annotated[
        str | None,
        typer.Argument(metavar="[FIELD]", help="One top-level field; default: every field.",
                       show_default=False),
    ] = None,
    kind: Annotated[
        str | None,
        typer.Option(help="The record's kind, when several kinds use the id."),
    ] = None,
    format: Annotated[
        ExplainFormat, typer.Option("--format", "-f", help="text for people, json for scripts.")
    ] = ExplainFormat.TEXT,
) -> None:
    """Show where a record's fields come from: value, vouching sources, last commit (git)."""
    from citynet.query.explain import explain as explain_record
    from citynet.query.views import find_entry
    from citynet.store.registry import load_checked

    root = settings(ctx).registry_root()
    registry, _ = load_checked(root, settings(ctx).use_cache)
    explanation = explain_record(root, find_entry(registry, record_id, kind), field).as_dict()
    if explanation["notice"]:
        warn(f"warning: {explanation['notice']}")
    out(formats.dumps(explanation) if format is ExplainFormat.JSON else _text(explanation))


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: citynet explain seoul-taipei-sister signed")(explain)
