"""The docs stay true: README's two commands are what CI runs; the README is short and leads to
docs/, where every command has a page and every problem code is in validate's check list."""

import re
import tomllib

import yaml

from conftest import REPO

COMMON_TASKS = ("Check the registry", "Find records", "Render a report", "Add a record",
                "Set up CI", "Export for analysis", "Publish the site", "Edit with an editor")


def readme_commands():
    blocks = re.findall(r"```sh\n(.*?)```", (REPO / "README.md").read_text(), re.S)
    return [blocks[0].strip(), blocks[1].strip()]


def test_readme_starts_with_two_commands_that_ci_runs_verbatim():
    ci = (REPO / ".ci" / "run").read_text().splitlines()
    install_and_run, install_and_test = readme_commands()
    assert install_and_run in ci
    assert install_and_test in ci
    assert "pytest" in install_and_test and "citynet validate" in install_and_run


def test_readme_is_short_and_gives_the_common_tasks_in_order():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 200
    assert readme.index("```sh") < readme.index("## Common tasks")
    places = [readme.index(f"**{task}.**") for task in COMMON_TASKS]
    assert places == sorted(places)
    assert readme.index("## Common tasks") < places[0] and places[-1] < readme.index("## Docum")


def test_every_relative_link_of_the_readme_leads_to_a_file():
    """mkdocs checks the links inside docs/ (`--strict`); the README is outside its reach."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    targets = re.findall(r"\]\(([^)]+)\)", readme)
    assert len(targets) > 20
    for target in targets:
        if not target.startswith(("http://", "https://")):
            assert (REPO / target.split("#")[0]).exists(), target


def test_every_command_has_a_page_and_every_page_is_in_the_site():
    import typer.main

    from citynet.cli.app import app

    pages = {p.relative_to(REPO / "docs").as_posix(): p.read_text(encoding="utf-8")
             for p in (REPO / "docs").rglob("*.md")}
    names = list(typer.main.get_command(app).commands)  # commands are registered lazily
    assert "validate" in names and "import" in names
    titles = [text.splitlines()[0] for path, text in pages.items()
              if path.startswith("commands/")]
    for name in names:
        assert any(f"`citynet {name}" in title for title in titles), name
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))

    def listed(nav):
        for item in nav:
            for value in item.values():
                yield from (listed(value) if isinstance(value, list) else [value])

    assert sorted(listed(config["nav"])) == sorted(pages)


def test_validate_lists_every_code():
    from citynet.model.codes import CODES

    page = (REPO / "docs" / "commands" / "validate.md").read_text(encoding="utf-8")
    for code in CODES:
        assert f"`{code}`" in page, code
    assert "(../codes.md)" in page


def test_the_docs_extra_builds_the_site_and_checks_the_reference():
    """.ci/run's docs stage installs the docs extra from the lock and runs these two."""
    extras = tomllib.loads((REPO / "pyproject.toml").read_text())["project"][
        "optional-dependencies"]
    assert {r.split(">")[0] for r in extras["docs"]} == {"mkdocs", "cogapp"}
    ci = (REPO / ".ci" / "run").read_text()
    assert "mkdocs build --strict" in ci and "cog --check docs/reference.md" in ci


def test_docs_codes_md_is_generated_from_the_catalogue():
    """Fails when docs/codes.md is stale: run `python -m citynet.lint.codes_doc`."""
    from citynet.lint.codes_doc import render

    assert (REPO / "docs" / "codes.md").read_text(encoding="utf-8") == render(
        REPO / "tests" / "examples")
