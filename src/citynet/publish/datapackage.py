"""A Frictionless Data Package: the export's tables as CSV files, described by
`datapackage.json` (Table Schemas with field types, primary and foreign keys, the sources the
records cite and the licences the data is published under).

frictionless, Datasette, CKAN and many data portals read it; `frictionless validate
DIR/datapackage.json` checks every file against its schema. The CSV files are those of
`export --format csv`, so a cell a spreadsheet would run as a formula keeps its `'` here too.
"""

from __future__ import annotations

from typing import Any

from citynet.publish.shapes import Package, Table

PROFILE = "tabular-data-package"
DESCRIPTOR = "datapackage.json"


def descriptor(package: Package) -> dict[str, Any]:
    """`datapackage.json`: the package's name, each table's resource, its licences and
    sources (the CSV files are `publish.formats.to_csv_folder`'s)."""
    found: dict[str, Any] = {
        "profile": PROFILE,
        "name": package.name,
        "resources": [_resource(table) for table in package.tables],
    }
    if package.licenses:
        found["licenses"] = package.licenses
    if package.sources:
        found["sources"] = package.sources
    return found


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
