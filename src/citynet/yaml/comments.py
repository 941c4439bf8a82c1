"""Comments of a YAML text, found by the YAML scanner itself, and the node tree they sit in.

libyaml and the event loader skip comments; `fmt` must keep every one. PyYAML's
pure-Python scanner is the one place that steps over them, at three spots (between
tokens, after a block scalar's header, after a directive): recording them there
finds every comment and nothing that merely looks like one (`#` inside a text).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

_BREAKS = "\0\r\n\x85\u2028\u2029"


@dataclass(frozen=True)
class Comment:
    """One comment: its text from `#` to the end of its line, and where it is."""

    text: str
    index: int
    line: int
    gap: int
    """Spaces between the content before it on its line and the `#`."""
    after_content: bool
    """Whether something other than indentation comes before it on its line."""


def _loader_class() -> type:
    import yaml
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.resolver import BaseResolver
    from yaml.scanner import Scanner

    class RecordingScanner(Scanner):
        if TYPE_CHECKING:  # what the loader's Reader and the loader itself give the scanner
            index: int
            line: int
            buffer: str
            found: list[Comment]

            def peek(self, index: int = 0) -> str: ...
            def forward(self, length: int = 1) -> None: ...

        def _record(self) -> None:
            start = self.index
            while self.peek() not in _BREAKS:
                self.forward()
            text = "".join(self.buffer[start:self.index]).rstrip()
            line_start = start
            while line_start > 0 and self.buffer[line_start - 1] not in _BREAKS:
                line_start -= 1
            before = self.buffer[line_start:start]
            content = before.rstrip(" \t")
            self.found.append(Comment(text, start, self.line, len(before) - len(content),
                                      bool(content.strip(" \t\ufeff"))))

        def scan_to_next_token(self) -> None:
            if self.index == 0 and self.peek() == "\ufeff":
                self.forward()
            while True:
                while self.peek() in " \t":  # libyaml, which read the file first, allows tabs here
                    self.forward()
                if self.peek() == "#":
                    self._record()
                if not self.scan_line_break():
                    return
                if not self.flow_level:
                    self.allow_simple_key = True

        def _skip_to_comment(self) -> None:
            while self.peek() == " ":
                self.forward()
            if self.peek() == "#":
                self._record()

        def scan_block_scalar_ignored_line(self, start_mark: Any) -> Any:
            self._skip_to_comment()
            return super().scan_block_scalar_ignored_line(start_mark)

        def scan_directive_ignored_line(self, start_mark: Any) -> Any:
            self._skip_to_comment()
            return super().scan_directive_ignored_line(start_mark)

    class Plain(BaseResolver):
        """Every plain scalar resolves to "?": its meaning is citynet's, decided elsewhere."""

        def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
            if kind is yaml.ScalarNode and implicit[0]:
                return "?"
            return super().resolve(kind, value, implicit)

    class RecordingLoader(Reader, RecordingScanner, Parser, Composer, Plain):
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            RecordingScanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)
            Plain.__init__(self)
            self.found: list[Comment] = []

    return RecordingLoader


_LOADER: list[type] = []


def compose(text: str) -> tuple[Any, list[Comment]]:
    """The node tree of a one-document text (None if empty) and every comment in it."""
    if not _LOADER:
        _LOADER.append(_loader_class())
    loader = _LOADER[0](text)
    try:
        node = loader.get_single_node()
        return node, loader.found
    finally:
        loader.dispose()


def comment_texts(text: str) -> Counter[str]:
    """The multiset of comment texts in a YAML text (YAMLError if it cannot be scanned)."""
    return Counter(comment.text for comment in compose(text)[1])
