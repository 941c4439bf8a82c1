"""A registry's citynet.toml, read as hostile content: through the tree, bounded, never run.

The file is opened only as a regular file with one name, never through a link, never
blocking on a pipe (store/tree/private.py's one way of opening a file); it is read up to
`limits.CONFIG_BYTES` and parsed with tomllib alone (model/config.py). No file is no
settings: every command then runs on its own defaults.
"""

from __future__ import annotations

import os
from pathlib import Path

from citynet import limits
from citynet.errors import ConfigError
from citynet.model.config import FILE_NAME, NONE, Config, parse


def load(root: Path) -> Config:
    """The settings of the registry at `root`; ConfigError (one line: where and why) for a
    file that cannot be used."""
    from citynet.store.tree import FILE, MISSING, kind_of
    from citynet.store.tree.private import NotAFileError, open_file

    path = Path(root) / FILE_NAME
    try:
        what = kind_of(path)
    except OSError as exc:
        raise ConfigError(FILE_NAME, f"not read: {exc.strerror}") from None
    if what == MISSING:
        return NONE
    if what != FILE:
        raise ConfigError(FILE_NAME, f"not read: {_what(what)} (citynet reads its settings "
                          "only from a plain file)")
    try:
        fd = open_file(str(path))
    except NotAFileError:
        raise ConfigError(FILE_NAME, "not read: not a plain file with one name (citynet reads "
                          "its settings only from one)") from None
    except OSError as exc:
        raise ConfigError(FILE_NAME, f"not read: {exc.strerror}") from None
    try:
        data = os.read(fd, limits.CONFIG_BYTES + 1)
    finally:
        os.close(fd)
    if len(data) > limits.CONFIG_BYTES:
        raise ConfigError(FILE_NAME, f"not read: larger than {limits.CONFIG_BYTES // 1024} KiB, "
                          "the most citynet reads of its settings")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(FILE_NAME, f"not read: not UTF-8 text (byte {exc.start})") from None
    return parse(text, FILE_NAME)


def _what(what: str) -> str:
    from citynet.store.tree import FOLDER, LINK

    return {LINK: "a symbolic link", FOLDER: "a folder"}.get(
        what, "a device, pipe or socket")
