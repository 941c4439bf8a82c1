"""Rewriting record files: `fmt` into the canonical form, atomically.

A file that cannot be read, or whose canonical form would read back
differently, is reported and left exactly as it was.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from citynet.loader import discover
from citynet.problems import Problem


@dataclass
class Formatted:
    """What fmt did (or would do) to one file."""

    path: str
    changed: bool
    diff: str = ""
    problem: Problem | None = None


def format_registry(root: Path, prefixes: Sequence[str] = (), *, write: bool = True,
                    want_diff: bool = False) -> list[Formatted]:
    """Canonicalise every record file (under `prefixes`, if given); write unless told not to."""
    from citynet.canonical import FormatError, canonical_text
    from citynet.fileio import write_atomic

    files, _ = discover(root)
    outcomes = []
    for found in files:
        kind, path, rel = found.kind, Path(found.path), found.rel
        if prefixes and not any(p in ("", ".") or rel == p or rel.startswith(p + "/")
                                for p in prefixes):
            continue
        try:
            raw = path.read_bytes()
            text = raw.decode("utf-8-sig")
            result = canonical_text(text, kind)
        except (OSError, UnicodeDecodeError, FormatError) as exc:
            message = exc.strerror if isinstance(exc, OSError) else str(exc)
            if isinstance(exc, UnicodeDecodeError):
                message = "the file is not valid UTF-8"
            outcomes.append(Formatted(rel, False, problem=Problem(
                "fmt", f"not formatted: {message}", rel)))
            continue
        changed = result.encode("utf-8") != raw
        diff = ""
        if changed and want_diff:
            diff = "".join(difflib.unified_diff(
                text.splitlines(keepends=True), result.splitlines(keepends=True),
                fromfile=f"a/{rel}", tofile=f"b/{rel}"))
        if changed and write:
            write_atomic(path, result)
        outcomes.append(Formatted(rel, changed, diff))
    return outcomes


def create_record(root: Path, folder: str, record_id: str, data: dict,
                  modeline: str | None = None) -> str:
    """Write a new record file and return its path; refuses bad ids, bad data, overwrites.

    The record is checked against its schema and its references against the
    registry before anything is written; the file appears whole or not at all.
    """
    import os
    import re
    import tempfile

    from citynet import modelcheck
    from citynet.canonical import dump_record
    from citynet.errors import BadOption
    from citynet.models import KINDS, SLUG_PATTERN, iter_refs
    from citynet.registry import load

    kind = KINDS[folder]
    if not re.match(SLUG_PATTERN, record_id):
        raise BadOption(f"--id {record_id!r} is not a valid id: use a lowercase slug such as "
                        "'ho-chi-minh-city'")
    registry, _ = load(root)
    if record_id in registry.known[folder]:
        raise BadOption(f"a {kind.name} with the id {record_id!r} already exists")
    data = {"id": record_id, **{k: v for k, v in data.items() if v not in (None, [], {})}}
    model, problems = modelcheck.build(kind, f"data/{folder}/{record_id}.yaml", data)
    if model is None:
        raise BadOption("; ".join(p.message for p in problems))
    for path, target in kind.refs:
        for loc, ref in iter_refs(model, path):
            if ref not in registry.known[target]:
                field = ".".join(str(part) for part in loc)
                raise BadOption(f"{field}: there is no {KINDS[target].name} {ref!r}")
    text = dump_record(data, kind)
    if modeline:
        text = f"# yaml-language-server: $schema={modeline}\n{text}"
    target = root / "data" / folder / f"{record_id}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
        try:
            os.link(temporary, target)  # fails, atomically, if the file appeared meanwhile
        except FileExistsError:
            raise BadOption(f"{target.relative_to(root)} already exists") from None
    finally:
        os.unlink(temporary)
    return target.relative_to(root).as_posix()
