"""`citynet show ID`: one record and everything tied to it."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from citynet.cli import complete
from citynet.cli.common import (
    NoCache,
    Rev,
    Root,
    emit,
    format_option,
    shown,
    tell_omissions,
    terminal_width,
)
from citynet.cli.loading import load_registry
from citynet.inert import inert
from citynet.publish.formats import AUTO, Offer, cell, to_yaml
from citynet.publish.shapes import Output, Shape

FORMATS = Offer(Shape.TEXT, Shape.DATA)


def _text(view: dict[str, Any], root: Any, width: int | None = None) -> str:
    """The record as YAML and what is tied to it, one line each; on a terminal, lines
    longer than its `width` go on, indented, between words."""
    lines = [f"{inert(view['kind'])} {inert(view['id'])}  ({inert(shown(root, view['path']))})",
             ""]
    lines.append(to_yaml(view["record"], every_reader=False,
                         width=width and _yaml_width(view["record"], width)).rstrip())
    for name, value in view["related"].items():
        lines.append("")
        if isinstance(value, dict):
            lines.append(f"{name}: {_label(value)}")
            continue
        lines.append(f"{name} ({len(value)}):")
        for item in value:
            if "id" not in item:  # a step of a lifecycle: its date first, as a history reads
                lines.append(_step(item))
                continue
            parts = [_label(v) if isinstance(v, dict) else k if v is True else inert(cell(v))
                     for k, v in item.items()
                     if k not in ("id", "missing") and v not in (None, [], "", False)
                     and (k, v) != ("status", "active")]  # in force: what goes unsaid
            parts += ["missing"] if item.get("missing") else []
            lines.append(f"  {inert(item['id'])}: " + ", ".join(parts))
    if width:
        lines = [_fitted(line, width) for line in lines]
    return "\n".join(lines) + "\n"


def _step(item: dict[str, Any]) -> str:
    """`  2022-03-07  suspended by Des Moines [des-moines]: the reason (source) -> suspended`."""
    text = f"  {inert(item['date'] or 'date unknown'):<12} {inert(item['step'])}"
    if item.get("by"):
        text += " by " + " and ".join(_label(ref) for ref in item["by"])
    if item.get("reason"):
        text += f": {inert(item['reason'])}"
    if item.get("source"):
        text += f" ({inert(item['source'])})"
    return text + f" -> {inert(item['state'])}"
def _yaml_width(record: Any, width: int) -> int:
    """The width to give PyYAML for lines of at most `width`: it breaks a line only at the
    first space past its width, so it is given less by the longest word it may write."""
    words = [len(word) for text in _texts(record) for word in text.split()]
    return max(width - max(words, default=0) - 1, 20)


def _texts(value: Any) -> list[str]:
    if isinstance(value, dict):
        return [t for item in value.values() for t in _texts(item)]
    if isinstance(value, list):
        return [t for item in value for t in _texts(item)]
    return [value] if isinstance(value, str) else []


def _fitted(line: str, width: int) -> str:
    """`line` broken between words to fit `width`, the rest indented under its start."""
    import textwrap

    if len(line) <= width or "\n" in line:
        return line
    indent = " " * (len(line) - len(line.lstrip(" ")) + 4)
    return "\n".join(textwrap.wrap(line, width, subsequent_indent=indent,
                                   break_long_words=False, break_on_hyphens=False))


def _label(ref: dict[str, Any]) -> str:
    extra = "missing" if ref.get("missing") else ref.get("country") or ref.get("acronym")
    return f"{inert(ref['name'])} [{inert(ref['id'])}]" + (f" ({inert(extra)})" if extra else "")


def show(
    ctx: typer.Context,
    record_id: Annotated[str, typer.Argument(metavar="ID", help="The record's id.",
                                             show_default=False,
                                             autocompletion=complete.ids_of_kind_given)],
    kind: Annotated[
        str | None,
        typer.Option(help="The record's kind, when several kinds use the id.",
                     autocompletion=complete.kind_singulars, metavar="KIND"),
    ] = None,
    format: Annotated[str, format_option(FORMATS, help="text for people, json for scripts.")
                      ] = AUTO,
    rev: Rev = None,
    root: Root = None,
    no_cache: NoCache = False,
) -> None:
    """Show one record and everything tied to it (a city: its agreements and memberships)."""
    from citynet.query.views import REFERRING, describe, find_entry, omissions
    from citynet.store.index import Wanted

    # The record, what names it and what those name: all `describe` and `omissions` read.
    wanted = Wanted.of(whole=(), ids=(record_id,),
                       referring=[(kind.folder, target.folder) for kind, target in REFERRING])
    registry, _ = load_registry(ctx, wanted=wanted)
    entry = find_entry(registry, record_id, kind)
    view = describe(registry, entry)
    tell_omissions(omissions(registry, entry), "not shown", "shown as missing")
    emit(FORMATS, format, Output({Shape.TEXT: lambda: _text(view, registry.root,
                                                            terminal_width()),
                                  Shape.DATA: lambda: view}))


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: citynet show seoul --format json")(show)
