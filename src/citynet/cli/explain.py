"""`citynet explain ID [FIELD]`: each field's value, the sources behind it, its last commit."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from citynet.cli.common import NoCache, Root, emit, format_option, settings, warn
from citynet.inert import inert
from citynet.publish.formats import AUTO, Offer, cell, dumps
from citynet.publish.shapes import Output, Shape

FORMATS = Offer(Shape.TEXT, Shape.DATA)


def _value(value: Any) -> str:
    return inert(dumps(value, pretty=False) if isinstance(value, dict | list) else cell(value))


def _text(explanation: dict[str, Any]) -> str:
    lines = [f"{inert(explanation['kind'])} {inert(explanation['id'])}  "
             f"({inert(explanation['path'])})"]
    for origin in explanation["fields"]:
        first, last = origin["lines"]
        where = f"line {first}" if first == last else f"lines {first}-{last}"
        lines += ["", f"{inert(origin['field'])}: {_value(origin['value'])}  ({where})"]
        for source in origin["sources"]:
            extra = [f"as of {inert(source['as_of'])}"] if source["as_of"] else []
            extra += [inert(source["url"])] if source["url"] else []
            lines.append(f"  source: {inert(source['title'])}" + (f" ({', '.join(extra)})"
                                                                   if extra else ""))
        if not origin["sources"]:
            lines.append("  source: none vouches for it")
        commit = origin["commit"]
        lines.append(f"  commit: {inert(commit['sha'][:12])} {inert(commit['date'])} "
                     f"{inert(commit['author'])}: {inert(commit['summary'])}" if commit
                     else "  commit: not committed")
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
        typer.Option(help="The record's kind, when several kinds use the id.", metavar="KIND"),
    ] = None,
    format: Annotated[str, format_option(FORMATS, help="text for people, json for scripts.")
                      ] = AUTO,
    root: Root = None,
    no_cache: NoCache = False,
) -> None:
    """Show where a record's fields come from: value, vouching sources, last commit (git)."""
    from citynet.query.explain import explain as explain_record
    from citynet.query.views import find_entry
    from citynet.store.registry import load_checked

    current = settings(ctx)
    folder = current.registry_root()
    registry, _ = load_checked(folder, current.use_cache)
    explanation = explain_record(folder, find_entry(registry, record_id, kind), field).as_dict()
    if explanation["notice"]:
        warn(f"warning: {explanation['notice']}")
    emit(FORMATS, format, Output({Shape.TEXT: lambda: _text(explanation),
                                  Shape.DATA: lambda: explanation}))


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: citynet explain seoul-taipei-sister signed")(explain)
