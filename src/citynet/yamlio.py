"""Reading YAML safely and fast, with YAML 1.2 meanings.

libyaml (PyYAML's C parser) does the parsing. Its YAML 1.1 resolvers are
replaced: `NO`, `yes` and `on` stay text (Norway is `NO`), and dates stay text
for `PartialDate` to judge. Anchors, aliases, merge keys and tags are refused
before anything is built, so an alias bomb is never expanded and no tag ever
runs code. Duplicate keys are collected, not silently overwritten.

Positions: `locate()` walks a composed node tree to the line and column of a
field, so problems point at the offending key or value.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

try:
    from yaml._yaml import CParser as _Parser  # libyaml; not exported by the yaml package
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.parser import Parser as _Parser  # type: ignore[assignment]
    from yaml.composer import Composer as _Composer
    from yaml.reader import Reader as _Reader
    from yaml.scanner import Scanner as _Scanner

    class _Parser(_Reader, _Scanner, _Parser, _Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            _Reader.__init__(self, stream)
            _Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)
            _Composer.__init__(self)


HAS_LIBYAML = _Parser.__module__ == "yaml._yaml"

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
MAP = "tag:yaml.org,2002:map"
SEQ = "tag:yaml.org,2002:seq"
PLAIN_TAGS = frozenset({STR, INT, FLOAT, BOOL, NULL, MAP, SEQ})


class _Resolver12(BaseResolver):
    """The YAML 1.2 core schema: only true/false are booleans, no timestamps."""

    yaml_implicit_resolvers: dict = {}


for _tag, _regexp, _first in (
    (BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (INT, r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        FLOAT,
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
):
    _Resolver12.add_implicit_resolver(_tag, re.compile(_regexp), list(_first))


class _Constructor(SafeConstructor):
    """Builds plain data, noting duplicate keys instead of overwriting quietly."""

    def __init__(self) -> None:
        super().__init__()
        self.duplicates: list[tuple[Node, Any]] = []

    def construct_mapping(self, node: MappingNode, deep: bool = False) -> dict:
        if not isinstance(node, MappingNode):
            raise ConstructorError(None, None, "expected a mapping", node.start_mark)
        mapping: dict = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            try:
                hash(key)
            except TypeError:
                raise ConstructorError(
                    None, None, "a key must be plain text, not a list or mapping",
                    key_node.start_mark,
                ) from None
            if key in mapping:
                self.duplicates.append((key_node, key))
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping

    def construct_yaml_int(self, node: ScalarNode) -> int:
        text = node.value.replace("_", "")
        if text.startswith("0o"):
            return int(text[2:], 8)
        if text.startswith("0x"):
            return int(text[2:], 16)
        return int(text)

    def construct_yaml_float(self, node: ScalarNode) -> float:
        text = node.value.lower()
        if text.endswith(".inf"):
            return float("-inf") if text.startswith("-") else float("inf")
        if text == ".nan":
            return float("nan")
        return float(text)


_Constructor.add_constructor(INT, _Constructor.construct_yaml_int)
_Constructor.add_constructor(FLOAT, _Constructor.construct_yaml_float)


class _Loader(_Parser, _Constructor, _Resolver12):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _Constructor.__init__(self)
        _Resolver12.__init__(self)


@dataclass(frozen=True, slots=True)
class YamlIssue:
    """Something wrong at the YAML level, before any schema applies."""

    code: str
    message: str
    line: int | None = None
    column: int | None = None


class YamlError(Exception):
    """The text is not one well-formed, plain YAML document."""

    def __init__(self, issue: YamlIssue) -> None:
        super().__init__(issue.message)
        self.issue = issue


def _mark(mark: Any) -> tuple[int | None, int | None]:
    if mark is None:
        return None, None
    return mark.line + 1, mark.column + 1


def compose(text: str) -> Node | None:
    """The node tree of a single-document YAML text (None if empty)."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    except yaml.composer.ComposerError as exc:
        if "single document" in str(exc.context or ""):
            line, col = _mark(exc.problem_mark)
            raise YamlError(
                YamlIssue(
                    "yaml-multiple-documents",
                    "the file holds more than one YAML document; a record file holds one",
                    line,
                    col,
                )
            ) from None
        raise YamlError(_syntax_issue(exc)) from None
    except yaml.MarkedYAMLError as exc:
        raise YamlError(_syntax_issue(exc)) from None
    except yaml.YAMLError as exc:
        raise YamlError(YamlIssue("yaml-syntax", _clean(str(exc)))) from None
    except RecursionError:
        raise YamlError(YamlIssue("yaml-too-deep", "the YAML is nested too deeply")) from None
    finally:
        loader.dispose()


def _clean(message: str) -> str:
    return " ".join(message.split())


def _syntax_issue(exc: yaml.MarkedYAMLError) -> YamlIssue:
    mark = exc.problem_mark or exc.context_mark
    line, col = _mark(mark)
    parts = [p for p in (exc.context, exc.problem) if p]
    return YamlIssue("yaml-syntax", _clean(", ".join(parts)) or "invalid YAML", line, col)


def _alias_issues(text: str) -> Iterator[YamlIssue]:
    """Each alias in the text, where it is written."""
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent):
                line, col = _mark(event.start_mark)
                yield YamlIssue(
                    "yaml-alias",
                    f"the alias '*{event.anchor}' repeats another value; anchors and "
                    "aliases are not allowed in records, write the value out",
                    line,
                    col,
                )
    finally:
        loader.dispose()


def plain_issues(root: Node, text: str, max_depth: int = 64) -> Iterator[YamlIssue]:
    """Aliases, merge keys, tags and excessive depth, in document order.

    A node reached twice is an alias: it is not walked again, so a
    "billion laughs" tree costs only its own size, and the aliases are then
    found where they are written by a second, event-level pass.
    """
    aliased = False
    seen: set[int] = set()
    stack: list[tuple[Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if id(node) in seen:
            aliased = True
            continue
        seen.add(id(node))
        if node.tag not in PLAIN_TAGS:
            line, col = _mark(node.start_mark)
            yield YamlIssue(
                "yaml-tag", f"the tag {node.tag!r} is not allowed in records", line, col
            )
            continue
        if depth > max_depth:
            line, col = _mark(node.start_mark)
            yield YamlIssue(
                "yaml-too-deep", f"the YAML is nested deeper than {max_depth} levels", line, col
            )
            continue
        children: list[Node] = []
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if isinstance(key, ScalarNode) and key.value == "<<" and not key.style:
                    line, col = _mark(key.start_mark)
                    yield YamlIssue(
                        "yaml-merge-key", "merge keys ('<<') are not allowed in records",
                        line, col,
                    )
                children += [key, value]
        elif isinstance(node, SequenceNode):
            children = list(node.value)
        stack.extend((child, depth + 1) for child in reversed(children))
    if aliased:
        yield from _alias_issues(text)


def construct(node: Node) -> tuple[Any, list[YamlIssue]]:
    """Plain Python data from a checked node tree, and its duplicate keys."""
    constructor = _Constructor()
    try:
        data = constructor.construct_document(node)
    except ConstructorError as exc:
        line, col = _mark(exc.problem_mark)
        raise YamlError(
            YamlIssue("yaml-syntax", _clean(exc.problem or str(exc)), line, col)
        ) from None
    issues = []
    for key_node, key in constructor.duplicates:
        line, col = _mark(key_node.start_mark)
        issues.append(
            YamlIssue("duplicate-key", f"the key {key!r} appears more than once", line, col)
        )
    return data, issues


def locate(root: Node | None, loc: tuple[str | int, ...], key: bool = False) -> tuple[int, int]:
    """1-based line and column of the field at `loc`, as near as the file allows.

    With `key`, point at the key itself (an unknown key); a field that is
    missing points at the mapping that should hold it.
    """
    if root is None:
        return 1, 1
    node = root
    key_node: Node | None = None
    for part in loc:
        key_node = None
        if isinstance(node, MappingNode):
            for k, v in node.value:
                if isinstance(k, ScalarNode) and k.value == str(part):
                    key_node, node = k, v
                    break
            else:
                break
        elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
        else:
            break
    target = key_node if key and key_node is not None else node
    return target.start_mark.line + 1, target.start_mark.column + 1
