"""`citynet diff`: what changed in the registry, record by record and field by field."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

import typer

from citynet.cli.common import NoCache, Root, emit, format_option, settings
from citynet.inert import inert
from citynet.publish.formats import AUTO, Offer, dumps
from citynet.publish.shapes import Output, Shape

FORMATS = Offer(Shape.TEXT, Shape.DATA, Shape.MARKDOWN)


def value_text(value: Any) -> str:
    """A field's value in one line: JSON, or ∅ for none."""
    return "∅" if value is None else dumps(value, pretty=False)


def change_head(change: dict[str, Any], shown: Callable[[Any], str] = inert) -> str:
    """`renamed city seoul (was seul)`: a record's change (`RecordChange.as_dict()`), each
    value `shown` (made inert for text, escaped for Markdown)."""
    head = f"{shown(change['change'])} {shown(change['kind'])} {shown(change['id'])}"
    return head + (f" (was {shown(change['old_id'])})" if change["old_id"] else "")


def field_lines(change: dict[str, Any]) -> list[str]:
    """`    names.en: "Taipei" -> "Taipei City"`, a line for each field changed."""
    return [f"    {inert(f['field'])}: {inert(value_text(f['old']))} -> "
            f"{inert(value_text(f['new']))}" for f in change["fields"]]


def _text(document: dict[str, Any]) -> str:
    lines = []
    for change in document["changes"]:
        lines.append(f"{change_head(change)}  {inert(change['path'])}")
        lines += field_lines(change)
    s = document["summary"]
    lines.append(f"{s['added']} added, {s['removed']} removed, {s['renamed']} renamed, "
                 f"{s['changed']} changed")
    lines += _problem_lines(document, lambda cls, p: f"{cls}: {inert(_where(p))}: "
                            f"{p['severity']} [{p['code']}] {inert(p['message'])}")
    return "\n".join(lines) + "\n"


def _markdown(document: dict[str, Any]) -> str:
    from citynet.publish.markdown import escape

    s = document["summary"]
    lines = ["## Registry changes", "",
             f"{s['added']} added, {s['removed']} removed, {s['renamed']} renamed, "
             f"{s['changed']} changed", ""]
    for change in document["changes"]:
        head = f"- **{escape(change['change'])}** {escape(change['kind'])} {escape(change['id'])}"
        if change["old_id"]:
            head += f" (was {escape(change['old_id'])})"
        lines.append(head)
        for f in change["fields"]:
            lines.append(f"  - {escape(f['field'])}: {escape(value_text(f['old']))} → "
                         f"{escape(value_text(f['new']))}")
    found = _problem_lines(document, lambda cls, p: (
        f"- **{cls}** {escape(p['severity'])} {escape(p['code'])} in {escape(_where(p))}: "
        f"{escape(p['message'])}"))
    if found:
        lines += ["", "## Problems", "", escape(found[0]), "", *found[1:]]
    return "\n".join(lines) + "\n"


def _problems(root: Any, old: str, new: str | None, use_cache: bool) -> dict[str, Any]:
    from citynet.lint.engine import compare, validate

    now = validate(root, use_cache=use_cache, rev=new)
    compared = compare(now, validate(root, use_cache=use_cache, rev=old), old)
    return {"new": [p.as_dict() for p in compared.new],
            "fixed": [p.as_dict() for p in compared.fixed],
            "existing": compared.totals["existing"]}


def _problem_lines(document: dict[str, Any], bullet: Any) -> list[str]:
    found = document.get("problems")
    if found is None:
        return []
    lines = [f"{len(found['new'])} new problem(s), {len(found['fixed'])} fixed, "
             f"{found['existing']} existing"]
    for cls in ("new", "fixed"):
        lines += [bullet(cls, p) for p in found[cls]]
    return lines


def _where(problem: dict[str, Any]) -> str:
    return problem["path"] + (f":{problem['line']}:{problem['column'] or 1}"
                              if problem["line"] else "")


def diff(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(help="The revision to compare from.",
                                       metavar="REV")] = "HEAD",
    new: Annotated[str | None, typer.Argument(
        help="The revision to compare to (default: the work tree).", metavar="REV2",
        show_default=False)] = None,
    format: Annotated[str, format_option(
        FORMATS, help="text, json, or markdown for a pull-request comment.")] = AUTO,
    with_problems: Annotated[bool, typer.Option(
        "--with-problems", help="Add the problems the change brings (new) and those it fixes, "
        "as validate --baseline classes them.")] = False,
    root: Root = None,
    no_cache: NoCache = False,
) -> None:
    """Show what changed between two git revisions, or a revision and the work tree."""
    from citynet.query import diff

    current = settings(ctx)
    folder = current.registry_root()
    before = diff.snapshot_at(folder, old)
    after = diff.snapshot_worktree(folder) if new is None else diff.snapshot_at(folder, new)
    document = diff.as_dict(diff.compare(before, after))
    if with_problems:
        document["problems"] = _problems(folder, old, new, current.use_cache)
    emit(FORMATS, format, Output({Shape.TEXT: lambda: _text(document),
                                  Shape.DATA: lambda: document,
                                  Shape.MARKDOWN: lambda: _markdown(document)}))


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: citynet diff origin/main --format markdown")(diff)
