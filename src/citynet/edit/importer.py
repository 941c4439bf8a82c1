"""`citynet import pairs`: city pairs from a CSV into cities and agreements.

Real lists are messy (see shared/data/README.md): country names instead of
codes, qualifiers on names, one city spelled two ways, pairs given in both
directions. It decides deliberately (edit/pairs.py holds the decisions):

- Countries: pycountry's ISO names (official and common), CLDR's English
  names (babel), then `COUNTRY_NAMES` below; "Region, Country" and
  "Name (country)" forms are read for their country. A name none of these know
  (Kosovo, Northern Cyprus: no ISO 3166-1 code) is reported and the row
  skipped, never guessed.
- Cities: names are normalised ("Seoul – Gangbuk" and "Gangbuk (Seoul)" are
  one district of Seoul, written "Gangbuk (Seoul)"); a qualified name is a
  different place from the bare one ("Świdnica (rural gmina)" is not the town
  of Świdnica). A city matches an existing record of the same country with the
  same name in any language, accents, case and script aside (names are compared
  by their anyascii transliteration too, so "Lodz" is "Łódź"), or whose
  `aliases` hold the id the name would get (a merged city); otherwise a new
  record is made. Ids are decided once every row is read, so row order never
  changes them: the anyascii slug of the name ("Łódź" -> `lodz`, "北京" ->
  `beijing`); with `-<country>` when the slug is taken by an existing record (or
  anything else stands at its file's path: a link, a pipe) or wanted by new
  cities of several countries; then `-2`, `-3` in the order of the names'
  transliterations. A slug over 40 characters is cut, with 7 hex
  digits of its SHA-1 after it, so agreement ids made of two stay under 120.
- Agreements: a pair is one agreement whatever its direction; an agreement
  already recorded between the two cities (of any kind) is kept as it is.
- Nothing the list does not give is written: no level, no dates.
- A row is imported whole or skipped whole, its reason counted: a city or
  country left empty, a name holding a control character, a country with no
  ISO code, a city paired with itself, a new record validate would refuse (an
  agreement id over 120 characters, made from a long id already in the
  registry), or a city named that is neither in the registry nor made by the
  import. So no record names a city that does not exist.

Cities are written before agreements and every file atomically, so an
interrupted import leaves a valid registry, and running it again finishes it.
That needs each file's rename, not a flush to disk: files are not fsynced one by
one (it made an import of 25,917 pairs 2-5x slower) nor is the machine synced at
the end (a flush of every program's writes). The kernel writes them back as it
does a plain copy's; a power cut in the half-minute after can lose or empty the
last files written (`git status` lists the new files; delete them and rerun).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

from citynet.edit.countries import UnknownCountry, country_code
from citynet.edit.pairs import REQUIRED_COLUMNS, Plan, Summary
from citynet.errors import BadOption
from citynet.model.kinds import AGREEMENTS, CITIES
from citynet.model.records import AgreementKind
from citynet.store.files import control_character
from citynet.store.registry import load
from citynet.store.tree import DATA_DIR, EXTENSION, Refused, Tree


def import_pairs(root: Path, csv_path: Path, *, kind: str = "twinning",
                 source: str | None = None, source_url: str | None = None,
                 dry_run: bool = False,
                 progress: Callable[[int, int], None] | None = None) -> Summary:
    """Import city pairs from a CSV into the registry at `root`."""
    if kind not in {k.value for k in AgreementKind}:
        raise BadOption(f"--kind {kind!r} is not one of: "
                        f"{', '.join(k.value for k in AgreementKind)}")
    from citynet.store.output import check_input

    check_input(csv_path, label="")  # a folder, a pipe or a device is never opened
    try:
        with open(csv_path, encoding="utf-8-sig", newline="") as stream:
            reader = csv.DictReader(stream)
            columns = reader.fieldnames or []
            missing = [c for c in REQUIRED_COLUMNS if c not in columns]
            if missing:
                raise BadOption(f"{csv_path}: missing column(s) {', '.join(missing)} "
                                f"(expected city1,country1,city2,country2[,lat1,lng1,lat2,lng2])")
            rows = list(reader)
    except OSError as exc:
        raise BadOption(f"{csv_path}: {exc.strerror}") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise BadOption(f"{csv_path}: not a readable UTF-8 CSV file ({exc})") from None
    title = {"title": source or csv_path.name}
    if source_url:
        title["url"] = source_url
    _check_source(title)
    registry, _ = load(root)
    plan = Plan.of(registry, title, kind, Tree(root))
    summary = Summary(rows=len(rows), dry_run=dry_run)
    plan.reserve(rows)
    for number, row in enumerate(rows, start=2):
        if progress:
            progress(number - 1, len(rows))
        _import_row(plan, row, number, summary)
    if not dry_run:
        _write(root, plan)
    return summary


def _check_source(source: dict[str, str]) -> None:
    """Refuse (BadOption) a source every new record would cite and validate would refuse."""
    from pydantic import ValidationError

    from citynet.model.records import Source

    try:
        Source.model_validate(source)
        field = next((f for f, text in source.items() if control_character(text)), None)
    except ValidationError as exc:
        field = str(exc.errors()[0]["loc"][0])
    if field is not None:  # validate refuses the one, the model the other
        option = "--source-url" if field == "url" else "--source"
        why = "an http(s) address" if field == "url" else "a source's title"
        raise BadOption(f"{option} {source.get(field, '')!r} cannot be {why} in a record")


def _import_row(plan: Plan, row: dict[str, Any], number: int, summary: Summary) -> None:
    """One row, imported whole or skipped whole with the reason: a row never leaves a city
    without its agreement, a record validate refuses, or a name of a city that is not there."""
    def skip(reason: str) -> None:
        summary.skipped.append({"row": number, "reason": reason,
                                "pair": f"{row.get('city1')} – {row.get('city2')}"})

    names = [(row.get("city1") or "").strip(), (row.get("city2") or "").strip()]
    countries = [(row.get("country1") or "").strip(), (row.get("country2") or "").strip()]
    if not all(names) or not all(countries):
        return skip("a city or country is empty")
    if any(control_character(text) for text in names):  # validate would refuse the city
        return skip("a name holds a control character")
    codes = []
    for country in countries:
        try:
            codes.append(country_code(country))
        except UnknownCountry as exc:
            return skip(str(exc))
    sides = [plan.side(names[i], codes[i], row.get(f"lat{i + 1}") or "",
                       row.get(f"lng{i + 1}") or "") for i in (0, 1)]
    if sides[0].id == sides[1].id:
        return skip("a city paired with itself")
    what, agreement = plan.agreement_for(sides[0].id, sides[1].id)
    refused = plan.refused(sides, agreement if what == "new" else None)
    if refused:
        return skip(refused)
    plan.commit(sides, what, agreement, summary)


def _write(root: Path, plan: Plan) -> None:
    """Cities first, then the agreements that name them, each file new and whole: a stop
    anywhere leaves a registry that validates, which a second run completes."""
    from citynet.store.atomic import write_atomic
    from citynet.yaml import writer

    tree = Tree(root)
    tree.sweep()  # what a killed import left goes first
    written = ((CITIES.folder, plan.new_cities), (AGREEMENTS.folder, plan.new_agreements))
    try:
        folders = [tree.writable(f"{DATA_DIR}/{folder}", folder=True,
                                 make_folders=bool(records)) for folder, records in written]
    except Refused as refused:
        raise BadOption(f"{refused}; nothing was written") from None
    for target, (folder, records) in zip(folders, written, strict=True):
        for record_id, record in records.items():
            try:
                write_atomic(target / f"{record_id}{EXTENSION}", writer.dump(record),
                             durable=False, replace=False)
            except FileExistsError:
                raise BadOption(f"{DATA_DIR}/{folder}/{record_id}{EXTENSION} appeared while "
                                "the import ran; it stopped there: run it again") from None
