"""Registry templates come with pull requests: they run sandboxed and read only templates.

Every error in a template is one line naming its file and line, exit 2.
"""

import os

import pytest

SECRET = "top secret, outside the registry\n"


@pytest.fixture
def outside(tmp_path):
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    (folder / "secret.md.j2").write_text(SECRET)
    return folder


def _report(cli, make_registry, template: str | bytes, extra=None):
    content = template if isinstance(template, bytes) else template
    root = make_registry({"templates/partners.md.j2": content, **(extra or {})})
    return cli("report", "partners", "seoul", root=root), root


@pytest.mark.parametrize("template", [
    "{{ cycler.__init__.__globals__.os.popen('echo PWNED').read() }}",
    "{{ joiner.__init__.__globals__['os'].system('echo PWNED') }}",
    "{{ ''.__class__.__mro__[1].__subclasses__() }}",
    "{{ t.__class__.__init__.__globals__ }}",
    "{{ lipsum.__globals__['os'].popen('echo PWNED').read() }}",
])
def test_a_registry_template_cannot_reach_python(cli, make_registry, template):
    run, _ = _report(cli, make_registry, template)
    assert run.exit_code == 2 and "PWNED" not in run.stdout
    assert run.stderr.startswith("citynet: error: template ") and "partners.md.j2:1:" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1


def test_a_template_cannot_change_the_data(cli, make_registry):
    run, _ = _report(cli, make_registry, "{{ groups.append(1) }}{{ groups | length }}")
    assert run.exit_code == 2 and "unsafe" in run.stderr


@pytest.mark.parametrize("name", ["../../elsewhere/secret.md.j2", "{outside}/secret.md.j2",
                                  "..//elsewhere/secret.md.j2", "sub/../../elsewhere/secret.md.j2",
                                  "link.md.j2", "linked/secret.md.j2"])
def test_a_registry_template_reads_no_file_outside_the_templates(cli, make_registry, outside,
                                                                 name):
    root = make_registry({"templates/partners.md.j2":
                          '{% include "' + name.format(outside=outside) + '" %}'})
    os.symlink(outside / "secret.md.j2", root / "templates" / "link.md.j2")
    os.symlink(outside, root / "templates" / "linked")
    run = cli("report", "partners", "seoul", root=root)
    assert run.exit_code == 2 and SECRET.strip() not in run.stdout + run.stderr
    assert "partners.md.j2:1: no template" in run.stderr


def test_a_templates_folder_linked_out_of_the_registry_is_not_read(cli, make_registry, outside):
    (outside / "partners.md.j2").write_text("{% include 'secret.md.j2' %}")
    root = make_registry()
    os.symlink(outside, root / "templates")
    run = cli("report", "partners", "seoul", root=root)
    assert run.exit_code == 0 and SECRET.strip() not in run.stdout
    assert run.stdout.startswith("# ")  # citynet's own template


def test_includes_inside_the_templates_folder_and_citynets_own_work(cli, make_registry):
    run, _ = _report(cli, make_registry, '{% include "part/head.md.j2" %}',
                     {"templates/part/head.md.j2": "head {{ city.id }}"})
    assert (run.exit_code, run.stdout) == (0, "head seoul\n")


def test_the_users_own_template_is_trusted_but_its_includes_are_contained(
        cli, make_registry, tmp_path, outside):
    mine = tmp_path / "mine" / "report.md.j2"
    mine.parent.mkdir()
    (mine.parent / "part.md.j2").write_text("part")
    mine.write_text('{% include "part.md.j2" %} {{ city.id }}')
    root = make_registry()
    run = cli("report", "partners", "seoul", "--template", str(mine), root=root)
    assert (run.exit_code, run.stdout) == (0, "part seoul\n")
    mine.write_text('{% include "../elsewhere/secret.md.j2" %}')
    run = cli("report", "partners", "seoul", "--template", str(mine), root=root)
    assert run.exit_code == 2 and SECRET.strip() not in run.stdout + run.stderr


@pytest.mark.parametrize(("template", "line", "says"), [
    ("ok\n{% for x in %}\n", 2, "Expected an expression"),
    ("ok\n\n{{ 1 / 0 }}\n", 3, "division by zero"),
    ("{{ nothing.here }}\n", 1, "'nothing' is undefined"),
    ('ok\n{% include "missing.md.j2" %}\n', 2, "no template 'missing.md.j2'"),
    ("ok\n{{ city.id.upper(1, 2, 3) }}\n", 2, ""),
    (b"ok\n\xff\xfe\n", 2, "not UTF-8"),
])
def test_a_template_error_is_one_line_with_file_and_line(cli, make_registry, template, line,
                                                         says):
    run, root = _report(cli, make_registry, template)
    assert run.exit_code == 2
    [message] = run.stderr.strip().splitlines()
    assert f"partners.md.j2:{line}: " in message and says in message


def test_an_include_that_is_not_utf8_names_the_included_file(cli, make_registry):
    run, _ = _report(cli, make_registry, '{% include "bad.md.j2" %}',
                     {"templates/bad.md.j2": b"\xff"})
    assert run.exit_code == 2 and "bad.md.j2:1: not UTF-8" in run.stderr
