"""`citynet rename`: give a record a new id, and every reference to it with it.

A rename touches several files: the record's own (moved, and its `id:`
rewritten), every record that names it, and the agreements and memberships
whose ids are derived from it (`seoul-taipei-sister`, `seoul-ascn`). Each
file is edited where the id is written and nowhere else, so its comments,
layout and quoting stay byte for byte. The whole result is validated in a
staging copy before anything is written; then every new text is written to a
hidden file beside its target and all are moved into place in one quick
sequence, undone if any step fails.
"""

from __future__ import annotations

import difflib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citynet import limits
from citynet.edit.staging import check_in_copy
from citynet.errors import BadOption, UnknownRecord
from citynet.model.kinds import AGREEMENTS, KINDS, MEMBERSHIPS, Kind, kind_by_name, stored_refs
from citynet.model.records import SLUG_PATTERN
from citynet.store import git as store_git
from citynet.store.files import EXTENSION

MAX_ID_LENGTH = limits.ID_CHARS
_BOM = "\ufeff"


def references_to(folder: str) -> list[tuple[str, str]]:
    """(referring kind's folder, field path) for every field that names a `folder` record.

    The one place that reads the kinds' reference declarations.
    """
    return [(kind.folder, path) for kind in KINDS.values()
            for path, target in kind.refs if target == folder]


def _agreement_ids(data: dict[str, Any]) -> list[str]:
    """The ids an agreement's id may be derived as: parties as written, and sorted."""
    parties, kind = data.get("parties"), data.get("kind")
    if not (isinstance(parties, list) and len(parties) == 2 and isinstance(kind, str)
            and all(isinstance(p, str) for p in parties)):
        return []
    return [f"{parties[0]}-{parties[1]}-{kind}", f"{'-'.join(sorted(parties))}-{kind}"]


def _membership_ids(data: dict[str, Any]) -> list[str]:
    try:
        return [MEMBERSHIPS.make_id(data)]
    except (KeyError, TypeError):
        return []


DERIVED_IDS: dict[str, Callable[[dict[str, Any]], list[str]]] = {
    AGREEMENTS.folder: _agreement_ids,
    MEMBERSHIPS.folder: _membership_ids,
}
"""Kinds whose ids are made from their fields: the forms an id may take."""


@dataclass
class FileChange:
    """One file's part of a rename: its text before and after, and where it goes."""

    path: str
    """Relative to the registry root, forward slashes."""
    before: str
    after: str
    new_path: str
    deleted: bool = False
    """The file goes (a record merged into another); `after` is then empty."""
    edits: list[tuple[int, int, str]] | None = None
    """The replaced spans of `before` (start, end, new text; offsets after a byte order mark),
    in order, when the change is a set of scalar replacements: an editor applies these."""

    @property
    def moved(self) -> bool:
        return self.new_path != self.path


@dataclass
class RenamePlan:
    """Everything a rename will do, worked out before anything is written."""

    kind: Kind
    old: str
    new: str
    changes: list[FileChange] = field(default_factory=list)
    renamed: dict[str, str] = field(default_factory=dict)
    """Every id that changes (the record's and derived ones), old -> new."""
    verb: str = "rename"
    """What the plan is, for messages: a rename, or a merge (edit/merge.py)."""

    def diff(self) -> str:
        """The plan as a unified diff, with `rename from`/`rename to` lines as git shows."""
        parts = []
        for change in self.changes:
            parts.append(f"diff --git a/{change.path} b/{change.new_path}\n")
            if change.deleted:
                parts.append("deleted file mode 100644\n")
            elif change.moved:
                parts.append(f"rename from {change.path}\nrename to {change.new_path}\n")
            parts.extend(difflib.unified_diff(
                change.before.splitlines(keepends=True), change.after.splitlines(keepends=True),
                fromfile=f"a/{change.path}",
                tofile="/dev/null" if change.deleted else f"b/{change.new_path}"))
            if parts[-1] and not parts[-1].endswith("\n"):
                parts.append("\n\\ No newline at end of file\n")
        return "".join(parts)


def plan_rename(root: Path, kind_name: str, old: str, new: str,
                use_cache: bool = True) -> RenamePlan:
    """Work out a rename and check it, writing nothing; raise on misuse or new problems."""
    from citynet.store.registry import load

    kind = kind_by_name(kind_name)  # UnknownKind with a suggestion
    if not re.match(SLUG_PATTERN, new) or len(new) > MAX_ID_LENGTH:
        raise BadOption(f"{new!r} is not a valid id: use a lowercase slug such as "
                        "'ho-chi-minh-city'")
    registry, _ = load(root, use_cache)
    known = registry.known[kind.folder]
    if old not in known:
        close = difflib.get_close_matches(old, sorted(known), n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise UnknownRecord(f"no {kind.name} has the id {old!r}{hint}")
    if new == old:
        raise BadOption(f"{old!r} already has that id")
    if new in known:
        raise BadOption(f"a {kind.name} with the id {new!r} already exists")
    own = [d for d in registry.documents if d.kind is kind and d.id == old]
    if len(own) != 1:
        raise BadOption(f"{len(own)} files hold the {kind.name} {old!r}; fix that first")
    plan = RenamePlan(kind, old, new, renamed={old: new})
    plan.changes, derived = reference_changes(root, registry, kind, old, new, move=own[0])
    plan.renamed.update(derived)
    check_in_copy(root, plan.changes, plan.verb, use_cache)
    return plan


def reference_changes(root: Path, registry: Any, kind: Kind, old: str, new: str, *,
                      move: Any = None, skip: tuple[Any, ...] = ()
                      ) -> tuple[list[FileChange], dict[str, str]]:
    """Each file's edit that makes every reference to `old` name `new`, and derived renames.

    The document `move` (the record itself, for a rename) gets its `id` rewritten and
    its file moved; documents in `skip` are left to the caller. Refuses a derived id
    that already exists (BadOption); `merge` shares this with `rename`.
    """
    changes: list[FileChange] = []
    renamed: dict[str, str] = {}
    documents = [d for d in registry.documents if d.data is not None or d.kind is kind]
    referring = references_to(kind.folder)
    taken: set[tuple[str, str]] = set()
    for document in documents:
        if any(document is other for other in skip):
            continue
        paths = [p for folder, p in referring if folder == document.kind.folder]
        moved_to = new if document is move else None
        spots = [(loc, new) for loc in _reference_locs(document.data, paths, old)
                 ] if document.data else []
        if document.data and moved_to is None and spots:
            moved_to = _derived_rename(document.kind.folder, document.id, document.data,
                                       old, new)
            if moved_to is not None:
                if moved_to in registry.known[document.kind.folder] or (
                        (document.kind.folder, moved_to) in taken):
                    raise BadOption(f"{document.path} would become the {document.kind.name} "
                                    f"{moved_to!r}, which already exists; nothing was changed")
                taken.add((document.kind.folder, moved_to))
                renamed[document.id] = moved_to
        if moved_to is not None and document.data and document.data.get("id") == document.id:
            spots.append((("id",), moved_to))
        if not spots and moved_to is None:
            continue
        before = _read_text(root / document.path)
        after, edits = _replace_scalars(before, spots, document.path)
        new_path = document.path
        if moved_to is not None:
            new_path = f"{document.path.rsplit('/', 1)[0]}/{moved_to}{EXTENSION}"
        changes.append(FileChange(document.path, before, after, new_path, edits=edits))
    return changes, renamed


def _reference_locs(data: dict[str, Any], paths: list[str], old: str
                    ) -> Iterator[tuple[str | int, ...]]:
    """The loc of each place in `data` where one of `paths` names `old`."""
    for path in paths:
        for loc, value in stored_refs(data, path):
            if value == old:
                yield loc


def _derived_rename(folder: str, record_id: str, data: dict[str, Any], old: str,
                    new: str) -> str | None:
    """The new id of a record whose id is derived from `old`, or None if it is not."""
    derive = DERIVED_IDS.get(folder)
    if derive is None:
        return None
    renamed = dict(data)
    for field_name, value in data.items():
        if value == old:
            renamed[field_name] = new
        elif isinstance(value, list):
            renamed[field_name] = [new if v == old else v for v in value]
    for before, after in zip(derive(data), derive(renamed), strict=True):
        if record_id == before and before != after:
            return after
    return None


def _read_text(path: Path) -> str:
    """The file's text exactly: line ends as written, a byte order mark kept."""
    return path.read_bytes().decode("utf-8")


def _replace_scalars(text: str, spots: list[tuple[tuple[str | int, ...], str]],
                     path: str) -> tuple[str, list[tuple[int, int, str]]]:
    """`text` with the scalar at each loc replaced by a value, nothing else touched, and the
    replacements made (offsets after a byte order mark, in order)."""
    from citynet.yaml.positions import positions

    bom = _BOM if text.startswith(_BOM) else ""
    body = text[len(bom):]
    spans = positions(body).spans
    edits: list[tuple[int, int, str]] = []
    for loc, value in spots:
        span = spans.get(tuple(loc))
        if span is None or (span[2] or None) not in (None, "'", '"'):
            raise BadOption(f"{path}: cannot find {'.'.join(map(str, loc))} to rewrite it; "
                            "nothing was changed")
        start, end, style = span
        edits.append((start, end, _scalar(value, style or None)))
    edits.sort()
    parts, done = [], 0
    for start, end, replacement in edits:
        parts += [body[done:start], replacement]
        done = end
    return bom + "".join(parts) + body[done:], edits


def _scalar(value: str, style: str | None) -> str:
    """`value` in the old one's style; quoted if a YAML 1.1 or 1.2 reader would not read text."""
    import yaml

    from citynet.yaml.scalars import plain_value

    if style is None and (plain_value(value) != value or yaml.safe_load(value) != value):
        style = "'"
    return f"{style}{value}{style}" if style else value


def apply_rename(root: Path, plan: RenamePlan) -> None:
    """Write a checked plan: new texts staged beside their targets, then moved in at once."""
    from citynet.store.atomic import write_atomic

    staged: list[tuple[FileChange, Path, Path]] = []
    try:
        for change in plan.changes:
            if change.deleted:
                continue
            target = root / change.new_path
            if change.moved and target.exists():
                raise BadOption(f"{change.new_path} already exists; nothing was changed")
            written = _written(root, change)
            hidden = written.with_name(f".{written.name}.rename")
            try:  # never over a file of the same name: it is not ours to replace or remove
                write_atomic(hidden, change.after, replace=False)
            except FileExistsError:
                raise BadOption(f"{hidden.relative_to(root)} is in the way (not written by "
                                "this rename); nothing was changed") from None
            staged.append((change, hidden, written))
    except BaseException:
        for _, hidden, _ in staged:
            hidden.unlink(missing_ok=True)
        raise
    git = _in_git(root)
    undo: list[Callable[[], None]] = []
    kept: list[Path] = []
    try:
        for change, hidden, target in staged:
            if change.moved:
                _move(root, change.path, change.new_path, git)
                undo.append(lambda c=change: _move(root, c.new_path, c.path, git))
            keep = target.with_name(f".{target.name}.before")
            os.link(target, keep)
            kept.append(keep)
            os.replace(hidden, target)
            undo.append(lambda t=target, k=keep: os.replace(k, t))
    except BaseException as exc:
        for step in reversed(undo):
            try:
                step()
            except OSError:
                pass
        if isinstance(exc, FileExistsError) and exc.filename2:  # os.link's target: not ours
            where = Path(exc.filename2).relative_to(root)
            raise BadOption(f"{where} is in the way (not written by this rename); nothing "
                            "was changed") from None
        raise
    finally:
        for path in [hidden for _, hidden, _ in staged] + kept:
            path.unlink(missing_ok=True)
    for change in plan.changes:  # last: a record merged away goes once the rest is in place
        if change.deleted:
            _remove(root, change.path, git)


def _written(root: Path, change: FileChange) -> Path:
    """The file whose text changes: the record's own, or, for a link inside the registry (the
    reader follows no other), the file it leads to: the link stays a link, moved if renamed."""
    path = root / change.path
    return Path(os.path.realpath(path)) if path.is_symlink() else root / change.new_path


def _in_git(root: Path) -> bool:
    try:
        done = store_git.call(root, "rev-parse", "--is-inside-work-tree")
    except OSError:
        return False
    return done.returncode == 0 and done.stdout.strip() == b"true"


def _move(root: Path, source: str, target: str, git: bool) -> None:
    """Move a record file: `git mv` when git tracks it, so git sees a rename."""
    if git:
        tracked = store_git.call(root, "ls-files", "--error-unmatch", "--", source)
        if tracked.returncode == 0:
            moved = store_git.call(root, "mv", "--", source, target)
            if moved.returncode == 0:
                return
    os.rename(root / source, root / target)


def _remove(root: Path, path: str, git: bool) -> None:
    """Delete a record file: `git rm` when git tracks it."""
    if git:
        removed = store_git.call(root, "rm", "-q", "-f", "--", path)
        if removed.returncode == 0:
            return
    (root / path).unlink(missing_ok=True)


def rename(root: Path, kind_name: str, old: str, new: str, *, dry_run: bool = False,
           use_cache: bool = True) -> RenamePlan:
    """Rename a record and everything that names it; with `dry_run`, only plan it."""
    plan = plan_rename(root, kind_name, old, new, use_cache)
    if not dry_run:
        apply_rename(root, plan)
    return plan
