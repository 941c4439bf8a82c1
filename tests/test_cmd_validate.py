"""`citynet validate` through the CLI: formats, exit statuses, paths, --strict."""

import json

BAD_CITY = {"data/cities/oslo.yaml": "names: {en: Oslo}\ncontry: NO\nlevel: city\n"
                                     "sources: [{title: t}]\n"}
WARN_CITY = {"data/cities/oslo.yaml": "names: {en: Oslo}\ncountry: NO\nlevel: city\n"}


def test_clean_registry_exits_0(cli, make_registry):
    run = cli("validate", root=make_registry())
    assert run.exit_code == 0
    assert run.stdout == "5 files checked: no problems\n"


def test_text_format_lines_and_summary(cli, make_registry):
    run = cli("validate", "--format", "text", root=make_registry(BAD_CITY))
    assert run.exit_code == 1
    lines = run.stdout.splitlines()
    assert "data/cities/oslo.yaml:1:1: error [schema] missing required key 'country'" in lines
    assert ("data/cities/oslo.yaml:2:1: error [schema] unknown key 'contry' "
            "(did you mean 'country'?)") in lines
    assert lines[-1] == "6 files checked: 2 errors, 0 warnings"


def test_json_format(cli, make_registry):
    run = cli("validate", "--format", "json", root=make_registry(BAD_CITY))
    assert run.exit_code == 1
    document = run.json()
    assert document["summary"] == {"files": 6, "records": 5, "errors": 2, "warnings": 0}
    assert document["problems"][1] == {
        "severity": "error", "code": "schema",
        "message": "unknown key 'contry' (did you mean 'country'?)",
        "path": "data/cities/oslo.yaml", "line": 2, "column": 1, "field": "contry"}


def test_github_format(cli, make_registry):
    run = cli("validate", "--format", "github", root=make_registry(BAD_CITY))
    assert run.stdout.splitlines()[1] == (
        "::error file=data/cities/oslo.yaml,line=2,col=1,title=citynet schema::"
        "unknown key 'contry' (did you mean 'country'?)")


def test_auto_format_picks_github_under_actions(cli, make_registry):
    root = make_registry(BAD_CITY)
    assert cli("validate", root=root, env={"GITHUB_ACTIONS": "true"}).stdout.startswith("::error")
    assert cli("validate", root=root, env={"GITHUB_ACTIONS": ""}).stdout.startswith("data/")


def test_warnings_pass_unless_strict(cli, make_registry):
    root = make_registry(WARN_CITY)
    assert cli("validate", root=root).exit_code == 0
    strict = cli("validate", "--strict", root=root)
    assert strict.exit_code == 1
    assert "warning [missing-source]" in strict.stdout


def test_paths_limit_the_report_but_not_reference_resolution(cli, make_registry):
    root = make_registry({**BAD_CITY, "data/agreements/x.yaml":
                          "kind: friendship\nparties: [seoul, oslo]\nsources: [{title: t}]\n"})
    run = cli("validate", str(root / "data/agreements"), "--format", "json", root=root)
    assert run.exit_code == 0, run.stdout
    assert run.json()["problems"] == []
    assert run.json()["summary"]["files"] == 3
    only_city = cli("validate", str(root / "data/cities/oslo.yaml"), "-f", "json", root=root)
    assert {p["path"] for p in only_city.json()["problems"]} == {"data/cities/oslo.yaml"}


def test_problems_are_sorted_by_path_and_line(cli, make_registry):
    root = make_registry({**BAD_CITY, "data/agreements/a.yaml": "kind: x\n"})
    problems = cli("validate", "-f", "json", root=root).json()["problems"]
    keys = [(p["path"], p["line"]) for p in problems]
    assert keys == sorted(keys)


def test_missing_path_is_misuse(cli, make_registry):
    run = cli("validate", "no/such/file.yaml", root=make_registry())
    assert run.exit_code == 2
    assert run.stderr == "citynet: error: no/such/file.yaml: no such file or folder\n"


def test_path_outside_registry_is_misuse(cli, make_registry, tmp_path):
    outside = tmp_path / "elsewhere.yaml"
    outside.write_text("a: 1\n")
    run = cli("validate", str(outside), root=make_registry())
    assert run.exit_code == 2
    assert "is not inside the registry" in run.stderr


def test_unknown_format_is_misuse(cli, make_registry):
    run = cli("validate", "--format", "xml", root=make_registry())
    assert run.exit_code == 2
    assert run.stderr.count("\n") == 1
    assert "'xml' is not one of" in run.stderr


def test_json_output_parses_even_with_unicode(cli, make_registry):
    root = make_registry({"data/cities/hanoi.yaml": "names: {en: Hanoi, vi: Hà Nội}\n"
                                                    "country: VN\nlevel: cty\n"})
    document = json.loads(cli("validate", "-f", "json", root=root).stdout)
    assert document["summary"]["errors"] == 1


def test_a_description_holds_only_the_languages_its_source_gives(cli, make_registry):
    """An organisation's `description` is source text: French alone is valid (no English is
    required, so none is made up); an empty one, or one in a malformed language, is not."""
    org = "names: {en: Net}\nsources: [{title: S, fields: [description.fr]}]\ndescription: %s\n"
    root = make_registry({"data/organisations/net.yaml": org % "{fr: Relie les villes}"})
    assert cli("validate", root=root).exit_code == 0
    for bad in ("{}", "{French: x}", "{fr: ' '}"):
        root = make_registry({"data/organisations/net.yaml": org % bad})
        run = cli("validate", "--format", "json", root=root)
        assert run.exit_code == 1, bad
        assert {p["code"] for p in run.json()["problems"]} >= {"schema"}, bad
