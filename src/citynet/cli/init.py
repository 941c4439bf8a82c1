"""`citynet init DIR`: a new, empty registry, ready for git, CI and pre-commit."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from citynet.cli.common import out


def init(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="Where to create the registry "
                                           "(created if missing).", show_default=False)],
) -> None:
    """Create a new, empty registry: data folders, templates, README, workflow, pre-commit."""
    from citynet.edit.init import init_registry
    from citynet.store.output import plain_errors

    with plain_errors("", folder):
        written = init_registry(folder)
    out(f"created a registry in {folder} ({len(written)} files); next: cd {folder} && "
        "citynet validate\n")


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: citynet init my-registry")(init)
