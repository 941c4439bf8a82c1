"""`citynet init` writes CI files that install citynet the way the user installed it."""



from conftest import SHIPPED
import json

import yaml

from citynet.edit.init import WORKFLOW_PATH, init_registry
from citynet.edit.install import InstallSpec, from_direct_url


def test_an_index_install_is_pinned_to_its_version():
    spec = from_direct_url("1.2.3", None)
    assert (spec.requirement, spec.portable, spec.how) == ("citynet==1.2.3", True, "index")


def test_a_vcs_install_keeps_its_url_and_commit():
    direct = json.dumps({"url": "https://github.com/example/citynet",
                         "vcs_info": {"vcs": "git", "commit_id": "abc123"}})
    spec = from_direct_url("0.1.0", direct)
    assert spec.requirement == "citynet @ git+https://github.com/example/citynet@abc123"
    assert spec.portable and spec.how == "vcs"


def test_a_local_folder_install_is_not_portable():
    spec = from_direct_url("0.1.0", json.dumps({"url": "file:///home/me/citynet",
                                                 "dir_info": {"editable": True}}))
    assert not spec.portable and spec.how == "local"


def _steps(folder):
    workflow = yaml.safe_load((folder / WORKFLOW_PATH).read_text())
    return {step.get("name", step.get("uses")): step for step in workflow["jobs"]["citynet"]["steps"]}


def test_the_workflow_installs_the_same_citynet_and_summarises_failing_runs_too(tmp_path):
    spec = InstallSpec("citynet @ git+https://github.com/example/citynet@abc123", True, "vcs")
    init_registry(tmp_path / "reg", spec)
    steps = _steps(tmp_path / "reg")
    assert steps["Install citynet"]["run"].strip() == (
        "pip install 'citynet @ git+https://github.com/example/citynet@abc123'")
    assert steps["Formatting"]["if"] == "always()"
    assert steps["What changed"]["if"].startswith("always() && ")
    hooks = yaml.safe_load((tmp_path / "reg" / ".pre-commit-config.yaml").read_text())
    for hook in hooks["repos"][0]["hooks"]:
        assert hook["language"] == "python"
        assert hook["additional_dependencies"] == [spec.requirement]


def test_the_workflow_restores_the_index_and_saves_it_only_from_main(tmp_path):
    """A pull request reads its base's `.citynet/` (the exact base commit's entry, else main's
    latest) and no step can write one on a pull request: only a push to main saves, under its
    own commit, after validate has run (its outcome is then the commit's)."""
    init_registry(tmp_path / "reg", InstallSpec("citynet==1.0", True, "pypi"))
    steps = list(_steps(tmp_path / "reg").values())
    names = [step.get("name") for step in steps]
    caching = [step for step in steps if step.get("uses", "").startswith("actions/cache")]
    restore, save = caching
    assert restore["uses"].startswith("actions/cache/restore@")
    assert restore["with"]["key"] == ("citynet-${{ runner.os }}-"
                                      "${{ github.event.pull_request.base.sha || github.sha }}")
    assert restore["with"]["restore-keys"] == "citynet-${{ runner.os }}-"
    assert save["uses"].startswith("actions/cache/save@") and "if" in save
    assert "github.event_name == 'push'" in save["if"] and "pull_request" not in save["if"]
    assert save["with"] == {"path": ".citynet", "key": "citynet-${{ runner.os }}-${{ github.sha }}"}
    assert names.index("Restore the index") < names.index("Validate") < names.index(
        "Save the index")


def test_a_local_install_says_which_line_to_edit(tmp_path, cli):
    # The test suite runs from an editable (local folder) install.
    run = cli("init", str(tmp_path / "reg"))
    assert run.exit_code == 0
    assert "Install citynet" in run.stderr and WORKFLOW_PATH in run.stderr
    hooks = yaml.safe_load((tmp_path / "reg" / ".pre-commit-config.yaml").read_text())
    assert {hook["language"] for hook in hooks["repos"][0]["hooks"]} == {"system"}
    assert "activate" in (tmp_path / "reg" / ".pre-commit-config.yaml").read_text()


NEW_CITY = ("new", "city", "--id", "busan", "--name", "Busan", "--country", "kr",
            "--source", "Busan city hall")


def test_init_makes_a_registry_that_validates(cli, tmp_path):
    target = tmp_path / "fresh"
    run = cli("init", str(target))
    assert run.exit_code == 0
    for name in ("data/cities/.gitkeep", "templates/partners.md.j2", "templates/messages.yaml",
                 "README.md", ".github/workflows/validate.yml", ".pre-commit-config.yaml"):
        assert (target / name).is_file(), name
    assert cli("validate", root=target).stdout == "0 files checked: no problems\n"
    assert cli(*NEW_CITY, root=target).exit_code == 0
    assert cli("validate", "--strict", root=target).exit_code == 0
    assert cli("report", "partners", "busan", root=target).exit_code == 0


def test_init_never_overwrites(cli, tmp_path):
    target = tmp_path / "fresh"
    cli("init", str(target))
    (target / "README.md").write_text("mine")
    run = cli("init", str(target))
    assert run.exit_code == 2 and "nothing was written" in run.stderr
    assert (target / "README.md").read_text() == "mine"


def test_workflow_and_hooks_are_valid_yaml_that_run_citynet():
    import yaml

    workflow = yaml.safe_load((SHIPPED / ".github/workflows/validate.yml").read_text())
    steps = " ".join(step.get("run", "") for step in workflow["jobs"]["citynet"]["steps"])
    assert "citynet validate" in steps and "fmt --check" in steps and "GITHUB_STEP_SUMMARY" in steps
    hooks = {h["id"]: h for h in yaml.safe_load((SHIPPED / ".pre-commit-hooks.yaml").read_text())}
    assert hooks["citynet-validate"]["entry"] == "citynet validate"
    assert hooks["citynet-fmt"]["entry"] == "citynet fmt"
    config = yaml.safe_load((SHIPPED / ".pre-commit-config.yaml").read_text())
    assert {h["id"] for h in config["repos"][0]["hooks"]} == set(hooks)
