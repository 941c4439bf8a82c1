"""`citynet validate`: every problem in one run, with file, line, column and code."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from citynet.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    NoCache,
    Rev,
    Root,
    configured,
    emit,
    format_option,
    settings,
    shown_from,
)
from citynet.publish.formats import AUTO, Offer
from citynet.publish.shapes import Annotations, Output, Shape

FORMATS = Offer(Shape.TEXT, Shape.DATA, Shape.ANNOTATIONS)


def validate(
    ctx: typer.Context,
    paths: Annotated[
        list[Path] | None,
        typer.Argument(
            metavar="PATHS",
            help="Only report problems in these files or folders (references are still "
            "resolved against the whole registry).",
            show_default=False,
        ),
    ] = None,
    format: Annotated[str, format_option(
        FORMATS, help="text: path:line:col: severity [code] message; json: for scripts; "
        "github: workflow annotations; auto: github under GitHub Actions, else text.")] = AUTO,
    strict: Annotated[
        bool | None, typer.Option("--strict/--no-strict", help="Fail on warnings too, not just "
                                  "errors (default: citynet.toml's [validate] strict, else "
                                  "no).", show_default=False)
    ] = None,
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
    extend_select: Annotated[
        list[str] | None,
        typer.Option("--extend-select", metavar="CODE",
                     help="Report these codes besides the selected or default ones: the "
                     "opt-in checks (repeatable, or comma-separated).", show_default=False),
    ] = None,
    rev: Rev = None,
    baseline: Annotated[str | None, typer.Option(
        "--baseline", metavar="REV", show_default=False,
        help="Class each problem against this git revision (new, existing, fixed) and fail "
        "only on new ones, e.g. --baseline origin/main in a pull request.")] = None,
    root: Root = None,
    no_cache: NoCache = False,
) -> None:
    """Check every record: YAML, schema, ids, references, dates, countries, rules.

    Exit status: 0 no errors (warnings allowed unless --strict), 1 problems
    found (with --baseline: new ones), 2 the command was misused (an unknown
    code given to --select or --ignore, an unknown revision, say).

    --select, --ignore, --extend-select and --strict default to the registry's
    citynet.toml ([validate]); an option given here replaces its setting.
    """
    from citynet.lint import reporters
    from citynet.lint.engine import validate as run_validation
    from citynet.lint.engine import validate_against

    current = settings(ctx)
    folder = current.registry_root()
    options = {"select": _codes(configured(ctx, "validate", "select", select)),
               "ignore": _codes(configured(ctx, "validate", "ignore", ignore)),
               "extend": _codes(configured(ctx, "validate", "extend-select", extend_select))}
    strict = configured(ctx, "validate", "strict", strict, False)
    if baseline is None:
        result = run_validation(folder, paths or [], current.use_cache, rev=current.rev,
                                select=options["select"], ignore=options["ignore"],
                                extend=options["extend"])
        emit(FORMATS, format, Output({
            Shape.TEXT: lambda: reporters.text(result, shown_from(folder)),
            Shape.DATA: lambda: reporters.document(result),
            Shape.ANNOTATIONS: lambda: Annotations(result.problems, reporters.closing(result))}))
        raise typer.Exit(EXIT_OK if result.ok(strict) else EXIT_PROBLEMS)
    compared = validate_against(folder, baseline, paths or [], current.use_cache,
                                select=options["select"], ignore=options["ignore"],
                                extend=options["extend"], rev=current.rev)
    emit(FORMATS, format, Output({
        Shape.TEXT: lambda: reporters.text_compared(compared, shown_from(folder)),
        Shape.DATA: lambda: reporters.document_compared(compared),
        Shape.ANNOTATIONS: lambda: Annotations(compared.new,
                                               reporters.closing_compared(compared))}))
    raise typer.Exit(EXIT_OK if compared.ok(strict) else EXIT_PROBLEMS)


def _codes(values: list[str] | None) -> list[str]:
    """`--select a,b --select c` as [a, b, c]."""
    return [code.strip() for value in values or [] for code in value.split(",") if code.strip()]


def register(app: typer.Typer) -> None:
    app.command(
        epilog="Example: citynet validate --format github --baseline origin/main",
    )(validate)
