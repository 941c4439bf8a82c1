"""Malformed input to the language server: one line on stderr, no traceback, and it goes on.

Driven over stdio: a body that is not JSON, a Content-Length that says too
much or too little. Then the framing itself (lsp/framing.py) on byte streams:
good frames come through unchanged, whatever garbage lies between them.
"""

from __future__ import annotations

import io
import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("pygls")

from citynet.lsp.framing import Frames  # noqa: E402
from test_lsp import Client  # noqa: E402

REL = "data/agreements/seoul-taipei-sister.yaml"


def _frame(message: dict, lie: int = 0) -> bytes:
    body = json.dumps({"jsonrpc": "2.0", **message}).encode()
    return b"Content-Length: %d\r\n\r\n" % (len(body) + lie) + body


def _raw(client: Client, data: bytes) -> None:
    assert client.process.stdin is not None
    client.process.stdin.write(data)
    client.process.stdin.flush()


def _hover_works(client: Client) -> None:
    found = client.at("textDocument/hover", REL, 1, len("parties: [seoul, t"))
    assert "Taipei" in found["contents"]["value"]


def _stderr(client: Client) -> list[str]:
    client.stop()
    assert client.process.stderr is not None
    return client.process.stderr.read().decode().splitlines()


@pytest.fixture
def client(make_registry):
    started = Client(make_registry())
    started.start()
    started.open(REL, (started.root / REL).read_text())
    return started


def test_a_body_that_is_not_json_is_one_line_and_the_server_goes_on(client):
    _raw(client, b"Content-Length: 9\r\n\r\nnot json!")
    _hover_works(client)
    lines = _stderr(client)
    assert len(lines) == 1 and "not JSON" in lines[0] and lines[0].startswith("citynet lsp:")


def test_a_body_nested_too_deep_to_read_is_one_line_and_the_server_goes_on(client):
    body = b"[" * 5000 + b"]" * 5000
    _raw(client, b"Content-Length: %d\r\n\r\n" % len(body) + body)
    _hover_works(client)
    lines = _stderr(client)
    assert len(lines) == 1 and "nested too deep" in lines[0]


def test_a_content_length_too_long_gives_the_next_message_back(client):
    def change(text: str, version: int) -> dict:
        return {"method": "textDocument/didChange", "params": {
            "textDocument": {"uri": client.uri(REL), "version": version},
            "contentChanges": [{"text": text}]}}

    typo = "kind: sister\nparties: [seoul, taipie]\nsources: [{title: A}]\n"
    # The first length eats the second message's header: both must still be read.
    _raw(client, _frame(change(typo, 2), lie=12) + _frame(change(typo.replace("ie]", "ei]"), 3)))
    assert [d["code"] for d in client.diagnostics(client.uri(REL))] == ["dangling-ref"]
    assert client.diagnostics(client.uri(REL)) == []
    _hover_works(client)
    lines = _stderr(client)
    assert len(lines) == 1 and "Content-Length said" in lines[0]


def test_a_content_length_too_short_loses_only_that_message(client):
    _raw(client, _frame({"method": "textDocument/didSave",
                         "params": {"textDocument": {"uri": client.uri(REL)}}}, lie=-5))
    _hover_works(client)
    lines = _stderr(client)
    assert [("not JSON" in line or "not a message" in line) for line in lines] == [True, True]
    assert not any("Traceback" in line for line in lines)


def test_params_pygls_cannot_read_are_one_line(client):
    _raw(client, _frame({"method": "textDocument/didOpen", "params": {"textDocument": 5}}))
    _hover_works(client)
    lines = _stderr(client)
    assert lines and all(line.startswith("citynet lsp: ") for line in lines)
    assert not any("Traceback" in line or line.startswith(" ") for line in lines)


def _through(data: bytes | io.BufferedReader) -> list[bytes]:
    stream = io.BytesIO(data) if isinstance(data, bytes) else data
    frames = Frames(stream)  # type: ignore[arg-type]
    bodies = []
    while True:
        header = frames.readline()
        if not header:
            return bodies
        length = int(header.split(b":")[1])
        assert frames.readline() == b"\r\n"
        bodies.append(frames.read(length))


MESSAGES = st.lists(st.dictionaries(st.text(max_size=5), st.integers() | st.text(max_size=8),
                                    max_size=3), max_size=4)
GARBAGE = st.binary(max_size=12).filter(lambda b: b"content-length" not in b.lower()
                                        and b"{" not in b)


@given(MESSAGES, st.lists(GARBAGE, min_size=4, max_size=4))
def test_good_frames_come_through_whatever_lies_between_them(messages, garbage):
    bodies = [json.dumps(m).encode() for m in messages]
    data = b"".join(junk + b"\r\n" + b"Content-Length: %d\r\n\r\n" % len(body) + body
                    for junk, body in zip(garbage, bodies))
    assert _through(data) == bodies


def test_a_length_that_lies_by_terabytes_ends_the_input_without_allocating_it():
    data = b"Content-Length: 1000000000000\r\n\r\n{}"
    assert _through(data) == []


def test_a_length_too_long_gives_the_next_frame_back():
    data = b"Content-Length: 12\r\n\r\n{}" + b"Content-Length: 7\r\n\r\n{\"a\":1}"
    assert _through(data) == [b"{}", b'{"a":1}']


def test_a_message_over_the_limit_is_skipped_unkept_and_the_next_one_read():
    from citynet import limits

    huge = b'{"a": "' + b"x" * (limits.LSP_MESSAGE_BYTES) + b'"}'
    data = (b"Content-Length: %d\r\n\r\n" % len(huge) + huge
            + b"Content-Length: 7\r\n\r\n{\"b\":1}")
    assert _through(data) == [b'{"b":1}']


def test_a_content_length_of_thousands_of_digits_is_one_line_and_the_server_goes_on(client):
    """int() refuses 4300 digits: such a header ended the server with an internal error."""
    _raw(client, b"Content-Length: " + b"1" * 5000 + b"\r\n\r\n")
    _hover_works(client)
    lines = _stderr(client)
    assert len(lines) == 1 and "5000 digits" in lines[0], lines


@pytest.mark.parametrize("digits", [b"9" * 19, b"1" * 4301, b"7" * 100_000])
def test_a_length_no_message_can_have_is_a_header_ignored(digits):
    data = b"Content-Length: " + digits + b"\r\n\r\nContent-Length: 2\r\n\r\n{}"
    assert _through(data) == [b"{}"]


class _Garbage(io.RawIOBase):
    """`size` bytes of one byte and no line break, made as they are read, then `tail`."""

    def __init__(self, size: int, tail: bytes) -> None:
        self.left, self.tail = size, tail

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.left > 0:
            count = min(len(buffer), self.left)
            buffer[:count] = b"X" * count
            self.left -= count
            return count
        count = min(len(buffer), len(self.tail))
        buffer[:count], self.tail = self.tail[:count], self.tail[count:]
        return count


@pytest.mark.parametrize("tail", [b"Content-Length: 2\r\n\r\n{}",
                                  b"\r\nContent-Length: 2\r\n\r\n{}",
                                  b"\nContent-Length: 2\r\n\r\n{}"])
def test_a_line_that_never_ends_is_read_past_without_keeping_it(tail):
    """100 MB with no line break where a header was expected: read in bounded pieces (it
    was kept whole: 300 MB of input took 660 MB), and the frame after it still comes."""
    import tracemalloc

    from citynet import limits

    tracemalloc.start()
    try:
        found = _through(io.BufferedReader(_Garbage(100_000_000, tail)))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found == [b"{}"]
    assert peak < 8 * limits.LSP_HEADER_BYTES + (1 << 20)
