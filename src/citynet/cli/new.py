"""`citynet new KIND`: write a new, valid record from options (or prompts on a terminal)."""

from __future__ import annotations

import sys
from typing import Annotated, Any

import typer

from citynet.cli.common import out, settings
from citynet.errors import BadOption

REQUIRED: dict[str, list[str]] = {
    "cities": ["id", "name", "country", "level"],
    "organisations": ["id", "name", "kind"],
    "memberships": ["member", "organisation"],
    "agreements": ["parties", "kind"],
    "committees": ["id", "name", "organisation", "status"],
}


def new(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument(help="city, organisation, membership, agreement or "
                                        "committee.", show_default=False)],
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
        help="Agreement: the two city ids.", metavar="A B")] = None,
    signed: Annotated[str | None, typer.Option(help="Agreement: date signed.",
                                               metavar="DATE")] = None,
    member: Annotated[str | None, typer.Option(help="Membership: the city id.",
                                               metavar="ID")] = None,
    organisation: Annotated[str | None, typer.Option(
        help="Membership or committee: the organisation id.", metavar="ID")] = None,
    since: Annotated[str | None, typer.Option(help="Membership: date joined.",
                                              metavar="DATE")] = None,
    role: Annotated[list[str] | None, typer.Option(help="Membership: a role (repeatable).")] = None,
    status: Annotated[str | None, typer.Option(help="Agreement or committee status.")] = None,
    acronym: Annotated[str | None, typer.Option(help="Organisation: its acronym.")] = None,
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
    from citynet.edit.new import create_record
    from citynet.errors import UnknownKind
    from citynet.model.kinds import kind_named

    found = kind_named(kind)
    if found is None or found.folder not in REQUIRED:
        raise UnknownKind(f"unknown kind {kind!r} for new (kinds: city, organisation, "
                          "membership, agreement, committee)")
    folder = found.folder
    given: dict[str, Any] = {
        "id": record_id, "name": name, "country": country, "level": level, "kind": kind_value,
        "parties": list(parties) if parties else None, "member": member,
        "organisation": organisation, "status": status,
    }
    for field in REQUIRED[folder]:
        if given.get(field) in (None, []):
            given[field] = _ask(field, found.name)
    if folder == "agreements" and not given["id"]:
        a, b = sorted(given["parties"])
        given["id"] = f"{a}-{b}-{given['kind']}"
    if folder == "memberships" and not given["id"]:
        given["id"] = f"{given['member']}-{given['organisation']}"
    data: dict[str, Any] = {"names": {"en": given["name"]} if given["name"] else None}
    if folder == "cities":
        data |= {"country": (given["country"] or "").upper(), "level": given["level"],
                 "capital": True if capital else None}
    elif folder == "organisations":
        data |= {"acronym": acronym, "kind": given["kind"]}
    elif folder == "agreements":
        data |= {"kind": given["kind"], "parties": given["parties"], "signed": signed,
                 "status": status}
    elif folder == "memberships":
        data |= {"member": given["member"], "organisation": given["organisation"],
                 "since": since, "roles": [{"role": r} for r in role or []]}
    elif folder == "committees":
        data |= {"organisation": given["organisation"], "status": given["status"]}
    if source:
        data["sources"] = [{k: v for k, v in (("title", source), ("url", source_url),
                                               ("as_of", source_as_of)) if v}]
    root = settings(ctx).registry_root()
    path = create_record(root, folder, given["id"], data, modeline=schema)
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
    return typer.prompt(field)


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: citynet new city --id busan --name Busan --country KR "
                "--level city --source 'Busan city hall'")(new)
