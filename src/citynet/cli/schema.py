"""`citynet schema`: JSON Schema of each kind, for editors and other tools."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from citynet.cli.common import out
from citynet.inert import inert


def schema(
    kind: Annotated[str | None, typer.Option(help="One kind (as in list); default: all.",
                                             metavar="KIND")] = None,
    output: Annotated[Path | None, typer.Option(
        help="Write KIND.schema.json files (and citynet.toml.schema.json) into this folder "
        "(created if missing) instead of printing.",
        metavar="DIR")] = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) of each kind, generated from the models.

    With one --kind, the schema itself; without, an object of all schemas by
    kind, and of citynet.toml's (the settings file) under "citynet.toml".
    """
    from citynet.errors import BadOption
    from citynet.model import config, schema
    from citynet.model.kinds import KINDS, kind_by_name
    from citynet.publish.formats import dumps
    from citynet.store.atomic import write_atomic
    from citynet.store.output import check_destination, check_output, plain_errors

    kinds = list(KINDS.values())
    if kind is not None:
        kinds = [kind_by_name(kind)]
    if output is None:
        document = (schema.schema_for(kinds[0]) if kind is not None
                    else {**{k.folder: schema.schema_for(k) for k in kinds},
                          config.FILE_NAME: config.schema()})
        out(dumps(document))
        return
    check_destination(output)  # never into a registry's data/ or a .git/
    with plain_errors("--output", output):
        if output.exists() and not output.is_dir():
            raise BadOption(f"--output {output} is not a folder")
        output.mkdir(parents=True, exist_ok=True)
    documents = [(schema.file_name(found), schema.schema_for(found)) for found in kinds]
    if kind is None:
        documents.append((f"{config.FILE_NAME}.schema.json", config.schema()))
    for name, document in documents:
        path = output / name
        check_output(path, force=True)  # never a device, a pipe, a link or a folder
        with plain_errors("--output", path):
            write_atomic(path, dumps(document))
        out(f"{inert(path)}\n")


def register(app: typer.Typer) -> None:
    app.command(epilog="Example: citynet schema --output schemas/")(schema)
