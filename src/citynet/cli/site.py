"""`citynet site build OUT`: the registry as a static website, in one command."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from citynet.cli.common import NoCache, Root, command_group, configured, out, settings, warn
from citynet.inert import inert

app = command_group("Publish the registry as a static website.")


@app.command(epilog="Example: citynet site build site/ --lang en,fr,es,pt,vi")
def build(
    ctx: typer.Context,
    output: Annotated[Path, typer.Argument(
        metavar="OUT", help="The folder to write the site into (replaced whole).")],
    lang: Annotated[str | None, typer.Option(
        metavar="LANGS", help="The languages to publish, comma-separated; the first is the "
        "home page's (default: citynet.toml's [site] lang, else en,fr,es,pt,vi).",
        show_default=False)] = None,
    base_url: Annotated[str | None, typer.Option(
        "--base-url", metavar="URL", help="The address the site will be served from "
        "(for the feed's links; default: citynet.toml's [site] base-url).")] = None,
    force: Annotated[bool, typer.Option(
        "--force", help="Replace OUT if it exists (only a folder citynet made).")] = False,
    root: Root = None,
    no_cache: NoCache = False,
) -> None:
    """Build a static website: a page per record and report, maps, search, JSON API, feed."""
    from citynet.publish.site.build import build_site, check_base_url, parse_languages
    from citynet.store.output import plain_errors
    from citynet.store.registry import load_checked

    configured_langs = configured(ctx, "site", "lang", None)
    langs = parse_languages(lang if lang is not None else ",".join(configured_langs)
                            if configured_langs else "en,fr,es,pt,vi")
    base_url = configured(ctx, "site", "base-url", base_url)
    check_base_url(base_url)
    current = settings(ctx)
    folder, use_cache = current.registry_root(), current.use_cache
    registry, problems = load_checked(folder, use_cache)
    with plain_errors("OUT", output):
        counts = build_site(registry, output, langs=langs, base_url=base_url, force=force)
    out(f"{inert(output)}: {counts['files']} files in {counts['languages']} language(s)\n")
    if problems:
        warn(f"{len(problems)} problem(s) in the registry: the site leaves out the records "
             "they break (`citynet validate` lists them)")


def register(main: typer.Typer) -> None:
    main.add_typer(app, name="site")
