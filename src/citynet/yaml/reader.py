"""Reading YAML safely and fast, with YAML 1.2 meanings.

`load` makes one pass over libyaml's events (after the compiled and the fast
reader have had a go at the canonical form): `NO`, `yes` and `on` stay text (Norway is `NO`), and
dates stay text for `PartialDate` to judge. Anchors, aliases, merge keys and
tags are reported where written and never built, so an alias bomb is never
expanded and no tag ever runs code. Duplicate keys are collected, not
silently overwritten.

Positions of fields are not kept here: `citynet.yaml.positions` finds them,
in one pass over the same parser's events, for the files that need them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from citynet import limits
from citynet.model import codes
from citynet.yaml.breaks import hide_non_breaks, restored
from citynet.yaml.scalars import (
    BOOL,
    FLOAT,
    INT,
    MAP,
    NULL,
    PLAIN_TAGS_EXPLICIT,
    SEQ,
    STR,
    NumberTooLong,
    plain_value,
    tagged_value,
)

try:
    from yaml._yaml import CParser as _Parser  # libyaml; not exported by the yaml package
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.composer import Composer as _Composer
    from yaml.parser import Parser as _Parser  # type: ignore[assignment]
    from yaml.reader import Reader as _Reader
    from yaml.scanner import Scanner as _Scanner

    class _Parser(_Reader, _Scanner, _Parser, _Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            _Reader.__init__(self, stream)
            _Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)  # type: ignore[arg-type]  # a Parser by its bases
            _Composer.__init__(self)


HAS_LIBYAML = _Parser.__module__ == "yaml._yaml"

PLAIN_TAGS = frozenset({STR, INT, FLOAT, BOOL, NULL, MAP, SEQ})


@dataclass(frozen=True, slots=True)
class YamlIssue:
    """Something wrong at the YAML level, before any schema applies."""

    code: str
    message: str
    line: int | None = None
    column: int | None = None


def _mark(mark: Any) -> tuple[int | None, int | None]:
    if mark is None:
        return None, None
    return mark.line + 1, mark.column + 1


def _clean(message: str) -> str:
    return " ".join(message.split())


def _syntax_issue(exc: yaml.MarkedYAMLError, text: str) -> YamlIssue:
    mark = exc.problem_mark or exc.context_mark
    if "end of stream" in str(exc.problem or "") and exc.context_mark is not None:
        # an unclosed quote or bracket: libyaml stops past the last line, the user wants where
        # it was opened
        line, col = _mark(exc.context_mark)
        what = str(exc.context or "").removeprefix("while scanning ").removeprefix(
            "while parsing ")
        return YamlIssue(codes.YAML_SYNTAX, f"{what or 'this'} that starts here is never closed: "
                         "the file ends first", line, col)
    line, col = _mark(mark)
    if line is not None and line > 1 and line > text.count("\n") + (not text.endswith("\n")):
        # libyaml's mark is past the last line: point at the end of the last line instead
        rows = text.rstrip("\n").split("\n")
        line, col = len(rows), len(rows[-1]) + 1
    tab = _indentation_tab(text, line, col)
    if tab is not None:
        return YamlIssue(codes.YAML_SYNTAX, f"a tab in the indentation at line {line}, column "
                         f"{tab}: YAML indents with spaces", line, tab)
    context = str(exc.context or "")
    if context.startswith("while parsing a flow") and exc.context_mark is not None \
            and "did not find expected" in str(exc.problem or ""):
        opened, at = _mark(exc.context_mark)
        what = context.removeprefix("while parsing a ")
        closing = "]" if "sequence" in what else "}"
        return YamlIssue(codes.YAML_SYNTAX, f"the {what} opened at line {opened}, column {at} is "
                         f"not closed: a ',' or '{closing}' was expected here", line, col)
    parts = [p for p in (exc.context, exc.problem) if p]
    return YamlIssue(codes.YAML_SYNTAX, _clean(", ".join(parts)) or "invalid YAML", line, col)


def _indentation_tab(text: str, line: int | None, column: int | None) -> int | None:
    """The column of the first tab in the indentation where libyaml stopped (None if none).

    libyaml's words for it ("found character that cannot start any token", "a tab
    character that violates indentation") never say that a tab is the cause.
    """
    if line is None or column is None:
        return None
    lines = text.split("\n", line)
    if len(lines) < line:
        return None
    row = lines[line - 1]
    indentation = row[: len(row) - len(row.lstrip(" \t"))]
    if "\t" not in indentation or column > len(indentation) + 1:
        return None  # libyaml stopped past the indentation: something else is wrong
    return indentation.index("\t") + 1


def event_parser(text: str) -> Any:
    """libyaml's event parser over `text`, for passes that need events, not data.

    U+0085, U+2028 and U+2029 are hidden from libyaml as `load` hides them, so
    the events' marks are the positions `load` reports.
    """
    return _Parser(hide_non_breaks(text)[0])


def load(text: str, max_depth: int = limits.NESTING) -> tuple[Any, list[YamlIssue]]:
    """One pass over libyaml's events: plain data, and every reading problem found.

    Returns (data, issues). Data is None when the text is empty or when any
    issue other than a duplicate key was found (the last value of a duplicated
    key is kept, as YAML readers do, but the duplicate is still an error).
    Aliases and anchors, merge keys, tags and nesting past `max_depth` are
    reported where they are written and never built, so an alias bomb costs
    only its own length.
    """
    from citynet.yaml import compiled, fast

    simple = compiled.read(text, max_depth)
    if simple is fast.NOT_SIMPLE:
        simple = fast.read(text, max_depth)
    if simple is not fast.NOT_SIMPLE:
        return simple, []
    return load_libyaml(text, max_depth)


def load_libyaml(text: str, max_depth: int = limits.NESTING) -> tuple[Any, list[YamlIssue]]:
    """`load` through libyaml's events alone, whatever the text's form."""
    text, restore = hide_non_breaks(text)
    try:
        data, issues = _load_events(text, max_depth)
    except _NestingLimit as limit:
        data, issues = None, _too_deep_before(text, limit.mark, max_depth)
    if restore is None:
        return data, issues
    issues = [YamlIssue(i.code, i.message.translate(restore), i.line, i.column) for i in issues]
    return restored(data, restore), issues


class _NestingLimit(Exception):
    """libyaml (0.2.6 and later) gave up at its own nesting limit."""

    def __init__(self, mark: Any) -> None:
        super().__init__()
        self.mark = mark


_LIBYAML_NESTING_LIMIT = "exceeded maximum nesting depth"


def _too_deep_before(text: str, mark: Any, max_depth: int) -> list[YamlIssue]:
    """The problems of the text before libyaml's own nesting limit (1000 levels).

    That libyaml stops with a syntax error, and in flow style before it has
    handed over one event of the levels above (its scanner looks up to 1024
    characters ahead). The node too deep for `max_depth` lies before that
    point, so reading the text up to there alone finds it where a libyaml
    without the limit does; the end of that cut text is no problem of the file.
    """
    end = _mark(mark)
    try:
        _, issues = _load_events(text[: mark.index], max_depth)
    except _NestingLimit:  # pragma: no cover - the cut text is shallower than the limit
        issues = []
    kept = [i for i in issues if i.line is not None and (i.line, i.column or 0) < end]
    if not any(i.code == codes.YAML_TOO_DEEP for i in kept):
        kept.append(YamlIssue(codes.YAML_TOO_DEEP, f"the YAML is nested deeper than {max_depth} "
                              "levels", *end))
    return kept


def _load_events(text: str, max_depth: int) -> tuple[Any, list[YamlIssue]]:
    parser = _Parser(text)
    issues: list[YamlIssue] = []
    try:
        return _build(parser, issues, max_depth), issues
    except yaml.MarkedYAMLError as exc:
        if exc.problem == _LIBYAML_NESTING_LIMIT and exc.problem_mark is not None:
            raise _NestingLimit(exc.problem_mark) from None
        issue = _syntax_issue(exc, text)
        if "expected a single document" in str(exc.context or "") or (
            "but found another document" in str(exc.problem or "")
        ):
            issue = YamlIssue(
                codes.YAML_MULTIPLE_DOCUMENTS,
                "the file holds more than one YAML document; a record file holds one",
                issue.line,
                issue.column,
            )
        return None, [*issues, issue]
    except yaml.YAMLError as exc:
        return None, [*issues, YamlIssue(codes.YAML_SYNTAX, _clean(str(exc)))]
    finally:
        parser.dispose()


def _build(parser: Any, issues: list[YamlIssue], max_depth: int) -> Any:
    get = parser.get_event
    get()  # StreamStartEvent
    event = get()
    if isinstance(event, yaml.StreamEndEvent):
        return None
    # A stack of [container, pending key, key event]; the root sits in a one-item list.
    root: list[Any] = []
    stack: list[list[Any]] = [[root, None, None]]
    broken = False
    skip_depth = 0  # inside a refused subtree: consume events without building
    while True:
        event = get()
        kind = type(event)
        if kind is yaml.DocumentEndEvent:
            break
        if skip_depth:
            if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                skip_depth += 1
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                skip_depth -= 1
                if not skip_depth:
                    _add(stack, issues, None, event)
            continue
        if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
            done = stack.pop()[0]
            _add(stack, issues, done, event)
            continue
        if kind is yaml.AliasEvent:
            issues.append(_at(event, codes.YAML_ALIAS,
                              f"the alias '*{event.anchor}' repeats another value; anchors and "
                              "aliases are not allowed in records, write the value out"))
            broken = True
            _add(stack, issues, None, event)
            continue
        if event.anchor is not None:
            issues.append(_at(event, codes.YAML_ALIAS,
                              f"the anchor '&{event.anchor}' is not allowed in records"))
            broken = True
        tag = event.tag
        if tag not in PLAIN_TAGS_EXPLICIT:
            issues.append(_at(event, codes.YAML_TAG,
                              f"the tag {tag!r} is not allowed in records"))
            broken = True
            if kind is yaml.ScalarEvent:
                _add(stack, issues, None, event)
            else:
                skip_depth = 1
            continue
        if kind is yaml.ScalarEvent:
            if event.implicit[0] and tag is None:
                if event.value == "<<" and stack[-1][1] is None and isinstance(stack[-1][0], dict):
                    issues.append(_at(event, codes.YAML_MERGE_KEY,
                                      "merge keys ('<<') are not allowed in records"))
                    broken = True
                try:
                    value = plain_value(event.value)
                except NumberTooLong as exc:
                    issues.append(_at(event, codes.SCHEMA, str(exc)))
                    broken = True
                    value = None
            elif tag is None or tag == "!":
                value = event.value
            else:
                try:
                    value = tagged_value(tag, event.value)
                except NumberTooLong as exc:
                    issues.append(_at(event, codes.SCHEMA, str(exc)))
                    broken = True
                    value = None
                except ValueError as exc:
                    issues.append(_at(event, codes.YAML_TAG, str(exc)))
                    broken = True
                    value = None
            _add(stack, issues, value, event)
            continue
        # MappingStartEvent or SequenceStartEvent
        if len(stack) > max_depth:
            issues.append(_at(event, codes.YAML_TOO_DEEP,
                              f"the YAML is nested deeper than {max_depth} levels"))
            broken = True
            skip_depth = 1
            continue
        container: Any = {} if kind is yaml.MappingStartEvent else []
        if isinstance(stack[-1][0], dict) and stack[-1][1] is None:
            issues.append(_at(event, codes.YAML_SYNTAX,
                              "a key must be plain text, not a list or mapping"))
            broken = True
        stack.append([container, None, None])
    next_event = get()
    if not isinstance(next_event, yaml.StreamEndEvent):
        line, col = _mark(next_event.start_mark)
        issues.append(YamlIssue(codes.YAML_MULTIPLE_DOCUMENTS,
                                "the file holds more than one YAML document; a record file "
                                "holds one", line, col))
        broken = True
    if broken or any(i.code != codes.DUPLICATE_KEY for i in issues):
        return None
    return root[0] if root else None


def _at(event: Any, code: str, message: str) -> YamlIssue:
    line, col = _mark(event.start_mark)
    return YamlIssue(code, message, line, col)


_KEY_MISSING = object()


def _add(stack: list[list[Any]], issues: list[YamlIssue], value: Any, event: Any) -> None:
    """Put a finished value into the container on top of the stack."""
    frame = stack[-1]
    container = frame[0]
    if isinstance(container, dict):
        if frame[2] is None:  # this value is a key
            frame[1] = value if _hashable(value) else _KEY_MISSING
            frame[2] = event
            return
        key = frame[1]
        if key is not _KEY_MISSING:
            if key in container:
                line, col = _mark(frame[2].start_mark)
                issues.append(YamlIssue(codes.DUPLICATE_KEY,
                                        f"the key {key!r} appears more than once", line, col))
            container[key] = value
        frame[1] = None
        frame[2] = None
    else:
        container.append(value)


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True
