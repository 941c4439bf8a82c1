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


def test_readme_mentions_every_command_and_check():
    from citynet.lint.checks import CHECKS
    from citynet.cli.app import app

    readme = (REPO / "README.md").read_text()
    for command in app.registered_commands:
        assert f"citynet {command.name or command.callback.__name__}" in readme
    for code in CHECKS:
        assert f"`{code}`" in readme, code
