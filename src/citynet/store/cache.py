"""The `.citynet/` folder: whether it may be used, what decides whether what it holds still
holds, and problems as plain data.

What citynet keeps there (store/sealed.py: one SQLite database) is only ever a speed-up
and plain data, never code. A `.citynet/` that arrived with the checkout is not ours: one
that git tracks, that is a link, or that holds links, hard links or special files is
neither read nor written (`untrusted` says why, for the command line to tell the user).
Everything stored is believed only by the citynet that stored it (`code_version`), and a
validate outcome only with the same versions of the data it checks against
(`outcome_key`).
"""

from __future__ import annotations

import functools
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from citynet import __version__
from citynet.model.codes import CODES
from citynet.model.problems import Problem, Severity
from citynet.store import stamp
from citynet.store.tree.private import folder_problem

CACHE_DIR = ".citynet"


# -- trust ------------------------------------------------------------------------------------

_verdicts: dict[tuple[Any, ...], str | None] = {}


def untrusted(root: Path) -> str | None:
    """Why the cache under `root` must not be used (None: it may).

    Remembered for as long as neither `.citynet/` nor git's index changes.
    """
    folder = os.path.join(str(root), CACHE_DIR)
    here = stamp.of(folder, follow=False)
    if here == stamp.NONE:
        return folder_problem(folder)  # None when there is none; else why it cannot be seen
    index = git_index(str(root))
    memo = (folder, here, stamp.of(index) if index else None)
    if memo not in _verdicts:
        _verdicts[memo] = _judge(str(root), folder, index is not None)
    return _verdicts[memo]


def _judge(root: str, folder: str, in_git: bool) -> str | None:
    problem = folder_problem(folder)  # the tree's question: a link, a special file …
    if problem is not None:
        return problem
    if in_git:
        tracked = _tracked(root)
        if tracked is True:
            return f"{CACHE_DIR}/ is tracked by git, so it came with the checkout"
        if tracked is not False:  # a checkout whose git cannot answer may have brought it
            return f"git cannot say whether {CACHE_DIR}/ came with the checkout ({tracked})"
    return None


def git_index(root: str) -> str | None:
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


def _tracked(root: str) -> bool | str:
    """Whether git tracks anything under `.citynet/`, or why git cannot say (no git on the
    PATH, a repository git refuses as of dubious ownership …)."""
    from citynet.store import git

    try:
        listed = git.call(Path(root), "ls-files", "-z", "--", CACHE_DIR, timeout=30)
    except (OSError, git.DidNotRun) as exc:
        return f"git did not run: {getattr(exc, 'strerror', None) or exc}"
    if listed.returncode != 0:
        said = listed.stderr.decode("utf-8", "replace").strip().splitlines()
        if said and "not a git repository" in said[0]:  # a stray .git: nothing is tracked
            return False
        return said[0].removeprefix("fatal: ") if said else f"git exited {listed.returncode}"
    return bool(listed.stdout)


# -- problems as plain data -------------------------------------------------------------------

def problems_text(problems: list[Problem]) -> str | None:
    """Problems as JSON text (None for none: most files have none, and None costs no
    decoding)."""
    if not problems:
        return None
    return json.dumps([[p.code, p.message, p.path, p.line, p.column,
                        str(p.severity) if p.severity else None, list(p.loc), p.key]
                       for p in problems], separators=(",", ":"))


def loads(text: str) -> Any:
    """JSON text as stored; ValueError for anything else (nesting too deep included)."""
    try:
        return json.loads(text)
    except RecursionError:
        raise ValueError("nested too deep") from None


def _int_or_none(value: Any) -> bool:
    return value is None or (type(value) is int)


def problems_from(text: Any) -> list[Problem]:
    """Problems from `problems_text`, each field's type checked (ValueError if any is
    wrong, a code not in the catalogue included)."""
    if text is None:
        return []
    if type(text) is not str:
        raise ValueError("problems")
    values = loads(text)
    if type(values) is not list:
        raise ValueError("problems")
    problems = []
    for item in values:
        if type(item) is not list or len(item) != 8:
            raise ValueError("problem")
        code, message, path, line, column, severity, loc, key = item
        if not (type(code) is str and code in CODES and type(message) is str
                and type(path) is str
                and _int_or_none(line) and _int_or_none(column) and type(key) is bool
                and (severity is None or type(severity) is str) and type(loc) is list
                and all(type(part) in (str, int) for part in loc)):
            raise ValueError("problem")
        problems.append(Problem(code, message, path, line, column,
                                Severity(severity) if severity else None, tuple(loc), key))
    return problems


def plain(value: Any, depth: int = 0) -> bool:
    """Whether JSON gives back exactly this value: str keys, no tuples or other types."""
    kind = type(value)
    if kind is dict:
        return depth < 100 and all(type(k) is str and plain(v, depth + 1)
                                   for k, v in value.items())
    if kind is list:
        return depth < 100 and all(plain(v, depth + 1) for v in value)
    return value is None or kind in (str, int, float, bool)


# -- what decides whether stored rows still hold ------------------------------------------

@functools.cache
def code_version() -> str:
    """citynet's version and a digest of its own modules' contents.

    A released version is enough for users; a working copy changes code without changing
    the version, and rows stored by older code must not be believed. It is the modules'
    content, not their stamps, so that the `.citynet/` CI's cache restores into a fresh
    installation of the same code holds. An installed wheel's RECORD names each module's
    hash, checked by pip as it installed them: that list is read (one small file), each
    module's size compared with it; anything else (an editable install, a working copy, a
    RECORD that disagrees) has every module read and hashed.
    """
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    digest = hashlib.blake2b(digest_size=8)
    recorded = _recorded(package)
    if recorded is not None:
        digest.update(recorded.encode())
        return f"{__version__}+{digest.hexdigest()}"
    for path in _modules(package):
        with open(os.path.join(package, path), "rb") as module:
            digest.update(f"{path}\0".encode() + hashlib.blake2b(module.read()).digest())
    return f"{__version__}+{digest.hexdigest()}"


def _modules(package: str) -> list[str]:
    """The package's modules, relative to it, in a fixed order."""
    found = []
    for folder, folders, names in os.walk(package):
        folders[:] = sorted(f for f in folders if f != "__pycache__")
        where = os.path.relpath(folder, package)
        found += [os.path.normpath(os.path.join(where, name)).replace(os.sep, "/")
                  for name in sorted(names) if name.endswith(".py")]
    return found


def _recorded(package: str) -> str | None:
    """The RECORD lines of the package's modules when a wheel installed it and every module
    still has the size RECORD gives; None otherwise."""
    name = os.path.basename(package)
    record = os.path.join(os.path.dirname(package), f"{name}-{__version__}.dist-info", "RECORD")
    try:
        with open(record, encoding="utf-8") as stream:
            lines = [line.rstrip("\n").rsplit(",", 2) for line in stream
                     if line.startswith(f"{name}/") and ".py," in line]
    except (OSError, UnicodeDecodeError):
        return None
    kept = []
    for parts in lines:
        if len(parts) != 3 or not parts[0].endswith(".py") or not parts[1] or \
                not parts[2].isdigit():
            return None
        try:
            if os.stat(os.path.join(os.path.dirname(package), parts[0])).st_size != int(parts[2]):
                return None
        except OSError:
            return None
        kept.append(f"{parts[0]},{parts[1]}")
    return "\n".join(sorted(kept)) if len(kept) == len(_modules(package)) else None


def outcome_key(*parts: Any) -> str:
    """A digest of everything that decides an outcome: citynet's code, the versions of the
    data its checks read (pycountry's countries, babel's names), and `parts` (the files'
    stamps, a git tree ...)."""
    from importlib import metadata

    versions: list[str | None] = []
    for package in ("pycountry", "babel"):
        try:
            versions.append(metadata.version(package))
        except metadata.PackageNotFoundError:
            versions.append(None)
    text = json.dumps([code_version(), versions, *parts], sort_keys=True, default=str)
    return hashlib.blake2b(text.encode("utf-8"), digest_size=20).hexdigest()
