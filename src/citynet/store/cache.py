"""The cache in `.citynet/`: parsed files and the last validate outcome, as inert data.

Only ever a speed-up. It holds plain data, never code: JSON, which cannot
describe an object to build or a function to call, under a header holding a
digest of the body, so a truncated, corrupt or hand-edited entry (a schema
verdict that no longer matches its data) is dropped and rebuilt, never
believed. A file's entry is keyed on what git keys on (size, mtime and ctime in
nanoseconds, inode, device), so an edit that restores the old size and mtime
still counts as a change.

A cache that arrived with the checkout is not ours: a `.citynet/` that git
tracks, that is a link, or that holds links or special files is neither read
nor written (`untrusted` says why, for the command line to tell the user).
"""

from __future__ import annotations

import gc
import functools
import hashlib
import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any

from citynet import __version__
from citynet.model.problems import Problem, Severity

CACHE_DIR = ".citynet"
FORMAT = 5
"""Bumped whenever what an entry holds changes."""
OUTCOME = "validated.json"
Stamp = tuple[int, tuple[int, int, int, int]]
"""(size, (mtime_ns, ctime_ns, inode, device)): a file unchanged since it was cached."""
Entry = tuple[int, tuple[int, int, int, int], Any, list[Problem], Any]
"""(size, (mtime_ns, ctime_ns, inode, device), data or None, reading problems,
schema problems or None if unknown)."""
NO_STAMP: tuple[int, int] = (-1, -1)
"""The stamp of a file that cannot be stat'ed: never cached."""


def stamp(path: str) -> Stamp | tuple[int, int]:
    """What says a file is unchanged: size, mtime and ctime (ns), inode and device."""
    try:
        st = os.stat(path)
    except OSError:
        return NO_STAMP
    return (st.st_size, (st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev))


# -- trust ------------------------------------------------------------------------------------

_verdicts: dict[tuple[Any, ...], str | None] = {}


def untrusted(root: Path) -> str | None:
    """Why the cache under `root` must not be used (None: it may).

    Remembered for as long as neither `.citynet/` nor git's index changes.
    """
    folder = os.path.join(str(root), CACHE_DIR)
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"{CACHE_DIR}/ cannot be inspected ({exc.strerror})"
    index = _git_index(str(root))
    memo = (folder, st.st_ino, st.st_mtime_ns, st.st_ctime_ns, st.st_mode,
            _signature(index) if index else None)
    if memo not in _verdicts:
        _verdicts[memo] = _judge(str(root), folder, st, index is not None)
    return _verdicts[memo]


def _judge(root: str, folder: str, st: os.stat_result, in_git: bool) -> str | None:
    if stat.S_ISLNK(st.st_mode):
        return f"{CACHE_DIR} is a symbolic link"
    if not stat.S_ISDIR(st.st_mode):
        return f"{CACHE_DIR} is not a folder"
    try:
        for entry in os.scandir(folder):
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISLNK(info.st_mode):
                return f"{CACHE_DIR}/{entry.name} is a symbolic link"
            if not stat.S_ISREG(info.st_mode):
                return f"{CACHE_DIR}/{entry.name} is not a plain file"
            if info.st_nlink > 1:
                return f"{CACHE_DIR}/{entry.name} is a hard link"
    except OSError as exc:
        return f"{CACHE_DIR}/ cannot be read ({exc.strerror})"
    if in_git:
        tracked = _tracked(root)
        if tracked is True:
            return f"{CACHE_DIR}/ is tracked by git, so it came with the checkout"
        if tracked is not False:  # a checkout whose git cannot answer may have brought it
            return f"git cannot say whether {CACHE_DIR}/ came with the checkout ({tracked})"
    return None


def _git_index(root: str) -> str | None:
    """git's index file if `root` is inside a git work tree (None if not)."""
    here = os.path.abspath(root)
    while True:
        dot_git = os.path.join(here, ".git")
        if os.path.isdir(dot_git):
            return os.path.join(dot_git, "index")
        if os.path.isfile(dot_git):  # a worktree or submodule: "gitdir: PATH"
            try:
                with open(dot_git, encoding="utf-8") as stream:
                    line = stream.readline().strip()
            except (OSError, UnicodeDecodeError):
                return dot_git
            gitdir = line.removeprefix("gitdir:").strip()
            return os.path.join(here, gitdir, "index")
        parent = os.path.dirname(here)
        if parent == here:
            return None
        here = parent


def _signature(path: str) -> tuple[int, ...]:
    try:
        st = os.stat(path)
    except OSError:
        return (-1,)
    return (st.st_size, st.st_mtime_ns, st.st_ino)


def _tracked(root: str) -> bool | str:
    """Whether git tracks anything under `.citynet/`, or why git cannot say (no git on the
    PATH, a repository git refuses as of dubious ownership …)."""
    import subprocess

    from citynet.store import git

    try:
        listed = git.call(Path(root), "ls-files", "-z", "--", CACHE_DIR, timeout=30)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"git did not run: {getattr(exc, 'strerror', None) or exc}"
    if listed.returncode != 0:
        said = listed.stderr.decode("utf-8", "replace").strip().splitlines()
        if said and "not a git repository" in said[0]:  # a stray .git: nothing is tracked
            return False
        return said[0].removeprefix("fatal: ") if said else f"git exited {listed.returncode}"
    return bool(listed.stdout)


# -- the file format --------------------------------------------------------------------------

def _encode(body: Any) -> bytes:
    """A header line (format, version, digest of the body), then the body as JSON."""
    data = json.dumps(body, ensure_ascii=False, separators=(",", ":"),
                      allow_nan=True).encode("utf-8")
    header = {"format": FORMAT, "citynet": code_version(),
              "digest": hashlib.blake2b(data, digest_size=20).hexdigest()}
    return json.dumps(header).encode("ascii") + b"\n" + data


def _decode(raw: bytes) -> Any:
    """The body, if the header is ours and the digest matches; ValueError otherwise."""
    head, newline, data = raw.partition(b"\n")
    header = json.loads(head) if newline else None
    if (not isinstance(header, dict) or header.get("format") != FORMAT
            or header.get("citynet") != code_version()
            or header.get("digest") != hashlib.blake2b(data, digest_size=20).hexdigest()):
        raise ValueError("not a cache of this citynet")
    return json.loads(data)


def _load(root: Path, name: str) -> Any:
    """The body of one cache file, or None if it is missing, untrusted or unusable."""
    if untrusted(root) is not None:
        return None
    enabled = gc.isenabled()
    gc.disable()
    try:
        fd = os.open(os.path.join(str(root), CACHE_DIR, name),
                     os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as stream:
            if not stat.S_ISREG(os.fstat(stream.fileno()).st_mode):
                return None
            return _decode(stream.read())
    except Exception:  # a cache is never worth an error: work afresh
        return None
    finally:
        if enabled:
            gc.enable()


def _save(root: Path, files: dict[str, Any]) -> None:
    """Write each {name: body} atomically; an untrusted or unwritable cache stays as it is."""
    if untrusted(root) is not None:
        return
    folder = Path(root) / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        if untrusted(root) is not None:  # it appeared meanwhile, as something else
            return
        ignore = folder / ".gitignore"
        if not ignore.exists():
            _replace(folder, ".gitignore", b"*\n")
        for name, body in files.items():
            _replace(folder, name, _encode(body))
    except (OSError, ValueError, TypeError):  # ValueError: an int too long to write
        pass


def _replace(folder: Path, name: str, data: bytes) -> None:
    handle, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, folder / name)
    except BaseException:
        try:
            os.unlink(temporary)
        except OSError:
            pass
        raise


# -- problems as plain data -------------------------------------------------------------------

def _problem_list(problems: list[Problem]) -> list[list[Any]]:
    return [[p.code, p.message, p.path, p.line, p.column,
             str(p.severity) if p.severity else None, list(p.loc), p.key] for p in problems]


def _int_or_none(value: Any) -> bool:
    return value is None or (type(value) is int)


def _problems(values: Any) -> list[Problem]:
    """Problems from stored lists, each field's type checked (ValueError if any is wrong)."""
    if type(values) is not list:
        raise ValueError("problems")
    problems = []
    for item in values:
        if type(item) is not list or len(item) != 8:
            raise ValueError("problem")
        code, message, path, line, column, severity, loc, key = item
        if not (type(code) is str and type(message) is str and type(path) is str
                and _int_or_none(line) and _int_or_none(column) and type(key) is bool
                and (severity is None or type(severity) is str) and type(loc) is list
                and all(type(part) in (str, int) for part in loc)):
            raise ValueError("problem")
        problems.append(Problem(code, message, path, line, column,
                                Severity(severity) if severity else None, tuple(loc), key))
    return problems


def _plain(value: Any, depth: int = 0) -> bool:
    """Whether JSON gives back exactly this value: str keys, no tuples or other types."""
    kind = type(value)
    if kind is dict:
        return depth < 100 and all(type(k) is str and _plain(v, depth + 1)
                                   for k, v in value.items())
    if kind is list:
        return depth < 100 and all(_plain(v, depth + 1) for v in value)
    return value is None or kind in (str, int, float, bool)


# -- parsed files, one cache file a kind ------------------------------------------------------

def cache_name(folder: str) -> str:
    """One file a kind, so a command that reads one kind reads one file."""
    return f"parsed-{folder}.json"


def cache_path(root: Path, folder: str) -> Path:
    return Path(root) / CACHE_DIR / cache_name(folder)


def read(root: Path, folders: list[str]) -> dict[str, Entry]:
    """The cached entries of these kinds ({} for a kind without a usable cache)."""
    entries: dict[str, Entry] = {}
    for folder in folders:
        entries.update(_read_kind(root, folder))
    return entries


def _read_kind(root: Path, folder: str) -> dict[str, Entry]:
    body = _load(root, cache_name(folder))
    if type(body) is not dict:
        return {}
    prefix = f"data/{folder}/"
    loaded: dict[str, Entry] = {}
    try:
        for rel, values in body.items():
            if not rel.startswith(prefix) or type(values) is not list or len(values) != 5:
                return {}
            size, rest, data, reading, schema = values
            if (type(size) is not int or type(rest) is not list or len(rest) != 4
                    or not all(type(n) is int for n in rest)
                    or not (data is None or type(data) is dict)):
                return {}
            loaded[rel] = (size, tuple(rest), data, _problems(reading),
                           None if schema is None else _problems(schema))
    except ValueError:  # one bad entry: the whole kind is parsed afresh
        return {}
    return loaded


def write(root: Path, entries: dict[str, Entry], folders: set[str]) -> None:
    """Store the entries of these kinds; data JSON cannot give back exactly is left out."""
    bodies: dict[str, dict[str, Any]] = {cache_name(folder): {} for folder in folders}
    for rel, (size, rest, data, reading, schema) in entries.items():
        name = cache_name(rel.split("/", 2)[1])
        if name in bodies and _plain(data):
            bodies[name][rel] = [size, list(rest), data, _problem_list(reading),
                                 None if schema is None else _problem_list(schema)]
    _save(root, bodies)


# -- the last validate outcome ----------------------------------------------------------------

Outcome = tuple[list[Problem], list[tuple[str, bool]]]
"""Every problem, and each file checked with whether it gave a valid record."""


@functools.cache
def code_version() -> str:
    """citynet's version and a stamp of its own modules' files.

    A released version is enough for users; a working copy changes code without
    changing the version, and a cache made by older code must not be believed.
    """
    package = Path(__file__).resolve().parent.parent
    digest = hashlib.blake2b(digest_size=8)
    for path in sorted(package.rglob("*.py")):
        try:
            info = path.stat()
        except OSError:
            continue
        digest.update(f"{path.relative_to(package)}\0{info.st_size}\0{info.st_mtime_ns}\n".encode())
    return f"{__version__}+{digest.hexdigest()}"


def outcome_key(*parts: Any) -> str:
    """A digest of everything that decides an outcome: versions, the files' stamps, ..."""
    from importlib import metadata

    versions = []
    for package in ("pycountry", "babel"):
        try:
            versions.append(metadata.version(package))
        except metadata.PackageNotFoundError:
            versions.append(None)
    text = json.dumps([code_version(), versions, *parts], sort_keys=True, default=str)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=20).hexdigest()


def load_outcome(root: Path, key: str, name: str = OUTCOME,
                 opt_in: bool = True) -> Outcome | None:
    """The stored outcome if it was stored under `key` (else None); `name` keeps a git
    revision's apart from the work tree's. Without `opt_in`, the problems of opt-in codes
    are left out, unread: one-sided-agreement alone finds one in most agreements."""
    body = _load(root, name)
    if type(body) is not dict or body.get("key") != key:
        return None
    paths, valid, apart = body.get("paths"), body.get("valid"), body.get("opt_in")
    if (type(paths) is not list or type(valid) is not list or len(paths) != len(valid)
            or not set(map(type, paths)) <= {str} or not set(map(type, valid)) <= {bool}
            or type(apart) is not str):
        return None
    try:
        problems = _problems(body.get("problems"))
        if opt_in:
            problems.extend(_problems(json.loads(apart)))
    except ValueError:  # json's errors are ValueErrors too
        return None
    return problems, list(zip(paths, valid))


def store_outcome(root: Path, key: str, outcome: Outcome, name: str = OUTCOME) -> None:
    """Store an outcome; its opt-in problems go apart, as JSON text read only when asked for."""
    from citynet.model.codes import CODES

    problems, counted = outcome
    chosen = [p for p in problems if p.code not in CODES or not CODES[p.code].opt_in]
    apart = [p for p in problems if p.code in CODES and CODES[p.code].opt_in]
    _save(root, {name: {"key": key, "problems": _problem_list(chosen),
                        "opt_in": json.dumps(_problem_list(apart), ensure_ascii=False,
                                             separators=(",", ":")),
                        "paths": [path for path, _ in counted],
                        "valid": [valid for _, valid in counted]}})


# -- shared with the index (store/index.py), which seals itself in this format ---------------

load_body = _load
save_body = _save
problem_list = _problem_list
problems_from = _problems
plain = _plain
