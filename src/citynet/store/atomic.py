"""Atomic writes: a file or a folder is replaced whole or not at all, whatever stops citynet.

Text goes to a temporary file in the target's folder, is flushed to disk, takes the old
file's permissions (a new file the user's umask), and is renamed over the target. A
folder is written beside its target, marked with a manifest of the files in it, and
swapped in by rename. What may be written or replaced at all is store.tree's to say
(store.output words it for `--output`), before any of this.

A write is never cut in half: from the moment its temporary exists until it is renamed
into place or removed, Ctrl-C, SIGTERM and SIGHUP wait (`uninterrupted`), then stop
citynet as they would have; an error on the way removes the temporary. Temporaries are
named `.NAME.citynet-tmp-PID` (store.tree.temporary_name), so that what a kill -9 leaves
is recognised and removed when citynet next writes there (store.tree.sweep: every command
that edits records sweeps `data/` first, and every `--output` its folder).

`step` marks each point between two steps of a write; `watching` lets a caller see them
(the tests stop a write at each one, as a signal or a failing disk would).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import stat
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from citynet.store import tree

Watcher = Callable[[str], None]
_watchers: list[Watcher] = []


@contextmanager
def watching(watcher: Watcher) -> Iterator[None]:
    """Call `watcher(what)` at every step of every write made in this block. Whatever it
    raises stops the write there, as an interrupt or an OS error would: the write is then
    undone, and the exception goes on."""
    _watchers.append(watcher)
    try:
        yield
    finally:
        _watchers.remove(watcher)


def step(what: str) -> None:
    """A point between two steps of a write (`what` says which), seen by every watcher."""
    for watcher in tuple(_watchers):
        watcher(what)


_DEFERRED = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP")
                  if hasattr(signal, name))
_depth = 0
"""How many `uninterrupted` blocks the main thread is in."""
_pending: list[int] = []
"""The signals that came meanwhile, in order."""
_previous: dict[int, Any] = {}
"""Each deferred signal's handler before citynet's: what the signal does once let through."""


def _arrived(signum: int, frame: Any) -> None:
    """citynet's handler of the deferred signals: kept for later inside a block, else what
    the signal did before (KeyboardInterrupt for Ctrl-C, the end of the process for SIGTERM)."""
    if _depth:
        _pending.append(signum)
    else:
        _deliver(signum, frame)


def _deliver(signum: int, frame: Any) -> None:
    handler = _previous.get(signum, signal.SIG_DFL)
    if callable(handler):
        handler(signum, frame)
    elif handler == signal.SIG_DFL:
        signal.signal(signum, signal.SIG_DFL)
        signal.raise_signal(signum)


_checked = -1.0
"""When `_install` last looked at the handlers (time.monotonic)."""


def _install() -> None:
    """Put citynet's handler in place of each deferred signal's, unless it is there: looked
    at no more than ten times a second (a look costs microseconds, and an import makes tens
    of thousands of writes)."""
    global _checked
    now = time.monotonic()
    if now - _checked < 0.1:
        return
    _checked = now
    for signum in _DEFERRED:
        current = signal.getsignal(signum)
        if current is not _arrived:
            _previous[signum] = current
            signal.signal(signum, _arrived)


def _forked() -> None:
    """In a forked child (a worker of a pool): the signals' own handlers back, none deferred.
    A worker blocked in a lock must die at once on the SIGTERM that stops a pool, as it did
    before citynet's handler was put in place; only a Python handler would wait for the lock."""
    global _depth, _checked
    for signum, handler in _previous.items():
        signal.signal(signum, handler)
    _previous.clear()
    _pending.clear()
    _depth, _checked = 0, -1.0


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forked)


class uninterrupted:  # noqa: N801 - used as a statement: `with uninterrupted():`
    """A block that Ctrl-C, SIGTERM and SIGHUP do not cut: each waits for the end of the
    outermost block, then acts as it would have (KeyboardInterrupt; the process ends).
    Outside the main thread, where Python runs no signal handler, it does nothing.

    citynet's handler is put in place when the first block starts (and again should another
    have replaced it, `_install`); a block costs no system call."""

    __slots__ = ("active",)

    def __enter__(self) -> uninterrupted:
        global _depth
        self.active = threading.current_thread() is threading.main_thread()
        if not self.active:
            return self
        if not _depth:
            _install()
        _depth += 1
        return self

    def __exit__(self, *exc: object) -> None:
        global _depth
        if not self.active:
            return
        _depth -= 1
        if not _depth and _pending:
            arrived = list(dict.fromkeys(_pending))
            _pending.clear()
            for signum in arrived:
                _deliver(signum, None)


def umask_mode(base: int) -> int:
    """`base` (0o666 for a file, 0o777 for a folder) less the user's umask."""
    umask = os.umask(0)
    os.umask(umask)
    return base & ~umask


def write_atomic(path: Path, text: str | bytes, *, encoding: str = "utf-8",
                 durable: bool = True, replace: bool = True) -> None:
    """Replace `path` with `text` (or bytes, such as a database) atomically.

    `replace=False` never replaces a file: FileExistsError if `path` exists, even
    if it appeared meanwhile (the new file is linked in, which fails atomically).
    `durable=False` skips the flush to disk of each file, for bulk writes (an
    import, an export) that a rerun redoes; the rename still makes each file
    appear whole to every reader and after an interruption.
    """
    data = text if isinstance(text, bytes) else text.encode(encoding)
    with uninterrupted():
        handle, temporary = _reserve_file(path)
        try:
            try:
                view = memoryview(data)
                while view:
                    view = view[os.write(handle, view):]
                if durable:
                    os.fsync(handle)
            finally:
                os.close(handle)
            if _watchers:
                step(f"{path}: written beside it")
            if replace:
                try:  # the old file's permissions; a new file has the umask's already
                    os.chmod(temporary, stat.S_IMODE(os.stat(path).st_mode))
                except FileNotFoundError:
                    pass
                os.replace(temporary, path)
            else:
                os.link(temporary, path)
                os.unlink(temporary)
        except BaseException:
            try:
                os.unlink(temporary)
            except FileNotFoundError:
                pass
            raise
    if _watchers:
        step(f"{path}: in place")


def _reserve_file(target: Path | str) -> tuple[int, str]:
    """A new temporary file beside `target`, open for writing, under the first free name of
    `tree.temporary_name`; called with signals deferred, so it is never lost."""
    serial = 0
    while True:
        name = tree.temporary_name(target, serial)
        try:
            return os.open(name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), name
        except FileExistsError:
            serial += 1


def _new_folder(name: Path) -> None:
    os.mkdir(name)
    os.chmod(name, umask_mode(0o777))


def _reserve(target: Path, make: Callable[[Path], None]) -> Path:
    """A new temporary beside `target`, made by `make` under the first free name of
    `tree.temporary_name`. Called with signals deferred, so the name is never lost."""
    serial = 0
    while True:
        name = Path(tree.temporary_name(target, serial))
        try:
            make(name)
            return name
        except FileExistsError:
            serial += 1


def new_temporary(target: Path) -> Path:
    """A new, empty temporary file beside `target`, named as citynet's (`.NAME.citynet-tmp-
    PID`): for a caller that writes several files before moving them all into place. Call
    it inside `uninterrupted`, and remove or rename what it gives before the block ends."""
    handle, name = _reserve_file(target)
    os.close(handle)
    return Path(name)


def set_aside(path: Path, *, move: bool) -> Path:
    """A hard link to `path` under a new temporary name beside it, keeping its present
    version; with `move`, `path` itself then goes. Call it inside `uninterrupted`."""
    kept = _reserve(path, lambda name: os.link(path, name))
    if move:
        os.unlink(path)
    return kept


@contextmanager
def staged_folder(target: Path) -> Iterator[Path]:
    """A new folder beside `target` (named as citynet's temporaries, umask permissions) to
    write its next version into; removed when the block ends unless `replace_folder` took
    it. A scratch folder for work beside `target` too (an SQLite export)."""
    with uninterrupted():
        staging = _reserve(target, _new_folder)
    try:
        yield staging
    finally:
        with uninterrupted():
            shutil.rmtree(staging, ignore_errors=True)


def replace_folder(staging: Path, target: Path, made_by: str) -> None:
    """Mark `staging` as citynet's (a manifest of its files) and swap it in for `target`.

    The caller has checked that `target`, if it exists, is a folder citynet made.
    """
    files = sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*")
                   if not p.is_dir())  # a folder's files by their paths inside it (a site)
    manifest = json.dumps({"made_by": made_by, "files": files}, indent=2) + "\n"
    (staging / tree.MANIFEST).write_text(manifest, encoding="utf-8")
    for name in files:
        os.chmod(staging / name, umask_mode(0o666))
    for folder in (p for p in staging.rglob("*") if p.is_dir()):
        os.chmod(folder, umask_mode(0o777))
    with uninterrupted():
        if tree.kind_of(target) == tree.MISSING:
            os.rename(staging, target)
            step(f"{target}: in place")
            return
        old = _reserve(target, _new_folder)
        try:
            os.rename(target, old / "previous")
            step(f"{target}: moved aside")
            try:
                os.rename(staging, target)
            except BaseException:
                os.rename(old / "previous", target)
                raise
        finally:
            shutil.rmtree(old, ignore_errors=True)
    step(f"{target}: in place")
