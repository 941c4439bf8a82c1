"""Shell completion, driven the way a shell drives it: click's completion environment variables.

Typer answers `_CITYNET_COMPLETE=complete_bash` with COMP_WORDS and COMP_CWORD
(click's own spelling is `bash_complete`); `complete` below tries both, so the
tests hold for every typer version citynet allows.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from citynet.cli import report
from citynet.model.kinds import KINDS

from conftest import REPO, invoke

INSTRUCTIONS = ("complete_bash", "bash_complete")


def complete(line: str, env: dict[str, str] | None = None) -> list[str]:
    """The words bash would be offered for `line` (the last word is the one being typed)."""
    words = line.split(" ")
    for instruction in INSTRUCTIONS:
        run = invoke(env={"_CITYNET_COMPLETE": instruction, "COMP_WORDS": line,
                          "COMP_CWORD": str(len(words) - 1), **(env or {})})
        if run.exit_code == 0:
            return [w for w in run.stdout.splitlines() if w]
    raise AssertionError(f"no completion instruction works: {run.stderr}")


@pytest.fixture
def here(make_registry, monkeypatch):
    """A registry, with the shell standing in it and no CITYNET_ROOT to point elsewhere."""
    root = make_registry({
        "data/organisations/metropolis.yaml": "names: {en: Metropolis}\nkind: network\n"
                                              "sources: [{title: t}]\n",
        "data/memberships/seoul-metropolis.yaml": "member: seoul\norganisation: metropolis\n"
                                                  "sources: [{title: t}]\n",
        "data/cities/broken.yaml": "names: [not, a, mapping\n",
    })
    monkeypatch.delenv("CITYNET_ROOT", raising=False)
    monkeypatch.chdir(root)
    return root


def test_kinds_complete(here):
    assert complete("citynet list ag") == ["agreements"]
    assert complete("citynet new ci") == ["city"]
    assert complete("citynet rename org") == ["organisation"]


def test_show_completes_ids_of_every_kind_from_file_names(here):
    # broken.yaml is not valid YAML: its id still completes, nothing is parsed
    assert complete("citynet show b") == ["broken"]
    assert complete("citynet show seoul") == [
        "seoul", "seoul-metropolis", "seoul-ottawa-friendship", "seoul-taipei-sister"]


def test_show_kind_narrows_the_ids(here):
    assert complete("citynet show --kind city seoul") == ["seoul"]
    assert complete("citynet show --kind nonsense seoul") == []


def test_end_completes_agreements_and_memberships_only(here):
    assert complete("citynet end seoul") == [
        "seoul-metropolis", "seoul-ottawa-friendship", "seoul-taipei-sister"]


def test_rename_completes_ids_of_the_kind_given(here):
    assert complete("citynet rename city ") == ["broken", "ottawa", "seoul", "taipei"]
    assert complete("citynet rename organisation ") == ["metropolis"]


def test_report_completes_names_subjects_languages_and_formats(here):
    assert complete("citynet report ") == ["committees", "memberships", "network", "partners",
                                           "reciprocity"]
    assert complete("citynet report partners o") == ["ottawa"]
    assert complete("citynet report network m") == ["metropolis"]
    assert complete("citynet report partners seoul --lang ") == ["en", "es", "fr", "pt", "vi"]
    assert complete("citynet report partners seoul --format ") == report.FORMATS.names


def test_list_id_options_complete_ids_of_their_kind(here):
    assert complete("citynet list agreements --city t") == ["taipei"]
    assert complete("citynet list memberships --member o") == ["ottawa"]
    assert complete("citynet list memberships --organisation ") == ["metropolis"]
    assert complete("citynet list cities --format ya") == ["yaml"]


def test_list_closed_filters_complete_the_values_of_the_kind_listed(here):
    assert complete("citynet list agreements --status ") == ["active", "ended", "signed", "suspended"]
    assert "sister" in complete("citynet list agreements --kind ")
    assert "network" in complete("citynet list organisations --kind ")
    assert complete("citynet list nonsense --status ") == []


def test_new_id_options_complete_ids_of_their_kind(here):
    assert complete("citynet new agreement --parties seoul,t") == ["seoul,taipei"]
    assert complete("citynet new agreement --parties seoul --parties t") == ["taipei"]
    assert complete("citynet new organisation --partner ") == ["metropolis"]
    assert complete("citynet new membership --member s") == ["seoul"]
    assert complete("citynet new membership --organisation m") == ["metropolis"]
    assert complete("citynet new grouping --city o") == ["ottawa"]


def test_root_on_the_line_is_the_registry_completed_from(make_registry, tmp_path, monkeypatch):
    root = make_registry()
    monkeypatch.delenv("CITYNET_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)  # no registry here or above
    assert complete("citynet show s") == []
    assert complete(f"citynet --root {root} show s") == ["seoul", "seoul-ottawa-friendship",
                                                         "seoul-taipei-sister"]
    assert complete(f"citynet list agreements --root {root} --city s") == ["seoul"]
    assert complete("citynet show t", env={"CITYNET_ROOT": str(root)}) == ["taipei"]


def test_completion_never_breaks_the_shell(tmp_path, monkeypatch):
    monkeypatch.delenv("CITYNET_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)
    assert complete("citynet --root /no/such/dir show s") == []
    assert complete("citynet report nosuchreport s") == []
    assert complete("citynet show --kind ") == sorted(kind.name for kind in KINDS.values())
    assert complete("citynet rename nonsense ") == []


def test_the_installed_console_script_completes(make_registry):
    """Through a real process, as the shell runs it."""
    root = make_registry()
    script = Path(sys.executable).with_name("citynet")
    command = [str(script)] if script.exists() else [
        sys.executable, "-c", "import sys; from citynet.cli import main; sys.exit(main())"]
    env = {**os.environ, "_CITYNET_COMPLETE": "complete_bash", "COMP_WORDS": "citynet show tai",
           "COMP_CWORD": "2", "CITYNET_ROOT": str(root)}
    result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=REPO,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["taipei"]


def test_version_fast_path_is_untouched_by_completion():
    code = "import sys; from citynet.cli import main; sys.exit(main(['--version']))"
    run = subprocess.run([sys.executable, "-X", "importtime", "-c", code],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0 and run.stdout.startswith("citynet ")
    assert "typer" not in run.stderr and "pydantic" not in run.stderr


def test_ids_complete_from_the_index_while_their_folders_are_as_it_saw_them(here, cli):
    """Once validate has listed the files, a Tab reads the index's listing, not the folders;
    a file added, removed or renamed since changes its folder, which is then walked."""
    from citynet.store import stamp
    from citynet.store.index import listed_ids

    assert listed_ids(here, ["cities"]) == {}  # no index yet: the walk answers
    assert complete("citynet show t") == ["taipei"]
    time.sleep(stamp.RACY + 0.1)  # a folder's stamp is kept once it has been still a moment
    cli("validate", root=here)
    assert sorted(listed_ids(here, ["cities", "organisations"])["cities"]) == [
        "broken", "ottawa", "seoul", "taipei"]
    assert listed_ids(here, ["cities", "agreements"], "seoul-t") == {
        "cities": [], "agreements": ["seoul-taipei-sister"]}  # only the ids typed are read
    assert complete("citynet show t") == ["taipei"]
    (here / "data/cities/tokyo.yaml").write_text("names: {en: Tokyo}\n")
    assert "cities" not in listed_ids(here, ["cities"])
    assert "organisations" in listed_ids(here, ["organisations"])
    assert complete("citynet show t") == ["taipei", "tokyo"]
    (here / "data/cities/taipei.yaml").rename(here / "data/cities/taibei.yaml")
    assert complete("citynet show tai") == ["taibei"]
    (here / "data/organisations/metropolis.yaml").unlink()
    assert complete("citynet report network m") == []


def test_an_index_git_tracks_is_not_read_for_completion(here, cli):
    """`.citynet/` that came with a checkout is never believed, for a Tab either."""
    from citynet.store import stamp
    from git_history import git

    time.sleep(stamp.RACY + 0.1)
    cli("validate", root=here)
    assert listed_ids_of(here)["cities"]  # believed while git does not track it
    git(here, "init", "-q")
    git(here, "add", "-A", "-f")
    git(here, "commit", "-qm", "a registry that ships its index")
    assert listed_ids_of(here) == {}
    assert complete("citynet show t") == ["taipei"]


def listed_ids_of(root: Path) -> dict[str, list[str]]:
    from citynet.store.index import listed_ids

    return listed_ids(root, KINDS)
