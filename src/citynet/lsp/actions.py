"""Code actions: "did you mean" for an unknown key or id, and adding a missing required key.

The problems say what is wrong (`unknown key 'contry' (did you mean
'country'?)`, a dangling reference, `missing required key 'kind'`); an action
is the edit that fixes it, offered beside the diagnostic.
"""

from __future__ import annotations

import difflib
import re

import yaml
from lsprotocol import types

from citynet.lsp import fields
from citynet.lsp.cursor import index_to_utf16
from citynet.lsp.files import kind_of
from citynet.lsp.navigation import uri
from citynet.lsp.state import State
from citynet.model import codes
from citynet.yaml.positions import positions

_SUGGESTED = re.compile(r"did you mean '([^']+)'\?")
_MISSING = re.compile(r"^missing required key '([^']+)'")
SUGGESTIONS = 3


def actions(state: State, rel: str, text: str, diagnostics: list[types.Diagnostic]
            ) -> list[types.CodeAction]:
    found: list[types.CodeAction] = []
    for diagnostic in diagnostics:
        if diagnostic.source != "citynet":
            continue
        for title, edit in _fixes(state, rel, text, diagnostic):
            found.append(types.CodeAction(
                title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                edit=types.WorkspaceEdit(changes={uri(state, rel): [edit]})))
    return found


def _loc(diagnostic: types.Diagnostic) -> tuple[str | int, ...]:
    data = diagnostic.data if isinstance(diagnostic.data, dict) else {}
    return tuple(data.get("loc") or ())


def _fixes(state: State, rel: str, text: str, diagnostic: types.Diagnostic
           ) -> list[tuple[str, types.TextEdit]]:
    kind = kind_of(rel)
    if kind is None:
        return []
    if diagnostic.code == codes.SCHEMA and (match := _SUGGESTED.search(diagnostic.message)):
        return [(f"Change to '{match[1]}'", types.TextEdit(diagnostic.range, match[1]))]
    if diagnostic.code == codes.SCHEMA and (match := _MISSING.match(diagnostic.message)):
        edit = _add_key(text, _loc(diagnostic), match[1])
        return [(f"Add the required key '{match[1]}'", edit)] if edit else []
    if diagnostic.code == codes.DANGLING_REF:
        target = fields.target(kind, _loc(diagnostic))
        value = _text_in(text, diagnostic.range).strip("'\"")
        if target is None:
            return []
        close = difflib.get_close_matches(value, state.registry.known[target], n=SUGGESTIONS)
        return [(f"Change to '{ref}'", types.TextEdit(diagnostic.range, _scalar(ref)))
                for ref in close]
    return []


def _scalar(value: str) -> str:
    """An id as YAML text: plain unless a reader would take it for something else."""
    return value if yaml.safe_load(value) == value else f"'{value}'"


def _text_in(text: str, where: types.Range) -> str:
    lines = text.split("\n")
    if where.start.line != where.end.line or where.start.line >= len(lines):
        return ""
    line = lines[where.start.line]
    columns = [index_to_utf16(line, i) for i in range(len(line) + 1)]
    start = columns.index(where.start.character) if where.start.character in columns else 0
    end = columns.index(where.end.character) if where.end.character in columns else len(line)
    return line[start:end]


def _add_key(text: str, parent: tuple[str | int, ...], key: str) -> types.TextEdit | None:
    """`key: ` added to the block mapping at `parent` (at the end, for the record itself)."""
    if not parent:
        lines = text.split("\n")
        at = types.Position(len(lines) - 1, 0) if lines[-1] == "" else \
            types.Position(len(lines) - 1, index_to_utf16(lines[-1], len(lines[-1])))
        head = "" if lines[-1] == "" else "\n"
        return types.TextEdit(types.Range(at, at), f"{head}{key}: \n")
    mark = positions(text).marks.get(parent)
    if mark is None:
        return None
    line, column = mark[1]
    here = text.split("\n")[line - 1]
    if here[column - 1 : column] in ("{", "["):
        return None  # a flow mapping: left to the writer
    at = types.Position(line - 1, index_to_utf16(here, column - 1))
    return types.TextEdit(types.Range(at, at), f"{key}: \n{' ' * (column - 1)}")
