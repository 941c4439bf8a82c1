"""`citynet compare wikidata FILE`: the registry's twinnings against Wikidata's P190 claims."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from citynet.cli.common import NoCache, Root, command_group, emit, format_option, settings
from citynet.inert import inert
from citynet.model.kinds import AGREEMENTS, CITIES
from citynet.publish.formats import AUTO, Offer
from citynet.publish.shapes import Output, Shape

compare_app = command_group("Compare the registry with outside data.")

FORMATS = Offer(Shape.TEXT, Shape.DATA)


def _side(side: dict[str, Any]) -> str:
    return f"{inert(side[CITIES.name] or '?')} ({inert(side['qid'])})"


def _text(report: dict[str, Any]) -> str:
    lines = []
    titles = {"only_wikidata": "only in Wikidata", "only_registry": "only in the registry",
              "date_conflicts": "start dates that differ"}
    for key, title in titles.items():
        lines.append(f"{title}: {len(report[key])}")
        for pair in report[key]:
            line = f"  {_side(pair['a'])} – {_side(pair['b'])}"
            if key == "date_conflicts":
                line += (f"  registry {inert(pair['registry'])}, "
                         f"Wikidata {inert(pair['wikidata'])}")
            elif pair.get(AGREEMENTS.name):
                line += f"  {inert(pair[AGREEMENTS.name])}"
            lines.append(line)
    return "\n".join(lines) + "\n"


@compare_app.command("wikidata", epilog="Example: citynet compare wikidata entities.json")
def wikidata(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(
        metavar="FILE", show_default=False,
        help="JSON as Wikidata's wbgetentities API returns it, with P190 claims.")],
    format: Annotated[str, format_option(FORMATS, help="text, or json.")] = AUTO,
    root: Root = None,
    no_cache: NoCache = False,
) -> None:
    """List twinnings only Wikidata has, only the registry has, and start dates that differ.

    Read offline from FILE: the entities' P190 (twinned administrative body)
    claims and their P580 (start time) qualifiers, against the agreements
    whose two cities have a wikidata id.
    """
    from citynet.publish.wikidata import compare, read_entities
    from citynet.store.registry import load

    current = settings(ctx)
    registry, _ = load(current.registry_root(), current.use_cache)
    report = compare(registry, read_entities(file))
    emit(FORMATS, format, Output({Shape.TEXT: lambda: _text(report),
                                  Shape.DATA: lambda: report}))


def register(app: typer.Typer) -> None:
    app.add_typer(compare_app, name="compare")
