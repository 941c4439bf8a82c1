"""`citynet end ID`: end an agreement or a membership on a date, with its reason and source."""

from __future__ import annotations

from typing import Annotated

import typer

from citynet.cli import complete
from citynet.cli.common import NoCache, Root, out, settings, shown
from citynet.inert import inert
from citynet.model.kinds import AGREEMENTS, MEMBERSHIPS
from citynet.model.records import EndReason


def end(
    ctx: typer.Context,
    record_id: Annotated[str, typer.Argument(metavar="ID", help="The agreement or membership.",
                                             show_default=False, autocompletion=complete.ids(
                                                 AGREEMENTS.folder, MEMBERSHIPS.folder))],
    date: Annotated[str, typer.Option("--date", metavar="DATE", show_default=False,
                                      help="When it ended: 2020, 2020-03 or 2020-03-15.")],
    source: Annotated[str, typer.Option("--source", metavar="TITLE", show_default=False,
                                        help="Title of the source that says it ended.")],
    reason: Annotated[EndReason | None, typer.Option(
        "--reason", case_sensitive=False, show_default=False,
        metavar="[" + "|".join(EndReason) + "]",
        help="Why it ended.")] = None,
    source_url: Annotated[str | None, typer.Option("--source-url", metavar="URL",
                                                   help="The source's address.")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the end of a record that "
                                        "has already ended.")] = False,
    root: Root = None,
    no_cache: NoCache = False,
) -> None:
    """End an agreement or a membership: its end date, status, reason and source.

    Agreements get `ended` and `status: ended`; memberships get `until`. The
    reason goes into `end_reason` and the source is added to `sources`.
    Comments in the file are kept.
    """
    from citynet.edit.end import end_record

    current = settings(ctx)
    folder = current.registry_root()
    ending = end_record(folder, record_id, date, source,
                        reason=reason.value if reason else None, source_url=source_url,
                        force=force, use_cache=current.use_cache)
    why = f" ({inert(ending.reason)})" if ending.reason else ""
    out(f"ended {ending.kind} {inert(ending.id)} on {inert(ending.date)}{why}: "
        f"{inert(shown(folder, ending.path))}\n")


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: citynet end seoul-taipei-sister --date 2020 --reason suspended "
                "--source 'Seoul city hall'")(end)
