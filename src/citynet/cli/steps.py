"""`citynet suspend ID`, `resume ID` and `end ID`: a dated step of an agreement's or a
membership's lifecycle, with the side that decided it, the reason and the source.

The three commands are one idea (a step added to a lifecycle), so they share this module
and their options.
"""

from __future__ import annotations

from typing import Annotated

import typer

from citynet.cli import complete
from citynet.cli.common import NoCache, Root, out, settings, shown
from citynet.inert import inert
from citynet.model.kinds import AGREEMENTS, MEMBERSHIPS
from citynet.model.lifecycle import ENDINGS as _ENDS
from citynet.model.terms import StepKind

RecordId = Annotated[str, typer.Argument(
    metavar="ID", help="The agreement or membership.", show_default=False,
    autocompletion=complete.ids(AGREEMENTS.folder, MEMBERSHIPS.folder))]
Date = Annotated[str, typer.Option("--date", metavar="DATE", show_default=False,
                                   help="When, as precise as the source: 2022, 2022-03 or "
                                   "2022-03-07.")]
Source = Annotated[str, typer.Option("--source", metavar="TITLE", show_default=False,
                                     help="Title of the source that says so.")]
By = Annotated[list[str] | None, typer.Option(
    "--by", metavar="CITY", show_default=False,
    help="The side that decided it: a party's id (a membership: the member's or the "
    "organisation's), or both; repeatable.")]
Reason = Annotated[str | None, typer.Option("--reason", metavar="TEXT", show_default=False,
                                            help="Why, in the source's words.")]
SourceUrl = Annotated[str | None, typer.Option("--source-url", metavar="URL",
                                               help="The source's address.")]
SourceAsOf = Annotated[str | None, typer.Option("--source-as-of", metavar="DATE",
                                                help="The date the source speaks of.")]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Write nothing; print the change as "
                                      "a unified diff.")]


def _step(ctx: typer.Context, step: StepKind, record_id: str, date: str, source: str,
          by: list[str] | None, reason: str | None, source_url: str | None,
          source_as_of: str | None, dry_run: bool, force: bool = False) -> None:
    from citynet.edit.lifecycle import add_step

    current = settings(ctx)
    folder = current.registry_root()
    change = add_step(folder, record_id, step, date, source, by=by or [],
                      reason=reason, source_url=source_url, source_as_of=source_as_of,
                      force=force, dry_run=dry_run, use_cache=current.use_cache)
    if dry_run:
        out(change.diff())
        return
    out(f"{inert(change.step)}: {inert(change.kind)} {inert(change.id)} on "
        f"{inert(change.date)}: {inert(shown(folder, change.path))}\n")


def suspend(ctx: typer.Context, record_id: RecordId, date: Date, source: Source,
            by: By = None, reason: Reason = None, source_url: SourceUrl = None,
            source_as_of: SourceAsOf = None, dry_run: DryRun = False, root: Root = None,
            no_cache: NoCache = False) -> None:
    """Suspend an agreement or a membership in force: it is not in force until resumed."""
    _step(ctx, StepKind.SUSPENDED, record_id, date, source, by, reason, source_url,
          source_as_of, dry_run)


def resume(ctx: typer.Context, record_id: RecordId, date: Date, source: Source,
           by: By = None, reason: Reason = None, source_url: SourceUrl = None,
           source_as_of: SourceAsOf = None, dry_run: DryRun = False, root: Root = None,
           no_cache: NoCache = False) -> None:
    """Resume a suspended agreement or membership: it is in force again."""
    _step(ctx, StepKind.RESUMED, record_id, date, source, by, reason, source_url,
          source_as_of, dry_run)


ENDINGS = [kind.value for kind in StepKind if kind in _ENDS]


def end(ctx: typer.Context, record_id: RecordId, date: Date, source: Source,
        how: Annotated[str | None, typer.Option(
            "--how", metavar="[" + "|".join(ENDINGS) + "]", show_default=False,
            autocompletion=lambda: ENDINGS,
            help="How it ended (default: ended, the source does not say).")] = None,
        by: By = None, reason: Reason = None, source_url: SourceUrl = None,
        source_as_of: SourceAsOf = None,
        force: Annotated[bool, typer.Option("--force", help="Replace the end of a record "
                                            "that has already ended.")] = False,
        dry_run: DryRun = False, root: Root = None, no_cache: NoCache = False) -> None:
    """End an agreement or a membership: terminated, lapsed, expired, dissolved, merged.

    A membership's open roles end with it. `--reason` given one of the words `end` took
    before lifecycles (expired, suspended, terminated, merged, dissolved, unknown) and no
    --how means what it meant: the kind of end (`suspended`: a suspension).
    """
    from citynet.edit.lifecycle import OLD_REASONS
    from citynet.errors import BadOption

    kind = StepKind.ENDED
    if how is not None:
        if how.strip().lower() not in ENDINGS:
            raise BadOption(f"--how {how!r} is not one of {', '.join(ENDINGS)}")
        kind = StepKind(how.strip().lower())
    elif reason is not None and reason.strip().lower() in OLD_REASONS:
        kind, reason = OLD_REASONS[reason.strip().lower()], None
    _step(ctx, kind, record_id, date, source, by, reason, source_url, source_as_of, dry_run,
          force)


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: citynet suspend des-moines-stavropol-sister --date "
                "2022-03-07 --by des-moines --source 'Axios Des Moines'")(suspend)
    app.command(epilog="Example: citynet resume des-moines-stavropol-sister --date 2024 "
                "--by des-moines --source 'City council minutes'")(resume)
    app.command(epilog="Example: citynet end dubuque-pyatigorsk-sister --date 2022-08-01 "
                "--how terminated --by dubuque --source 'Telegraph Herald'")(end)
