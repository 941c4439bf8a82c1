"""`citynet duplicates`: cities that are probably one place; `--distinct A B` keeps two apart."""

from __future__ import annotations

from typing import Annotated

import typer

from citynet.cli import complete
from citynet.cli.common import (
    EXIT_PROBLEMS,
    NoCache,
    Root,
    emit,
    format_option,
    out,
    settings,
    shown,
)
from citynet.inert import inert
from citynet.model.kinds import CITIES
from citynet.publish.formats import AUTO, Offer
from citynet.publish.shapes import Output, Shape

FORMATS = Offer(Shape.TEXT, Shape.DATA)


def duplicates(
    ctx: typer.Context,
    country: Annotated[str | None, typer.Option(
        "--country", metavar="CC", help="Only cities of this country (ISO 3166-1 code).",
        show_default=False)] = None,
    km: Annotated[float, typer.Option(
        "--km", min=0, metavar="KM", help="Cities this close (km) are proposed.")] = 5.0,
    distinct: Annotated[tuple[str, str] | None, typer.Option(
        "--distinct", metavar="A B", show_default=False,
        help="Record that cities A and B are different places (in A's distinct_from), "
        "so the pair is never proposed again.",
        autocompletion=complete.ids(CITIES.folder))] = None,
    format: Annotated[str, format_option(FORMATS, help="text, or json.")] = AUTO,
    root: Root = None,
    no_cache: NoCache = False,
) -> None:
    """Propose pairs of cities that are probably one place, with the reasons.

    Cities of one country are compared by their names transliterated (anyascii),
    by one name holding the other, by a small edit distance, and by their
    locations. Exit status 1 when pairs are proposed. Merge a pair with
    citynet merge, or record it as two places with --distinct.
    """
    from citynet.store.registry import load

    current = settings(ctx)
    folder = current.registry_root()
    if distinct:
        from citynet.edit.merge import mark_distinct

        written = mark_distinct(folder, *distinct, use_cache=current.use_cache)
        a, b = inert(distinct[0]), inert(distinct[1])
        out(f"recorded in {inert(shown(folder, written))}: {a} and {b} are different places\n"
            if written
            else f"{a} and {b} were already recorded as different places\n")
        return
    from citynet.query.duplicates import duplicates as find

    registry, _ = load(folder, current.use_cache)
    found = find(registry, country, km)

    def text() -> str:
        lines = [f"{inert(c.a)}  {inert(c.b)}  {inert(c.country)}  " + "; ".join(
            f"{rule}: {inert(detail)}" for rule, detail in c.reasons) for c in found]
        lines.append(f"{len(found)} pair{'s' if len(found) != 1 else ''} to look at")
        return "\n".join(lines) + "\n"

    emit(FORMATS, format, Output({Shape.TEXT: text,
                                  Shape.DATA: lambda: [c.as_dict() for c in found]}))
    if found:
        raise typer.Exit(EXIT_PROBLEMS)


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: citynet duplicates --country PL")(duplicates)
