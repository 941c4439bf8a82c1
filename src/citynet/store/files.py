"""Files -> documents: the one place that finds and reads record files.

A registry is a folder holding `data/<kind>/**/*.yaml`. Each file is read on
its own, so one bad file never stops the others; what is wrong with a file is
returned as Problems, never raised. How one file's bytes become data is
`store.reading`'s; which files there are and which may be read is the tree's
(`store.tree.discover`); here they are read on every core (`read_all`, `parse_many`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from citynet.model.kinds import Kind
from citynet.model.problems import Problem
from citynet.store.reading import (  # noqa: F401 - read here by the work tree, lsp and git
    MAX_FILE_BYTES,
    control_character,
    parse_file,
    parse_text,
    prepare_schemas,
    read_checked,
    read_file,
)
from citynet.store.stamp import Stamp
from citynet.store.tree import (  # noqa: F401 - the walk is the tree's; read here by many
    DATA_DIR,
    EXTENSION,
    Found,
    discover,
    inside_registry,
    is_skipped,
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
    """The schema's verdict on `data` when it is known ([] is valid); None if unknown."""
    blob: str | None = None
    """The git blob id of the bytes it was read from (`store.stamp.blob`), when known."""


@dataclass
class ReadResult:
    """Every file read, with its problems."""

    documents: list[tuple[Document, list[Problem]]]
    stamps: dict[str, Stamp] = field(default_factory=dict)
    """Each file's stamp, taken before it was read (store/stamp.py)."""


PARALLEL_FROM = 2000
"""Below this many files to parse, worker processes cost more than they save."""
Each = Callable[[Document, list[Problem]], None]
"""What `read_all` hands each document to as it is read."""


def read_all(root: Path, files: list[Found], each: Each | None = None) -> ReadResult:
    """Read, parse and schema-check every file on every core (each document's `schema` is
    its verdict), with each file's stamp taken before it was read.

    With `each`, every document goes to `each` in path order as soon as it is read (while
    the workers read the next ones) instead of into the result's documents.
    """
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        documents: list[tuple[Document, list[Problem]]] = []
        stamps: dict[str, Stamp] = {}
        if len(files) >= PARALLEL_FROM:
            prepare_schemas({found.kind.folder for found in files})
        parsed = parse_stream([(found.path, found.rel) for found in files], read_checked)
        for found, (key, blob, data, problems, verdict) in zip(files, parsed, strict=True):
            document = Document(found.kind, found.rel, found.stem, data, verdict, blob)
            stamps[found.rel] = key
            if each is None:
                documents.append((document, problems))
            else:
                each(document, problems)
        return ReadResult(documents, stamps)
    finally:
        if enabled:
            gc.enable()


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
