"""The canonical form of a record file, made with ruamel.yaml's round-trip mode.

Canonical: block style throughout, keys in the model's order (id, names, the kind's own fields,
sources, notes; unknown keys kept, last, in their own order), names with
English first then by language code, two-space indentation with list dashes
under their key, plain scalars where YAML 1.2 reads them back the same, each
text on one line (no folding, so a changed word is a one-line diff), one
trailing newline. Comments and values are kept:
`canonical_text` refuses (raises) if the result would read back differently.
"""

from __future__ import annotations

import io
import typing
from typing import Any

from pydantic import BaseModel

from citynet.model.records import Record, require_english
from citynet.model.kinds import Kind

_DROPPED_TAGS = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:merge"}


class FormatError(Exception):
    """The file cannot be formatted without changing what it says."""


def round_trip() -> Any:
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import RoundTripConstructor
    from ruamel.yaml.representer import RoundTripRepresenter
    from ruamel.yaml.resolver import VersionedResolver

    class Resolver(VersionedResolver):
        """YAML 1.2 as citynet's loader reads it: dates stay text, `<<` is a plain key."""

        @property
        def versioned_resolver(self) -> Any:
            table = super().versioned_resolver
            return {
                first: [(tag, regexp) for tag, regexp in rules if tag not in _DROPPED_TAGS]
                for first, rules in table.items()
            }

    class FloatText(str):
        """A float as written: ruamel would re-render some floats with another last digit."""

    class Constructor(RoundTripConstructor):
        def construct_float_text(self, node: Any) -> FloatText:
            return FloatText(node.value)

    class Representer(RoundTripRepresenter):
        def represent_float_text(self, data: FloatText) -> Any:
            return self.represent_scalar("tag:yaml.org,2002:float", str(data))

    Constructor.add_constructor("tag:yaml.org,2002:float", Constructor.construct_float_text)
    Representer.add_representer(FloatText, Representer.represent_float_text)

    yaml = YAML(typ="rt")
    yaml.Resolver = Resolver
    yaml.Constructor = Constructor
    yaml.Representer = Representer
    yaml.indent(mapping=2, sequence=2, offset=0)
    yaml.width = 4096
    yaml.preserve_quotes = False
    yaml.allow_duplicate_keys = False
    return yaml


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


def _reorder(node: Any, model: type[BaseModel] | str | None) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if isinstance(node, CommentedMap | CommentedSeq):
        node.fa.set_block_style()
    if isinstance(node, CommentedMap):
        desired = _key_order(model, list(node.keys()))
        if list(node.keys()) != desired:
            for key in desired:
                node.move_to_end(key)
        for key in node:
            child = "names" if model == "names" else _field_model(
                model if isinstance(model, type) else None, key)
            _reorder(node[key], child if model != "names" else None)
    elif isinstance(node, CommentedSeq):
        for item in node:
            _reorder(item, model)


def canonical_text(text: str, kind: Kind) -> str:
    """The canonical form of a record file's text; FormatError if it cannot be made safely."""
    from ruamel.yaml.error import YAMLError

    from citynet.yaml import reader

    original, issues = reader.load(text)
    if issues:
        raise FormatError(issues[0].message)
    if original is None:
        raise FormatError("the file holds no record")
    if not isinstance(original, dict):
        raise FormatError("a record is a mapping of keys to values")
    yaml = round_trip()
    try:
        document = yaml.load(text)
    except (YAMLError, ValueError) as exc:  # ValueError: an integer past Python's digit limit
        raise FormatError(" ".join(str(exc).split())) from None
    _reorder(document, kind.model)
    stream = io.StringIO()
    yaml.dump(document, stream)
    result = stream.getvalue().rstrip("\n") + "\n"
    if result.startswith("---\n"):
        result = result[4:]
    again, issues = reader.load(result)
    if issues or again != original:
        raise FormatError("formatting would change a value; the file is left as it is")
    return result


def dump_record(data: dict[str, Any], kind: Kind) -> str:
    """A new record's data as canonical YAML text."""
    yaml = round_trip()
    stream = io.StringIO()
    yaml.dump(data, stream)
    return canonical_text(stream.getvalue(), kind)
