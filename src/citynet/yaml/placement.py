"""Where each comment of a record file belongs: above or after which key or item.

A comment after content on its line belongs to the key or item that ended last
before it on that line (`en: Seoul,  # official` is about `en`, `[a, b]  # twins`
about the whole list). Any other comment belongs to the next key or item that
starts after it (a comment above a key is about that key; one between a key and
its value on the next line is about that key). Comments before the first key
are the file's heading, and comments after the last one its footer. The entries
carry their comments when `fmt` reorders them or turns flow style into block.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from citynet import limits
from citynet.yaml.comments import Comment, compose
from citynet.yaml.quoting import kept_number_text, scalar, text_scalar

MAX_KEY = limits.KEY_CHARS
"""The longest key YAML allows without the explicit `? ` form."""


@dataclass
class Scalar:
    text: str
    """Already written as canonical YAML."""


@dataclass
class Entry:
    """A key and its value in a mapping, or an item of a list (key None)."""

    key: Any
    key_text: str
    value: Tree
    leading: list[Comment] = field(default_factory=list)
    trailing: list[Comment] = field(default_factory=list)


@dataclass
class Map:
    entries: list[Entry]


@dataclass
class Seq:
    entries: list[Entry]


Tree = Scalar | Map | Seq


def _key_text(key: Any) -> str:
    text = scalar(key)
    if len(text) > MAX_KEY:
        raise ValueError(f"a key longer than {MAX_KEY} characters cannot be written as a key")
    return text


def from_data(value: Any) -> Tree:
    """The tree of plain data (no comments), as `new` writes it."""
    if isinstance(value, dict):
        return Map([Entry(k, _key_text(k), from_data(v)) for k, v in value.items()])
    if isinstance(value, list):
        return Seq([Entry(None, "", from_data(v)) for v in value])
    return Scalar(scalar(value))


def _scalar_text(node: Any, value: Any) -> str:
    """A scalar as canonical text; a plain number, boolean or null that all readers agree on
    keeps its spelling (a float's last digits are never re-rendered)."""
    if isinstance(value, str):
        return text_scalar(value)
    if node.tag == "?":
        if isinstance(value, bool) or value is None:
            return node.value
        if isinstance(value, float) and kept_number_text(node.value):
            return node.value
    return scalar(value)


class _Builder:
    def __init__(self) -> None:
        self.ends: list[tuple[int, int, int, Entry]] = []
        self.starts: list[tuple[int, int, Entry]] = []

    def _entry(self, entry: Entry, key_node: Any, node: Any) -> Entry:
        order = len(self.starts)
        marks = [key_node.end_mark] if key_node is not None else []
        if isinstance(node.value, str) or node.flow_style:
            marks.append(node.end_mark)  # a block collection "ends" where the next token starts
        self.ends += [(mark.index, mark.line, order, entry) for mark in marks]
        start = key_node if key_node is not None else node
        self.starts.append((start.start_mark.index, order, entry))
        if key_node is not None and (isinstance(node.value, str) or node.flow_style):
            # a value on the line after its key: comments between them are the key's
            self.starts.append((node.start_mark.index, order, entry))
        return entry

    def build(self, node: Any, value: Any) -> Tree:
        import yaml

        if isinstance(node, yaml.MappingNode) and isinstance(value, dict):
            if len(node.value) != len(value):
                raise ValueError("the file's keys could not be matched to its data")
            entries = []
            for (key_node, value_node), (key, item) in zip(node.value, value.items(), strict=True):
                entry = self._entry(Entry(key, _key_text(key), Scalar("")), key_node, value_node)
                entry.value = self.build(value_node, item)
                entries.append(entry)
            return Map(entries)
        if isinstance(node, yaml.SequenceNode) and isinstance(value, list):
            entries = []
            for item_node, item in zip(node.value, value, strict=True):
                entry = self._entry(Entry(None, "", Scalar("")), None, item_node)
                entry.value = self.build(item_node, item)
                entries.append(entry)
            return Seq(entries)
        if isinstance(node, yaml.ScalarNode) and not isinstance(value, dict | list):
            return Scalar(_scalar_text(node, value))
        raise ValueError("the file's structure could not be matched to its data")


def place(text: str, data: dict) -> tuple[list[Comment], Map, list[Comment]]:
    """The heading comments, the tree of entries with their comments, the footer comments."""
    from yaml import YAMLError

    try:
        node, comments = compose(text)
    except YAMLError as exc:
        raise ValueError(" ".join(str(exc).split())) from None
    builder = _Builder()
    tree = builder.build(node, data)
    if not isinstance(tree, Map):
        raise ValueError("a record is a mapping of keys to values")
    first_key = node.value[0][0].start_mark.index if node.value else len(text)
    ends_by_line: dict[int, list[tuple[int, int, int, Entry]]] = {}
    for end in builder.ends:
        ends_by_line.setdefault(end[1], []).append(end)
    starts = sorted(builder.starts, key=lambda s: (s[0], s[1]))
    start_indexes = [start[0] for start in starts]
    header: list[Comment] = []
    footer: list[Comment] = []
    for comment in comments:
        if comment.after_content:
            ended = [end for end in ends_by_line.get(comment.line, ())
                     if end[0] <= comment.index]
            if ended:
                max(ended, key=lambda end: (end[0], end[2]))[3].trailing.append(comment)
                continue
        if comment.index < first_key:
            header.append(comment)
            continue
        following = bisect.bisect_right(start_indexes, comment.index)
        if following == len(starts):
            footer.append(comment)
        else:
            starts[following][2].leading.append(comment)
    return header, tree, footer
