"""Reading a registry's past straight from git objects: no checkout, no work-tree change.

A revision is resolved once to its commit; its files are listed with
`git ls-tree` and their contents read in one `git cat-file --batch`, so reading
a whole revision is two processes, whatever its size.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from citynet.errors import BadOption


def run(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """git's output, or a BadOption carrying git's last line of complaint."""
    try:
        done = subprocess.run(["git", "-C", str(root), *args], input=stdin,
                              capture_output=True, check=False)
    except FileNotFoundError:
        raise BadOption("reading the registry's history needs git, which is not installed") \
            from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise BadOption(said[-1] if said else f"git {' '.join(args)} failed")
    return done.stdout


def resolve(root: Path, revision: str) -> str:
    """The commit a revision names, or a BadOption saying it is not there (and why,
    when the clone is shallow)."""
    if revision.startswith("-"):
        raise BadOption(f"revision {revision!r} is not in this repository")
    try:
        return run(root, "rev-parse", "--verify", "--quiet",
                   f"{revision}^{{commit}}").decode().strip()
    except BadOption:
        try:
            shallow = run(root, "rev-parse", "--is-shallow-repository").decode().strip() == "true"
        except BadOption:
            raise BadOption(f"revision {revision!r}: {root} is not in a git repository") from None
        hint = (" (this is a shallow clone: fetch more history, e.g. git fetch --unshallow, "
                "or actions/checkout with fetch-depth: 0)" if shallow else "")
        raise BadOption(f"revision {revision!r} is not in this repository{hint}") from None


def prefix(root: Path) -> str:
    """Where the registry lies inside its repository ('' at the top, else 'sub/dir/')."""
    return run(root, "rev-parse", "--show-prefix").decode().strip()


def tree(root: Path, commit: str, folder: str) -> str | None:
    """The hash of `folder`'s tree at `commit` (None if it has none): equal trees, equal files."""
    try:
        return run(root, "rev-parse", "--verify", "--quiet",
                   f"{commit}:{prefix(root)}{folder}").decode().strip() or None
    except BadOption:
        return None


@dataclass(frozen=True, slots=True)
class Listed:
    """One entry of a revision's tree: its mode, object type and hash, and its path
    relative to the registry root."""

    mode: str
    type: str
    sha: str
    rel: str


def list_files(root: Path, commit: str, folder: str) -> list[Listed]:
    """Every entry below `folder` at `commit`, recursively."""
    where = prefix(root)
    listing = run(root, "ls-tree", "-r", "-z", "--full-tree", commit, "--", f"{where}{folder}")
    found = []
    for line in listing.decode("utf-8", "surrogateescape").split("\0"):
        if not line:
            continue
        meta, path = line.split("\t", 1)
        mode, kind, sha = meta.split()
        found.append(Listed(mode, kind, sha, path[len(where):] if where else path))
    return found


def read_blobs(root: Path, names: list[str]) -> list[bytes | None]:
    """The contents of each object named (a hash, or `commit:path`), None if missing."""
    if not names:
        return []
    for name in names:
        if "\n" in name:
            raise BadOption(f"{name!r} cannot name a git object")
    output = run(root, "cat-file", "--batch", stdin="".join(f"{n}\n" for n in names).encode(
        "utf-8", "surrogateescape"))
    contents: list[bytes | None] = []
    offset = 0
    for _ in names:
        header_end = output.index(b"\n", offset)
        header = output[offset:header_end].split()
        if len(header) != 3 or header[1] == b"missing":
            contents.append(None)
            offset = header_end + 1
            continue
        size = int(header[2])
        body = output[header_end + 1: header_end + 1 + size]
        contents.append(body if header[1] == b"blob" else None)
        offset = header_end + 1 + size + 1
    return contents
