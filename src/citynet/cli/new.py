"""`citynet new KIND`: write a new, valid record from options (or prompts on a terminal).

Its options are not written here: one is made for each field a kind declares
for `new` (`NewField` in `citynet.model.kinds`), when the command is made, so a
kind declared with new fields is given them on the command line at once.
"""

from __future__ import annotations

import inspect
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any

import typer

from citynet.cli import complete
from citynet.cli.common import (
    EXIT_MISUSE,
    NoCache,
    Root,
    fail,
    out,
    prompt,
    settings,
    shown,
    shown_from,
    warn,
)
from citynet.errors import BadOption
from citynet.inert import inert
from citynet.model.kinds import KINDS, Kind, NewField, kinds_text

FIELD = "field_"
"""The prefix of a field's parameter (`--kind` is `field_kind`: `kind` is the argument)."""


def new(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(metavar="KIND", help=f"One of {kinds_text(plural=False)}.",
                                        show_default=False,
                                        autocompletion=complete.kind_singulars)],
    record_id: Annotated[str | None, typer.Option(
        "--id", metavar="ID", help="The new record's id (a slug); derived for agreements and "
        "memberships.")] = None,
    source: Annotated[str | None, typer.Option(help="Title of the source the facts come from.",
                                               metavar="TITLE")] = None,
    source_url: Annotated[str | None, typer.Option(help="The source's address.",
                                                   metavar="URL")] = None,
    source_as_of: Annotated[str | None, typer.Option(help="The date the source speaks of.",
                                                     metavar="DATE")] = None,
    schema: Annotated[str | None, typer.Option(
        help="Add a yaml-language-server modeline pointing at this schema (path or URL).",
        metavar="LOCATION")] = None,
    root: Root = None,
    no_cache: NoCache = False,
    **fields: Any,
) -> None:
    """Write a new record file that validates, and print its path.

    Each kind takes the options its fields declare; a list is given as a
    repeated option or comma-separated (--parties seoul,busan). The would-be
    file is checked with validate against the whole registry first: any error
    refuses it (exit status 2) and nothing is written; warnings are printed.
    On a terminal, missing required values are asked for (and then the
    others), and the source if --source is not given; elsewhere a missing
    required value is an error.
    """
    from citynet.edit.new import RecordRefused, create_record, record_data
    from citynet.lint.reporters import line
    from citynet.model.kinds import kind_by_name

    found = kind_by_name(kind)
    given = fields_given(found, {name[len(FIELD):]: value for name, value in fields.items()})
    folder = settings(ctx).registry_root()
    use_cache = settings(ctx).use_cache
    needs = [f.flag for f in found.new if f.required and given.get(f.option) in (None, [])]
    if record_id is None and found.id_rule is None:
        needs.insert(0, "--id")
    cited = None
    if source:
        cited = {k: v for k, v in (("title", source), ("url", source_url),
                                   ("as_of", source_as_of)) if v}
    if needs and not sys.stdin.isatty():
        raise BadOption(f"a new {found.name} needs {needs[0]}")
    if sys.stdin.isatty() and (needs or cited is None):  # a person: ask what the record needs
        record_id, given, cited = _ask(folder, found, record_id, given, use_cache, cited,
                                       fields=bool(needs))
    data = record_data(found, given)
    if cited:
        data["sources"] = [cited]
    if record_id is None:
        record_id = found.make_id(data)
    try:
        created = create_record(folder, found, record_id, data, modeline=schema,
                                use_cache=use_cache)
    except RecordRefused as refused:
        for problem in refused.problems:
            warn(line(problem, shown_from(folder)))
        fail(f"citynet: error: {refused}", EXIT_MISUSE)
        return
    for problem in created.warnings:
        warn(line(problem, shown_from(folder)))
    out(f"{inert(shown(folder, created.path))}\n")


def fields_given(kind: Kind, options: dict[str, Any]) -> dict[str, Any]:
    """Each of the kind's fields as its option gave it, by option name; an option of another
    kind's field is refused.

    A field that takes one value is given once; one that takes several (`many`,
    or `values` > 1) has every value given, and a `many` field without its own
    conversion splits each at commas.
    """
    declared = {f.option: f for f in kind.new}
    given: dict[str, Any] = {}
    for option, value in options.items():
        new_field = declared.get(option)
        if new_field is None:
            if value not in (None, False, [], ()):
                raise BadOption(f"--{option.replace('_', '-')} does not apply to a new "
                                f"{kind.name}")
            continue
        given[option] = _value(kind, new_field, value)
    return given


def _value(kind: Kind, new_field: NewField, value: Any) -> Any:
    if new_field.switch:
        return bool(value)
    values = list(value or ())
    if new_field.many:
        if new_field.convert is None:
            return [part.strip() for item in values for part in item.split(",") if part.strip()]
        return values
    if new_field.values > 1:
        parts = [part for item in values for part in item.replace(",", " ").split()]
        if parts and len(parts) != new_field.values:
            raise BadOption(f"a new {kind.name} takes {new_field.values} {new_field.flag} "
                            f"values, not {len(parts)}")
        return parts or None
    if len(values) > 1:
        raise BadOption(f"a new {kind.name} takes one {new_field.flag}")
    return values[0] if values else None


def _ask(root: Path, kind: Kind, record_id: str | None, given: dict[str, Any],
         use_cache: bool, cited: dict[str, str] | None, fields: bool
         ) -> tuple[str | None, dict[str, Any], dict[str, str] | None]:
    """Ask on the terminal for the id (if it is not derived) and, with `fields`, every field
    not given; then the source, if none was named."""
    from citynet.edit.ask import ask_fields, ask_id, ask_source
    from citynet.store.registry import load

    def tell(reason: str) -> None:
        warn(f"  {inert(reason)}")

    if fields:
        registry, _ = load(root, use_cache)
        if record_id is None and kind.id_rule is None:
            record_id = ask_id(kind, registry.known, prompt, tell)
        given = ask_fields(kind, given, registry.known, prompt, tell)
    return record_id, given, cited if cited is not None else ask_source(kind, prompt, tell)


# -- the options, from the declarations --------------------------------------------------------

def field_parameters(kinds: list[Kind]) -> list[inspect.Parameter]:
    """A parameter for each option the kinds' `new` fields declare, one a name, with help
    that says which kinds take it."""
    taken = {p.name for p in inspect.signature(new).parameters.values()
             if p.default is not inspect.Parameter.empty} - {"record_id"} | {"id", "help"}
    by_option: dict[str, list[tuple[Kind, NewField]]] = {}
    for kind in kinds:
        for new_field in kind.new:
            by_option.setdefault(new_field.option, []).append((kind, new_field))
    parameters = []
    for option, declared in by_option.items():
        if option in taken:
            raise ValueError(f"the new field {option!r} is spelt like one of new's own options")
        switches = {f.switch for _, f in declared}
        if len(switches) > 1:
            raise ValueError(f"--{option} is a yes/no option for some kinds and not others")
        parameters.append(inspect.Parameter(
            FIELD + option, inspect.Parameter.KEYWORD_ONLY,
            default=False if switches == {True} else None,
            annotation=_annotation(option, declared)))
    return parameters


def _annotation(option: str, declared: list[tuple[Kind, NewField]]) -> Any:
    kind, first = declared[0]
    flag = first.flag
    by_help: dict[str, list[str]] = {}
    for each, new_field in declared:
        what = new_field.hint or f"its {new_field.option.replace('_', ' ')}"
        by_help.setdefault(what, []).append(each.name)
    text = "; ".join(f"{', '.join(names)}: {what}" for what, names in by_help.items())
    text += "" if text.endswith(("…", ".")) else "."
    if first.switch:
        return Annotated[bool, typer.Option(flag, help=text, show_default=False)]
    target = kind.target(first.path) or kind.target(f"{first.path}.*")
    metavar = first.metavar or ("ID" if target else "TEXT")
    listed = first.many or first.values > 1
    completer: Callable[..., list[str]] | None = None
    if target:
        completer = complete.id_list(target) if listed else complete.ids(target)
    return Annotated[list[str] | None, typer.Option(
        flag, help=text, metavar=metavar, show_default=False, autocompletion=completer)]


def command() -> Callable[..., None]:
    """`new`, with an option for each field the kinds declared now declare."""

    def made(**params: Any) -> None:
        new(**params)

    made.__doc__ = new.__doc__
    made.__name__ = "new"
    ctx, kind, record_id, *rest = [p for p in inspect.signature(new, eval_str=True).parameters
                                   .values() if p.kind is not inspect.Parameter.VAR_KEYWORD]
    keyword = inspect.Parameter.KEYWORD_ONLY  # the fields come before --source and the rest
    made.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        [ctx, kind, record_id.replace(kind=keyword), *field_parameters(list(KINDS.values())),
         *(p.replace(kind=keyword) for p in rest)])
    return made


def register(app: typer.Typer) -> None:
    app.command("new", epilog="Example: citynet new city --id busan --name Busan --country KR "
                "--source 'Busan city hall'")(command())
