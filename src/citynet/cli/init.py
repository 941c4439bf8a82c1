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
    from citynet.edit.init import WORKFLOW_PATH, init_registry, start_git
    from citynet.edit.install import current
    from citynet.store.output import check_destination, plain_errors

    check_destination(folder, label="")  # never inside another registry's data/ or a .git/
    install = current()
    with plain_errors("", folder):
        written = init_registry(folder, install)
    git = start_git(folder)
    made = " in a new git repository" if git.made else ""
    out(f"created a registry in {inert(folder)} ({len(written)} files){made}; next: cd "
        f"{inert(folder)} && citynet validate\n")
    if git.failed:
        warn(f"note: no git repository was made ({inert(git.failed)}): its workflow, "
             f"`citynet diff` and `citynet history` need one; run `git init` in "
             f"{inert(folder)}")
    elif git.around is not None:
        warn(f"note: {inert(folder)} is inside the git repository at {inert(git.around)}, "
             f"whose own .github/workflows/ is the only one GitHub runs: move "
             f"{WORKFLOW_PATH} there, or make the registry a repository of its own")
    if not install.portable:
        warn(f"note: citynet was installed from a local path ({install.requirement}); a CI "
             f"runner cannot install it from there: edit the 'Install citynet' line of "
             f"{folder / WORKFLOW_PATH}, and the pre-commit hooks need citynet on PATH")


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: citynet init my-registry")(init)
