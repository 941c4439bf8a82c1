"""Reading: YAML 1.2 meanings, and each reading problem with its code and position."""

import pytest

from citynet.lint.engine import validate

OK_CITY = "names: {en: Oslo}\ncountry: NO\nlevel: city\nsources: [{title: t}]\n"


def problems_of(root, path):
    return [(p.code, p.line, p.column) for p in validate(root).problems if p.path == path]


def test_yaml_12_keeps_norway_and_dates_as_text(make_registry):
    root = make_registry({"data/cities/oslo.yaml": OK_CITY +
                          "capital: true\n"})
    assert problems_of(root, "data/cities/oslo.yaml") == []


@pytest.mark.parametrize(
    ("text", "code", "line", "column"),
    [
        ("names: {en: X\ncountry: KR\n", "yaml-syntax", 2, 8),
        ("names:\n  en: X\n country: KR\n", "yaml-syntax", 3, 2),
        ("names:\n\ten: X\n", "yaml-syntax", 2, 1),
        ("a: 'open\n", "yaml-syntax", 1, 4),
        ("a: 1\n---\nb: 2\n", "yaml-multiple-documents", 2, 1),
        ("- a\n- b\n", "not-a-mapping", 1, 1),
        ("just text\n", "not-a-mapping", 1, 1),
        ("a: &x [1]\nb: *x\n", "yaml-alias", 2, 4),
        ("<<: {a: 1}\n", "yaml-merge-key", 1, 1),
        ("a: !!python/object:os.system echo\n", "yaml-tag", 1, 4),
        ("a: !custom x\n", "yaml-tag", 1, 4),
        ("a: !!binary aGk=\n", "yaml-tag", 1, 4),
        ("names: {en: X}\nlevel: city\nlevel: city\n", "duplicate-key", 3, 1),
        ("names:\n  en: X\n  en: Y\n", "duplicate-key", 3, 3),
    ],
)
def test_reading_problems_have_code_and_position(make_registry, text, code, line, column):
    root = make_registry({"data/cities/bad.yaml": text})
    found = problems_of(root, "data/cities/bad.yaml")
    assert (code, line, column) in found, found


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty-file"),
        (b"# only a comment\n", "empty-file"),
        (b"names: {en: \xff}\n", "encoding"),
        ("names: {en: X}\n".encode("utf-16"), "encoding"),
        (b"names: {en: X\x00}\n", "control-character"),
    ],
)
def test_file_level_problems(make_registry, content, code):
    root = make_registry({"data/cities/bad.yaml": content})
    assert code in [c for c, _, _ in problems_of(root, "data/cities/bad.yaml")]


def test_invalid_utf8_points_at_the_byte(make_registry):
    root = make_registry({"data/cities/bad.yaml": b"names:\n  en: ab\xffc\n"})
    assert ("encoding", 2, 9) in problems_of(root, "data/cities/bad.yaml")


def test_utf8_bom_is_accepted(make_registry):
    root = make_registry({"data/cities/oslo.yaml": b"\xef\xbb\xbf" + OK_CITY.encode()})
    assert problems_of(root, "data/cities/oslo.yaml") == []


def test_alias_bomb_is_refused_without_expanding(make_registry):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 9) + "]" for i in range(1, 10)]
    root = make_registry({"data/cities/bomb.yaml": "\n".join(lines) + "\n"})
    codes = {c for c, _, _ in problems_of(root, "data/cities/bomb.yaml")}
    assert codes == {"yaml-alias"}


def test_one_bad_file_does_not_stop_the_others(make_registry):
    root = make_registry({
        "data/cities/broken.yaml": "a: [\n",
        "data/cities/also.yaml": "names: {en: X}\ncountry: KR\nlevel: town\nsources: [{title: t}]\n",
    })
    paths = {p.path for p in validate(root).problems}
    assert {"data/cities/broken.yaml", "data/cities/also.yaml"} <= paths


def test_yml_files_are_reported_not_skipped(make_registry):
    root = make_registry({"data/cities/oslo.yml": OK_CITY})
    assert [c for c, _, _ in problems_of(root, "data/cities/oslo.yml")] == ["file-extension"]


def test_hidden_and_backup_files_are_ignored(make_registry):
    root = make_registry({"data/cities/.oslo.yaml": "a: [", "data/cities/oslo.yaml~": "a: ["})
    assert validate(root).problems == []


def test_unknown_folder_is_a_warning(make_registry):
    root = make_registry({"data/towns/x.yaml": OK_CITY})
    [problem] = validate(root).problems
    assert (problem.code, str(problem.severity), problem.path) == (
        "unknown-folder", "warning", "data/towns")


def test_records_in_subfolders_use_the_stem_as_id(make_registry):
    root = make_registry({"data/cities/no/oslo.yaml": OK_CITY})
    result = validate(root)
    assert result.problems == []
    assert result.records == 6


def test_too_large_file_is_refused(make_registry):
    root = make_registry({"data/cities/big.yaml": "notes: " + "x" * (1024 * 1024) + "\n"})
    assert [c for c, _, _ in problems_of(root, "data/cities/big.yaml")] == ["file-too-large"]


def test_deep_nesting_is_reported_not_crashing(make_registry):
    root = make_registry({"data/cities/deep.yaml": "a: " + "[" * 200 + "]" * 200 + "\n"})
    codes = {c for c, _, _ in problems_of(root, "data/cities/deep.yaml")}
    assert codes == {"yaml-too-deep"}
