"""The server: LSP methods over stdio, each handed to the feature module of its idea.

The registry is found from `--root`, else from the client's workspace
folder, else from the current folder, and loaded once when the client says
it is ready (`initialized`); requests that come meanwhile wait for it. Only
this module knows pygls.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from citynet import __version__
from citynet.errors import CitynetError
from citynet.lsp import actions, completion, convert, navigation, renaming
from citynet.lsp.state import State, kind_of


class CitynetServer(LanguageServer):
    """A language server holding one registry's State once it is loaded."""

    def __init__(self, root: str | None, use_cache: bool) -> None:
        super().__init__("citynet", __version__,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.explicit_root = root
        self.use_cache = use_cache
        self.state: State | None = None
        self.uris: dict[str, str] = {}
        """Relative path -> the URI the client named it by."""

    def start_state(self, client_root: str | None) -> None:
        from citynet.store.cache import untrusted
        from citynet.store.registry import find_root

        try:
            start = Path(client_root) if client_root else None
            root = find_root(self.explicit_root, start=start)
        except CitynetError as exc:
            self.window_show_message(types.ShowMessageParams(types.MessageType.Error,
                                                             f"citynet: {exc}"))
            return
        if self.use_cache and untrusted(root):
            self.use_cache = False
        self.state = State(root, self.use_cache)
        threading.Thread(target=self.state.warm, daemon=True).start()

    def located(self, uri: str) -> tuple[State, str] | None:
        """The state and the registry-relative path of a record file's URI, if it is one."""
        path = to_fs_path(uri)
        if self.state is None or path is None:
            return None
        rel = self.state.rel(path)
        if rel is None or kind_of(rel) is None:
            return None
        self.uris.setdefault(rel, uri)
        return self.state, rel

    def publish(self, rel: str) -> None:
        assert self.state is not None
        text = self.state.text(rel) or ""
        uri = self.uris.get(rel) or (self.state.root / rel).as_uri()
        found = [convert.diagnostic(text, p) for p in self.state.problems(rel)]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=found))

    def edited(self, uri: str) -> None:
        """The editor's text of a file changed: recheck it and the open files it touches."""
        found = self.located(uri)
        if found is None:
            return
        state, rel = found
        touched = state.put(rel, self.workspace.get_text_document(uri).source)
        for path in (rel, *sorted(touched)):
            self.publish(path)

    def text_at(self, uri: str) -> tuple[State, str, str] | None:
        found = self.located(uri)
        if found is None:
            return None
        state, rel = found
        return state, rel, self.workspace.get_text_document(uri).source


def make_server(root: str | None = None, use_cache: bool = True) -> CitynetServer:
    server = CitynetServer(root, use_cache)

    @server.feature(types.INITIALIZED)
    def initialized(ls: CitynetServer, params: types.InitializedParams) -> None:
        folders = ls.workspace.folders
        first = next(iter(folders.values()), None) if folders else None
        client_root = to_fs_path(first.uri) if first else ls.workspace.root_path
        ls.start_state(client_root)
        watching = ls.client_capabilities.workspace and \
            ls.client_capabilities.workspace.did_change_watched_files
        if ls.state is not None and watching and watching.dynamic_registration:
            ls.client_register_capability(types.RegistrationParams([types.Registration(
                "citynet-records", types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                types.DidChangeWatchedFilesRegistrationOptions([types.FileSystemWatcher(
                    str((ls.state.root / "data").as_posix()) + "/**/*.yaml")]))]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def watched(ls: CitynetServer, params: types.DidChangeWatchedFilesParams) -> None:
        """Files changed outside the editor (git, `citynet new`): read them again."""
        touched: set[str] = set()
        for change in params.changes:
            found = ls.located(change.uri)
            if found is not None and found[1] not in found[0].open:
                touched |= found[0].close(found[1])
        for path in sorted(touched):
            ls.publish(path)

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: CitynetServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.edited(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: CitynetServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.edited(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: CitynetServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.edited(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: CitynetServer, params: types.DidCloseTextDocumentParams) -> None:
        found = ls.located(params.text_document.uri)
        if found is None:
            return
        state, rel = found
        touched = state.close(rel)
        ls.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))
        for path in sorted(touched):
            ls.publish(path)

    @server.feature(types.TEXT_DOCUMENT_COMPLETION,
                    types.CompletionOptions(trigger_characters=[" ", "[", ","]))
    def complete(ls: CitynetServer, params: types.CompletionParams) -> Any:
        found = ls.text_at(params.text_document.uri)
        if found is None:
            return None
        where = params.position
        return completion.complete(*found, where.line, where.character)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: CitynetServer, params: types.HoverParams) -> Any:
        found = ls.text_at(params.text_document.uri)
        where = params.position
        return navigation.hover(*found, where.line, where.character) if found else None

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: CitynetServer, params: types.DefinitionParams) -> Any:
        found = ls.text_at(params.text_document.uri)
        where = params.position
        return navigation.definition(*found, where.line, where.character) if found else None

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    def references(ls: CitynetServer, params: types.ReferenceParams) -> Any:
        found = ls.text_at(params.text_document.uri)
        where = params.position
        return navigation.references(*found, where.line, where.character,
                                     params.context.include_declaration) if found else []

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    def prepare_rename(ls: CitynetServer, params: types.PrepareRenameParams) -> Any:
        found = ls.text_at(params.text_document.uri)
        where = params.position
        return renaming.prepare(*found, where.line, where.character) if found else None

    @server.feature(types.TEXT_DOCUMENT_RENAME)
    def rename(ls: CitynetServer, params: types.RenameParams) -> Any:
        found = ls.text_at(params.text_document.uri)
        if found is None:
            return None
        where = params.position
        try:
            return renaming.rename(*found, where.line, where.character, params.new_name,
                                   ls.use_cache)
        except CitynetError as exc:
            raise JsonRpcInvalidParams(str(exc)) from None

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls: CitynetServer, params: types.CodeActionParams) -> Any:
        found = ls.text_at(params.text_document.uri)
        if found is None:
            return None
        return actions.actions(*found, list(params.context.diagnostics))

    return server


def serve(root: str | None = None, use_cache: bool = True) -> None:
    """Run the server on stdin and stdout until the client says exit."""
    make_server(root, use_cache).start_io()
