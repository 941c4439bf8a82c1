"""`citynet init`: a new, empty registry that validates at once.

It holds the data folders, the report templates (to adapt), a README stub,
its settings (citynet.toml, every key commented out), a GitHub Actions workflow
and a pre-commit configuration. Nothing existing is
ever overwritten: if any file it would write is there already, nothing is written.
"""

from __future__ import annotations

import os
import shlex
from dataclasses import dataclass
from pathlib import Path

from citynet.edit.install import InstallSpec, current
from citynet.errors import BadOption
from citynet.model.config import FILE_NAME, template
from citynet.model.kinds import KINDS
from citynet.publish.formats import dumps
from citynet.store.tree import DATA_DIR, MISSING, Refused, Tree, kind_of

WORKFLOW = """\
# Validate the registry on every pull request: annotations on the lines at fault,
# canonical formatting, and a summary of what changed with the problems it brings and
# fixes (on failing runs too).
name: validate
on:
  pull_request:
  push:
    branches: [main]
jobs:
  citynet:
    runs-on: ubuntu-latest
    env:
      BASE: ${{ github.base_ref }}  # the pull request's base branch; empty on a push
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0          # citynet diff compares with the base branch
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: Install citynet
        run: |
          pip install %(requirement)s%(install_note)s
      # citynet's index (.citynet/) from main's last run: a pull request checks only the files
      # it changes. Restored only, never saved, on a pull request (GitHub keeps what a pull
      # request saves to that pull request); citynet rebuilds whatever it cannot believe.
      - name: Restore the index
        uses: actions/cache/restore@v4
        with:
          path: .citynet
          key: citynet-${{ runner.os }}-${{ github.event.pull_request.base.sha || github.sha }}
          restore-keys: citynet-${{ runner.os }}-
      - name: Validate
        # On a pull request, fail on the problems it brings, not the registry's backlog
        # (annotations for new problems only); on main, on every problem.
        run: |
          if [ -n "$BASE" ]; then citynet validate --baseline "origin/$BASE"
          else citynet validate; fi
      - name: Save the index
        if: ${{ !cancelled() && github.event_name == 'push' }}
        uses: actions/cache/save@v4
        with:
          path: .citynet
          key: citynet-${{ runner.os }}-${{ github.sha }}
      - name: Formatting
        if: always()
        run: citynet fmt --check --diff
      - name: What changed
        if: always() && github.event_name == 'pull_request'
        run: citynet diff "origin/$BASE" --format markdown --with-problems >> "$GITHUB_STEP_SUMMARY"
"""

PRE_COMMIT = """\
# Run citynet before every commit: pip install pre-commit && pre-commit install
repos:
  - repo: local
    hooks:
      - id: citynet-fmt
        name: citynet fmt
        entry: citynet fmt
        files: ^data/.*\\.yaml$
%(language)s
      - id: citynet-validate
        name: citynet validate
        entry: citynet validate
        files: ^data/
        pass_filenames: false
%(language)s
"""

PRE_COMMIT_PYTHON = """\
        language: python            # pre-commit installs citynet in its own environment
        additional_dependencies: [%(requirement)s]"""

PRE_COMMIT_SYSTEM = """\
        # citynet was installed from a local folder, which pre-commit cannot install from:
        # these hooks run the `citynet` on your PATH, so activate its virtualenv first.
        language: system"""

README = """\
# %(name)s

A registry of city diplomacy kept with citynet (`citynet --help` lists its commands): one YAML
file per city, organisation, membership, agreement, committee and grouping under `data/`.

```sh
citynet validate                 # check every record
citynet new city --id seoul --name Seoul --country KR --level city --source "Where it comes from"
citynet fmt                      # canonical form, comments kept
citynet list agreements --city seoul
citynet report partners seoul
```

`templates/` holds the report templates; edit them to change how reports look.
[citynet.toml](citynet.toml) holds the defaults of the commands' options (`validate`'s codes,
report and site languages …): an option given on the command line wins.
"""

GITIGNORE = ".citynet/\n.*.citynet-tmp-*\n"
"""The cache, and what a killed citynet may leave for a moment: never for `git add -A`."""
WORKFLOW_PATH = ".github/workflows/validate.yml"


def init_registry(folder: Path, install: InstallSpec | None = None) -> list[str]:
    """Create a registry in `folder`; the paths written, relative to it.

    `install` is how the CI files install citynet (default: as this one was installed).
    """
    install = install or current()
    from citynet.publish.templates import builtin_templates

    files: dict[str, str] = {
        f"data/{kind}/.gitkeep": "" for kind in KINDS
    }
    templates = builtin_templates()
    for item in sorted(templates.iterdir(), key=lambda t: t.name):
        if item.name.endswith((".md.j2", ".yaml")):
            files[f"templates/{item.name}"] = item.read_text(encoding="utf-8")
    files |= {
        "README.md": README % {"name": folder.name or "registry"},
        WORKFLOW_PATH: WORKFLOW % {
            "requirement": shlex.quote(install.requirement),
            "install_note": "" if install.portable else
            "   # a local path: replace it with an index version or a git URL",
        },
        ".pre-commit-config.yaml": PRE_COMMIT % {
            "language": (PRE_COMMIT_PYTHON % {
                "requirement": dumps(install.requirement, pretty=False)})
            if install.portable else PRE_COMMIT_SYSTEM,
        },
        ".gitignore": GITIGNORE,
        FILE_NAME: template(),
    }
    if folder.exists() and not folder.is_dir():
        raise BadOption(f"{folder} exists and is not a folder")
    outer = registry_around(folder)
    if outer is not None:
        raise BadOption(f"{folder} is inside the registry at {outer}: choose a folder outside "
                        "it (a registry inside another mixes their files in one tree and one "
                        "git history)")
    tree = Tree(folder)
    clashes = [name for name in files if tree.occupied(name)]
    if tree.occupied(DATA_DIR) or clashes:
        raise BadOption(f"{folder} already holds a registry or its files "
                        f"({', '.join(clashes[:3]) or 'data/'}); nothing was written")
    try:
        for name in files:  # a link on the way (.github/ leading elsewhere) stops it all
            tree.writable(name, new=True)
    except Refused as refused:
        raise BadOption(f"{refused}; nothing was written") from None
    if kind_of(folder) == MISSING:
        _write_new(folder, files)
    else:
        _write_into(folder, files)
    return list(files)


def _write_new(folder: Path, files: dict[str, str]) -> None:
    """A new folder: written whole beside where it goes, then renamed into place, so a stop
    at any moment leaves no registry or all of it (and a kill -9 a temporary folder, which the
    next init beside it removes)."""
    from citynet.store.atomic import staged_folder, step, uninterrupted
    from citynet.store.tree import sweep

    parent = folder.absolute().parent
    parent.mkdir(parents=True, exist_ok=True)  # where the user asked for it
    sweep(parent)
    with staged_folder(folder.absolute()) as staging:
        for name, text in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_text(text, encoding="utf-8")
        step(f"{folder}: written beside it")
        with uninterrupted():
            try:
                os.rename(staging, folder)  # over nothing, or a folder made empty meanwhile
            except OSError:
                raise BadOption(f"{folder} appeared meanwhile; nothing was written") from None
    step(f"{folder}: in place")


def _write_into(folder: Path, files: dict[str, str]) -> None:
    """An existing folder: each file written new, and all of them removed again, with the
    folders made for them, if any write fails or is stopped."""
    from citynet.store.atomic import uninterrupted, write_atomic

    tree = Tree(folder)
    made = {parent for name in files for parent in (folder / name).parents
            if kind_of(parent) == MISSING}
    written: list[Path] = []
    try:
        for name, text in files.items():
            path = tree.writable(name, new=True, make_folders=True)
            written.append(path)  # from here on it is this init's, once it stands
            try:
                write_atomic(path, text, replace=False)
            except FileExistsError:  # someone else's, made meanwhile: never removed
                written.pop()
                raise BadOption(f"{name} appeared meanwhile; nothing was written") from None
    except BaseException:
        with uninterrupted():  # all or nothing: what this init made goes, nothing else
            for path in reversed(written):
                path.unlink(missing_ok=True)
            for made_folder in sorted(made, key=lambda p: -len(p.parts)):
                try:
                    made_folder.rmdir()  # only if empty: never what someone put there meanwhile
                except OSError:
                    pass
        raise


def registry_around(folder: Path) -> Path | None:
    """The registry `folder` would lie inside (the nearest folder above it holding data/),
    if any."""
    from citynet.errors import RegistryNotFound
    from citynet.store.registry import find_root

    try:  # `..` taken away first: a/.. is not inside a
        return find_root(start=Path(os.path.abspath(folder)).parent)
    except RegistryNotFound:
        return None


@dataclass(frozen=True)
class Git:
    """What `init` did about git: made a repository, found one around the registry, or
    could not (and why)."""

    made: bool = False
    around: Path | None = None
    """The top of the repository the registry lies in, below it (where GitHub does not run
    the registry's workflow), when that repository was there before."""
    failed: str | None = None


def start_git(folder: Path) -> Git:
    """Make the new registry a git repository, on branch `main` (the branch its workflow
    runs on), unless it lies in one already: its workflow, `diff` and `history` need git."""
    from citynet.store import git

    if git.in_work_tree(folder):
        top = git.top(folder)
        return Git(around=top if top is not None and Tree(folder).rel(top) != "." else None)
    failed = git.make_repository(folder)
    return Git(made=failed is None, failed=failed)
