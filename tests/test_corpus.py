"""Hostile and broken input: reported with a code and position, never a crash or a hang.

tests/corpus/<kind>/<code>@<line>.<col>--<what>.yaml holds one broken record each;
the name says what validate must report, and where.
"""

import os
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from citynet.yaml import reader
from citynet.store.files import parse_file
from citynet.lint.engine import validate
from conftest import BASE, REPO, write_registry

CORPUS = sorted((REPO / "tests" / "corpus").glob("*/*.yaml"))
NAME = re.compile(r"^(?P<code>[a-z-]+)(?:@(?P<line>\d+)\.(?P<col>\d+))?--(?P<what>.+)$")
ORG = {"data/organisations/citynet.yaml": "names: {en: C}\nkind: network\nsources: [{title: t}]\n"}


def test_the_corpus_covers_every_reading_code():
    codes = {NAME.match(p.stem)["code"] for p in CORPUS}
    assert {"yaml-syntax", "yaml-multiple-documents", "empty-file", "not-a-mapping",
            "duplicate-key", "yaml-alias", "yaml-merge-key", "yaml-tag", "encoding",
            "control-character", "yaml-too-deep", "schema", "unknown-country",
            "self-agreement", "date-order"} <= codes


@pytest.mark.parametrize("case", CORPUS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_corpus_case_reports_its_code_and_position(make_registry, case):
    expected = NAME.match(case.stem)
    root = make_registry({**ORG, f"data/{case.parent.name}/case.yaml": case.read_bytes()})
    result = validate(root, use_cache=False)
    found = [(p.code, p.line, p.column) for p in result.problems if p.path.endswith("case.yaml")]
    line = int(expected["line"]) if expected["line"] else None
    column = int(expected["col"]) if expected["col"] else None
    assert (expected["code"], line, column) in found, found
    assert result.files == 7  # every other file was still read and checked


def test_a_very_large_file_is_refused_unread(make_registry):
    root = make_registry({"data/cities/big.yaml": "notes: " + "x" * (1024 * 1024 + 10) + "\n"})
    [problem] = validate(root).problems
    assert (problem.code, problem.line) == ("file-too-large", None)


def test_a_very_long_line_is_fine(make_registry):
    root = make_registry({"data/cities/long.yaml": "names: {en: X}\ncountry: KR\n"
                                                    "sources: [{title: t}]\nnotes: "
                                                    + "word " * 150_000 + "\n"})
    assert validate(root).problems == []


@pytest.mark.parametrize("name", ["Not A Slug.yaml", "ünïcode.yaml", "a..b.yaml"])
def test_file_names_that_are_not_slugs(make_registry, name):
    root = make_registry({f"data/cities/{name}": "names: {en: X}\ncountry: KR\n"
                                                 "sources: [{title: t}]\n"})
    assert [p.code for p in validate(root).problems] == ["invalid-id"]


def test_editor_and_hidden_files_are_not_records(make_registry):
    root = make_registry({"data/cities/.seoul.yaml.swp": b"\x00\x01",
                          "data/cities/seoul.yaml~": "a: [", "data/cities/#seoul.yaml#": "a: [",
                          "data/cities/.hidden.yaml": "a: ["})
    assert validate(root).problems == []


def test_symlinks_loop_dangle_and_escape(make_registry, tmp_path):
    root = make_registry()
    cities = root / "data" / "cities"
    outside = tmp_path / "secret.yaml"
    outside.write_text("names: {en: Secret}\ncountry: KR\n")
    (cities / "escape.yaml").symlink_to(outside)
    (cities / "dangling.yaml").symlink_to(cities / "nowhere.yaml")
    (cities / "loop-a.yaml").symlink_to(cities / "loop-b.yaml")
    (cities / "loop-b.yaml").symlink_to(cities / "loop-a.yaml")
    (cities / "folder").symlink_to(tmp_path)
    (cities / "alias.yaml").symlink_to(cities / "seoul.yaml")
    problems = {p.path.rsplit("/", 1)[-1]: p for p in validate(root).problems}
    assert problems["escape.yaml"].code == "symlink"
    assert "outside the registry" in problems["escape.yaml"].message
    assert {problems[n].code for n in ("dangling.yaml", "loop-a.yaml", "loop-b.yaml")} == {"symlink"}
    assert problems["folder"].code == "symlink"
    # A link inside the registry is read like a file: its id is its own name.
    assert problems["alias.yaml"].code == "id-mismatch"


def test_a_pipe_is_never_opened(make_registry):
    root = make_registry()
    os.mkfifo(root / "data" / "cities" / "pipe.yaml")
    [problem] = validate(root).problems
    assert (problem.code, problem.message) == ("unreadable", "not a regular file; it is not read")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_an_unreadable_file_is_reported(make_registry):
    root = make_registry()
    (root / "data/cities/seoul.yaml").chmod(0)
    codes = [p.code for p in validate(root).problems if p.path.endswith("seoul.yaml")]
    assert codes == ["unreadable"]


def test_an_unreadable_folder_is_reported(make_registry, monkeypatch):
    root = make_registry({"data/cities/sub/x.yaml": "names: {en: X}\ncountry: KR\n"})
    real_scandir = os.scandir

    def scandir(path):
        if str(path).endswith("sub"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    [problem] = validate(root, use_cache=False).problems
    assert (problem.code, problem.path) == ("unreadable", "data/cities/sub")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=400))
def test_random_bytes_never_raise(tmp_path_factory, content):
    path = tmp_path_factory.mktemp("bytes") / "x.yaml"
    path.write_bytes(content)
    data, problems = parse_file(path, "data/cities/x.yaml")
    assert data is None or isinstance(data, dict)
    assert all(p.code and p.message for p in problems)


YAMLISH = st.text(alphabet=list("ab:- \n\t'\"[]{},&*!|>#%@`?~.0123456789<=\\") + ["é", "\x00", "\ufeff"],
                  max_size=200)


@settings(max_examples=400, deadline=None)
@given(YAMLISH)
def test_random_yaml_like_text_never_raises(text):
    data, issues = reader.load(text)
    assert all(issue.code and issue.message for issue in issues)
    assert data is None or not [i for i in issues if i.code != "duplicate-key"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(YAMLISH)
def test_validate_on_random_text_returns_problems_not_exceptions(tmp_path_factory, text):
    root = write_registry(tmp_path_factory.mktemp("reg"), {**BASE,
                                                           "data/cities/random.yaml": text})
    result = validate(root, use_cache=False)
    assert result.files == 6
    for problem in result.problems:
        assert problem.path.startswith("data/") and problem.code


def test_cli_never_shows_a_traceback_on_the_corpus(cli, make_registry):
    files = {**ORG}
    for case in CORPUS:
        files[f"data/{case.parent.name}/{case.stem.split('--')[1]}.yaml"] = case.read_bytes()
    root = make_registry(files)
    for args in (["validate"], ["validate", "-f", "json"], ["list", "cities"], ["show", "seoul"],
                 ["fmt", "--check"], ["report", "partners", "seoul"],
                 ["export", "-f", "json", "--output", str(root / "out.json")]):
        run = cli(*args, root=root)
        assert "Traceback" not in run.stderr + run.stdout, args
        assert run.exit_code in (0, 1), (args, run.stderr)
