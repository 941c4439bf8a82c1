"""`citynet new KIND`: write a new, valid record from options (or prompts on a terminal)."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from citynet.cli import complete
from citynet.cli.common import EXIT_MISUSE, fail, out, settings, warn
from citynet.errors import BadOption
from citynet.model.kinds import CITIES, ORGANISATIONS, Kind, kinds_text

NOT_FIELDS = {"kind", "record_id", "source", "source_url", "source_as_of", "schema"}
"""Parameters that are not a field of the record (`kind` is the argument; `--kind` is
`kind_value`)."""


def new(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help=f"One of {kinds_text(plural=False)}.",
                                        show_default=False,
                                        autocompletion=complete.kind_singulars)],
    record_id: Annotated[str | None, typer.Option("--id", help="The new record's id (a slug); "
                                                  "derived for agreements and memberships.")] = None,
    name: Annotated[list[str] | None, typer.Option(
        "--name", help="A name: bare in English, or LANG=NAME such as fr=Séoul (repeatable).",
        metavar="[LANG=]NAME")] = None,
    country: Annotated[str | None, typer.Option(help="City: ISO country code; project: its country.",
                                                metavar="CC")] = None,
    level: Annotated[str | None, typer.Option(help="City: city, province, state …")] = None,
    capital: Annotated[bool, typer.Option("--capital", help="City: a national capital.")] = False,
    subdivision: Annotated[str | None, typer.Option(
        help="City: ISO 3166-2 subdivision code, such as KR-11.", metavar="CODE")] = None,
    location: Annotated[str | None, typer.Option(
        help="City: latitude and longitude in decimal degrees.", metavar="LAT,LON")] = None,
    geonames_id: Annotated[str | None, typer.Option(
        "--geonames-id", help="City: its GeoNames id.", metavar="N")] = None,
    kind_value: Annotated[str | None, typer.Option(
        "--kind", help="Agreement kind (sister, friendship …) or organisation kind "
        "(network …).")] = None,
    parties: Annotated[tuple[str, str] | None, typer.Option(
        help="Agreement: the two city ids.", metavar="A B",
        autocompletion=complete.ids(CITIES.folder))] = None,
    signed: Annotated[str | None, typer.Option(help="Agreement: date signed.",
                                               metavar="DATE")] = None,
    ended: Annotated[str | None, typer.Option(help="Agreement: date ended.",
                                              metavar="DATE")] = None,
    member: Annotated[str | None, typer.Option(help="Membership: the city id.",
                                               metavar="ID",
                                               autocompletion=complete.ids(CITIES.folder))] = None,
    organisation: Annotated[str | None, typer.Option(
        help="Membership, committee or event: the organisation id.", metavar="ID",
        autocompletion=complete.ids(ORGANISATIONS.folder))] = None,
    since: Annotated[str | None, typer.Option(help="Membership: date joined; project: date begun.",
                                              metavar="DATE")] = None,
    until: Annotated[str | None, typer.Option(help="Membership: date left; project: date ended.",
                                              metavar="DATE")] = None,
    end_reason: Annotated[str | None, typer.Option(
        "--end-reason", help="Agreement or membership: why it ended (expired, "
        "terminated …).", metavar="REASON")] = None,
    role: Annotated[list[str] | None, typer.Option(help="Membership: a role (repeatable).")] = None,
    status: Annotated[str | None, typer.Option(help="Agreement or committee status.")] = None,
    acronym: Annotated[str | None, typer.Option(help="Organisation: its acronym.")] = None,
    founded: Annotated[str | None, typer.Option(help="Organisation: date founded.",
                                                metavar="DATE")] = None,
    headquarters: Annotated[str | None, typer.Option(
        help="Organisation: the city id of its headquarters.", metavar="ID",
        autocompletion=complete.ids(CITIES.folder))] = None,
    partner: Annotated[list[str] | None, typer.Option(
        help="Organisation or project: a partner organisation's id (repeatable).", metavar="ID",
        autocompletion=complete.ids(ORGANISATIONS.folder))] = None,
    sector: Annotated[str | None, typer.Option(help="Committee or project: its sector.",
                                               metavar="TEXT")] = None,
    city: Annotated[str | None, typer.Option(help="Grouping or event: the city it is for.",
                                             metavar="ID",
                                             autocompletion=complete.ids(CITIES.folder))] = None,
    provider: Annotated[str | None, typer.Option(
        help="Project: the city whose policy or system it transfers.", metavar="ID",
        autocompletion=complete.ids(CITIES.folder))] = None,
    recipient: Annotated[list[str] | None, typer.Option(
        help="Project: a city it is for (repeatable).", metavar="ID",
        autocompletion=complete.ids(CITIES.folder))] = None,
    date: Annotated[str | None, typer.Option(help="Event: its date.", metavar="DATE")] = None,
    group: Annotated[list[str] | None, typer.Option(
        help="Grouping: one group, as country codes and/or M49 regions, e.g. KR,JP or "
        "Europe (repeatable, in order).", metavar="LIST")] = None,
    notes: Annotated[str | None, typer.Option(help="Free notes on the record.",
                                              metavar="TEXT")] = None,
    source: Annotated[str | None, typer.Option(help="Title of the source the facts come from.",
                                               metavar="TITLE")] = None,
    source_url: Annotated[str | None, typer.Option(help="The source's address.",
                                                   metavar="URL")] = None,
    source_as_of: Annotated[str | None, typer.Option(help="The date the source speaks of.",
                                                     metavar="DATE")] = None,
    schema: Annotated[str | None, typer.Option(
        help="Add a yaml-language-server modeline pointing at this schema (path or URL).",
        metavar="LOCATION")] = None,
) -> None:
    """Write a new record file that validates, and print its path.

    The would-be file is checked with validate against the whole registry
    first: any error refuses it (exit status 2) and nothing is written;
    warnings are printed. Missing required values are asked for on a
    terminal, and are an error elsewhere.
    """
    from citynet.edit.new import RecordRefused, create_record, record_data
    from citynet.lint.reporters import line
    from citynet.model.kinds import kind_by_name

    found = kind_by_name(kind)
    given = fields_given(ctx, found)
    offered = {f.option for f in found.new}
    for option, value in given.items():
        if option not in offered and value not in (None, False, []):
            raise BadOption(f"--{option.replace('_', '-')} does not apply to a new {found.name}")
    root = settings(ctx).registry_root()
    use_cache = settings(ctx).use_cache
    needs = [f.flag for f in found.new if f.required and given.get(f.option) in (None, [])]
    if record_id is None and found.id_rule is None:
        needs.insert(0, "--id")
    if needs:
        if not sys.stdin.isatty():
            raise BadOption(f"a new {found.name} needs {needs[0]}")
        record_id, given = _ask(root, found, record_id, given, use_cache)
    data = record_data(found, given)
    if source:
        data["sources"] = [{k: v for k, v in (("title", source), ("url", source_url),
                                               ("as_of", source_as_of)) if v}]
    if record_id is None:
        record_id = found.make_id(data)
    try:
        created = create_record(root, found, record_id, data, modeline=schema,
                                use_cache=use_cache)
    except RecordRefused as refused:
        for problem in refused.problems:
            warn(line(problem))
        fail(f"citynet: error: {refused}", EXIT_MISUSE)
        return
    for problem in created.warnings:
        warn(line(problem))
    out(f"{_shown(root, created.path)}\n")


def fields_given(ctx: typer.Context, kind: Kind) -> dict[str, Any]:
    """Every record field's option as given, by its declared name (`--kind` is `kind`).

    A repeatable option gives one value to a field of the kind that takes one.
    """
    single = {f.option for f in kind.new if not f.many}
    given: dict[str, Any] = {}
    for param in ctx.command.params:
        if param.name in NOT_FIELDS or not param.opts[0].startswith("--"):
            continue
        option = param.opts[0][2:].replace("-", "_")
        value = ctx.params.get(param.name)
        if isinstance(value, tuple | list):
            value = list(value)
            if getattr(param, "multiple", False) and option in single and value:
                if len(value) > 1:
                    raise BadOption(f"a {kind.name} takes one {param.opts[0]}")
                value = value[0]
        given[option] = value
    return given


def _shown(root: Path, path: str) -> str:
    """The new file's path from the current folder, so `cat $(citynet new …)` works."""
    try:
        return os.path.relpath(root / path)
    except ValueError:  # another drive
        return str(root / path)


def _ask(root: Path, kind: Kind, record_id: str | None, given: dict[str, Any],
         use_cache: bool) -> tuple[str | None, dict[str, Any]]:
    """Ask on the terminal for the id (if it is not derived) and every field not given."""
    from citynet.edit.ask import ask_fields, ask_id
    from citynet.store.registry import load

    registry, _ = load(root, use_cache)

    def read(text: str) -> str:
        # The prompt goes to stderr, so `$(citynet new …)` holds only the path.
        sys.stderr.write(f"{text}: ")
        sys.stderr.flush()
        answer = sys.stdin.readline()
        if not answer:
            raise typer.Abort()
        return answer.rstrip("\r\n")

    def tell(reason: str) -> None:
        sys.stderr.write(f"  {reason}\n")

    if record_id is None and kind.id_rule is None:
        record_id = ask_id(kind, registry.known, read, tell)
    return record_id, ask_fields(kind, given, registry.known, read, tell)


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: citynet new city --id busan --name Busan --country KR "
                "--source 'Busan city hall'")(new)
