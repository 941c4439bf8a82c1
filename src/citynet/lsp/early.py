"""The first diagnostics, before the registry is loaded: `validate`'s cached outcome.

A warm `validate` never loads the registry: the outcome of its last run is
kept in .citynet/ under a key made of every file's stamp (store.cache). The
server starts a helper process as it is launched, before importing pygls
(half a second), which computes that key and reads that outcome meanwhile, on
the other core. A file the editor opens unchanged from disk is then answered
with exactly validate's problems at once, while the registry loads behind.
The outcome is believed only as validate believes it (its key, and
store.cache.untrusted); without one, a file waits for the registry. The
helper needs fork; without it the server simply waits for the registry.
"""

from __future__ import annotations

import json
import os
import signal
from collections import defaultdict
from pathlib import Path
from typing import IO, Any

from citynet.errors import CitynetError
from citynet.model.problems import Problem, Severity


_LAUNCHED: list[Ahead | None] = []
"""The helper `launch` started, if it ran: taken by the first `read_ahead`."""


def launch() -> None:
    """Start the helper as `citynet lsp` is launched, before typer is imported (a quarter
    of a second sooner). Only for the plain `citynet lsp` an editor runs, with no root or
    cache setting in the environment: anything else goes through the command's options."""
    if not _LAUNCHED and not {"CITYNET_ROOT", "CITYNET_NO_CACHE"} & set(os.environ):
        _LAUNCHED.append(read_ahead(None, True))


def read_ahead(explicit_root: str | None, use_cache: bool) -> Ahead | None:
    """Start reading the outcome of the registry the server will most likely serve: the one
    at `explicit_root`, else the one around the current folder (None: nothing to read)."""
    from citynet.store.cache import untrusted
    from citynet.store.registry import find_root

    if _LAUNCHED and explicit_root is None and use_cache:
        return _LAUNCHED.pop()
    if not use_cache or not hasattr(os, "fork"):
        return None
    try:
        root = find_root(explicit_root)
    except CitynetError:
        return None
    return None if untrusted(root) is not None else Ahead.start(root)


def cached_problems(root: Path) -> dict[str, list[Problem]] | None:
    """The problems of validate's stored outcome by file, if it is still the registry's
    (None if not): the problems validate prints, opt-in codes left out as it leaves them."""
    from citynet.lint.engine import result_key
    from citynet.model.codes import CODES
    from citynet.store.cache import load_outcome

    outcome = load_outcome(root, result_key(root), opt_in=False)  # never printed unasked
    if outcome is None:
        return None
    by_path: dict[str, list[Problem]] = defaultdict(list)
    for problem in outcome[0]:
        if not CODES[problem.code].opt_in:
            by_path[problem.path].append(problem)
    return {path: sorted(found, key=Problem.sort_key) for path, found in by_path.items()}


class Ahead:
    """A forked helper holding validate's outcome of `root`, asked one file at a time."""

    def __init__(self, root: Path, pid: int, ask: IO[bytes], answers: IO[bytes],
                 ready: int) -> None:
        self.root = root
        self._pid: int | None = pid
        self._ask = ask
        self._answers = answers
        self._ready: int | None = ready

    @classmethod
    def start(cls, root: Path) -> Ahead | None:
        """Fork the helper; call before any thread starts (None if it cannot be forked)."""
        try:
            asks, ask = os.pipe()
            answers, answer = os.pipe()
            ready, readied = os.pipe()
            pid = os.fork()
        except OSError:
            return None
        if pid == 0:  # the helper: never returns, never touches the editor's stdin or stdout
            status = 1
            try:
                quiet = os.open(os.devnull, os.O_RDWR)
                os.dup2(quiet, 0)
                os.dup2(quiet, 1)
                os.close(ask)
                os.close(answers)
                os.close(ready)
                _answer(root, asks, answer, readied)
                status = 0
            except BaseException:  # noqa: BLE001 - the server then waits for the registry
                pass
            finally:
                os._exit(status)
        os.close(asks)
        os.close(answer)
        os.close(readied)
        return cls(root, pid, os.fdopen(ask, "wb"), os.fdopen(answers, "rb"), ready)

    def wait(self) -> None:
        """Until the helper has read the outcome (or given up): the registry's load waits for
        it, so that the two do not share the cores while the first file waits."""
        ready, self._ready = self._ready, None
        if ready is not None:
            try:
                os.read(ready, 1)  # nothing is written: the helper closes it when done
            except OSError:
                pass
            os.close(ready)

    def problems(self, rel: str) -> list[Problem] | None:
        """Validate's problems in `rel` as it is on disk (None: no outcome to believe)."""
        if self._pid is None:
            return None
        try:
            self._ask.write(rel.encode("utf-8") + b"\n")
            self._ask.flush()
            found = json.loads(self._answers.readline())
        except (OSError, ValueError):
            self.close()
            return None
        return None if found is None else [_problem(item) for item in found]

    def close(self) -> None:
        """End the helper (it holds the outcome in memory) once the registry is loaded."""
        if self._pid is None:
            return
        pid, self._pid = self._pid, None
        ready, self._ready = self._ready, None
        if ready is not None:
            os.close(ready)
        for stream in (self._ask, self._answers):
            try:
                stream.close()
            except OSError:
                pass
        try:
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
        except OSError:
            pass


def _answer(root: Path, asks: int, answer: int, readied: int) -> None:
    """In the helper: read the outcome, then answer each path asked with its problems."""
    by_path = cached_problems(root)
    os.close(readied)
    with os.fdopen(asks, "rb") as questions, os.fdopen(answer, "wb") as answers:
        for line in questions:
            rel = line.decode("utf-8").rstrip("\n")
            found = None if by_path is None else [_plain(p) for p in by_path.get(rel, [])]
            answers.write(json.dumps(found).encode("utf-8") + b"\n")
            answers.flush()


def _plain(problem: Problem) -> list[Any]:
    return [problem.code, problem.message, problem.path, problem.line, problem.column,
            str(problem.severity), list(problem.loc), problem.key]


def _problem(item: list[Any]) -> Problem:
    code, message, path, line, column, severity, loc, key = item
    return Problem(code, message, path, line, column, Severity(severity), tuple(loc), key)
