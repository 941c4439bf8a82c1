"""`citynet new KIND`: write a new, valid record from options (or prompts on a terminal)."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from citynet.cli import complete
from citynet.cli.common import out, settings
from citynet.errors import BadOption
from citynet.model.kinds import CITIES, ORGANISATIONS, kinds_text

def new(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help=f"One of {kinds_text(plural=False)}.",
                                        show_default=False,
                                        autocompletion=complete.kind_singulars)],
    record_id: Annotated[str | None, typer.Option("--id", help="The new record's id (a slug); "
                                                  "derived for agreements and memberships.")] = None,
    name: Annotated[str | None, typer.Option(help="Its English name.")] = None,
    country: Annotated[str | None, typer.Option(help="City: ISO country code.",
                                                metavar="CC")] = None,
    level: Annotated[str | None, typer.Option(help="City: city, province, state …")] = None,
    capital: Annotated[bool, typer.Option("--capital", help="City: a national capital.")] = False,
    kind_value: Annotated[str | None, typer.Option(
        "--kind", help="Agreement kind (sister, friendship …) or organisation kind "
        "(network …).")] = None,
    parties: Annotated[tuple[str, str] | None, typer.Option(
        help="Agreement: the two city ids.", metavar="A B",
        autocompletion=complete.ids(CITIES.folder))] = None,
    signed: Annotated[str | None, typer.Option(help="Agreement: date signed.",
                                               metavar="DATE")] = None,
    member: Annotated[str | None, typer.Option(help="Membership: the city id.",
                                               metavar="ID",
                                               autocompletion=complete.ids(CITIES.folder))] = None,
    organisation: Annotated[str | None, typer.Option(
        help="Membership or committee: the organisation id.", metavar="ID",
        autocompletion=complete.ids(ORGANISATIONS.folder))] = None,
    since: Annotated[str | None, typer.Option(help="Membership: date joined.",
                                              metavar="DATE")] = None,
    role: Annotated[list[str] | None, typer.Option(help="Membership: a role (repeatable).")] = None,
    status: Annotated[str | None, typer.Option(help="Agreement or committee status.")] = None,
    acronym: Annotated[str | None, typer.Option(help="Organisation: its acronym.")] = None,
    city: Annotated[str | None, typer.Option(help="Grouping: the city it is for.",
                                             metavar="ID",
                                             autocompletion=complete.ids(CITIES.folder))] = None,
    group: Annotated[list[str] | None, typer.Option(
        help="Grouping: one group, as country codes and/or M49 regions, e.g. KR,JP or "
        "Europe (repeatable, in order).", metavar="LIST")] = None,
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

    Refuses to overwrite, refuses ids that are not slugs, checks references.
    Missing required values are asked for on a terminal, and are an error elsewhere.
    """
    from citynet.edit.new import create_record, record_data
    from citynet.model.kinds import kind_by_name

    found = kind_by_name(kind)
    given: dict[str, Any] = {
        "name": name, "country": country, "level": level, "capital": capital,
        "kind": kind_value, "parties": list(parties) if parties else None, "signed": signed,
        "member": member, "organisation": organisation, "since": since, "role": role,
        "status": status, "acronym": acronym, "city": city, "group": group,
    }
    offered = {f.option for f in found.new}
    for option, value in given.items():
        if option not in offered and value not in (None, False, []):
            raise BadOption(f"--{option.replace('_', '-')} does not apply to a new {found.name}")
    if record_id is None and found.id_rule is None:
        record_id = _ask("id", found.name)
    for field in found.new:
        if field.required and given.get(field.option) in (None, []):
            given[field.option] = _ask(field.option, found.name)
    data = record_data(found, given)
    if source:
        data["sources"] = [{k: v for k, v in (("title", source), ("url", source_url),
                                               ("as_of", source_as_of)) if v}]
    root = settings(ctx).registry_root()
    if record_id is None:
        record_id = found.make_id(data)
    path = create_record(root, found, record_id, data, modeline=schema)
    out(f"{path}\n")
    if not source:
        sys.stderr.write("warning: the record cites no source; add one with --source "
                         "or in the file\n")


def _ask(field: str, kind: str) -> Any:
    if not sys.stdin.isatty():
        option = {"name": "--name", "id": "--id"}.get(field, f"--{field}")
        raise BadOption(f"a new {kind} needs {option}")
    if field == "parties":
        return [typer.prompt("first city id"), typer.prompt("second city id")]
    if field == "group":
        return [typer.prompt("group (country codes and/or regions)")]
    return typer.prompt(field)


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: citynet new city --id busan --name Busan --country KR "
                "--level city --source 'Busan city hall'")(new)
