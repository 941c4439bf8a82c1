"""`citynet list KIND`: records of one kind, filtered, sorted, in any format."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from citynet.cli import complete
from citynet.cli.common import (
    NoCache,
    Rev,
    Root,
    counted,
    emit,
    format_option,
    out,
    terminal_width,
    warn,
)
from citynet.cli.loading import load_registry, with_predecessors
from citynet.model.kinds import CITIES, ORGANISATIONS, Kind, kind_by_name, kinds_text
from citynet.publish.formats import AUTO, Offer
from citynet.publish.shapes import Output, Rows, Shape
from citynet.query import filters

FORMATS = Offer(Shape.ROWS, Shape.DATA, Shape.RECORDS)


IN_FORCE = "in_force"
"""With --as-of: `yes`, `no: suspended` (listed by `--status` for a state out of force), or
`date unknown` for a record with no start date."""
INHERITED = "inherited_from"
"""With --city: the city an agreement was inherited from (`citynet succeed`)."""


def _applies(name: str, what: str) -> str:
    """An option's help, naming the kinds the declarations let it filter."""
    kinds = ", ".join(k.folder for k in filters.kinds_filtered_by(name))
    return f"{what} ({kinds})."


def list_records(
    ctx: typer.Context,
    kind: Annotated[
        str,
        typer.Argument(
            metavar="KIND",
            help=f"One of {kinds_text()} (singular works too).",
            autocompletion=complete.kinds,
            show_default=False,
        ),
    ],
    country: Annotated[
        list[str] | None,
        typer.Option(help=_applies("country", "ISO country code: records there, or of cities "
                                   "there"), metavar="CC"),
    ] = None,
    kind_filter: Annotated[
        list[str] | None,
        typer.Option("--kind", help=_applies("kind", "The record's own kind field"),
                     metavar="KIND",
                     autocompletion=complete.closed_values("kind")),
    ] = None,
    status: Annotated[
        list[str] | None,
        typer.Option(help=_applies("status", "Its status; with --as-of, on that date"),
                     metavar="STATUS",
                     autocompletion=complete.closed_values("status")),
    ] = None,
    level: Annotated[
        list[str] | None,
        typer.Option(help=_applies("level", "Its level: city, province, state …"),
                     metavar="LEVEL",
                     autocompletion=complete.closed_values("level")),
    ] = None,
    capital: Annotated[
        bool | None,
        typer.Option("--capital/--not-capital",
                     help=_applies("capital", "Only national capitals, or only others"),
                     show_default=False),
    ] = None,
    region: Annotated[
        list[str] | None,
        typer.Option(help=_applies("region", "UN M49 region (europe), or GROUPING:GROUP; "
                                   "with --city, the partner's"), metavar="REGION"),
    ] = None,
    confirmed: Annotated[
        list[str] | None,
        typer.Option(help=_applies("confirmed", "Confirmed by both sides, one or none"),
                     metavar="both|one|none"),
    ] = None,
    role: Annotated[
        list[str] | None,
        typer.Option(help=_applies("role", "A role held (pilot-city, founder …)"),
                     metavar="ROLE"),
    ] = None,
    city: Annotated[
        list[str] | None,
        typer.Option(help=_applies("city", "Records involving this city id (agreements: also "
                                   "those it inherited from the cities it succeeded)"),
                     metavar="ID",
                     autocompletion=complete.ids(CITIES.folder)),
    ] = None,
    member: Annotated[
        list[str] | None, typer.Option(help=_applies("member", "Records of this member id"),
                                 metavar="ID", autocompletion=complete.ids(CITIES.folder))
    ] = None,
    organisation: Annotated[
        list[str] | None,
        typer.Option(help=_applies("organisation", "Records of this organisation id"),
                     metavar="ID", autocompletion=complete.ids(ORGANISATIONS.folder)),
    ] = None,
    since: Annotated[
        str | None,
        typer.Option(help=_applies("since", "Begun on or after this date (YYYY[-MM[-DD]])"),
                     metavar="DATE"),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(help=_applies("until", "Begun on or before this date"), metavar="DATE"),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help=_applies("as_of", "In force on this date (not "
                                              "suspended, not ended); with --status, the date "
                                              "the status is read on"),
                     metavar="DATE"),
    ] = None,
    sort: Annotated[
        str | None,
        typer.Option(help="Sort by this field (dotted, e.g. names.fr); prefix - to reverse. "
                     "Default: id.", metavar="FIELD"),
    ] = None,
    fields: Annotated[
        str | None,
        typer.Option(help="Comma-separated fields to show, e.g. id,names.ko,country; "
                     "through references too: partner.country, member.capital.",
                     metavar="LIST"),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(help="Show at most N records (after sorting).", metavar="N", min=0),
    ] = None,
    count: Annotated[
        bool, typer.Option("--count", help="Print only how many records match."),
    ] = False,
    format: Annotated[str, format_option(
        FORMATS, help="auto: a table on a terminal, tsv (a record a line, no header) when "
        "piped; json for scripts (the records as stored, plus their id), jsonl the same a "
        "record a line.")] = AUTO,
    rev: Rev = None,
    root: Root = None,
    no_cache: NoCache = False,
) -> None:
    """List records of one kind, with filters.

    A filter given twice, or with commas (--country FR,IT), matches either
    value. A value no record can have (an unknown id, a code that is not ISO)
    is an error, not an empty list.
    """
    from citynet.query import rows

    found = kind_by_name(kind)
    wanted = filters.Filters(
        country=filters.values(country, "country"),
        kind=filters.values(kind_filter, "kind"),
        status=filters.values(status, "status"),
        level=filters.values(level, "level"),
        capital=capital,
        region=filters.values(region, "region"),
        confirmed=filters.values(confirmed, "confirmed"),
        role=filters.values(role, "role"),
        city=filters.values(city, "city"),
        member=filters.values(member, "member"),
        organisation=filters.values(organisation, "organisation"),
        since=filters.parse_date("--since", since),
        until=filters.parse_date("--until", until),
        as_of=filters.parse_date("--as-of", as_of),
    )
    field_paths = None if fields is None else [f.strip() for f in fields.split(",")
                                               if f.strip()]
    if field_paths is not None:
        rows.check_fields(found, field_paths)
    if sort is not None:
        rows.check_fields(found, [sort.lstrip("-")] if sort.lstrip("-") else [], "--sort")
    reached = rows.needed_kinds(found, (field_paths or []) + ([sort] if sort else []))
    needed = filters.needed_kinds(found, wanted) | reached
    ids = _with_predecessors(ctx, found, wanted.city)
    extra = {CITIES.folder} - needed if ids != wanted.city else set()
    needed |= extra  # the cities' records, for their predecessors
    registry, problems = load_registry(ctx, needed,
                                       wanted=_rows_read(found, wanted, needed, ids))
    entries = filters.select(registry, found, wanted)
    held = filters.inheritance(registry, found, wanted)
    if not held:  # read for predecessors there were none of: their files' errors are not ours
        problems = [p for p in problems if (p.path.split("/") + [""])[1] not in extra]
    # a partner is neither the city nor its forebears
    reader = rows.Reader(found, registry, (*(wanted.city or ()), *held))
    records = rows.records(entries)
    marked: list[str] = []
    if wanted.as_of is not None and found.start_field:  # kept, but not silently in force
        for record in records:
            record[IN_FORCE] = _in_force(found, record, wanted.as_of)
        marked = [IN_FORCE]
    if held:  # each inherited agreement says from which city
        marked += _mark_inherited(found, wanted, held, records)
    if sort:
        records = rows.sort_rows(records, sort, reader)
    if limit is not None:
        records = records[:limit]
    if count:
        out(f"{len(records)}\n")
    else:
        def documents() -> list[dict[str, Any]]:
            # the records whole (with their in_force mark), or the fields asked for
            return rows.list_rows(found, records, field_paths and [*field_paths, *marked],
                                  True, reader)[0]

        table = Output({Shape.ROWS: lambda: _rows(found, records, field_paths, marked, reader),
                        Shape.DATA: documents, Shape.RECORDS: documents})
        emit(FORMATS, format, table)
        if Shape.ROWS in table.made and (left_out := table.read(Shape.ROWS).left_out):
            _tell_left_out(left_out, field_paths or list(found.columns))
    broken = {p.path for p in problems if str(p.severity) == "error"}
    if broken:
        warn(f"warning: {len(broken)} file(s) have errors and were left out; "
             "run 'citynet validate' to see them")


def _tell_left_out(left_out: list[str], columns: list[str]) -> None:
    """Say on stderr which columns a terminal had no room for, and how to see them."""
    named = " and ".join(filter(None, [", ".join(left_out[:-1]), left_out[-1]]))
    wanted = ",".join(["id", *left_out] if "id" in columns else left_out)
    them = "them" if len(left_out) > 1 else "it"
    warn(f"note: {named} left out to fit the terminal; see {them} with --fields {wanted} "
         "or --format csv")


def _rows(found: Kind, records: list[dict[str, Any]], field_paths: list[str] | None,
          marked: list[str], reader: Any) -> Rows:
    """The table for people and for CSV: the kind's columns or the fields asked for."""
    from citynet.query import rows

    table, columns = rows.list_rows(found, records, [*(field_paths or found.columns), *marked],
                                    False, reader)
    return Rows(table, columns, terminal=terminal_width(),
                title=counted(len(table), found.folder), hide_empty=field_paths is None)


def _in_force(found: Kind, record: dict[str, Any], on: Any) -> str:
    """`yes`; `no: suspended` (or ended, or signed but not yet in force: listed by `--status`
    for its state on that date); or `date unknown` (no start date: it may not yet have been
    in force)."""
    start = record.get(found.start_field or "")
    if found.lifecycle_field:
        from citynet.model import lifecycle
        from citynet.model.dates import PartialDate
        from citynet.model.terms import State

        states = lifecycle.possible_states(None if start is None else PartialDate.parse(start),
                                           lifecycle.steps_of(record), on)
        if states and State.ACTIVE not in states:
            return "no: " + " or ".join(sorted(states))
    return "date unknown" if start is None else "yes"


def _with_predecessors(ctx: typer.Context, found: Kind, cities: tuple[str, ...] | None
                       ) -> tuple[str, ...] | None:
    """`--city`'s ids and, for a kind whose `--city` follows successions, every city they
    succeeded (read hop by hop: the city records alone)."""
    spec = found.filter("city")
    if not (cities and spec and spec.successors):
        return cities
    return with_predecessors(ctx, cities) or ()  # (): whole kinds, the cities among them


def _mark_inherited(found: Kind, wanted: filters.Filters, held: dict[str, Any],
                    records: list[dict[str, Any]]) -> list[str]:
    """Mark each record listed for a predecessor's sake with the city it is inherited from."""
    from citynet.query.successors import inherited_from

    for record in records:
        parties = record.get("parties") or []
        record[INHERITED] = inherited_from(record, parties, wanted.city or (), held,
                                           found.start_field)
    return [INHERITED]


def _rows_read(found: Kind, wanted: filters.Filters, needed: set[str],
               cities: tuple[str, ...] | None = None) -> Any:
    """What the index must give: with an id filter on a reference (`--city`, `--member`,
    `--organisation`), only the records naming those ids (for `--city`, `cities`: with the
    cities they succeeded); otherwise the kinds whole."""
    from citynet.store.index import Wanted

    for name in ("city", "member", "organisation"):
        spec, given = found.filter(name), getattr(wanted, name)
        target = spec and spec.through is None and spec.derive is None and found.target(spec.path)
        if given and target:
            if name == "city" and cities is not None and cities != given:  # and the cities
                return Wanted.of(needed, needed - {found.folder, CITIES.folder}, cities,
                                 {(found.folder, target)})
            return Wanted.of(needed, needed - {found.folder}, given, {(found.folder, target)},
                             hop=False)
    return Wanted.of(needed)


def register(app: typer.Typer) -> None:
    app.command(
        "list",
        epilog="Example: citynet list agreements --city seoul --kind sister --format csv",
    )(list_records)
