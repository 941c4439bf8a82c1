"""`citynet report NAME SUBJECT`: a publication-ready Markdown report, or its data."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from citynet.cli import complete
from citynet.cli.common import (
    NoCache,
    Rev,
    Root,
    configured,
    emit,
    format_option,
    out,
    settings,
    tell_omissions,
    warn,
)
from citynet.cli.loading import load_registry, with_predecessors
from citynet.errors import BadOption, did_you_mean
from citynet.model.kinds import AGREEMENTS, CITIES, GROUPINGS
from citynet.publish.formats import AUTO, Offer
from citynet.publish.shapes import Output, Shape

FORMATS = Offer(Shape.MARKDOWN, Shape.DATA)


def _listing() -> str:
    from citynet.publish.i18n import LANGUAGES
    from citynet.publish.reports import REPORTS

    lines = ["reports:"]
    heads = {name: f"{name} {report.subject.name.upper() if report.subject else ''}".rstrip()
             for name, report in REPORTS.items()}
    width = max(len(head) for head in heads.values())
    for name, report in REPORTS.items():
        lines.append(f"  {heads[name]:<{width}}  {report.description}")
    lines.append(f"languages: {', '.join(LANGUAGES)}")
    lines.append(f"options: --format {'|'.join(FORMATS.writers)}, --lang, --as-of DATE, "
                 "--output FILE, "
                 "--template FILE; partners also --grouping ID; reciprocity --country CC")
    return "\n".join(lines) + "\n"


def report(
    ctx: typer.Context,
    name: Annotated[str | None, typer.Argument(
        metavar="NAME", help="The report: partners, network, committees, memberships or "
        "reciprocity.", show_default=False, autocompletion=complete.reports)] = None,
    subject: Annotated[str | None, typer.Argument(
        metavar="ID", help="The city (partners, memberships) or organisation (network, "
        "committees) the report is about.", show_default=False,
        autocompletion=complete.report_subjects)] = None,
    list_reports: Annotated[bool, typer.Option("--list", help="List the reports, their "
                                               "arguments and languages.")] = False,
    format: Annotated[str, format_option(
        FORMATS, help="markdown, or json: exactly the data the template receives.")] = AUTO,
    lang: Annotated[str | None, typer.Option(
        help="Language of names and headings: en, fr, es, pt, vi (default: citynet.toml's "
        "[report] lang, else en).", metavar="LANG", show_default=False,
        autocompletion=complete.languages)] = None,
    as_of: Annotated[str | None, typer.Option("--as-of", metavar="DATE",
                                              help="Only what was in force on this date.")] = None,
    output: Annotated[Path | None, typer.Option(
        help="Write to this file (atomically) instead of standard output (- for it).",
        metavar="FILE")] = None,
    template: Annotated[Path | None, typer.Option(help="Render with your own jinja2 template "
                                                  "on the same data.", metavar="FILE")] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the --output file if it "
                                        "exists.")] = False,
    grouping: Annotated[str | None, typer.Option(
        metavar="ID", autocompletion=complete.ids(GROUPINGS.folder),
        help="partners: group by this grouping record (default: the city's own, "
        "else the UN M49 regions, id un-m49-regions).")] = None,
    strict: Annotated[bool | None, typer.Option(
        "--strict/--no-strict", help="Fail (exit 1, nothing written) if a record is left out "
        "because it has errors or names a record that is missing or has errors (default: "
        "citynet.toml's [report] strict, else no).", show_default=False)] = None,
    rev: Rev = None,
    country: Annotated[str | None, typer.Option(
        metavar="CC", help="reciprocity: only agreements with a city in this country.")] = None,
    root: Root = None,
    no_cache: NoCache = False,
) -> None:
    """Render a report from the registry as Markdown (or its data as JSON)."""
    if list_reports:
        out(_listing())
        return
    from citynet.publish import i18n
    from citynet.publish.reports import REPORTS
    from citynet.publish.templates import render
    from citynet.query import filters

    if name is None:
        raise BadOption("name a report (partners, network, committees, memberships, "
                        "reciprocity) or use --list")
    spec = REPORTS.get(name)
    if spec is None:
        raise BadOption(f"unknown report {name!r} (reports: {', '.join(REPORTS)})"
                        f"{did_you_mean(name, REPORTS)}")
    if spec.subject is None and subject is not None:
        raise BadOption(f"the {name} report takes no id (for one country: --country CC)")
    if spec.subject is not None and subject is None:
        raise BadOption(f"the {name} report needs the id of a {spec.subject.name}")
    if grouping is not None and name != "partners":
        raise BadOption("--grouping applies to the partners report only")
    if country is not None and spec.subject is not None:
        raise BadOption("--country applies to the reciprocity report only")
    lang, narrowed = i18n.resolve_language(configured(ctx, "report", "lang", lang, "en"))
    strict = configured(ctx, "report", "strict", strict, False)
    if narrowed:
        warn(f"note: {narrowed}")
    date = filters.parse_date("--as-of", as_of)
    folder = settings(ctx).registry_root()
    from citynet.store.output import check_input, check_output, plain_errors

    if template is not None:
        check_input(template, label="--template")
    to_file = output is not None and str(output) != "-"
    if to_file:
        assert output is not None
        check_output(output, force=force, root=folder)
    from citynet.store.index import Wanted

    # partners reads the city and those it succeeded, their agreements, the parties and the
    # groupings
    wanted = Wanted.of(whole=(GROUPINGS.folder,), ids=with_predecessors(
        ctx, (subject,), folder) or (subject,), referring=((AGREEMENTS.folder, CITIES.folder),)
    ) if name == "partners" and subject else Wanted.of()
    registry, _ = load_registry(ctx, root=folder, wanted=wanted)
    extra = {"grouping": grouping} if name == "partners" else {}
    # the record the report is about; or, for a report of none, a country ("": every one)
    target = (subject if spec.subject else country) or ""
    data, omitted = spec.run(registry, target, lang=lang, as_of=date, **extra)
    tell_omissions(omitted, "left out of the report", "the reference is left out of the report",
                   strict)
    made = Output({Shape.DATA: lambda: data,
                   Shape.MARKDOWN: lambda: render(name, data, i18n.messages(lang), root=folder,
                                                  template=template)})
    if not to_file:
        emit(FORMATS, format, made)
        return
    from citynet.store.atomic import write_atomic

    assert output is not None
    text = FORMATS.write(format, made)
    with plain_errors("--output", output):
        check_output(output, force=force, root=folder)  # again: it may have changed meanwhile
        write_atomic(output, text)


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: citynet report partners seoul --lang es --output seoul.md")(
        report)
