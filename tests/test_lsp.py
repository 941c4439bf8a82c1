"""`citynet lsp`: the language server, driven over stdio as an editor drives it.

A small JSON-RPC client (Content-Length framing) starts `citynet lsp` as a
subprocess on a temporary registry and speaks LSP to it.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pygls")

TIMEOUT = 60


class Client:
    """An LSP client: requests wait for their answer; notifications are kept in order."""

    def __init__(self, root: Path, env: dict[str, str] | None = None,
                 command: list[str] | None = None) -> None:
        self.root = root
        self.process = subprocess.Popen(
            [sys.executable, "-m", "citynet", *(command or ["--root", str(root), "lsp"])],
            cwd=root,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
            env={**os.environ, **(env or {})})
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.pending: list[dict[str, Any]] = []
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = None
            while True:
                header = stream.readline()
                if not header:
                    return
                if header in (b"\r\n", b"\n"):
                    break
                name, _, value = header.decode().partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            assert length is not None
            self.messages.put(json.loads(stream.read(length)))

    def send(self, message: dict[str, Any]) -> None:
        body = json.dumps({"jsonrpc": "2.0", **message}).encode()
        assert self.process.stdin is not None
        self.process.stdin.write(f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
        self.process.stdin.flush()

    def notify(self, method: str, params: Any) -> None:
        self.send({"method": method, "params": params})

    def _next(self) -> dict[str, Any]:
        message = self.messages.get(timeout=TIMEOUT)
        if "method" in message and "id" in message:  # a request from the server
            self.send({"id": message["id"], "result": None})
        return message

    def request(self, method: str, params: Any) -> Any:
        self.next_id += 1
        self.send({"id": self.next_id, "method": method, "params": params})
        while True:
            message = self._next()
            if message.get("id") == self.next_id and "method" not in message:
                if "error" in message:
                    raise RuntimeError(message["error"]["message"])
                return message["result"]
            self.pending.append(message)

    def diagnostics(self, uri: str) -> list[dict[str, Any]]:
        """The next diagnostics published for `uri`."""
        while True:
            kept = [m for m in self.pending if m.get("method") == "textDocument/publishDiagnostics"
                    and m["params"]["uri"] == uri]
            if kept:
                self.pending.remove(kept[0])
                return kept[0]["params"]["diagnostics"]
            self.pending.append(self._next())

    def start(self, capabilities: dict[str, Any] | None = None) -> None:
        """Initialize as a client that applies edits which move files, unless told."""
        moves = {"workspace": {"workspaceEdit": {"documentChanges": True,
                                                 "resourceOperations": ["rename"]}}}
        self.request("initialize", {"processId": None, "rootUri": self.root.as_uri(),
                                    "capabilities": moves if capabilities is None
                                    else capabilities})
        self.notify("initialized", {})

    def uri(self, rel: str) -> str:
        return (self.root / rel).as_uri()

    def open(self, rel: str, text: str) -> list[dict[str, Any]]:
        self.notify("textDocument/didOpen", {"textDocument": {
            "uri": self.uri(rel), "languageId": "yaml", "version": 1, "text": text}})
        return self.diagnostics(self.uri(rel))

    def change(self, rel: str, text: str, version: int = 2) -> list[dict[str, Any]]:
        self.notify("textDocument/didChange", {
            "textDocument": {"uri": self.uri(rel), "version": version},
            "contentChanges": [{"text": text}]})
        return self.diagnostics(self.uri(rel))

    def at(self, method: str, rel: str, line: int, character: int, **extra: Any) -> Any:
        return self.request(method, {"textDocument": {"uri": self.uri(rel)},
                                     "position": {"line": line, "character": character},
                                     **extra})

    def stop(self) -> None:
        self.request("shutdown", None)
        self.notify("exit", None)
        self.process.wait(timeout=TIMEOUT)


@pytest.fixture
def server(make_registry):
    client = Client(make_registry())
    client.start()
    yield client
    client.stop()


TYPO = "kind: friendship\nparties: [seoul, taipie]\nsources: [{title: A source}]\n"
FIXED = TYPO.replace("taipie", "taipei")
NEW = "data/agreements/seoul-taipie-friendship.yaml"


def test_a_dangling_reference_is_underlined_as_validate_places_it(server, cli):
    found = server.open(NEW, TYPO)
    assert [(d["code"], d["range"]["start"]) for d in found] == [
        ("dangling-ref", {"line": 1, "character": 17})]
    assert found[0]["severity"] == 1 and "taipie" in found[0]["message"]
    (server.root / NEW).write_text(TYPO, encoding="utf-8")
    validated = cli("validate", "--format", "json", str(server.root / NEW),
                    root=server.root).json()
    assert [(p["code"], p["line"] - 1, p["column"] - 1, p["message"])
            for p in validated["problems"]] == [
        (d["code"], d["range"]["start"]["line"], d["range"]["start"]["character"],
         d["message"]) for d in found]


def test_fixing_the_reference_clears_the_diagnostics(server):
    server.open(NEW, TYPO)
    assert server.change(NEW, FIXED) == []


def test_cross_record_checks_run_on_the_unsaved_text(server):
    reversed_twin = "kind: sister\nparties: [taipei, seoul]\nsources: [{title: A}]\n"
    found = server.open("data/agreements/taipei-seoul-sister.yaml", reversed_twin)
    assert [d["code"] for d in found] == ["duplicate-agreement"]
    assert "seoul-taipei-sister.yaml" in found[0]["message"]
    dates = "kind: sister\nparties: [taipei, ottawa]\nsigned: 2001\n" \
        "lifecycle: [{step: ended, date: 1999}]\nsources: [{title: A}]\n"
    found = server.open("data/agreements/ottawa-taipei-sister.yaml", dates)
    assert [(d["code"], d["range"]["start"]["line"]) for d in found] == [("lifecycle-order", 3)]


def test_completion_offers_ids_with_their_name_and_country(server):
    text = "kind: friendship\nparties: [seoul, tai"
    server.open(NEW, text)
    found = server.at("textDocument/completion", NEW, 1, len("parties: [seoul, tai"))
    items = {item["label"]: item for item in found["items"]}
    assert list(items) == ["taipei"]
    assert items["taipei"]["detail"] == "Taipei · TW"


@pytest.mark.parametrize("text", [
    "kind: friendship\nparties:\n- seoul\n- tai",  # the block list fmt writes, at column 0
    "kind: friendship\nparties:\n  - seoul\n  - tai",  # indented
    "kind: friendship\nparties: [seoul,\n  tai",  # a flow list over two lines
    "kind: friendship\nparties: [seoul, tai",
    "kind: friendship\n# parties: [x\nparties: ['seoul', tai",  # a comment, a quoted id
])
def test_completion_offers_ids_in_every_layout(server, text):
    server.open(NEW, text)
    lines = text.split("\n")
    found = server.at("textDocument/completion", NEW, len(lines) - 1, len(lines[-1]))
    assert [item["label"] for item in found["items"]] == ["taipei"]


@pytest.mark.parametrize("text", [
    "names: {en: Seoul Office}\noffices: [{city: tai",
    "names: {en: Seoul Office}\noffices:\n- city: tai",
    "names: {en: Seoul Office}\noffices:\n- {city: seoul}\n- {city: tai",
])
def test_completion_offers_ids_in_mappings(server, text):
    rel = "data/organisations/office.yaml"
    server.open(rel, text)
    lines = text.split("\n")
    found = server.at("textDocument/completion", rel, len(lines) - 1, len(lines[-1]))
    assert [item["label"] for item in found["items"]] == ["taipei"]


def test_completion_offers_keys_and_closed_values(server):
    server.open(NEW, "kind: \nlif")
    kinds = server.at("textDocument/completion", NEW, 0, len("kind: "))
    assert {"sister", "friendship"} <= {i["label"] for i in kinds["items"]}
    keys = server.at("textDocument/completion", NEW, 1, 3)
    assert [i["label"] for i in keys["items"]] == ["lifecycle"]


def test_hover_definition_and_references_of_a_reference(server):
    rel = "data/agreements/seoul-taipei-sister.yaml"
    server.open(rel, (server.root / rel).read_text())
    column = len("parties: [seoul, t")
    hover = server.at("textDocument/hover", rel, 1, column)["contents"]["value"]
    assert "Taipei" in hover and "TW" in hover and "data/cities/taipei.yaml" in hover
    definition = server.at("textDocument/definition", rel, 1, column)
    assert definition["uri"] == server.uri("data/cities/taipei.yaml")
    found = server.at("textDocument/references", rel, 1, column,
                      context={"includeDeclaration": False})
    assert [(f["uri"], f["range"]["start"]) for f in found] == [
        (server.uri(rel), {"line": 1, "character": 17})]


def test_renaming_taipei_rewrites_seouls_agreement(server):
    rel = "data/agreements/seoul-taipei-sister.yaml"
    server.open(rel, (server.root / rel).read_text())
    edit = server.at("textDocument/rename", rel, 1, 18, newName="taipei-city")
    changes = edit["documentChanges"]
    moves = {(c["oldUri"], c["newUri"]) for c in changes if c.get("kind") == "rename"}
    assert moves == {
        (server.uri("data/cities/taipei.yaml"), server.uri("data/cities/taipei-city.yaml")),
        (server.uri(rel), server.uri("data/agreements/seoul-taipei-city-sister.yaml"))}
    edits = [c for c in changes if "edits" in c and c["textDocument"]["uri"] == server.uri(rel)]
    # the reference itself is replaced, as `citynet rename` replaces it: not a diff of the file
    assert [e["newText"] for e in edits[0]["edits"]] == ["taipei-city"]
    assert edits[0]["edits"][0]["range"] == {"start": {"line": 1, "character": 17},
                                             "end": {"line": 1, "character": 23}}


def test_a_rename_the_cli_would_refuse_is_an_error(server):
    rel = "data/agreements/seoul-taipei-sister.yaml"
    server.open(rel, (server.root / rel).read_text())
    with pytest.raises(RuntimeError, match="already exists"):
        server.at("textDocument/rename", rel, 1, 18, newName="ottawa")


def test_an_editor_that_cannot_move_files_is_told_to_run_citynet_rename(make_registry):
    client = Client(make_registry())
    client.start(capabilities={"workspace": {"workspaceEdit": {"documentChanges": True}}})
    try:
        rel = "data/agreements/seoul-taipei-sister.yaml"
        client.open(rel, (client.root / rel).read_text())
        with pytest.raises(RuntimeError, match="run: citynet rename city taipei taipei-city"):
            client.at("textDocument/rename", rel, 1, 18, newName="taipei-city")
        assert (client.root / rel).exists()
        assert client.change(rel, (client.root / rel).read_text()) == []
    finally:
        client.stop()


def test_code_actions_suggest_the_id_and_the_key(server):
    text = TYPO.replace("kind:", "knd:")
    found = server.open(NEW, text)
    # the unknown key and the misspelt id, in the same run
    assert {d["code"] for d in found} == {"schema", "dangling-ref"}
    schema = [d for d in found if d["code"] == "schema"]
    fixes = server.request("textDocument/codeAction", {
        "textDocument": {"uri": server.uri(NEW)}, "range": schema[0]["range"],
        "context": {"diagnostics": schema}})
    titles = [f["title"] for f in fixes]
    assert "Change to 'kind'" in titles and "Add the required key 'kind'" in titles
    found = server.change(NEW, TYPO)
    fixes = server.request("textDocument/codeAction", {
        "textDocument": {"uri": server.uri(NEW)}, "range": found[0]["range"],
        "context": {"diagnostics": found}})
    assert fixes[0]["title"] == "Change to 'taipei'"
    assert fixes[0]["edit"]["changes"][server.uri(NEW)][0]["newText"] == "taipei"


def test_without_pygls_the_command_says_how_to_install_it(make_registry, tmp_path):
    blocker = tmp_path / "blocked" / "pygls"
    blocker.mkdir(parents=True)
    (blocker / "__init__.py").write_text("raise ImportError('no pygls here')\n")
    done = subprocess.run([sys.executable, "-m", "citynet", "lsp"], cwd=make_registry(),
                          capture_output=True, text=True, timeout=TIMEOUT,
                          env={**os.environ, "PYTHONPATH": str(tmp_path / "blocked")})
    assert done.returncode == 2
    said = done.stderr.strip().splitlines()
    assert len(said) == 1 and said[0].startswith(
        "citynet: error: the language server needs pygls (the lsp extra): "
        f"{sys.executable} -m pip install "), said  # this Python's pip, not some other's
    assert said[0].endswith("[lsp]'"), said  # here an editable install: -e 'FOLDER[lsp]'


@pytest.mark.parametrize(("direct_url", "editable", "command"), [
    (None, None, "python3 -m pip install 'citynet[lsp]==1.2'"),
    ('{"url": "https://github.com/o/citynet", "vcs_info": {"vcs": "git", "commit_id": "ab12"}}',
     None, "python3 -m pip install 'citynet[lsp] @ git+https://github.com/o/citynet@ab12'"),
    ('{"url": "file:///src/citynet", "dir_info": {"editable": true}}', "/src/citynet",
     "python3 -m pip install -e '/src/citynet[lsp]'"),
    ('{"url": "file:///src/citynet", "dir_info": {}}', None,
     "python3 -m pip install 'citynet[lsp] @ file:///src/citynet'"),
])
def test_the_extra_is_added_the_way_citynet_was_installed(direct_url, editable, command):
    """A clone's editable install is told to install its own folder again, a git install its
    commit: never PyPI's citynet, which may not be the one running."""
    from citynet.edit.install import from_direct_url, pip_command

    assert pip_command(from_direct_url("1.2", direct_url), "lsp", "python3", editable) == command


def test_a_record_created_outside_the_editor_resolves_the_reference(make_registry):
    client = Client(make_registry())
    client.request("initialize", {"processId": None, "rootUri": client.root.as_uri(),
                                  "capabilities": {"workspace": {"didChangeWatchedFiles": {
                                      "dynamicRegistration": True}}}})
    client.notify("initialized", {})
    try:
        assert [d["code"] for d in client.open(NEW, TYPO)] == ["dangling-ref"]
        asked = [m for m in client.pending if m.get("method") == "client/registerCapability"]
        assert asked[0]["params"]["registrations"][0]["method"] == \
            "workspace/didChangeWatchedFiles"
        city = "data/cities/taipie.yaml"
        (client.root / city).write_text("names: {en: Taipie}\ncountry: TW\nlevel: city\n"
                                        "sources: [{title: A}]\n", encoding="utf-8")
        client.notify("workspace/didChangeWatchedFiles",
                      {"changes": [{"uri": client.uri(city), "type": 1}]})
        assert client.diagnostics(client.uri(NEW)) == []
    finally:
        client.stop()


def test_a_rename_in_a_file_with_a_long_note_is_one_edit_a_reference(server):
    """The server once diffed whole files with difflib: a 30,000-character note kept it busy
    for minutes. Its edits are now the references the rename replaces."""
    rel = "data/agreements/seoul-taipei-sister.yaml"
    path = server.root / rel
    path.write_text(path.read_text() + "notes: " + "taipei x " * 4000 + "\n")
    server.open(rel, path.read_text())
    edit = server.at("textDocument/rename", rel, 1, 18, newName="taipei-city")
    edits = [c for c in edit["documentChanges"]
             if "edits" in c and c["textDocument"]["uri"] == server.uri(rel)]
    assert [e["newText"] for e in edits[0]["edits"]] == ["taipei-city"]
