"""Completion: ids in reference fields, with their names; keys of the kind; closed values."""

from __future__ import annotations

from lsprotocol import types

from citynet.lsp import fields
from citynet.lsp.cursor import Typing, typing_at
from citynet.lsp.files import kind_of
from citynet.lsp.state import State

MAX_ITEMS = 200
"""A registry of 40,000 cities offers the first matches; the client asks again as you type."""


def describe(state: State, folder: str, record_id: str) -> str:
    """`Seoul · KR`: a record's English name and country, as far as it has them."""
    entry = state.registry.get(folder, record_id)
    if entry is None:
        return ""
    names = entry.raw.get("names")
    name = names.get("en") if isinstance(names, dict) else None
    country = entry.raw.get("country")
    return " · ".join(str(part) for part in (name, country) if part)


def complete(state: State, rel: str, text: str, line: int, character: int
             ) -> types.CompletionList | None:
    kind = kind_of(rel)
    if kind is None:
        return None
    typed = typing_at(text, line, character, lambda loc: fields.has_values(kind, loc))
    if typed is None:
        return None
    items = _keys(kind, typed) if typed.is_key else _values(state, kind, typed)
    chosen = [i for i in items if i.label.startswith(typed.prefix)]
    return types.CompletionList(is_incomplete=len(chosen) > MAX_ITEMS, items=chosen[:MAX_ITEMS])


def _keys(kind, typed: Typing) -> list[types.CompletionItem]:
    return [types.CompletionItem(label=key, kind=types.CompletionItemKind.Field,
                                 insert_text=f"{key}: ")
            for key in fields.keys(kind, typed.loc)]


def _values(state: State, kind, typed: Typing) -> list[types.CompletionItem]:
    target = fields.target(kind, typed.loc)
    if target is not None:
        ids = sorted(i for i in state.registry.known[target] if i.startswith(typed.prefix))
        return [types.CompletionItem(label=i, kind=types.CompletionItemKind.Reference,
                                     detail=describe(state, target, i))
                for i in ids[: MAX_ITEMS + 1]]
    return [types.CompletionItem(label=value, kind=types.CompletionItemKind.EnumMember)
            for value in fields.closed_values(kind, typed.loc)]
