"""The canonical form of a record file, written by citynet's own emitter.

Canonical: block style throughout, keys in the model's order (id, names, the
kind's own fields, sources, notes; unknown keys kept, last, in their own
order), names with English first then by language code, two-space indentation
with list dashes under their key, each text on one line however long (no
folding, so a changed word is a one-line diff), plain scalars only where every
YAML reader reads them back the same (yaml/quoting.py), no blank lines, one
trailing newline.

Every comment is kept by the key or item it belongs to (yaml/placement.py).
`canonical_text` refuses (raises FormatError) rather than write a text that
would read back differently or that lacks any comment text the file had.
"""

from __future__ import annotations

import math
import typing
from typing import Any

from pydantic import BaseModel

from citynet.model.kinds import Kind
from citynet.model.records import Record, require_english
from citynet.yaml.placement import Entry, Map, Scalar, Seq, Tree, from_data, place
from citynet.yaml.quoting import round_trip

__all__ = ["FormatError", "canonical_text", "dump_record", "round_trip"]


class FormatError(Exception):
    """The file cannot be formatted without changing what it says."""


def _is_local_text(metadata: Any) -> bool:
    return any(getattr(m, "func", None) is require_english for m in metadata)


def _field_model(model: type[BaseModel] | None, key: Any) -> type[BaseModel] | str | None:
    """The model (or "names" for a language map) that the value of `key` holds."""
    if model is None or not isinstance(key, str) or key not in model.model_fields:
        return None
    field = model.model_fields[key]
    if _is_local_text(field.metadata):
        return "names"
    return _inner(field.annotation)


def _inner(annotation: Any) -> type[BaseModel] | str | None:
    """Unwrap Optional, list and Annotated down to a model, or "names" for LocalText."""
    if typing.get_origin(annotation) is typing.Annotated and _is_local_text(
        annotation.__metadata__
    ):
        return "names"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        if arg is not type(None):
            found = _inner(arg)
            if found is not None:
                return found
    return None


def _key_order(model: type[BaseModel] | str | None, keys: list[Any]) -> list[Any]:
    if model == "names":
        return sorted(keys, key=lambda k: (k != "en", str(k)))
    if not (isinstance(model, type) and issubclass(model, BaseModel)):
        return keys
    fields = list(model.model_fields)
    if issubclass(model, Record):
        head = [f for f in ("id", "names") if f in fields]
        fields = head + [f for f in fields if f not in (*head, "sources", "notes")]
        fields += ["sources", "notes"]
    known = [f for f in fields if f in keys]
    return known + [k for k in keys if k not in fields]


def _order(tree: Tree, model: type[BaseModel] | str | None) -> None:
    """Put every mapping's entries in the canonical order its model gives."""
    if isinstance(tree, Map):
        desired = _key_order(model, [entry.key for entry in tree.entries])
        position = {key: index for index, key in enumerate(desired)}
        tree.entries.sort(key=lambda entry: position[entry.key])
        for entry in tree.entries:
            child = None if model == "names" else _field_model(
                model if isinstance(model, type) else None, entry.key)
            _order(entry.value, child)
    elif isinstance(tree, Seq):
        for entry in tree.entries:
            _order(entry.value, model)


class _Line:
    __slots__ = ("indent", "text", "comments", "is_comment")

    def __init__(self, indent: int, text: str, comments: list[Any], is_comment: bool = False):
        self.indent, self.text, self.comments, self.is_comment = indent, text, comments, is_comment


def _leading(entry: Entry, indent: int) -> list[_Line]:
    return [_Line(indent, comment.text, [], True) for comment in entry.leading]


def _empty(tree: Tree) -> str | None:
    if isinstance(tree, Scalar):
        return tree.text
    if not tree.entries:
        return "{}" if isinstance(tree, Map) else "[]"
    return None


def _emit_map(tree: Map, indent: int) -> list[_Line]:
    lines: list[_Line] = []
    for entry in tree.entries:
        lines += _leading(entry, indent)
        inline = _empty(entry.value)
        text = f"{entry.key_text}:" + (f" {inline}" if inline else "")
        lines.append(_Line(indent, text, list(entry.trailing)))
        if isinstance(entry.value, Map) and inline is None:
            lines += _emit_map(entry.value, indent + 2)
        elif isinstance(entry.value, Seq) and inline is None:
            lines += _emit_seq(entry.value, indent)
    return lines


def _emit_seq(tree: Seq, indent: int) -> list[_Line]:
    lines: list[_Line] = []
    for entry in tree.entries:
        lines += _leading(entry, indent)
        inline = _empty(entry.value)
        if inline is not None:
            lines.append(_Line(indent, f"- {inline}" if inline else "-", list(entry.trailing)))
            continue
        value = entry.value
        assert isinstance(value, Map | Seq), "a scalar is written inline above"
        inner = (_emit_map(value, indent + 2) if isinstance(value, Map)
                 else _emit_seq(value, indent + 2))
        first = next(i for i, line in enumerate(inner) if not line.is_comment)
        for line in inner[:first]:
            line.indent = indent  # the first key's own comments go above the dash
        head = inner[first]
        inner[first] = _Line(indent, "- " + head.text, list(entry.trailing) + head.comments)
        lines += inner
    return lines


def _render(header: list[Any], lines: list[_Line], footer: list[Any]) -> str:
    out = [comment.text for comment in header]
    for line in lines:
        pad = " " * line.indent
        if line.is_comment:
            out.append(pad + line.text)
            continue
        *above, last = line.comments or [None]
        out += [pad + comment.text for comment in above]
        tail = "" if last is None else " " * max(1, last.gap) + last.text
        out.append(pad + line.text + tail)
    out += [comment.text for comment in footer]
    return "\n".join(out) + "\n"


def same_data(a: Any, b: Any) -> bool:
    """Equal, with types kept apart (1 is not true) and a NaN equal to a NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same_data(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(same_data(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float):
        return a == b or (math.isnan(a) and math.isnan(b))
    return a == b


def canonical_text(text: str, kind: Kind) -> str:
    """The canonical form of a record file's text; FormatError if it cannot be made safely."""
    from citynet.yaml import reader
    from citynet.yaml.comments import comment_texts

    original, issues = reader.load(text)
    if issues:
        raise FormatError(issues[0].message)
    if original is None:
        raise FormatError("the file holds no record")
    if not isinstance(original, dict):
        raise FormatError("a record is a mapping of keys to values")
    try:
        header, tree, footer = place(text, original)
    except ValueError as exc:
        raise FormatError(str(exc)) from None
    _order(tree, kind.model)
    result = _render(header, _emit_map(tree, 0), footer)
    again, issues = reader.load(result)
    if issues or not same_data(again, original):
        raise FormatError("formatting would change a value; the file is left as it is")
    missing = comment_texts(text) - comment_texts(result)
    if missing:
        raise FormatError(f"formatting would lose the comment {next(iter(missing))!r}; "
                          "the file is left as it is")
    return result


def dump_record(data: dict[str, Any], kind: Kind) -> str:
    """A new record's data as canonical YAML text."""
    try:
        tree = from_data(data)
    except ValueError as exc:
        raise FormatError(str(exc)) from None
    _order(tree, kind.model)
    if not isinstance(tree, Map):
        raise FormatError("a record is a mapping of keys to values")
    return canonical_text(_render([], _emit_map(tree, 0), []), kind)
