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
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citynet.edit.staging import check_in_copy
from citynet.errors import BadOption, UnknownRecord
from citynet.model.kinds import AGREEMENTS, KINDS, MEMBERSHIPS, Kind, kind_by_name, stored_refs
from citynet.model.records import ID_RULE, is_id
from citynet.store import git as store_git
from citynet.store.atomic import step
from citynet.store.tree import EXTENSION, Refused, Tree

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
    index_left: str = ""
    """Why git's index was left as it was once the plan was written ("" when every change
    was staged, or outside git)."""

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
    if not is_id(new):
        raise BadOption(f"{new!r} is not a valid id: use {ID_RULE}")
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
    check_writable(root, plan)
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
    """Write a checked plan whole or not at all, and stage it in git whole or not at all.

    Every new text is first written beside its target; then each is moved in (an edited
    file's previous version kept beside it, hard-linked), a moved or deleted file set
    aside, the record merged away last. Inside git, if no file the plan touches has
    changes git's index lacks, every change is staged in one `git add` at the end (else
    the index is left as it was, and `plan.index_left` says why). Signals wait until the
    whole sequence is done (store.atomic.uninterrupted); any failure on the way, even in
    git, undoes every step. No link is ever written through (store.tree).
    """
    from citynet.store.atomic import uninterrupted

    targets = check_writable(root, plan)
    staged = _to_stage(root, plan)
    Tree(root).sweep()  # what a killed citynet left goes first
    undo: list[Callable[[], None]] = []
    temporaries: list[Path] = []
    with uninterrupted():
        try:
            news = {change.path: _beside(targets[change.new_path], change.after, temporaries)
                    for change in plan.changes if not change.deleted}
            for change in sorted(plan.changes, key=lambda c: c.deleted):
                _install(root, change, news.get(change.path), undo, temporaries)
            if staged:
                store_git.stage(root, staged)  # the last step: nothing after it can fail
        except BaseException as exc:
            _undo(undo, temporaries)
            if isinstance(exc, FileExistsError) and exc.filename2:  # os.link's: not ours
                where = Path(exc.filename2).relative_to(root).as_posix()
                raise BadOption(f"{where} is in the way (not written by this {plan.verb}); "
                                "nothing was changed") from None
            if isinstance(exc, BadOption) and staged:  # git could not stage it
                raise BadOption(f"git could not stage the {plan.verb} ({exc}); nothing was "
                                "changed") from None
            raise
        finally:
            for temporary in temporaries:
                temporary.unlink(missing_ok=True)
    step(f"{root}: {plan.verb} done{', staged in git' if staged else ''}")


def _undo(undo: list[Callable[[], None]], temporaries: list[Path]) -> None:
    """Every step undone, last first. A step that cannot be undone (the disk failed) leaves
    the temporaries as they are, renamed so that no later run takes them for leftovers:
    they may hold a file's only previous version."""
    failed = False
    for action in reversed(undo):
        try:
            action()
        except OSError:
            failed = True
    if failed:
        for temporary in temporaries:
            try:
                os.rename(temporary, temporary.with_name(
                    temporary.name.replace(".citynet-tmp-", ".citynet-saved-")))
            except OSError:
                pass


def check_writable(root: Path, plan: RenamePlan) -> dict[str, Path]:
    """Each path the plan writes, once the tree says it may be: never through a link, and
    a moved record only where nothing stands."""
    tree = Tree(root)
    targets: dict[str, Path] = {}
    try:
        for change in plan.changes:
            targets[change.path] = tree.writable(change.path)
            if change.moved and not change.deleted:
                targets[change.new_path] = tree.writable(change.new_path, new=True)
    except Refused as refused:
        raise BadOption(f"{refused}; nothing was changed") from None
    return targets


def _to_stage(root: Path, plan: RenamePlan) -> list[str]:
    """The paths to stage in git once the plan is written: those of the files git tracks,
    with their new paths; none outside git, or if git's index lacks changes in one of them
    (staging the plan would stage those too: the index is then left alone, and said so)."""
    if not store_git.in_work_tree(root):
        return []
    tracked = store_git.tracked(root, [change.path for change in plan.changes])
    touched = sorted({p for c in plan.changes if c.path in tracked for p in (c.path, c.new_path)})
    pending = store_git.unstaged(root, touched)
    if pending:
        plan.index_left = (f"git's index was left as it was: {pending[0]} has changes it does "
                           f"not hold; stage the {plan.verb} yourself (git add)")
        return []
    return touched


def _beside(target: Path, text: str, temporaries: list[Path]) -> Path:
    """`text` written to a new temporary beside `target`, flushed to disk."""
    from citynet.store.atomic import new_temporary

    temporary = new_temporary(target)
    temporaries.append(temporary)
    with open(temporary, "wb") as stream:
        stream.write(text.encode("utf-8"))
        stream.flush()
        os.fsync(stream.fileno())
    step(f"{target}: written beside it")
    return temporary


def _install(root: Path, change: FileChange, new: Path | None,
             undo: list[Callable[[], None]], temporaries: list[Path]) -> None:
    """Put one file's change in place, noting how to undo it."""
    from citynet.store.atomic import set_aside

    path = root / change.path
    if change.deleted or change.moved:
        if new is not None:  # the new file appears under its new name: never over another's
            target = root / change.new_path
            os.link(new, target)
            undo.append(target.unlink)
            step(f"{target}: in place")
        kept = set_aside(path, move=True)
        temporaries.append(kept)
        undo.append(lambda: os.rename(kept, path))
    else:
        kept = set_aside(path, move=False)
        temporaries.append(kept)
        assert new is not None
        os.replace(new, path)
        undo.append(lambda: os.replace(kept, path))
    step(f"{path}: {'deleted' if change.deleted else 'moved' if change.moved else 'edited'}")


def rename(root: Path, kind_name: str, old: str, new: str, *, dry_run: bool = False,
           use_cache: bool = True) -> RenamePlan:
    """Rename a record and everything that names it; with `dry_run`, only plan it."""
    plan = plan_rename(root, kind_name, old, new, use_cache)
    if not dry_run:
        apply_rename(root, plan)
    return plan
