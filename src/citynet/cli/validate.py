"""`citynet validate`: every problem in one run, with file, line, column and code."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from citynet.cli.common import EXIT_OK, EXIT_PROBLEMS, out, settings
from citynet.cli.loading import Rev


class ReportFormat(StrEnum):
    AUTO = "auto"
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"


def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Only report problems in these files or folders (references are still "
            "resolved against the whole registry).",
            show_default=False,
        ),
    ] = None,
    format: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            "-f",
            help="text: path:line:col: severity [code] message; json: for scripts; "
            "github: workflow annotations; auto: github under GitHub Actions, else text.",
        ),
    ] = ReportFormat.AUTO,
    strict: Annotated[
        bool, typer.Option("--strict", help="Fail on warnings too, not just errors.")
    ] = False,
    select: Annotated[
        list[str] | None,
        typer.Option("--select", metavar="CODE",
                     help="Report only problems with these codes (repeatable, or comma-separated; "
                     "the codes are in docs/codes.md).", show_default=False),
    ] = None,
    ignore: Annotated[
        list[str] | None,
        typer.Option("--ignore", metavar="CODE",
                     help="Do not report problems with these codes (repeatable, or "
                     "comma-separated).", show_default=False),
    ] = None,
    rev: Rev = None,
    baseline: Annotated[str | None, typer.Option(
        "--baseline", metavar="REV", show_default=False,
        help="Class each problem against this git revision (new, existing, fixed) and fail "
        "only on new ones, e.g. --baseline origin/main in a pull request.")] = None,
) -> None:
    """Check every record: YAML, schema, ids, references, dates, countries, rules.

    Exit status: 0 no errors (warnings allowed unless --strict), 1 problems
    found (with --baseline: new ones), 2 the command was misused (an unknown
    code given to --select or --ignore, an unknown revision, say).
    """
    from citynet.lint import reporters
    from citynet.lint.engine import compare, validate as run_validation

    root = settings(ctx).registry_root()
    options = {"select": _codes(select), "ignore": _codes(ignore)}
    # Against a baseline, every problem is compared; `compare` then limits what is listed.
    result = run_validation(root, paths or [], settings(ctx).use_cache, rev=rev,
                            limit=baseline is None, **options)
    if baseline is None:
        out(reporters.choose(format.value)(result))
        raise typer.Exit(EXIT_OK if result.ok(strict) else EXIT_PROBLEMS)
    before = run_validation(root, paths or [], settings(ctx).use_cache, rev=baseline,
                            limit=False, **options)
    compared = compare(result, before, baseline)
    out(reporters.choose_compared(format.value)(compared))
    raise typer.Exit(EXIT_OK if compared.ok(strict) else EXIT_PROBLEMS)


def _codes(values: list[str] | None) -> list[str]:
    """`--select a,b --select c` as [a, b, c]."""
    return [code.strip() for value in values or [] for code in value.split(",") if code.strip()]


def register(app: typer.Typer) -> None:
    app.command(
        epilog="Example: citynet validate --format github --baseline origin/main",
    )(validate)
