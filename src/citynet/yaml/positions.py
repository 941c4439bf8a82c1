"""Where each field of a record file is written: one pass over libyaml's events.

Problems found by the schema or the checks know *which* field they are about
(a `loc` such as ("parties", 1)), not where it is written. `positions` reads
a file's events once, with the same libyaml parser as the reader, and notes
the line and column of every key and value; each problem's place is then a
dictionary look-up, so a file with 40,000 problems costs one pass, not one
walk per problem. Only files that have such a problem are read again.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

from citynet.model.problems import Loc
from citynet.yaml import reader

Mark = tuple[int, int]
"""1-based line and column."""

_NOT_A_KEY = object()
"""Stands for a key that is a list or mapping: nothing can be placed under it."""


@dataclass
class Positions:
    """The key and value marks of every field of one record file."""

    marks: dict[Loc, tuple[Mark, Mark]] = field(default_factory=dict)
    spans: dict[Loc, tuple[int, int, str | None]] = field(default_factory=dict)
    """Each scalar value's (start, end) character offsets and style, for surgical edits."""

    def at(self, loc: Loc, key: bool = False) -> Mark:
        """Line and column of the field at `loc`, as near as the file allows.

        With `key`, the key itself (an unknown key); a field that is missing
        points at the mapping that should hold it.
        """
        marks = self.marks
        found: Loc = ()
        exact = True
        for part in loc:
            step = (*found, part)
            if step not in marks and isinstance(part, int):
                step = (*found, str(part))  # a mapping key written as a number
            if step not in marks:
                exact = False
                break
            found = step
        if found not in marks:
            return 1, 1
        key_mark, value_mark = marks[found]
        return key_mark if key and exact and found else value_mark


def positions(text: str) -> Positions:
    """The marks of every key and value in the text's first YAML document.

    Text that stops being well-formed YAML gives the marks read up to there.
    """
    marks: dict[Loc, tuple[Mark, Mark]] = {}
    spans: dict[Loc, tuple[int, int, str | None]] = {}
    # A frame: [loc or None (under a key that is a container), is a mapping,
    #           next index or pending key, that key's mark, expecting a key].
    stack: list[list] = []
    parser = reader.event_parser(text)
    try:
        while True:
            event = parser.get_event()
            kind = type(event)
            if kind is yaml.DocumentEndEvent or kind is yaml.StreamEndEvent:
                break
            if kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                stack.pop()
                continue
            if kind is yaml.StreamStartEvent or kind is yaml.DocumentStartEvent:
                continue
            start = event.start_mark
            mark = (start.line + 1, start.column + 1)
            loc: Loc | None = ()
            key_mark = mark
            if stack:
                frame = stack[-1]
                if frame[1] and frame[4]:  # this node is a key
                    frame[2] = event.value if kind is yaml.ScalarEvent else _NOT_A_KEY
                    frame[3] = mark
                    frame[4] = False
                    if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                        stack.append([None, kind is yaml.MappingStartEvent, 0, None, True])
                    continue
                if frame[0] is None or frame[2] is _NOT_A_KEY:
                    loc = None
                elif frame[1]:
                    loc, key_mark = (*frame[0], frame[2]), frame[3]
                else:
                    loc = (*frame[0], frame[2])
                if frame[1]:
                    frame[4] = True
                else:
                    frame[2] += 1
            if loc is not None and loc not in marks:
                marks[loc] = (key_mark, mark)
                if kind is yaml.ScalarEvent:
                    spans[loc] = (start.index, event.end_mark.index, event.style)
            if kind is yaml.MappingStartEvent:
                stack.append([loc, True, None, None, True])
            elif kind is yaml.SequenceStartEvent:
                stack.append([loc, False, 0, None, True])
    except yaml.YAMLError:
        pass
    finally:
        parser.dispose()
    return Positions(marks, spans)
