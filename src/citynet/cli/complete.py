"""Shell completion: kinds, record ids, report names and languages.

Completion runs at every press of tab, so ids come from the file names under
data/<kind>/ (a record's id is its file's name) and no YAML is read: the index's listing
of them while their folders are as the index saw them, else a walk of the folders. The
registry is the one the command would use: --root if it is on the line
already (before or after the command), else CITYNET_ROOT, else the nearest
registry upwards. Whatever goes wrong completes nothing: a traceback must
never land in the user's shell.
"""

import os
from collections.abc import Callable, Iterable
from pathlib import Path

import typer

from citynet.model.kinds import KINDS, kind_by_name

Completer = Callable[..., list[str]]


def _quietly(find: Callable[[typer.Context, str], Iterable[str]]) -> Completer:
    """A completion callback of typer's shape that offers the words starting as typed
    (`find` is given what was typed, to look up no more than it needs).

    (Typer passes an empty `args` under click 8: what is on the line is read from `ctx`.)
    """

    def complete(ctx: typer.Context, args: list[str], incomplete: str) -> list[str]:
        try:
            return sorted(w for w in set(find(ctx, incomplete)) if w.startswith(incomplete))
        except Exception:  # noqa: BLE001 - completion offers nothing rather than break the shell
            return []

    return complete


def registry_root(ctx: typer.Context) -> Path | None:
    """The registry the command line names, or None when there is none."""
    from citynet.errors import CitynetError
    from citynet.store.registry import find_root

    try:  # the command's own --root, else the one before it, else the environment's
        return find_root(ctx.params.get("root") or ctx.find_root().params.get("root")
                         or os.environ.get("CITYNET_ROOT"))
    except CitynetError:
        return None


def ids_in(root: Path, folders: Iterable[str], typed: str = "") -> list[str]:
    """The ids starting with `typed` of the record files in these kinds' folders, from their
    names alone: as the index lists them while their folders are as it saw them, else as the
    walk finds them."""
    from citynet.store.files import discover
    from citynet.store.index import listed_ids

    listed = listed_ids(root, folders, typed)
    found = [stem for stems in listed.values() for stem in stems]
    rest = set(folders) - set(listed)
    if rest:
        found += [f.stem for f in discover(root, rest)[0] if f.stem.startswith(typed)]
    return [stem for stem in found if stem.isprintable()]  # one word a line to the shell


def ids(*folders: str) -> Completer:
    """Complete the ids of records of these kinds (every kind when none is given)."""

    def find(ctx: typer.Context, typed: str) -> list[str]:
        root = registry_root(ctx)
        return ids_in(root, folders or KINDS, typed) if root else []

    return _quietly(find)


def id_list(*folders: str) -> Completer:
    """Complete the last of comma-separated ids (`--parties seoul,ta<tab>`)."""
    each = ids(*folders)

    def complete(ctx: typer.Context, args: list[str], incomplete: str) -> list[str]:
        head, comma, tail = incomplete.rpartition(",")
        return [head + comma + word for word in each(ctx, args, tail)]

    return complete


def _of_kind_given(ctx: typer.Context, typed: str) -> list[str]:
    """Ids of the kind named earlier on the line (`rename KIND`, `show --kind`), else all."""
    root = registry_root(ctx)
    if root is None:
        return []
    name = ctx.params.get("kind")
    folders = [kind_by_name(name).folder] if name else list(KINDS)
    return ids_in(root, folders, typed)


ids_of_kind_given = _quietly(_of_kind_given)


def _report_subjects(ctx: typer.Context, typed: str) -> list[str]:
    from citynet.publish.reports import REPORTS

    root = registry_root(ctx)
    if root is None:
        return []
    report = REPORTS.get(ctx.params.get("name") or "")
    subjects = [report.subject] if report else [r.subject for r in REPORTS.values()]
    folders = [kind.folder for kind in subjects if kind is not None]
    return ids_in(root, folders, typed)


report_subjects = _quietly(_report_subjects)


def _kind_listed(ctx: typer.Context) -> str:
    """The KIND of `list KIND --status <tab>`: while an option's value is being completed,
    click leaves the words it could not place in `ctx.args`, unparsed."""
    return ctx.params.get("kind") or next(w for w in ctx.args if not w.startswith("-"))


def closed_values(option: str) -> Completer:
    """Complete a `list` filter (`--status`, `--kind`) from the closed list of the kind listed."""

    def find(ctx: typer.Context, typed: str) -> list[str]:
        kind = kind_by_name(_kind_listed(ctx))
        spec = kind.filter(option)
        if spec and spec.choices:  # derived: an agreement's states
            return list(spec.choices)
        choices = kind.choices(spec.path) if spec and spec.through is None else None
        return [c.value for c in choices or ()]

    return _quietly(find)


def _kind_names(plural: bool) -> Completer:
    return _quietly(lambda ctx, typed: [k.folder if plural else k.name for k in KINDS.values()])


kinds = _kind_names(plural=True)
kind_singulars = _kind_names(plural=False)


def _reports(ctx: typer.Context, typed: str) -> list[str]:
    from citynet.publish.reports import REPORTS

    return list(REPORTS)


def _languages(ctx: typer.Context, typed: str) -> list[str]:
    from citynet.publish.i18n import LANGUAGES

    return list(LANGUAGES)


reports = _quietly(_reports)
languages = _quietly(_languages)
