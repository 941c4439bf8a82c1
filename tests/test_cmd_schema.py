"""citynet schema: JSON Schema of each kind, which check-jsonschema applies as validate does."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from citynet.model.kinds import KINDS
from conftest import SHIPPED


def test_schema_prints_draft_2020_12_per_kind(cli):
    document = cli("schema").json()
    assert set(document) == set(KINDS) | {"citynet.toml"}
    city = cli("schema", "--kind", "city").json()
    assert city["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert city["additionalProperties"] is False
    assert set(city["required"]) == {"names", "country"}
    assert cli("schema", "--kind", "planet").exit_code == 2


def test_schema_output_folder(cli, tmp_path):
    run = cli("schema", "--output", str(tmp_path / "schemas"))
    assert run.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "schemas").iterdir()) == sorted(
        [*(f"{k}.schema.json" for k in KINDS), "citynet.toml.schema.json"])


def _check_jsonschema(schema: Path, files: list[Path]):
    tool = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    return subprocess.run([tool, "--schemafile", str(schema), *map(str, files)],
                          capture_output=True, text=True)


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_shipped_file_passes_check_jsonschema(cli, tmp_path, kind):
    cli("schema", "--output", str(tmp_path))
    files = sorted((SHIPPED / "data" / kind).glob("**/*.yaml"))
    done = _check_jsonschema(tmp_path / f"{kind}.schema.json", files)
    assert done.returncode == 0, done.stdout + done.stderr


def test_check_jsonschema_rejects_an_unknown_key(cli, tmp_path):
    cli("schema", "--output", str(tmp_path))
    bad = tmp_path / "oslo.yaml"
    bad.write_text("names: {en: Oslo}\ncountry: NO\nlevel: city\ncontry: NO\n")
    done = _check_jsonschema(tmp_path / "cities.schema.json", [bad])
    assert done.returncode == 1
    assert "contry" in done.stdout




@pytest.mark.parametrize(("location", "bound"), [("{lat: 999, lon: 6}", "999"),
                                                 ("{lat: 49, lon: -181.5}", "-181.5")])
def test_check_jsonschema_applies_the_bounds_validate_applies(cli, tmp_path, location, bound):
    """pydantic wrote `ge`/`le` for the bounds of `lat: float | int`, which every JSON Schema
    validator ignores: check-jsonschema and editors accepted `lat: 999` that validate refuses."""
    cli("schema", "--output", str(tmp_path))
    bad = tmp_path / "metz.yaml"
    bad.write_text(f"names: {{en: Metz}}\ncountry: FR\nlocation: {location}\n"
                   "sources: [{title: t}]\n")
    done = _check_jsonschema(tmp_path / "cities.schema.json", [bad])
    assert done.returncode == 1, done.stdout
    assert bound in done.stdout
    good = tmp_path / "nancy.yaml"
    good.write_text("names: {en: Nancy}\ncountry: FR\nlocation: {lat: 48.69, lon: 6.18}\n"
                    "sources: [{title: t}]\n")
    assert _check_jsonschema(tmp_path / "cities.schema.json", [good]).returncode == 0


def test_no_schema_carries_a_keyword_json_schema_does_not_know(cli, tmp_path):
    import json

    for kind in KINDS:
        cli("schema", "--output", str(tmp_path))
        text = (tmp_path / f"{kind}.schema.json").read_text()
        for keyword in ("ge", "le", "gt", "lt"):
            assert f'"{keyword}":' not in text, (kind, keyword)
        json.loads(text)


def test_an_id_is_as_long_as_the_one_limit_says_everywhere(cli, make_registry):
    """limits.ID_CHARS is the one bound on an id: the schema states it, validate applies it,
    rename refuses past it (the models once wrote 120 themselves)."""
    from citynet import limits

    schemas = cli("schema").json()
    parties = schemas["agreements"]["properties"]["parties"]["items"]
    assert parties["maxLength"] == limits.ID_CHARS
    long = "a" * (limits.ID_CHARS + 1)
    root = make_registry({"data/agreements/seoul-taipei-sister.yaml":
                          f"kind: sister\nparties: [seoul, {long}]\nsources: [{{title: t}}]\n"})
    run = cli("validate", "--format", "json", root=root)
    assert any(p["field"].startswith("parties") for p in run.json()["problems"]
               if p["code"] == "schema")
    assert cli("rename", "city", "taipei", long, root=root).exit_code == 2
    assert cli("rename", "city", "taipei", long[:-1], root=root).exit_code in (0, 1)
    (root / "data/cities" / f"{long}.yaml").write_text(
        "names: {en: Long}\ncountry: KR\nsources: [{title: t}]\n")
    found = [p for p in cli("validate", "--format", "json", root=root).json()["problems"]
             if p["path"] == f"data/cities/{long}.yaml"]
    assert [p["code"] for p in found] == ["invalid-id"]  # a name no reference could hold



def _models():
    """Every model class a kind is built from (records, steps, projects, their parts)."""
    from citynet.model.types import Model

    for kind in KINDS.values():
        kind.model  # noqa: B018 - loads the kind's module
    todo, seen = [Model], []
    while todo:
        model = todo.pop()
        seen.append(model)
        todo.extend(model.__subclasses__())
    return seen


def test_no_field_defaults_to_a_list_that_pydantic_copies():
    """`empty_list()`, not `= []`: pydantic deep-copies a list default for every model it
    builds, and a cold validate builds one for every file it reads."""
    for model in _models():
        for name, field in model.model_fields.items():
            assert not isinstance(field.default, list), f"{model.__name__}.{name}"


def test_the_schema_says_an_empty_list_is_the_default(cli):
    schemas = cli("schema").json()
    fresh = 0
    for key, kind in KINDS.items():
        for name, field in kind.model.model_fields.items():
            if field.default_factory is list:
                fresh += 1
                assert schemas[key]["properties"][name]["default"] == [], f"{key}.{name}"
    assert fresh
