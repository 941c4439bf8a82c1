"""The docs stay true: README's two commands are what CI runs; every command is documented."""

import re

from conftest import REPO


def readme_commands():
    blocks = re.findall(r"```sh\n(.*?)```", (REPO / "README.md").read_text(), re.S)
    return [blocks[0].strip(), blocks[1].strip()]


def test_readme_starts_with_two_commands_that_ci_runs_verbatim():
    ci = (REPO / ".ci" / "run").read_text().splitlines()
    install_and_run, install_and_test = readme_commands()
    assert install_and_run in ci
    assert install_and_test in ci
    assert "pytest" in install_and_test and "citynet validate" in install_and_run


def test_readme_mentions_every_command_and_code():
    import typer.main

    from citynet.cli.app import app
    from citynet.model.codes import CODES

    readme = (REPO / "README.md").read_text()
    names = list(typer.main.get_command(app).commands)  # commands are registered lazily
    assert "validate" in names and "import" in names
    for name in names:
        assert f"citynet {name}" in readme
    for code in CODES:
        assert f"`{code}`" in readme, code
    assert "(docs/codes.md)" in readme


def test_docs_codes_md_is_generated_from_the_catalogue():
    """Fails when docs/codes.md is stale: run `python -m citynet.lint.codes_doc`."""
    from citynet.lint.codes_doc import render

    assert (REPO / "docs" / "codes.md").read_text(encoding="utf-8") == render(
        REPO / "tests" / "examples")
