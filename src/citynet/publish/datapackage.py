"""A Frictionless Data Package: the export's tables as CSV files, described by
`datapackage.json` (Table Schemas with field types, primary and foreign keys, the sources the
records cite and the licences the data is published under).

frictionless, Datasette, CKAN and many data portals read it; `frictionless validate
DIR/datapackage.json` checks every file against its schema. The CSV files are those of
`export --format csv`, so a cell a spreadsheet would run as a formula keeps its `'` here too.
"""

from __future__ import annotations

from typing import Any

from citynet.publish.shapes import Folder, Package, Table

PROFILE = "tabular-data-package"
DESCRIPTOR = "datapackage.json"


def to_datapackage(package: Package) -> Folder:
    """The package's CSV files and its descriptor, `datapackage.json`."""
    from citynet.publish.formats import dumps, to_csv_folder

    files = to_csv_folder(package.tables)
    descriptor: dict[str, Any] = {
        "profile": PROFILE,
        "name": package.name,
        "resources": [_resource(table) for table in package.tables],
    }
    if package.licenses:
        descriptor["licenses"] = package.licenses
    if package.sources:
        descriptor["sources"] = package.sources
    files[DESCRIPTOR] = dumps(descriptor)
    return files


def _resource(table: Table) -> dict[str, Any]:
    schema: dict[str, Any] = {"fields": [{"name": column, "type": _type(table, index)}
                                         for index, column in enumerate(table.columns)]}
    if table.key:
        schema["primaryKey"] = list(table.key)
    if table.references:
        schema["foreignKeys"] = [{"fields": [column], "reference": {
            "resource": target, "fields": ["id"]}} for column, target in table.references.items()]
    return {"name": table.name, "path": f"{table.name}.csv", "profile": "tabular-data-resource",
            "format": "csv", "mediatype": "text/csv", "encoding": "utf-8", "schema": schema}


def _type(table: Table, index: int) -> str:
    """A column's Table Schema type, from its values: boolean, integer, number or string."""
    values = [row[index] for row in table.rows if row[index] is not None]
    if values and all(isinstance(v, bool) for v in values):
        return "boolean"
    if values and all(isinstance(v, int) and not isinstance(v, bool) for v in values):
        return "integer"
    if values and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
        return "number"
    return "string"
