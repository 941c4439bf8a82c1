"""How this citynet was installed, so the CI files `init` writes install the same one.

A registry's workflow runs on a fresh runner: it must install citynet the way
the user did. The install's own metadata says how (PEP 610 `direct_url.json`):
from an index (no direct URL: `citynet==VERSION`), from a VCS (`git+URL@commit`),
or from a local folder or archive, which a runner cannot reach.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

PACKAGE = "citynet"


@dataclass(frozen=True)
class InstallSpec:
    """A pip requirement that installs this citynet, and whether a runner can use it."""

    requirement: str
    portable: bool
    """False when it names a local path: the workflow's install line must be edited."""
    how: str
    """`index`, `vcs`, `url` or `local`: where the requirement came from."""


def from_direct_url(version: str, direct_url: str | None) -> InstallSpec:
    """The spec for an install whose `direct_url.json` text is `direct_url` (None if absent)."""
    if not direct_url:
        return InstallSpec(f"{PACKAGE}=={version}", True, "index")
    try:
        info = json.loads(direct_url)
        url = str(info["url"])
    except (ValueError, KeyError, TypeError):
        return InstallSpec(f"{PACKAGE}=={version}", True, "index")
    vcs = info.get("vcs_info")
    if isinstance(vcs, dict) and vcs.get("vcs"):
        commit = vcs.get("commit_id") or vcs.get("requested_revision")
        subdirectory = info.get("subdirectory")
        requirement = f"{PACKAGE} @ {vcs['vcs']}+{url}" + (f"@{commit}" if commit else "")
        if subdirectory:
            requirement += f"#subdirectory={subdirectory}"
        return InstallSpec(requirement, True, "vcs")
    if url.startswith("file:"):
        return InstallSpec(f"{PACKAGE} @ {url}", False, "local")
    return InstallSpec(f"{PACKAGE} @ {url}", True, "url")


def current() -> InstallSpec:
    """The spec of the citynet that is running now."""
    from importlib.metadata import PackageNotFoundError, distribution

    from citynet import __version__

    try:
        dist = distribution(PACKAGE)
    except PackageNotFoundError:  # run from a source tree without installing
        return InstallSpec(f"{PACKAGE}=={__version__}", False, "local")
    return from_direct_url(dist.version, dist.read_text("direct_url.json"))


def pip_command(spec: InstallSpec, extra: str, python: str, editable: str | None = None) -> str:
    """The command that adds `extra` to this install, for the Python running it: from the
    index or the same VCS URL or folder it came from (`editable`, the folder of an editable
    install, is installed editable again), so a clone is not told to fetch from PyPI."""
    import shlex

    target = (["-e", f"{editable}[{extra}]"] if editable is not None
              else [f"{PACKAGE}[{extra}]{spec.requirement[len(PACKAGE):]}"])
    return shlex.join([python, "-m", "pip", "install", *target])


def editable_folder() -> str | None:
    """The folder of this citynet when it is an editable install (`pip install -e .`)."""
    from importlib.metadata import PackageNotFoundError, distribution
    from urllib.parse import unquote, urlparse

    try:
        text = distribution(PACKAGE).read_text("direct_url.json")
        info = json.loads(text) if text else {}
    except (PackageNotFoundError, ValueError):
        return None
    folder = info.get("dir_info") if isinstance(info, dict) else None
    if not isinstance(folder, dict) or folder.get("editable") is not True:
        return None
    url = urlparse(str(info.get("url", "")))
    return unquote(url.path) if url.scheme == "file" else None
