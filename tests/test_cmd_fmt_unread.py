"""`citynet fmt` says what validate says of files it cannot read: encodings, links out."""

import os

from citynet.edit.fmt import format_registry

OSLO = "id: oslo\nnames:\n  en: Oslo\ncountry: 'NO'\nsources:\n- title: x\n"


def _messages(run, code):
    return [line for line in (run.stdout + run.stderr).splitlines() if f"[{code}]" in line]


def test_a_utf16_file_is_named_utf16_by_fmt_as_by_validate(cli, make_registry):
    root = make_registry({"data/cities/oslo.yaml": OSLO.encode("utf-16")})
    checked, formatted = cli("validate", root=root), cli("fmt", root=root)
    said = "the file is UTF-16; save it as UTF-8"
    assert f"data/cities/oslo.yaml:1:1: error [encoding] {said}" in checked.stdout
    assert _messages(formatted, "fmt") == [f"data/cities/oslo.yaml: error [fmt] not formatted: "
                                           f"{said}"]
    assert formatted.exit_code == 1


def test_a_stray_byte_is_named_with_the_byte(cli, make_registry):
    root = make_registry({"data/cities/oslo.yaml": OSLO.replace("Oslo", "Osl\xf8")
                          .encode("latin-1")})
    formatted = cli("fmt", "--check", root=root)
    assert _messages(formatted, "fmt") == ["data/cities/oslo.yaml: error [fmt] not formatted: "
                                           "the file is not valid UTF-8 (byte 0xf8)"]
    assert formatted.exit_code == 1


def test_a_kind_folder_linked_out_of_the_tree_fails_fmt(cli, make_registry, tmp_path):
    root = make_registry()
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "oslo.yaml").write_text("names: {en: Oslo}\ncountry: 'NO'\n")
    os.symlink(outside, root / "data" / "groupings")
    for args in (("fmt",), ("fmt", "--check"), ("fmt", "--diff")):
        run = cli(*args, root=root)
        assert run.exit_code == 1, args
        assert "data/groupings: error [symlink] a link to a folder outside the registry is " \
               "not read" in run.stderr
        assert "1 path not read" in run.stdout + run.stderr
    assert (outside / "oslo.yaml").read_text() == "names: {en: Oslo}\ncountry: 'NO'\n"
    assert cli("validate", root=root).exit_code == 1  # fmt and validate agree


def test_data_linked_out_of_the_tree_fails_fmt(cli, tmp_path):
    outside = tmp_path / "outside"
    (outside / "cities").mkdir(parents=True)
    root = tmp_path / "registry"
    root.mkdir()
    os.symlink(outside, root / "data")
    run = cli("fmt", root=root)
    assert run.exit_code == 1
    assert "data: error [symlink] data/ is a link out of the registry; it is not read" \
        in run.stderr
    assert "0 files reformatted, 0 unchanged, 1 path not read" in run.stdout


def test_a_dangling_record_link_fails_fmt(cli, make_registry):
    root = make_registry()
    os.symlink("/nonexistent/busan.yaml", root / "data" / "cities" / "busan.yaml")
    run = cli("fmt", root=root)
    assert run.exit_code == 1
    assert "data/cities/busan.yaml: error [symlink] a link that leads nowhere" in run.stderr


def test_a_link_elsewhere_is_not_reported_when_fmt_is_given_another_folder(cli, make_registry,
                                                                         tmp_path):
    root = make_registry()
    os.symlink(tmp_path, root / "data" / "groupings")
    run = cli("fmt", str(root / "data" / "cities"), root=root)
    assert run.exit_code == 0
    assert "symlink" not in run.stderr


def test_the_library_marks_unread_paths(make_registry, tmp_path):
    root = make_registry()
    os.symlink(tmp_path, root / "data" / "groupings")
    unread = [o for o in format_registry(root, write=False) if not o.read]
    assert [(o.path, o.problem.code) for o in unread] == [("data/groupings", "symlink")]
