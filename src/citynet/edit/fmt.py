"""Rewriting record files: `fmt` into the canonical form, atomically.

A file that cannot be read, or whose canonical form would read back
differently or lose a comment, is reported and left exactly as it was. A link is
read as validate reads it, but never written through (store.tree): a link whose
target is not canonical is reported, and left as it was. An agreement or a
membership that still writes the fields its lifecycle replaced (`ended`,
`until`, `status`, `end_reason`) has them moved into `lifecycle`, their meaning
kept (`citynet.edit.lifecycle.migrate`).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from citynet.inert import inert
from citynet.model import codes
from citynet.model.problems import Problem, Severity
from citynet.store.reading import read_capped, too_large
from citynet.store.tree import Refused, Tree, discover, within


@dataclass
class Formatted:
    """What fmt did (or would do) to one file."""

    path: str
    changed: bool
    diff: str = ""
    problem: Problem | None = None
    read: bool = True
    """False for a path fmt could not reach (a link out of the registry): validate's problem."""


def format_registry(root: Path, paths: Sequence[str | Path] = (), *, write: bool = True,
                    want_diff: bool = False) -> list[Formatted]:
    """Canonicalise every record file (in `paths`, files or folders, if given); write unless
    told not to."""
    from citynet.edit.lifecycle import migrate
    from citynet.errors import BadOption
    from citynet.store.atomic import write_atomic
    from citynet.yaml.canonical import FormatError, canonical_text

    tree = Tree(root)
    prefixes = [tree.relative(path) for path in paths]
    if write:
        tree.sweep()  # what a killed citynet left goes first
    files, tree_problems = discover(root)
    outcomes = [Formatted(p.path, False, problem=p, read=False) for p in tree_problems
                if p.code in UNREACHED and p.severity is Severity.ERROR
                and (not prefixes or within(p.path, prefixes, reaching=True))]
    for found in files:
        kind, path, rel = found.kind, Path(found.path), found.rel
        if prefixes and not within(rel, prefixes):
            continue
        try:
            read = read_capped(path)
            if read is None:
                outcomes.append(Formatted(rel, False, problem=too_large(rel)))
                continue
            raw = read
            text = raw.decode("utf-8-sig")
            result = canonical_text(migrate(text, kind, rel) or text, kind)
        except (OSError, UnicodeDecodeError, FormatError, BadOption) as exc:
            message = exc.strerror if isinstance(exc, OSError) else str(exc)
            if isinstance(exc, UnicodeDecodeError):
                message = _encoding_message(raw, rel)
            outcomes.append(Formatted(rel, False, problem=Problem(
                codes.FMT, f"not formatted: {message}", rel)))
            continue
        changed = result.encode("utf-8") != raw
        diff = ""
        if changed and want_diff:
            diff = "".join(difflib.unified_diff(
                text.splitlines(keepends=True), result.splitlines(keepends=True),
                fromfile=inert(f"a/{rel}"), tofile=inert(f"b/{rel}")))
        if changed and write:
            try:
                write_atomic(tree.writable(rel), result)
            except (Refused, OSError) as exc:
                why = exc.strerror if isinstance(exc, OSError) else str(exc)
                outcomes.append(Formatted(rel, False, problem=Problem(
                    codes.FMT, f"not formatted: {why}", rel)))
                continue
        outcomes.append(Formatted(rel, changed, diff))
    return outcomes


UNREACHED = frozenset({codes.SYMLINK, codes.UNREADABLE})
"""validate's problems with the tree that leave files unread, so unformatted: fmt reports them."""


def _encoding_message(raw: bytes, rel: str) -> str:
    """What validate says of a file that is not UTF-8 (UTF-16, a stray byte), in its words."""
    from citynet.store.files import parse_text

    _, problems = parse_text(raw, rel)  # stops at the encoding: nothing else is read
    return problems[0].message
