"""Rename an id: `citynet rename`'s own plan, handed to the editor as one workspace edit.

The plan (edit/rename.py) says each file's text before and after, and which
files move; here each becomes the smallest text edits plus a RenameFile. The
editor applies them, so its undo undoes the rename.
"""

from __future__ import annotations

from lsprotocol import types

from citynet.edit.rename import RenamePlan, plan_rename
from citynet.errors import BadOption
from citynet.lsp import convert
from citynet.lsp.navigation import named_at, uri
from citynet.lsp.state import State
from citynet.model.kinds import KINDS


def prepare(state: State, rel: str, text: str, line: int, character: int
            ) -> types.Range | None:
    named = named_at(state, rel, text, line, character)
    return convert.span(text, named.scalar.start, named.scalar.end) if named else None


def rename(state: State, rel: str, text: str, line: int, character: int, new: str,
           use_cache: bool = True, can_move: bool = True) -> types.WorkspaceEdit:
    """The rename of the id under the cursor as one edit; BadOption and kin on misuse.

    A record's file is named after its id, so a rename moves files: an editor that
    cannot move files (`can_move` False) is told to run `citynet rename` instead.
    """
    named = named_at(state, rel, text, line, character)
    if named is None:
        raise BadOption("put the cursor on an id or a reference to rename it")
    if not can_move:
        raise BadOption("this editor cannot move files in a rename (its LSP client does not "
                        "offer file renames); run: citynet rename "
                        f"{KINDS[named.folder].name} {named.id} {new}")
    plan = plan_rename(state.root, KINDS[named.folder].name, named.id, new, use_cache)
    unsaved = [c.path for c in plan.changes if c.path in state.open
               and state.open[c.path] != c.before.removeprefix("\ufeff")]
    if unsaved:
        raise BadOption(f"{unsaved[0]} has unsaved changes; save it before renaming")
    edit = workspace_edit(state, plan)
    state.renamed(plan)
    return edit


def workspace_edit(state: State, plan: RenamePlan) -> types.WorkspaceEdit:
    changes: list[types.TextDocumentEdit | types.RenameFile] = []
    for change in plan.changes:
        if change.before != change.after:
            changes.append(types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(
                    uri=uri(state, change.path), version=None),
                edits=text_edits(change.before, change.after, change.edits)))
        if change.moved:
            changes.append(types.RenameFile(old_uri=uri(state, change.path),
                                            new_uri=uri(state, change.new_path)))
    return types.WorkspaceEdit(document_changes=changes)


def text_edits(before: str, after: str, spans: list[tuple[int, int, str]] | None = None
               ) -> list[types.TextEdit]:
    """The rename's own replacements as edits an editor applies in place; without them (a
    change made otherwise), the one stretch between the texts' common start and end. Never a
    diff of whole files: a 30,000-character note once kept the server busy for minutes."""
    body = before.removeprefix("\ufeff")
    if spans is None:
        after_body = after.removeprefix("\ufeff")
        start = 0
        most = min(len(body), len(after_body))
        while start < most and body[start] == after_body[start]:
            start += 1
        end = 0
        while end < most - start and body[-1 - end] == after_body[-1 - end]:
            end += 1
        if body == after_body:
            return []
        spans = [(start, len(body) - end, after_body[start:len(after_body) - end])]
    return [types.TextEdit(convert.span(body, start, end), text) for start, end, text in spans]
