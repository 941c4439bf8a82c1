"""Hover, go to definition and find references, for the id under the cursor.

The id under the cursor is a reference (its field is one of the kind's
declared `refs`) or the record's own `id`; either names a record by kind and id.
"""

from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types

from citynet.lsp import convert, fields
from citynet.lsp.cursor import Scalar, offset, scalar_at
from citynet.lsp.files import kind_of, stem
from citynet.lsp.state import State
from citynet.model.kinds import KINDS, iter_refs
from citynet.yaml.positions import positions


@dataclass(frozen=True)
class Named:
    """A record named in a file: its kind's folder, its id, and where it is written."""

    folder: str
    id: str
    scalar: Scalar


def named_at(state: State, rel: str, text: str, line: int, character: int) -> Named | None:
    kind = kind_of(rel)
    scalar = scalar_at(text, offset(text, line, character)) if kind else None
    if kind is None or scalar is None:
        return None
    folder = fields.target(kind, scalar.loc)
    if folder is not None:
        return Named(folder, scalar.value, scalar)
    if scalar.loc == ("id",):
        return Named(kind.folder, stem(rel), scalar)
    return None


def uri(state: State, rel: str) -> str:
    return (state.root / rel).as_uri()


def hover(state: State, rel: str, text: str, line: int, character: int) -> types.Hover | None:
    named = named_at(state, rel, text, line, character)
    if named is None:
        return None
    kind = KINDS[named.folder]
    path = state.path_of(named.folder, named.id)
    if path is None:
        body = f"no {kind.name} has the id `{named.id}`"
    else:
        entry = state.registry.get(named.folder, named.id)
        raw = entry.raw if entry is not None else {}
        lines = [f"**{named.id}** ({kind.name})"]
        names = raw.get("names")
        if isinstance(names, dict):
            lines.append("names: " + ", ".join(f"{lang} {name}" for lang, name in names.items()))
        if raw.get("country"):
            lines.append(f"country: {raw['country']}")
        lines.append(f"file: `{path}`")
        body = "  \n".join(lines)
    return types.Hover(
        contents=types.MarkupContent(kind=types.MarkupKind.Markdown, value=body),
        range=convert.span(text, named.scalar.start, named.scalar.end),
    )


def definition(state: State, rel: str, text: str, line: int, character: int
               ) -> types.Location | None:
    named = named_at(state, rel, text, line, character)
    path = state.path_of(named.folder, named.id) if named else None
    if path is None:
        return None
    start = types.Position(0, 0)
    return types.Location(uri(state, path), types.Range(start, start))


def references(state: State, rel: str, text: str, line: int, character: int,
               include_declaration: bool = True) -> list[types.Location]:
    """Every place a record is named by another: each reference field, in each file."""
    named = named_at(state, rel, text, line, character)
    if named is None:
        return []
    found: list[types.Location] = []
    path = state.path_of(named.folder, named.id)
    if include_declaration and path is not None:
        start = types.Position(0, 0)
        found.append(types.Location(uri(state, path), types.Range(start, start)))
    target = KINDS[named.folder]
    for kind in KINDS.values():
        paths = [p for p, folder in kind.refs if folder == named.folder]
        if not paths:
            continue
        for entry in state.registry.referring(kind, target, named.id):
            written = state.text(entry.path)
            if written is None:
                continue
            marks = positions(written)
            for ref_path in paths:
                for loc, ref in iter_refs(entry.model, ref_path):
                    if ref == named.id and loc in marks.spans:
                        first, last, _ = marks.spans[loc]
                        found.append(types.Location(uri(state, entry.path),
                                                    convert.span(written, first, last)))
    return found
