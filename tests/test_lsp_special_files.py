"""The language server reads a record file from disk as validate does: never a pipe, a device
or more than the size limit.

Closing a document makes the server read the file on disk again, and so does its first
answer before the registry loads; both read whatever stood at the path, whole: a pipe there
hung the server, and a sparse file of gigabytes (or a link to /dev/zero) was read into memory
whole, or failed in the attempt.
"""

from __future__ import annotations

import os

import pytest

pytest.importorskip("pygls")

from test_lsp import Client  # noqa: E402

REL = "data/cities/odd.yaml"
TEXT = "names: {en: Odd}\ncountry: KR\nsources: [{title: t}]\n"
AGREEMENT = "data/agreements/seoul-taipei-sister.yaml"


def _pipe(path):
    os.mkfifo(path)


def _sparse(path):
    with open(path, "wb") as handle:
        handle.truncate(64 * 1024 * 1024 * 1024)  # 64 GiB of nothing, taking no disk


@pytest.mark.parametrize("make", [_pipe, _sparse])
def test_closing_a_document_reads_no_special_or_huge_file(make_registry, make):
    root = make_registry()
    make(root / REL)
    client = Client(root)
    client.start()
    try:
        assert client.open(REL, TEXT) == []
        client.notify("textDocument/didClose", {"textDocument": {"uri": client.uri(REL)}})
        client.diagnostics(client.uri(REL))
        client.open(AGREEMENT, (root / AGREEMENT).read_text())  # the server still answers
        found = client.at("textDocument/hover", AGREEMENT, 1, len("parties: [seoul, t"))
        assert "Taipei" in found["contents"]["value"]
    finally:
        try:
            client.stop()
        finally:
            if client.process.poll() is None:  # a server stuck on the file: ours to end
                client.process.kill()
    assert client.process.stderr is not None
    said = client.process.stderr.read().decode()
    assert "error" not in said, said
