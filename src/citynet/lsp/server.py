"""The server: LSP methods over stdio, each handed to the feature module of its idea.

The registry is found from `--root`, else from the client's workspace
folder, else from the current folder, and loaded in a background thread when
the client says it is ready (`initialized`). Until it is loaded, a file opened
unchanged from disk is answered from validate's outcome in the index (see
`citynet.lsp.early`); anything else waits for it. Only this module knows pygls;
the feature modules, and the checks behind them, are imported when first
needed, so `initialize` is answered as soon as pygls is imported.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, cast

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams
from pygls.lsp.server import LanguageServer
from pygls.uris import to_fs_path

from citynet import __version__
from citynet.errors import CitynetError
from citynet.lsp import convert
from citynet.lsp.files import kind_of
from citynet.model.problems import Problem
from citynet.store.tree import Tree

if TYPE_CHECKING:
    from citynet.lsp.early import Early
    from citynet.lsp.state import State


class CitynetServer(LanguageServer):
    """A language server holding one registry's State once it is loaded."""

    def __init__(self, root: str | None, use_cache: bool) -> None:
        super().__init__("citynet", __version__,
                         text_document_sync_kind=types.TextDocumentSyncKind.Incremental)
        self.explicit_root = root
        self.use_cache = use_cache
        self.ahead: Early | None = None
        """Validate's outcome in the index, until the registry is loaded."""
        self.root: Path | None = None
        self.state: State | None = None
        self.loading = False
        self.loaded = threading.Event()
        self.caught_up = False
        self.early: dict[str, list[Problem]] = {}
        """Relative path -> the problems published from validate's outcome before the load."""
        self.loop: asyncio.AbstractEventLoop | None = None
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
        from citynet.lsp.early import Early

        self.ahead = Early(root, self.use_cache)
        self.root = root
        self.loading = True
        try:
            self.loop = asyncio.get_running_loop()
        except RuntimeError:
            self.loop = None
        threading.Thread(target=self._load, args=(root,), daemon=True).start()

    def _load(self, root: Path) -> None:
        """In the background: load the registry, then let the server catch up with it."""
        import gc

        from citynet.lsp.state import State

        if self.ahead is not None:
            self.ahead.check()
        try:
            self.state = State(root, self.use_cache)
        except Exception as exc:  # noqa: BLE001 - said in one line; the server stays up
            logging.getLogger("citynet.lsp").error("cannot load the registry at %s: %s",
                                                   root, exc)
        finally:
            self.loaded.set()
            gc.freeze()  # the loaded registry lives as long as the server: never scan it
            gc.enable()  # a long-lived server must collect what its edits leave behind
            if self.loop is not None:
                self.loop.call_soon_threadsafe(self.catch_up)
        if self.state is not None:
            self.state.warm()
            gc.freeze()  # nor the models warm() built

    def drop_ahead(self) -> None:
        if self.ahead is not None:
            self.ahead.drop()
            self.ahead = None

    def current(self) -> State | None:
        """The loaded state, waiting for the load if it is under way (None: no registry)."""
        if not self.loading:
            return None
        self.loaded.wait()
        self.catch_up()
        return self.state

    def catch_up(self) -> None:
        """Once loaded: put the editor's open texts in the state, and correct any file
        answered from validate's outcome whose problems now differ (a file changed on
        disk meanwhile). Runs on the server's own thread."""
        if self.caught_up or not self.loaded.is_set():
            return
        self.caught_up = True
        self.drop_ahead()
        state = self.state
        if state is None:
            return
        for uri, document in list(self.workspace.text_documents.items()):
            rel = self.rel_of(uri)
            if rel is not None:
                state.put(rel, document.source)
        for rel, published in sorted(self.early.items()):
            if state.problems(rel) != published:
                self.publish(rel)
        self.early.clear()

    def rel_of(self, uri: str) -> str | None:
        """The registry-relative path of a record file's URI, if it is one."""
        path = to_fs_path(uri)
        if self.root is None or path is None:
            return None
        rel = Tree(self.root).rel(path)
        if rel is None or kind_of(rel) is None:
            return None
        self.uris.setdefault(rel, uri)
        return rel

    def located(self, uri: str) -> tuple[State, str] | None:
        """The loaded state and the registry-relative path of a record file's URI."""
        rel = self.rel_of(uri)
        state = self.current() if rel is not None else None
        return (state, rel) if state is not None and rel is not None else None

    def publish(self, rel: str, problems: list[Problem] | None = None) -> None:
        """Send the problems of `rel` (the state's, unless given)."""
        uri = self.uris.get(rel) or (self.root / rel).as_uri()  # type: ignore[operator]
        if problems is None:
            assert self.state is not None
            text = self.state.text(rel) or ""
            problems = self.state.problems(rel)
        else:
            text = self.workspace.get_text_document(uri).source
        found = [convert.diagnostic(text, p) for p in problems]
        self.text_document_publish_diagnostics(
            types.PublishDiagnosticsParams(uri=uri, diagnostics=found))

    def answered_early(self, uri: str, rel: str) -> bool:
        """Before the load: publish validate's problems of a file unchanged from disk."""
        if self.ahead is None or self.loaded.is_set() or self.root is None:
            return False
        text = self.workspace.get_text_document(uri).source
        from citynet.store.reading import read_capped

        try:
            same = read_capped(self.root / rel) == text.encode("utf-8")
        except OSError:
            same = False
        found = self.ahead.problems(rel) if same else None
        if found is None:
            return False
        self.early[rel] = found
        self.publish(rel, found)
        return True

    def edited(self, uri: str, opened: bool = False) -> None:
        """The editor's text of a file changed: recheck it and the open files it touches.

        Only a file just opened may be answered from validate's outcome (one saved since
        may differ from what the outcome's key saw); anything else waits for the load, so
        no file is answered from the outcome once an open text differs from the disk.
        """
        rel = self.rel_of(uri)
        if rel is None or (opened and self.answered_early(uri, rel)):
            return
        self.early.pop(rel, None)
        state = self.current()
        if state is None:
            return
        touched = state.put(rel, self.workspace.get_text_document(uri).source)
        for path in (rel, *sorted(touched)):
            self.publish(path)

    def can_move_files(self) -> bool:
        """Whether the client applies a workspace edit that renames files (Neovim says so
        without claiming `documentChanges`, which it applies all the same)."""
        workspace = self.client_capabilities.workspace
        edits = workspace.workspace_edit if workspace else None
        operations = (edits.resource_operations or []) if edits else []
        return types.ResourceOperationKind.Rename in operations

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
        if ls.root is not None and watching and watching.dynamic_registration:
            ls.client_register_capability(types.RegistrationParams([types.Registration(
                "citynet-records", types.WORKSPACE_DID_CHANGE_WATCHED_FILES,
                types.DidChangeWatchedFilesRegistrationOptions([types.FileSystemWatcher(
                    str((ls.root / "data").as_posix()) + "/**/*.yaml")]))]))

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
        ls.edited(params.text_document.uri, opened=True)

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
        from citynet.lsp import completion

        return completion.complete(*found, where.line, where.character)

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: CitynetServer, params: types.HoverParams) -> Any:
        from citynet.lsp import navigation

        found = ls.text_at(params.text_document.uri)
        where = params.position
        return navigation.hover(*found, where.line, where.character) if found else None

    @server.feature(types.TEXT_DOCUMENT_DEFINITION)
    def definition(ls: CitynetServer, params: types.DefinitionParams) -> Any:
        from citynet.lsp import navigation

        found = ls.text_at(params.text_document.uri)
        where = params.position
        return navigation.definition(*found, where.line, where.character) if found else None

    @server.feature(types.TEXT_DOCUMENT_REFERENCES)
    def references(ls: CitynetServer, params: types.ReferenceParams) -> Any:
        from citynet.lsp import navigation

        found = ls.text_at(params.text_document.uri)
        where = params.position
        return navigation.references(*found, where.line, where.character,
                                     params.context.include_declaration) if found else []

    @server.feature(types.TEXT_DOCUMENT_PREPARE_RENAME)
    def prepare_rename(ls: CitynetServer, params: types.PrepareRenameParams) -> Any:
        from citynet.lsp import renaming

        found = ls.text_at(params.text_document.uri)
        where = params.position
        return renaming.prepare(*found, where.line, where.character) if found else None

    @server.feature(types.TEXT_DOCUMENT_RENAME)
    def rename(ls: CitynetServer, params: types.RenameParams) -> Any:
        found = ls.text_at(params.text_document.uri)
        if found is None:
            return None
        from citynet.lsp import renaming

        where = params.position
        try:
            return renaming.rename(*found, where.line, where.character, params.new_name,
                                   ls.use_cache, ls.can_move_files())
        except CitynetError as exc:
            raise JsonRpcInvalidParams(str(exc)) from None

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION,
                    types.CodeActionOptions(code_action_kinds=[types.CodeActionKind.QuickFix]))
    def code_action(ls: CitynetServer, params: types.CodeActionParams) -> Any:
        found = ls.text_at(params.text_document.uri)
        if found is None:
            return None
        from citynet.lsp import actions

        return actions.actions(*found, list(params.context.diagnostics))

    return server


def serve(root: str | None = None, use_cache: bool = True) -> None:
    """Run the server on stdin and stdout until the client says exit."""
    import sys

    from citynet.lsp.framing import Frames, log_in_one_line

    log_in_one_line(sys.stderr)
    server = make_server(root, use_cache)
    try:
        # Frames reads as a binary stream does (readline, read): what pygls asks of stdin
        server.start_io(cast(BinaryIO, Frames(sys.stdin.buffer)), sys.stdout.buffer)
    finally:
        server.drop_ahead()
        from citynet.lsp.early import forget_launched

        forget_launched()
