"""`citynet compare wikidata FILE`: the registry's twinnings against Wikidata's P190 claims."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from citynet.cli.common import out, settings
from citynet.model.kinds import AGREEMENTS, CITIES
from citynet.publish import formats

compare_app = typer.Typer(help="Compare the registry with outside data.", no_args_is_help=True)

CompareFormat = formats.choices("CompareFormat", [formats.TEXT, "json"])


def _side(side: dict[str, Any]) -> str:
    return f"{side[CITIES.name] or '?'} ({side['qid']})"


def _text(report: dict[str, Any]) -> str:
    lines = []
    titles = {"only_wikidata": "only in Wikidata", "only_registry": "only in the registry",
              "date_conflicts": "start dates that differ"}
    for key, title in titles.items():
        lines.append(f"{title}: {len(report[key])}")
        for pair in report[key]:
            line = f"  {_side(pair['a'])} – {_side(pair['b'])}"
            if key == "date_conflicts":
                line += f"  registry {pair['registry']}, Wikidata {pair['wikidata']}"
            elif pair.get(AGREEMENTS.name):
                line += f"  {pair[AGREEMENTS.name]}"
            lines.append(line)
    return "\n".join(lines) + "\n"


@compare_app.command("wikidata", epilog="Example: citynet compare wikidata entities.json")
def wikidata(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(
        metavar="FILE", show_default=False,
        help="JSON as Wikidata's wbgetentities API returns it, with P190 claims.")],
    format: Annotated[CompareFormat, typer.Option(
        "--format", "-f", help="text, or json.")] = CompareFormat.TEXT,
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
    out(formats.dumps(report) if format is CompareFormat.JSON else _text(report))


def register(app: typer.Typer) -> None:
    app.add_typer(compare_app, name="compare")
