"""new, schema, diff and init: the editor's and CI's loop."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SHIPPED

NEW_CITY = ("new", "city", "--id", "busan", "--name", "Busan", "--country", "kr",
            "--level", "city", "--source", "Busan city hall")


def test_new_city_is_written_valid_and_canonical(cli, make_registry):
    root = make_registry()
    run = cli(*NEW_CITY, root=root)
    assert (run.exit_code, run.stdout) == (0, "data/cities/busan.yaml\n")
    assert (root / "data/cities/busan.yaml").read_text() == (
        "id: busan\nnames:\n  en: Busan\ncountry: KR\nlevel: city\n"
        "sources:\n- title: Busan city hall\n")
    assert cli("validate", "--strict", root=root).exit_code == 0
    assert cli("fmt", "--check", str(root / "data/cities/busan.yaml"), root=root).exit_code == 0


def test_new_agreement_derives_its_id_and_checks_references(cli, make_registry):
    root = make_registry()
    run = cli("new", "agreement", "--parties", "taipei", "ottawa", "--kind", "friendship",
              "--signed", "2001-05", "--source", "t", root=root)
    assert run.stdout == "data/agreements/ottawa-taipei-friendship.yaml\n"
    assert cli("validate", root=root).exit_code == 0
    missing = cli("new", "agreement", "--parties", "seoul", "atlantis", "--kind", "sister",
                  root=root)
    assert missing.exit_code == 2
    assert "parties.1: there is no city 'atlantis'" in missing.stderr
    assert not (root / "data/agreements/atlantis-seoul-sister.yaml").exists()


def test_new_membership_with_roles(cli, make_registry):
    root = make_registry({"data/organisations/citynet.yaml":
                          "names: {en: CITYNET}\nkind: network\nsources: [{title: t}]\n"})
    run = cli("new", "membership", "--member", "seoul", "--organisation", "citynet",
              "--since", "1989", "--role", "president", "--source", "t", root=root)
    assert run.stdout == "data/memberships/seoul-citynet.yaml\n"
    text = (root / "data/memberships/seoul-citynet.yaml").read_text()
    assert "roles:\n- role: president\n" in text and "since: '1989'" in text
    assert cli("validate", root=root).exit_code == 0


def test_new_refuses_to_overwrite(cli, make_registry):
    root = make_registry()
    before = (root / "data/cities/seoul.yaml").read_text()
    run = cli("new", "city", "--id", "seoul", "--name", "S", "--country", "KR", "--level",
              "city", root=root)
    assert run.exit_code == 2
    assert "a city with the id 'seoul' already exists" in run.stderr
    assert (root / "data/cities/seoul.yaml").read_text() == before


@pytest.mark.parametrize("bad_id", ["../x", "/tmp/x", "Upper Case", "a/b", "", "-x"])
def test_new_refuses_ids_that_are_not_slugs(cli, make_registry, bad_id, tmp_path):
    root = make_registry()
    run = cli("new", "city", "--id", bad_id, "--name", "X", "--country", "KR", "--level",
              "city", root=root)
    assert run.exit_code == 2
    assert "is not a valid id" in run.stderr or "needs --id" in run.stderr
    assert sorted(p.name for p in (root / "data/cities").iterdir()) == [
        "ottawa.yaml", "seoul.yaml", "taipei.yaml"]


def test_new_refuses_invalid_values(cli, make_registry):
    run = cli("new", "city", "--id", "x", "--name", "X", "--country", "KR", "--level", "town",
              root=make_registry())
    assert run.exit_code == 2 and "level: Input should be" in run.stderr


def test_new_without_a_terminal_needs_the_required_options(cli, make_registry):
    run = cli("new", "city", "--id", "x", "--name", "X", root=make_registry())
    assert (run.exit_code, run.stderr) == (2, "citynet: error: a new city needs --country\n")


def test_new_adds_a_schema_modeline(cli, make_registry):
    root = make_registry()
    cli(*NEW_CITY, "--schema", "../../schemas/cities.schema.json", root=root)
    first = (root / "data/cities/busan.yaml").read_text().splitlines()[0]
    assert first == "# yaml-language-server: $schema=../../schemas/cities.schema.json"
    assert cli("validate", root=root).exit_code == 0


def test_new_without_source_warns(cli, make_registry):
    run = cli("new", "city", "--id", "x", "--name", "X", "--country", "KR", "--level", "city",
              root=make_registry())
    assert run.exit_code == 0 and "cites no source" in run.stderr


def test_schema_prints_draft_2020_12_per_kind(cli):
    document = cli("schema").json()
    assert set(document) == {"cities", "organisations", "memberships", "agreements",
                             "committees", "groupings", "events"}
    city = cli("schema", "--kind", "city").json()
    assert city["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert city["additionalProperties"] is False
    assert set(city["required"]) == {"names", "country"}
    assert cli("schema", "--kind", "planet").exit_code == 2


def test_schema_output_folder(cli, tmp_path):
    run = cli("schema", "--output", str(tmp_path / "schemas"))
    assert run.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "schemas").iterdir()) == sorted(
        f"{k}.schema.json" for k in ("cities", "organisations", "memberships", "agreements",
                                     "committees", "groupings", "events"))


def _check_jsonschema(schema: Path, files: list[Path]):
    tool = shutil.which("check-jsonschema") or str(Path(sys.executable).parent / "check-jsonschema")
    return subprocess.run([tool, "--schemafile", str(schema), *map(str, files)],
                          capture_output=True, text=True)


@pytest.mark.parametrize("kind", ["cities", "organisations", "memberships", "agreements",
                                  "committees", "groupings", "events"])
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


def git(root, *args):
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t",
                        "GIT_COMMITTER_EMAIL": "t@e", "PATH": "/usr/bin:/bin", "HOME": "/tmp"})


@pytest.fixture
def history(make_registry):
    root = make_registry()
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "base")
    (root / "data/cities/taipei.yaml").write_text(
        "names: {en: Taipei City, es: Taipéi}\ncountry: TW\nlevel: city\ncapital: true\n"
        "sources: [{title: Diplomatie de la ville}]\n")
    (root / "data/cities/busan.yaml").write_text(
        "names: {en: Busan}\ncountry: KR\nlevel: city\nsources: [{title: t}]\n")
    (root / "data/agreements/seoul-ottawa-friendship.yaml").rename(
        root / "data/agreements/ottawa-seoul-friendship.yaml")
    (root / "data/agreements/seoul-taipei-sister.yaml").unlink()
    git(root, "add", "-A")
    git(root, "commit", "-qm", "second")
    return root


def test_diff_between_two_revisions(cli, history):
    document = cli("diff", "HEAD~1", "HEAD", "--format", "json", root=history).json()
    changes = {(c["status"], c["id"]): c for c in document["changes"]}
    assert set(changes) == {("added", "busan"), ("changed", "taipei"),
                            ("renamed", "ottawa-seoul-friendship"),
                            ("removed", "seoul-taipei-sister")}
    assert changes[("renamed", "ottawa-seoul-friendship")]["old_id"] == "seoul-ottawa-friendship"
    assert changes[("changed", "taipei")]["fields"] == [
        {"field": "names.en", "change": "changed", "old": "Taipei", "new": "Taipei City"},
        {"field": "capital", "change": "added", "old": None, "new": True}]
    assert document["summary"] == {"added": 1, "removed": 1, "renamed": 1, "changed": 1}


def test_diff_against_the_work_tree_by_default(cli, history):
    (history / "data/cities/ottawa.yaml").write_text(
        "names: {en: Ottawa, fr: Ottawa}\ncountry: CA\nlevel: city\ncapital: true\n"
        "sources: [{title: Diplomatie de la ville}]\n")
    text = cli("diff", root=history).stdout
    assert text == ("changed city ottawa  data/cities/ottawa.yaml\n"
                    '    names.fr: ∅ -> "Ottawa"\n'
                    "0 added, 0 removed, 0 renamed, 1 changed\n")


def test_diff_markdown_for_a_pull_request(cli, history):
    text = cli("diff", "HEAD~1", "HEAD", "--format", "markdown", root=history).stdout
    assert text.startswith("## Registry changes\n\n1 added, 1 removed, 1 renamed, 1 changed\n")
    assert '  - names.en: "Taipei" → "Taipei City"' in text


def test_diff_with_a_missing_revision_is_misuse(cli, history):
    run = cli("diff", "origin/main", root=history)
    assert run.exit_code == 2
    assert run.stderr == "citynet: error: revision 'origin/main' is not in this repository\n"


def test_diff_outside_git_is_misuse(cli, make_registry):
    run = cli("diff", root=make_registry())
    assert run.exit_code == 2 and run.stderr.startswith("citynet: error:")


def test_diff_in_a_shallow_clone_says_so(cli, history, tmp_path):
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{history}", str(clone)],
                   check=True, capture_output=True)
    run = cli("diff", "HEAD~1", root=clone)
    assert run.exit_code == 2 and "shallow clone" in run.stderr


def test_init_makes_a_registry_that_validates(cli, tmp_path):
    target = tmp_path / "fresh"
    run = cli("init", str(target))
    assert run.exit_code == 0
    for name in ("data/cities/.gitkeep", "templates/partners.md.j2", "templates/messages.yaml",
                 "README.md", ".github/workflows/validate.yml", ".pre-commit-config.yaml"):
        assert (target / name).is_file(), name
    assert cli("validate", root=target).stdout == "0 files checked: no problems\n"
    assert cli(*NEW_CITY, root=target).exit_code == 0
    assert cli("validate", "--strict", root=target).exit_code == 0
    assert cli("report", "partners", "busan", root=target).exit_code == 0


def test_init_never_overwrites(cli, tmp_path):
    target = tmp_path / "fresh"
    cli("init", str(target))
    (target / "README.md").write_text("mine")
    run = cli("init", str(target))
    assert run.exit_code == 2 and "nothing was written" in run.stderr
    assert (target / "README.md").read_text() == "mine"


def test_workflow_and_hooks_are_valid_yaml_that_run_citynet():
    import yaml

    workflow = yaml.safe_load((SHIPPED / ".github/workflows/validate.yml").read_text())
    steps = " ".join(step.get("run", "") for step in workflow["jobs"]["citynet"]["steps"])
    assert "citynet validate" in steps and "fmt --check" in steps and "GITHUB_STEP_SUMMARY" in steps
    hooks = {h["id"]: h for h in yaml.safe_load((SHIPPED / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["citynet-validate"]["entry"] == "citynet validate"
    assert hooks["citynet-fmt"]["entry"] == "citynet fmt"
    config = yaml.safe_load((SHIPPED / ".pre-commit-config.yaml").read_text())
    assert {h["id"] for h in config["repos"][0]["hooks"]} == set(hooks)
