"""`citynet init DIR`: a new, empty registry, ready for git, CI and pre-commit."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from citynet.cli.common import out, warn
from citynet.inert import inert


def init(
    folder: Annotated[Path, typer.Argument(metavar="DIR", help="Where to create the registry "
                                           "(created if missing).", show_default=False)],
) -> None:
    """Create a new, empty registry: data folders, templates, README, workflow, pre-commit."""
    from citynet.edit.init import WORKFLOW_PATH, init_registry
    from citynet.edit.install import current
    from citynet.store.output import check_destination, plain_errors

    check_destination(folder, label="")  # never inside another registry's data/ or a .git/
    install = current()
    with plain_errors("", folder):
        written = init_registry(folder, install)
    out(f"created a registry in {inert(folder)} ({len(written)} files); next: cd "
        f"{inert(folder)} && citynet validate\n")
    if not install.portable:
        warn(f"note: citynet was installed from a local path ({install.requirement}); a CI "
             f"runner cannot install it from there: edit the 'Install citynet' line of "
             f"{folder / WORKFLOW_PATH}, and the pre-commit hooks need citynet on PATH")


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: citynet init my-registry")(init)
