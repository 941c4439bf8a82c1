"""`citynet list KIND`: records of one kind, filtered, sorted, in any format."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import typer

from citynet.cli.common import out, settings, warn


class ListFormat(StrEnum):
    TABLE = "table"
    JSON = "json"
    CSV = "csv"
    YAML = "yaml"
    MARKDOWN = "markdown"


def _kinds() -> list[str]:
    from citynet.model.kinds import KINDS

    return list(KINDS)


def list_records(
    ctx: typer.Context,
    kind: Annotated[
        str,
        typer.Argument(
            help="cities, organisations, memberships, agreements or committees "
            "(singular works too).",
            autocompletion=_kinds,
            show_default=False,
        ),
    ],
    country: Annotated[
        str | None,
        typer.Option(help="ISO country code: cities there, agreements or memberships "
                     "of cities there.", metavar="CC"),
    ] = None,
    kind_filter: Annotated[
        str | None,
        typer.Option("--kind", help="Agreement kind (sister, friendship …) or organisation "
                     "kind (network, association …)."),
    ] = None,
    status: Annotated[
        str | None,
        typer.Option(help="Agreement status (active, ended, suspended) or committee status "
                     "(established, preparatory, dissolved)."),
    ] = None,
    level: Annotated[
        str | None, typer.Option(help="City level: city, province, state, region …")
    ] = None,
    capital: Annotated[
        bool | None,
        typer.Option("--capital/--not-capital", help="Only national capitals, or only others.",
                     show_default=False),
    ] = None,
    city: Annotated[
        str | None,
        typer.Option(help="Agreements or memberships involving this city id.", metavar="ID"),
    ] = None,
    member: Annotated[
        str | None, typer.Option(help="Memberships of this city id.", metavar="ID")
    ] = None,
    organisation: Annotated[
        str | None,
        typer.Option(help="Memberships in, or committees of, this organisation id.",
                     metavar="ID"),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(help="Signed, joined or founded on or after this date (YYYY[-MM[-DD]]).",
                     metavar="DATE"),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(help="Signed, joined or founded on or before this date.", metavar="DATE"),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Agreements or memberships in force on this date.",
                     metavar="DATE"),
    ] = None,
    sort: Annotated[
        str | None,
        typer.Option(help="Sort by this field (dotted, e.g. names.fr); prefix - to reverse. "
                     "Default: id.", metavar="FIELD"),
    ] = None,
    fields: Annotated[
        str | None,
        typer.Option(help="Comma-separated fields to show, e.g. id,names.ko,country.",
                     metavar="LIST"),
    ] = None,
    format: Annotated[
        ListFormat,
        typer.Option("--format", "-f", help="table on a terminal; json for scripts "
                     "(the records as stored, plus their id)."),
    ] = ListFormat.TABLE,
) -> None:
    """List records of one kind, with filters."""
    from citynet.publish import formats
    from citynet.query import filters
    from citynet.errors import UnknownKind
    from citynet.model.kinds import KINDS, kind_named
    from citynet.store.registry import load_checked

    found = kind_named(kind)
    if found is None:
        raise UnknownKind(f"unknown kind {kind!r} (kinds: {', '.join(KINDS)})")
    wanted = filters.Filters(
        country=country,
        kind=kind_filter,
        status=status,
        level=level,
        capital=capital,
        city=city,
        member=member,
        organisation=organisation,
        since=filters.parse_date("--since", since),
        until=filters.parse_date("--until", until),
        as_of=filters.parse_date("--as-of", as_of),
    )
    field_paths = [f.strip() for f in fields.split(",") if f.strip()] if fields else None
    if field_paths:
        filters.check_fields(found.folder, field_paths, found.field_names)
    needed = {found.folder}
    if country and found.folder in ("agreements", "memberships"):
        needed.add("cities")  # the country of each party or member
    registry, problems = load_checked(settings(ctx).registry_root(), settings(ctx).use_cache,
                                      needed)
    entries = filters.select(registry, found.folder, wanted)
    records = [e.as_stored() for e in entries]
    if sort:
        filters.check_fields(found.folder, [sort.lstrip("-")], found.field_names)
        records = filters.sort_rows(records, sort)
    if format is ListFormat.JSON or format is ListFormat.YAML:
        rows = filters.project(records, field_paths)
        columns = field_paths
    else:
        columns = field_paths or filters.DEFAULT_FIELDS[found.folder]
        rows = filters.project(records, columns)
    terminal = sys.stdout.isatty()
    if format is ListFormat.TABLE:
        import shutil

        out(formats.to_table(rows, columns, terminal=terminal,
                            width=shutil.get_terminal_size().columns,
                            title=f"{len(rows)} {found.folder}"))
    else:
        out(formats.WRITERS[format.value](rows, columns))
    broken = {p.path for p in problems if str(p.severity) == "error"}
    if broken:
        warn(f"warning: {len(broken)} file(s) have errors and were left out; "
             "run 'citynet validate' to see them")


def register(app: typer.Typer) -> None:
    app.command(
        "list",
        epilog="Example: citynet list agreements --city seoul --kind sister --format csv",
    )(list_records)
