"""Loading the registry for a command: the work tree, or a git revision with `--rev`.

One helper, so every command that reads records reads the past the same way.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from citynet.cli.common import settings


def load_registry(ctx: typer.Context, kinds: Any = None, root: Path | None = None,
                  wanted: Any = None) -> tuple[Any, list[Any]]:
    """The registry (of these kinds, if given) and its problems, at `--rev` or in the work
    tree.

    With `wanted` (a `store.index.Wanted`), a warm work tree answers from the index with
    only the records the command reads; `kinds` is then what a full load reads instead.
    """
    chosen = settings(ctx)
    root = root or chosen.registry_root()
    if chosen.rev is not None:
        from citynet.store.revision import load_at

        return load_at(root, chosen.rev, kinds)
    from citynet.store.registry import load_checked

    return load_checked(root, chosen.use_cache, kinds, wanted)


def with_predecessors(ctx: typer.Context, cities: tuple[str, ...], root: Path | None = None
                      ) -> tuple[str, ...] | None:
    """`cities` and every city they succeeded (`citynet.query.successors`), read from the
    index hop by hop (the city records alone, and those they name); None where the command
    will read whole kinds anyway (`--rev`, `--no-cache`): it then reads the cities with them
    and finds the predecessors there, rather than read them twice."""
    chosen = settings(ctx)
    if chosen.rev is not None or not chosen.use_cache:
        return None
    from citynet.model.kinds import CITIES
    from citynet.query.successors import expand
    from citynet.store.index import Wanted

    return expand(lambda ids: load_registry(ctx, {CITIES.folder}, root=root, wanted=Wanted.of(
        {CITIES.folder}, (), ids, ()))[0], cities)
