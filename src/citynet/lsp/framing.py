"""The messages from the editor, checked before pygls reads them; one line a problem.

LSP frames each JSON-RPC message with a `Content-Length` header. A message
that is not JSON, or a length that lies, would reach pygls as an exception
with a traceback on stderr, and could take the next message with it. `Frames`
stands between stdin and pygls: it hands on only frames whose body is one
JSON object, resynchronises on the next `Content-Length` header after
garbage, gives back the bytes of the next message when a length was too long,
and logs each problem in one line. The server keeps running.
"""

from __future__ import annotations

import json
import logging
import re
from typing import BinaryIO, TextIO

from citynet import limits

LOG = logging.getLogger("citynet.lsp")
_LENGTH = re.compile(rb"content-length:[ \t]*(\d+)", re.IGNORECASE)
_HEADER = re.compile(rb"[A-Za-z][A-Za-z0-9-]*:[^\r\n]*\r?\n?")
_DECODER = json.JSONDecoder()
CHUNK = 1 << 20
_DIGITS = 18
"""A Content-Length of more digits is no message's (and int() refuses 4300 digits): the
header is ignored, as a line that is not one."""
_TAIL = 64
"""What is kept of a header line over limits.LSP_HEADER_BYTES: a header may start there."""


class Frames:
    """A binary stream of well-formed frames over a raw one (pygls reads lines and bytes)."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw = raw
        self.pending = b""
        """Bytes read from `raw` that belong to the next frame."""
        self.out = b""
        """Checked frames not yet read by pygls."""

    def readline(self) -> bytes:
        while b"\n" not in self.out and self._fill():
            pass
        line, newline, self.out = self.out.partition(b"\n")
        return line + newline

    def read(self, size: int) -> bytes:
        while len(self.out) < size and self._fill():
            pass
        taken, self.out = self.out[:size], self.out[size:]
        return taken

    def close(self) -> None:
        self.raw.close()

    def _fill(self) -> bool:
        """Add the next good frame to `out`; False at the end of the input."""
        while True:
            length = self._headers()
            if length is None:
                return False
            if length > limits.LSP_MESSAGE_BYTES:
                skipped = self._skip(length)
                LOG.warning("ignored a message of %d bytes, over the limit of %d "
                            "(limits.LSP_MESSAGE_BYTES)", skipped, limits.LSP_MESSAGE_BYTES)
                if skipped < length:
                    return False
                continue
            body = self._take(length)
            if len(body) < length:
                LOG.warning("the input ended %d bytes short of a message's Content-Length "
                            "(%d): ignored", length - len(body), length)
                return False
            message = self._checked(body, length)
            if message is not None:
                self.out += b"Content-Length: %d\r\n\r\n" % len(message) + message
                return True

    def _headers(self) -> int | None:
        """The Content-Length of the next frame, its headers read (None at the end)."""
        length = None
        while True:
            line = self._line()
            if not line:
                return None
            if not line.strip():
                if length is not None:
                    return length
                continue
            found = _LENGTH.search(line)
            if found is not None:
                if found.start():
                    LOG.warning("ignored %d bytes that are not a message before a "
                                "Content-Length header", found.start())
                digits = found[1].lstrip(b"0") or b"0"
                if len(digits) > _DIGITS:  # no message is that long: a header that lies
                    LOG.warning("ignored a Content-Length header of %d digits", len(digits))
                    continue
                length = int(digits)
            elif not _HEADER.fullmatch(line):
                LOG.warning("ignored a line that is not an LSP header (%d bytes)", len(line))

    def _checked(self, body: bytes, length: int) -> bytes | None:
        """The body if it is one JSON object; a too-long length gives its excess back."""
        try:
            text = body.decode("utf-8")
            value, end = _DECODER.raw_decode(text)
        except UnicodeDecodeError:
            LOG.warning("ignored a message that is not UTF-8 (Content-Length %d)", length)
            return None
        except ValueError as exc:
            LOG.warning("ignored a message that is not JSON (%s; Content-Length %d)",
                        exc.msg if isinstance(exc, json.JSONDecodeError) else exc, length)
            return None
        except RecursionError:
            LOG.warning("ignored a message nested too deep to read (Content-Length %d)", length)
            return None
        excess = text[end:]
        if excess.strip():
            used = text[:end].encode("utf-8")
            LOG.warning("a message's Content-Length said %d bytes, its JSON took %d: the "
                        "rest is read as the next message", length, len(used))
            self.pending = body[len(used):] + self.pending
            body = used
        if not isinstance(value, dict):
            LOG.warning("ignored a message that is not a JSON object (Content-Length %d)",
                        length)
            return None
        return body

    def _line(self) -> bytes:
        if b"\n" in self.pending:
            line, newline, self.pending = self.pending.partition(b"\n")
            return line + newline
        line = self.pending + self.raw.readline(limits.LSP_HEADER_BYTES)
        self.pending = b""
        dropped = 0
        while len(line) >= limits.LSP_HEADER_BYTES and not line.endswith(b"\n"):
            dropped += len(line) - _TAIL
            line = line[-_TAIL:] + self.raw.readline(limits.LSP_HEADER_BYTES)
        if dropped:
            LOG.warning("ignored %d bytes of a line over %d bytes, where a header was "
                        "expected (limits.LSP_HEADER_BYTES)", dropped, limits.LSP_HEADER_BYTES)
        return line

    def _skip(self, size: int) -> int:
        """Read past `size` bytes, keeping none: how many there were."""
        first, self.pending = self.pending[:size], self.pending[size:]
        count = len(first)
        while count < size:
            more = self.raw.read(min(size - count, CHUNK))
            if not more:
                break
            count += len(more)
        return count

    def _take(self, size: int) -> bytes:
        """`size` bytes (fewer at the end), read in chunks: a length that lies by terabytes
        must not allocate them."""
        first, self.pending = self.pending[:size], self.pending[size:]
        chunks, count = [first], len(first)
        while count < size:
            more = self.raw.read(min(size - count, CHUNK))
            if not more:
                break
            chunks.append(more)
            count += len(more)
        return b"".join(chunks)


class OneLine(logging.Formatter):
    """A log record as one line, its exception's message in place of a traceback."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage().split("\n", 1)[0]
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            cause = f" ({error.__cause__})" if error.__cause__ is not None else ""
            message = f"{message}: {type(error).__name__}: {error}{cause}".split("\n", 1)[0]
        return f"citynet lsp: {record.levelname.lower()}: {message}"


def log_in_one_line(stream: TextIO) -> None:
    """Send the server's and pygls's warnings and errors to `stream`, one line each."""
    handler = logging.StreamHandler(stream)
    handler.setFormatter(OneLine())
    handler.setLevel(logging.WARNING)
    for name in ("citynet.lsp", "pygls"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.WARNING)
        logger.propagate = False
