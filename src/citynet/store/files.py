"""Files -> documents: the one place that finds and reads record files.

A registry is a folder holding `data/<kind>/**/*.yaml`. Each file is read on
its own, so one bad file never stops the others; what is wrong with a file is
returned as Problems, never raised. How one file's bytes become data is
`store.reading`'s; which files there are and which may be read is the tree's
(`store.tree.discover`); here they are read on every core (`read_all`, `parse_many`).
"""

from __future__ import annotations

import operator
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from citynet.model.kinds import KINDS, Kind
from citynet.model.problems import Problem
from citynet.store.reading import (  # noqa: F401 - read here by the work tree, lsp and git
    MAX_FILE_BYTES, NO_STAMP, control_character, parse_file, parse_text, prepare_schemas,
    read_checked, read_file,
)
from citynet.store.tree import (  # noqa: F401 - the walk is the tree's; read here by many
    DATA_DIR, EXTENSION, Found, discover, inside_registry, is_skipped,
)



@dataclass(slots=True)
class Document:
    """One record file as read: where it is and the plain data it holds."""

    kind: Kind
    path: str
    """Relative to the registry root, forward slashes."""
    id: str
    """The file's stem, which is the record's id."""
    data: dict[str, Any] | None
    """None when the file could not be read as a YAML mapping."""
    schema: list[Problem] | None = None
    """The schema's verdict on `data` when the cache knows it ([] is valid); None if unknown."""


@dataclass
class ReadResult:
    """Every file read, and what the cache should remember of them."""

    documents: list[tuple[Document, list[Problem]]]
    entries: dict[str, Any]
    """What the cache will hold: rel -> (size, mtime_ns, data, reading problems, schema)."""
    dirty: set[str]
    """The kinds whose cache must be written again."""


PARALLEL_FROM = 2000
"""Below this many files to parse, worker processes cost more than they save."""
Each = Callable[[Document, list[Problem]], "list[Problem] | None"]
"""What `read_all` hands each document to as it is read: returns the schema verdict it
found for the document's data (None if it found none), for the cache."""


def read_all(root: Path, files: list[Found], use_cache: bool = True,
             folders: Any = None, each: Each | None = None) -> ReadResult:
    """Read every file, reusing cached results for unchanged ones and parsing and
    schema-checking the rest on every core (each document's `schema` is its verdict).
    The caller stores the cache once it has added any verdicts it found itself.

    With `each`, every document goes to `each` in path order as soon as it is read (while
    the workers read the next ones) instead of into the result's documents, and each
    verdict `each` returns goes into the cache's entries.
    """
    import gc

    from citynet.store import cache

    enabled = gc.isenabled()
    gc.disable()
    try:
        folders = list(folders) if folders is not None else list(KINDS)
        entries = cache.read(root, folders) if use_cache else {}
        kept: dict[str, Any] = {}
        documents: list[tuple[Document, list[Problem]]] = []
        dirty: set[str] = set()
        hits: dict[int, Any] = {}
        if entries:  # a stamp per file says which cached ones still hold
            for index, found in enumerate(files):
                key = cache.stamp(found.path)
                hit = entries.get(found.rel)
                if (hit is not None and len(hit) == 5 and (hit[0], hit[1]) == key
                        and key != NO_STAMP):
                    hits[index] = hit
        todo = [(found.path, found.rel) for index, found in enumerate(files)
                if index not in hits]
        if len(todo) >= PARALLEL_FROM:
            prepare_schemas({found.kind.folder for found in files})
        parsed = parse_stream(todo, read_checked)
        for index, found in enumerate(files):
            rel = found.rel
            hit = hits.get(index)
            if hit is not None:
                document = Document(found.kind, rel, found.stem, hit[2], hit[4])
                problems = list(hit[3])
                kept[rel] = hit
            else:
                key, data, problems, verdict = next(parsed)
                document = Document(found.kind, rel, found.stem, data, verdict)
                dirty.add(found.kind.folder)
                if key != NO_STAMP:  # the index stores these stamps even without the cache
                    kept[rel] = (key[0], key[1], data, problems, verdict)
            if each is None:
                documents.append((document, problems))
                continue
            verdict = each(document, problems)
            cached = kept.get(rel)
            if verdict is not None and cached is not None:
                kept[rel] = (*cached[:4], verdict)
                dirty.add(found.kind.folder)
        dirty |= {rel.split("/", 2)[1] for rel in entries if rel not in kept}
        return ReadResult(documents, kept, dirty)
    finally:
        if enabled:
            gc.enable()


_STAMP = operator.attrgetter("st_size", "st_mtime_ns", "st_ctime_ns", "st_ino", "st_dev")
_UNSTAMPED = (-1, -1, -1, -1, -1)
"""A file that cannot be stat'ed (gone meanwhile): no real file has this stamp."""


def fingerprint(files: list[Found]) -> str:
    """A digest of the file set and every file's stamp (size, mtime, ctime, inode, device).

    At 100k files each Python step a file counts: the stamps are taken by map and packed
    by array, in C; only if a file cannot be stat'ed do they take the slow way.
    """
    import hashlib
    from array import array
    from itertools import chain

    paths = [found.path for found in files]
    try:
        stamps = list(map(_STAMP, map(os.stat, paths)))
    except OSError:
        stamps = [_stamp_or_none(path) for path in paths]
    digest = hashlib.blake2b("\0".join([found.rel for found in files]).encode(
        "utf-8", "surrogateescape"), digest_size=20)
    try:
        digest.update(b"\n" + array("q", chain.from_iterable(stamps)).tobytes())
    except OverflowError:  # an inode number past 2**63: written out instead
        digest.update(b"\r" + repr(stamps).encode())
    return digest.hexdigest()


def _stamp_or_none(path: str) -> tuple[int, ...]:
    try:
        return _STAMP(os.stat(path))
    except OSError:
        return _UNSTAMPED


_JOBS: list[tuple[Any, str]] = []
"""The files being parsed, seen by the forked workers without being pickled to them."""
Parse = Callable[[Any, str], Any]
_PARSE: Parse = lambda source, rel: (None, [])  # noqa: E731 - replaced while parsing


def parse_many(jobs: list[tuple[Any, str]], parse: Parse) -> list[Any]:
    """`parse(source, rel)` of each job (a path, or bytes from git), on every core from
    PARALLEL_FROM files: the work tree and a revision are read alike."""
    return list(parse_stream(jobs, parse))


def parse_stream(jobs: list[tuple[Any, str]], parse: Parse) -> Iterator[Any]:
    """`parse_many`'s results in order, each as soon as its span of files is done."""
    global _JOBS, _PARSE
    cores = os.cpu_count() or 1
    if len(jobs) < PARALLEL_FROM or cores < 2:
        yield from (parse(source, rel) for source, rel in jobs)
        return
    import multiprocessing

    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # no fork on this platform: one process
        yield from (parse(source, rel) for source, rel in jobs)
        return
    size = max(200, len(jobs) // (cores * 8))
    spans = [(start, min(start + size, len(jobs))) for start in range(0, len(jobs), size)]
    _JOBS, _PARSE = jobs, parse
    try:
        with context.Pool(processes=cores) as pool:
            for chunk in pool.imap(_parse_span, spans):
                yield from chunk
    finally:
        _JOBS = []


def _parse_span(span: tuple[int, int]) -> list[Any]:
    import gc

    gc.disable()
    return [_PARSE(source, rel) for source, rel in _JOBS[span[0]:span[1]]]
