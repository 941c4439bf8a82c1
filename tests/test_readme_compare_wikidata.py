"""The README's `compare wikidata` example, replayed on a copy of the shipped data."""

import re
import shutil

from conftest import REPO, SHIPPED


def _example() -> tuple[list[str], str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```console\n(\$ mkdir /tmp/wd.*?)```", readme, re.S).group(1)
    commands = [line[2:] for line in block.splitlines() if line.startswith("$ ")]
    output = block.split("wbgetentities.json\n", 1)[1]
    return commands, output


def test_the_example_prints_what_the_readme_says(cli, tmp_path):
    commands, output = _example()
    shutil.copytree(SHIPPED / "data", tmp_path / "data")
    for command in commands:
        appended = re.fullmatch(r"echo '(wikidata: Q\d+)' >> /tmp/wd/(\S+)", command)
        if appended:
            with open(tmp_path / appended.group(2), "a", encoding="utf-8") as stream:
                stream.write(appended.group(1) + "\n")
    run = cli("compare", "wikidata", str(REPO / "tests/fixtures/wikidata/wbgetentities.json"),
              root=tmp_path)
    assert run.exit_code == 0, run.stderr
    assert run.stdout == output
    assert sum(1 for c in commands if c.startswith("echo")) == 3


def test_on_the_shipped_data_nothing_is_matched_as_the_readme_says(cli):
    run = cli("compare", "wikidata", str(REPO / "tests/fixtures/wikidata/wbgetentities.json"),
              root=SHIPPED)
    assert "? (Q8684)" in run.stdout and "only in the registry: 0" in run.stdout
