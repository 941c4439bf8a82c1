"""Reading a registry's past straight from git objects: no checkout, no work-tree change.

A revision is resolved once to its commit; its files are listed with
`git ls-tree` and their contents read in one `git cat-file --batch`, so reading
a whole revision is two processes, whatever its size.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Callable
from pathlib import Path

from citynet.errors import BadOption
from citynet.limits import FILE_BYTES, OVERSIZE
from citynet.store.objects import HASH, TREE_ENTRY, Budget, Listed, checked_hash, complaint

MAX_BLOB_BYTES = FILE_BYTES
"""A record file read from git is capped as one read from the work tree: a larger blob is
never read."""

_SAFE = ("--no-pager", "-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null",
         "-c", "log.showSignature=false", "-c", "core.pager=cat", "-c", "diff.external=",
         "-c", "core.attributesFile=", "-c", "mailmap.file=", "-c", "mailmap.blob=",
         "-c", "log.mailmap=false", "-c", f"diff.orderFile={os.devnull}",
         "-c", "diff.renameLimit=1000")
"""The repository's own settings that would run a command, or read a file it names (which
could be a pipe or /dev/zero, and never end), turned off on every call (blame's ignored
revisions file: `blame` passes --no-ignore-revs-file); and git's own bound on rename
detection, which `diff.renameLimit=0` lifts (quadratic: 3,000 files each way took 4 s)."""

_DRIVERS = re.compile(r"(filter\..+\.(clean|smudge|process)|diff\..+\.(textconv|command))")
"""The settings of filter and diff drivers: commands a checkout's .gitattributes can name."""


def _environment(root: Path | None = None) -> dict[str, str]:
    """git's environment: no system or global configuration, the C locale, no prompt, no
    fetch, and every filter and diff driver the repository configures turned off (an empty
    command is no command: git then reads and writes the files as they are)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GIT_CONFIG", "GIT_EXTERNAL_DIFF", "GIT_PAGER", "GIT_ASKPASS",
                                "GIT_SSH"))}
    env.update(GIT_CONFIG_NOSYSTEM="1", GIT_CONFIG_GLOBAL=os.devnull, GIT_TERMINAL_PROMPT="0",
               GIT_OPTIONAL_LOCKS="0", LC_ALL="C", LANGUAGE="",
               # Never fetch: a partial clone fetches a missing object on demand through its
               # remote's configured commands (remote.*.uploadpack, core.sshCommand …). git
               # 2.44 reads GIT_NO_LAZY_FETCH; older gits refuse every transport instead.
               GIT_NO_LAZY_FETCH="1", GIT_ALLOW_PROTOCOL="")
    off = _drivers(root, env) if root is not None else []
    env["GIT_CONFIG_COUNT"] = str(len(off))
    for index, (key, value) in enumerate(off):
        env[f"GIT_CONFIG_KEY_{index}"] = key
        env[f"GIT_CONFIG_VALUE_{index}"] = value
    return env


_drivers_of: dict[str, list[tuple[str, str]]] = {}


def _drivers(root: Path, env: dict[str, str]) -> list[tuple[str, str]]:
    """(key, value) settings that turn off each filter and diff driver the repository at `root`
    configures, asked of git once a process."""
    where = str(root)
    if where not in _drivers_of:
        try:
            done = subprocess.run(["git", *_SAFE, "-C", where, "config", "-z", "--name-only",
                                   "--get-regexp", r"^(filter|diff)\."], capture_output=True,
                                  stdin=subprocess.DEVNULL, check=False, env=env)
            names = done.stdout.decode("utf-8", "surrogateescape").split("\0")
        except OSError:
            names = []
        off = []
        for name in names:
            if _DRIVERS.fullmatch(name):
                off.append((name, ""))
                if name.startswith("filter."):
                    off.append((name.rsplit(".", 1)[0] + ".required", "false"))
        _drivers_of[where] = off
    return _drivers_of[where]


DidNotRun = subprocess.SubprocessError
"""What `call` raises, besides OSError, when git did not finish (its timeout passed)."""


def call(root: Path, *args: str, stdin: bytes | None = None,
         timeout: float | None = None) -> subprocess.CompletedProcess[bytes]:
    """git's whole answer, whatever its exit status, with the repository's command-running
    settings off. OSError (or DidNotRun, past `timeout`) when git cannot run."""
    return subprocess.run(["git", *_SAFE, "-C", str(root), *args], input=stdin,
                          stdin=None if stdin is not None else subprocess.DEVNULL,
                          capture_output=True, check=False, env=_environment(root),
                          timeout=timeout,
                          start_new_session=True)  # Ctrl-C stops citynet, which stops git


def tracked(root: Path, paths: list[str]) -> set[str]:
    """Those of `paths` (relative to `root`, taken literally) that git tracks there; none
    outside a repository or without git."""
    if not paths:
        return set()
    try:
        done = call(root, "--literal-pathspecs", "ls-files", "-z", "--", *paths)
    except OSError:
        return set()
    if done.returncode != 0:
        return set()
    return {name for name in done.stdout.decode("utf-8", "surrogateescape").split("\0") if name}


def start(root: Path, *args: str) -> Callable[[], subprocess.CompletedProcess[bytes] | None]:
    """git run in the background (the repository's command-running settings off, as `call`
    runs it); the function returned waits for its whole answer (None if git cannot run)."""
    try:
        process = subprocess.Popen(["git", *_SAFE, "-C", str(root), *args],
                                   stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=subprocess.PIPE, env=_environment(root),
                                   start_new_session=True)
    except OSError:
        return lambda: None

    def finish() -> subprocess.CompletedProcess[bytes]:
        out, err = process.communicate()
        return subprocess.CompletedProcess(process.args, process.returncode, out, err)

    return finish


def in_work_tree(root: Path) -> bool:
    """Whether `root` lies in a git work tree (False without git)."""
    return outside(root) is None


def unstaged(root: Path, paths: list[str]) -> list[str]:
    """Those of `paths` whose work-tree file differs from git's index (changed, deleted)."""
    if not paths:
        return []
    output = run(root, "--literal-pathspecs", "diff", "--name-only", "-z", "--no-ext-diff",
                 "--no-textconv", "--relative", "--", *paths)
    return [name for name in output.decode("utf-8", "surrogateescape").split("\0") if name]


def stage(root: Path, paths: list[str]) -> None:
    """Put the work tree's state of `paths` (changed, new or gone) in git's index, in one
    step: all of them or, if git fails, none (BadOption with git's complaint)."""
    if not paths:
        return
    try:
        done = call(root, "--literal-pathspecs", "add", "--all", "--", *paths)
    except OSError as exc:
        raise BadOption(f"git cannot run: {exc.strerror}") from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").splitlines()
        first = next((line for line in said if line.startswith(("fatal:", "error:"))), None)
        raise BadOption(first or complaint(done.stderr, done.returncode))


def run(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """git's output, or a BadOption carrying git's last line of complaint."""
    try:
        done = call(root, *args, stdin=stdin)
    except FileNotFoundError:
        raise BadOption("reading the registry's history needs git, which is not installed") \
            from None
    if done.returncode != 0:
        raise BadOption(complaint(done.stderr, done.returncode))
    return done.stdout


def blame(root: Path, path: str) -> bytes | None:
    """`git blame --porcelain` of a work-tree file; None when git knows no such file (a
    BadOption when it cannot read what it knows, as in a partial clone). Split
    it on b"\\n" only: a record's text may hold U+2028, which str.splitlines() breaks at."""
    try:
        done = call(root, "blame", "--porcelain", "--no-textconv", "--no-ignore-revs-file",
                    "--", path)
    except FileNotFoundError:
        raise BadOption("citynet explain needs git to find commits, and git is not "
                        "installed") from None
    if done.returncode == 0:
        return done.stdout
    if b"no such path" in done.stderr or b"no such ref: HEAD" in done.stderr:
        return None  # not committed yet, or no commit at all
    raise BadOption(complaint(done.stderr, done.returncode))


def outside(root: Path) -> str | None:
    """Why the registry has no git history to read (None: it is in a git work tree), in
    citynet's words, never git's."""
    try:
        done = call(root, "rev-parse", "--is-inside-work-tree")
    except OSError:
        return "git is not installed"
    if done.returncode == 0 and done.stdout.strip() == b"true":
        return None
    said = complaint(done.stderr, done.returncode)
    if "not a git repository" in said:
        return f"the registry at {root} is not in a git repository"
    if "dubious ownership" in said:
        return (f"git refuses the repository at {root} (it belongs to another user: "
                "git config --global --add safe.directory <path> allows it)")
    return f"git cannot read the repository at {root}"


def shallow_boundary(root: Path) -> set[str]:
    """The commits where a shallow clone's history is cut (empty in a whole clone): their
    parents are not in the repository."""
    try:
        where = run(root, "rev-parse", "--git-path", "shallow").decode("utf-8", "replace")
        path = Path(where.strip())
        text = (path if path.is_absolute() else Path(root) / path).read_text(encoding="ascii")
    except (BadOption, OSError, UnicodeDecodeError):
        return set()
    return {line.strip() for line in text.splitlines() if HASH.fullmatch(line.strip())}


SHALLOW_HINT = ("fetch the whole history with `git fetch --unshallow` (in GitHub Actions: "
                "actions/checkout with `fetch-depth: 0`)")


def resolve(root: Path, revision: str) -> str:
    """The commit a revision names, or a BadOption saying it is not there (and why,
    when the clone is shallow)."""
    if revision.startswith("-") or "\0" in revision:
        raise BadOption(f"revision {revision!r} is not in this repository")
    try:
        commit = revision
        if revision.startswith(":/"):
            # `:/text` takes the rest of the argument as its pattern, `^{commit}` included
            commit = checked_hash(run(root, "rev-parse", "--verify", "--quiet",
                                        "--end-of-options", revision).decode("ascii", "replace")
                                    .strip())
        return checked_hash(run(root, "rev-parse", "--verify", "--quiet", "--end-of-options",
                                f"{commit}^{{commit}}").decode("ascii", "replace").strip())
    except BadOption:
        try:
            shallow = run(root, "rev-parse", "--is-shallow-repository").decode().strip() == "true"
        except BadOption:
            raise BadOption(f"revision {revision!r}: {root} is not in a git repository") from None
        hint = f" (this is a shallow clone: {SHALLOW_HINT})" if shallow else ""
        raise BadOption(f"revision {revision!r} is not in this repository{hint}") from None


def top(root: Path) -> Path | None:
    """The top of the work tree `root` lies in (None outside one, or without git)."""
    try:
        done = call(root, "rev-parse", "--show-toplevel")
    except OSError:
        return None
    return Path(done.stdout.decode("utf-8", "surrogateescape").strip()) \
        if done.returncode == 0 else None


def make_repository(root: Path, branch: str = "main") -> str | None:
    """`git init` in `root`, its first branch `branch`; None when done, else why not."""
    try:
        done = call(root, "init", "-q")
        if done.returncode == 0:
            done = call(root, "symbolic-ref", "HEAD", f"refs/heads/{branch}")
    except OSError:
        return "git is not installed"
    return None if done.returncode == 0 else complaint(done.stderr, done.returncode)


def prefix(root: Path) -> str:
    """Where the registry lies inside its repository ('' at the top, else 'sub/dir/')."""
    return run(root, "rev-parse", "--show-prefix").decode().strip()


def tree(root: Path, commit: str, folder: str) -> str | None:
    """The hash of `folder`'s tree at `commit` (None if it has none): equal trees, equal files."""
    try:
        return run(root, "rev-parse", "--verify", "--quiet", "--end-of-options",
                   f"{checked_hash(commit)}:{prefix(root)}{folder}").decode().strip() or None
    except BadOption:
        return None


def list_files(root: Path, commit: str, folder: str) -> list[Listed]:
    """Every entry below `folder` at `commit`, recursively."""
    where = prefix(root)
    listing = run(root, "ls-tree", "-r", "-z", "--full-tree", checked_hash(commit), "--",
                  f"{where}{folder}").decode("utf-8", "surrogateescape")
    cut = len(where)
    return [Listed(mode, kind, sha, path[cut:]) for mode, kind, sha, path in
            TREE_ENTRY.findall(listing)]


def read_blobs(root: Path, names: list[str], limit: int = MAX_BLOB_BYTES,
               budget: Budget | None = None) -> list[bytes | None]:
    """The contents of each object named by its hash: None if missing or not a blob, OVERSIZE
    if over `limit` bytes (never read). Sizes are asked first, so the output read is bounded
    by what is kept, and by `budget` when given (BadOption past it). Only hashes, from a
    listing (`list_files`, `commits.changes`): a `commit:path` name makes git walk the tree
    again for each, quadratic over thousands of files."""
    if not names:
        return []
    for name in names:
        checked_hash(name)
    request = "".join(f"{n}\n" for n in names).encode("utf-8", "surrogateescape")
    checked = run(root, "cat-file", "--batch-check=%(objectname) %(objecttype) %(objectsize)",
                  stdin=request).split(b"\n")
    found: list[tuple[int, str]] = []
    sizes: dict[str, int] = {}
    contents: list[bytes | None] = [None] * len(names)
    for index, line in enumerate(checked[: len(names)]):
        header = line.split()
        if len(header) != 3 or header[1] != b"blob" or not header[2].isdigit():
            continue  # "<name> missing", "<name> ambiguous", a tree or a commit
        size = int(header[2])
        if size > limit:
            contents[index] = OVERSIZE
        else:
            sha = checked_hash(header[0].decode("ascii", "replace"))
            found.append((index, sha))
            sizes[sha] = size
    if not found:
        return contents
    if budget is not None:
        budget.spend(sum(sizes.values()), len(sizes))
    output = run(root, "cat-file", "--batch",
                 stdin="".join(f"{sha}\n" for sha in sizes).encode("ascii"))
    blobs: dict[str, bytes] = {}
    offset = 0
    for sha, size in sizes.items():  # each object once, however often it was named
        start = output.index(b"\n", offset) + 1
        blobs[sha] = output[start: start + size]
        offset = start + size + 1
    for index, sha in found:
        contents[index] = blobs[sha]
    return contents
