"""How citynet writes one scalar: plain only where every common YAML reader agrees.

citynet reads YAML 1.2 (`NO` is Norway), but files are also read by YAML 1.1
tools (PyYAML, older ruamel, Ansible) and checked by yamllint, for which
`yes`, `no`, `on`, `y`, `0o17`, `1_000`, `1:20` or `.nan` are booleans or
numbers. A text that any of them would read as something other than text is
single-quoted. Dates are the one exception, on purpose: `2018-05-27` is a
timestamp to a YAML 1.1 reader, but a date read as a date is not read as
something else, and the shipped data writes dates plain; partial dates such as
`1968-03` are text to every reader.

Everything else (which quote, which escapes) is decided by ruamel.yaml, so
`fmt`, `new`, `import` and the fast writer write the same bytes.
"""

from __future__ import annotations

import io
import math
import re
import sys
from functools import lru_cache
from typing import Any

from citynet.yaml.scalars import BOOL, FLOAT, INT, NULL, STR, plain_value

_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_SPEC_BOOLS = frozenset("y Y n N".split())
"""YAML 1.1's bool type lists these too, though PyYAML leaves them out."""

_FLOAT_11 = re.compile(
    r"^(?:[-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$")
"""A float text that YAML 1.1 (PyYAML) and 1.2 read as the same float."""

WIDTH = sys.maxsize
"""No folding, however long a text: a changed word is a one-line diff."""


@lru_cache(maxsize=1)
def _other_readers() -> tuple[Any, ...]:
    import yaml
    from ruamel.yaml.resolver import VersionedResolver

    return (yaml.resolver.Resolver(), VersionedResolver(version=(1, 1)),
            VersionedResolver(version=(1, 2)))


@lru_cache(maxsize=65536)
def ambiguous(text: str) -> bool:
    """Whether some YAML reader (1.1 or 1.2, citynet's own) reads plain `text` as non-text."""
    if text in _SPEC_BOOLS or not isinstance(plain_value(text), str):
        return True
    if _DATE.match(text):
        return False
    import yaml
    from ruamel.yaml.nodes import ScalarNode

    pyyaml, ruamel_11, ruamel_12 = _other_readers()
    if pyyaml.resolve(yaml.ScalarNode, text, (True, False)) != STR:
        return True
    return any(str(r.resolve(ScalarNode, text, (True, False))) != STR
               for r in (ruamel_11, ruamel_12))


def round_trip() -> Any:
    """ruamel.yaml set up to read plain scalars exactly as citynet's reader does."""
    from ruamel.yaml import YAML
    from ruamel.yaml.constructor import RoundTripConstructor
    from ruamel.yaml.nodes import ScalarNode
    from ruamel.yaml.representer import RoundTripRepresenter
    from ruamel.yaml.resolver import VersionedResolver
    from ruamel.yaml.tag import Tag

    tags = {bool: BOOL, int: INT, float: FLOAT, type(None): NULL, str: STR}

    class Resolver(VersionedResolver):
        """Plain scalars mean what yaml/scalars.py says: dates stay text, `<<` is a key."""

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is ScalarNode and implicit[0]:
                return Tag(suffix=tags[type(plain_value(value))])
            return super().resolve(kind, value, implicit)

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
    yaml.width = WIDTH
    yaml.preserve_quotes = False
    yaml.allow_duplicate_keys = False
    return yaml


PLAIN = re.compile(
    r"^[^\W\d_](?:[\w.,'()/&;\"!?%@*+=<>~$^|`\[\]{}\\-]|:(?=\S)|(?<! )#| (?![ #])){0,200}(?<! )\Z")
"""Text ruamel writes plain (a test holds it to that): the usual name or note, checked fast."""


@lru_cache(maxsize=65536)
def text_scalar(text: str) -> str:
    """A text as one line of YAML: plain if every reader agrees, else quoted as ruamel quotes."""
    if ambiguous(text):
        return "'" + text.replace("'", "''") + "'"
    if PLAIN.match(text):
        return text
    return ruamel_scalar(text)


def ruamel_scalar(text: str) -> str:
    """The text as ruamel writes it, on one line (double-quoted if it holds a line break)."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    value = _dump(text)
    if "\n" in value:
        value = _dump(DoubleQuotedScalarString(text))
    return value


@lru_cache(maxsize=1)
def _dumper() -> Any:
    return round_trip()


def _dump(text: str) -> str:
    stream = io.StringIO()
    _dumper().dump({"k": text}, stream)
    value = stream.getvalue()[2:].rstrip("\n")
    return value[1:] if value.startswith(" ") else value


def float_text(value: float) -> str:
    """A float's shortest text that YAML 1.1 and 1.2 read as the same float."""
    if math.isnan(value):
        return ".nan"
    if math.isinf(value):
        return ".inf" if value > 0 else "-.inf"
    text = repr(value).lower()
    return text.replace("e", ".0e", 1) if "." not in text and "e" in text else text


def kept_number_text(text: str) -> bool:
    """Whether a plain float as written reads the same in YAML 1.1 and 1.2 (then it is kept)."""
    return bool(_FLOAT_11.match(text))


def scalar(value: Any) -> str:
    """The canonical text of a plain value (text, number, boolean or None)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return float_text(value)
    if isinstance(value, str):
        return text_scalar(value)
    raise TypeError(f"cannot write {type(value).__name__}")
