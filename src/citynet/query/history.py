"""A record's story: each commit that changed it, newest first, with its field changes.

The file's own log is read without `--follow`, so git's changed-path filters
(`git commit-graph write --changed-paths`) can skip the commits that did not
touch it. Renames are followed by hand: where the file was added, git's rename
detection on that one commit names the file it came from; failing that, a
record of the same kind removed in that commit with mostly the same fields (as
`diff` pairs renames).
Each version is read from git objects: the file after the commit and before it
(in its first parent), so `--since`/`--until` cut the list, not the changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citynet import limits
from citynet.errors import AmbiguousRecord, BadOption, UnknownRecord
from citynet.model.dates import PartialDate
from citynet.model.kinds import KINDS, Kind
from citynet.query.diff import RecordChange, RenamePairer, field_changes, parse_plain, record_key
from citynet.store import git
from citynet.store.commits import changes as commit_changes
from citynet.store.commits import describe
from citynet.store.commits import log as git_log
from citynet.store.files import DATA_DIR, EXTENSION

MAX_RENAMES = limits.HISTORY_RENAMES


@dataclass
class Version:
    """One commit that changed a record, and the change it made."""

    commit: str
    date: str
    author: str
    subject: str
    record: RecordChange
    data: Any = None
    """The record as stored after the commit (None when removed or unreadable)."""

    def as_dict(self) -> dict[str, Any]:
        return {"commit": self.commit, "date": self.date, "author": self.author,
                "subject": self.subject, **self.record.as_dict()}


def find_path(root: Path, record_id: str, kind: Kind | None = None) -> str:
    """Where the record's file is, or last was: the work tree's index first, then history."""
    folder = kind.folder if kind else "*"
    spec = f":(glob){DATA_DIR}/{folder}/**/{record_id}{EXTENSION}"
    where = git.prefix(root)
    paths = [p for p in git.run(root, "ls-files", "-z", "--", spec).decode().split("\0") if p]
    if not paths:
        listed = git.run(root, "log", "--format=", "--name-only", "-z", "--", spec).decode()
        paths = [p[len(where):] for p in listed.split("\0") if p.strip()]
    found: dict[str, str] = {}
    for path in paths:
        key = record_key(path.strip())
        if key and key[1] == record_id:
            found.setdefault(key[0], path.strip())
    if not found:
        raise UnknownRecord(f"no record {record_id!r} in the registry's history")
    if len(found) > 1:
        raise AmbiguousRecord(f"{record_id!r} is the id of several kinds of record "
                              f"({', '.join(KINDS[f].name for f in found)}); pass --kind")
    return next(iter(found.values()))


def history(root: Path, record_id: str, kind: Kind | None = None,
            since: PartialDate | None = None, until: PartialDate | None = None) -> list[Version]:
    """Each commit that changed the record, newest first (within the dates, if given)."""
    reason = git.outside(root)
    if reason is not None:
        raise BadOption(f"history reads the registry's git history, but {reason}")
    dates = ([f"--since={since.first_day().isoformat()}"] if since else []) + \
        ([f"--until={until.last_day().isoformat()}T23:59:59"] if until else [])
    path, start = find_path(root, record_id, kind), "HEAD"
    versions: list[Version] = []
    budget = git.Budget()
    for _ in range(MAX_RENAMES + 1):  # the record under its name now, then each rename
        found = _log(root, path, dates, budget, start)
        versions += found
        first = found[-1] if found else None
        older = _renamed_from(root, first, budget) \
            if first and first.record.change == "added" else None
        if first is None or older is None:
            break
        first.record.change, first.record.old_id = "renamed", older[1]
        first.record.fields = field_changes(older[2], first.data)
        path, start = older[0], f"{first.commit}^"
    return versions


def _log(root: Path, path: str, options: list[str], budget: git.Budget,
         start: str = "HEAD") -> list[Version]:
    """The commits that changed the file at `path`, newest first, each with the record as it
    was before and after (read by blob hash, from `git log --raw`)."""
    where = git.prefix(root)
    commits = [c for c in git_log(root, start, *options, paths=(f"{where}{path}",))
               if c.changes]  # a merge lists none: its changes are in the commits it merges
    describe(root, commits)
    names = [sha for c in commits for sha in (c.changes[0].old_blob, c.changes[0].new_blob)]
    contents = git.read_blobs(root, names, budget=budget)
    folder, record_id = record_key(path) or ("", "")
    versions = []
    for index, commit in enumerate(commits):
        status = commit.changes[0].status
        old_raw, new_raw = contents[2 * index], contents[2 * index + 1]
        new = parse_plain(new_raw) if new_raw is not None and status != "D" else None
        old = parse_plain(old_raw) if old_raw is not None and status != "A" else None
        change = {"A": "added", "D": "removed"}.get(status, "changed")
        versions.append(Version(
            commit.sha, commit.author_date, commit.author, commit.subject,
            RecordChange(folder, record_id, path, change, None,
                         field_changes(old, new) if change == "changed" else []), new))
    return versions


def _renamed_from(root: Path, added: Version, budget: git.Budget
                  ) -> tuple[str, str, Any] | None:
    """Where a record added by a commit came from, if it was renamed there: git's rename, or
    the record of the same kind removed in that commit with mostly the same fields.
    (Its path, its id, its data.)"""
    where = git.prefix(root)
    folder = added.record.path.split("/")[1]
    changed = commit_changes(root, added.commit, "-M", paths=(f"{where}{DATA_DIR}/{folder}",))
    gone = []
    for change in changed:
        path = change.paths[0][len(where):]
        if change.status == "R" and change.paths[-1][len(where):] == added.record.path:
            key = record_key(path)  # git saw the rename: trust it
            raw = git.read_blobs(root, [change.old_blob], budget=budget)[0]
            data = parse_plain(raw) if raw is not None else None
            return (path, key[1], data) if key else None
        if change.status == "D":
            gone.append((path, change.old_blob))
    found: dict[tuple[str, str], tuple[str, Any]] = {}
    for (path, _), raw in zip(gone, git.read_blobs(root, [blob for _, blob in gone],
                                                   budget=budget), strict=True):
        key = record_key(path)
        if key:
            found[key] = (path, parse_plain(raw))
    best = RenamePairer({key: data for key, (_, data) in found.items()}).take(folder, added.data)
    return (found[best][0], best[1], found[best][1]) if best is not None else None


def cut_short(root: Path, versions: list[Version]) -> str | None:
    """What to tell the reader when a shallow clone cuts the record's history short (None
    when it does not): the oldest commit shown is where the clone's history starts."""
    if not versions:
        return None
    boundary = git.shallow_boundary(root)
    oldest = versions[-1]
    if oldest.commit not in boundary:
        return None
    return (f"this clone's history starts at commit {oldest.commit[:10]} ({oldest.date[:10]}), "
            f"so the record may be older than its first commit shown; {git.SHALLOW_HINT}")


@dataclass
class RecordVersion:
    """One commit's change to one record, for the export's `record_versions` table."""

    kind: str
    id: str
    commit: str
    committed_at: str
    author: str
    change: str
    """`added`, `changed` or `removed` (a renamed file is one removed, one added)."""
    record: Any
    """The record as stored after the commit, its id first; None when removed."""


def record_versions(root: Path, revision: str = "HEAD") -> list[RecordVersion]:
    """Every change to every record file in the history leading to `revision`, oldest first.

    In the spirit of git-history's item_versions: analysts ask in SQL when each
    record first appeared, and what it was at each commit.
    """
    where = git.prefix(root)
    commits = git_log(root, git.resolve(root, revision), "--reverse", "--no-renames",
                      paths=(f"{where}{DATA_DIR}",))
    describe(root, commits)
    found: list[tuple[RecordVersion, str | None]] = []
    for commit in commits:
        for change_line in commit.changes:
            path = change_line.paths[-1]
            relative = path[len(where):] if where and path.startswith(where) else path
            key = record_key(relative)
            if key is None:
                continue
            change = {"A": "added", "D": "removed"}.get(change_line.status, "changed")
            blob = None if change == "removed" else change_line.new_blob
            found.append((RecordVersion(KINDS[key[0]].name, key[1], commit.sha,
                                        commit.committer_date, commit.author, change, None),
                          blob))
    contents = git.read_blobs(root, [blob for _, blob in found if blob], budget=git.Budget())
    read = iter(contents)
    versions = []
    for version, blob in found:
        if blob:
            raw = next(read)
            data = parse_plain(raw) if raw is not None else None
            if isinstance(data, dict):
                version.record = {"id": version.id,
                                  **{k: v for k, v in data.items() if k != "id"}}
        versions.append(version)
    return versions
