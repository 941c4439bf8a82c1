"""citynet's own folder in a registry, `.citynet/`: whether it may be used, and how its
files are opened.

A `.citynet/` that is a link, is not a folder, or holds links, hard links or special
files may have come from elsewhere: it is neither read nor written (store/cache.py adds
what git says). Its files are opened only as regular files with one name, never through
a link, never blocking on a pipe.
"""

from __future__ import annotations

import os
import stat


def folder_problem(folder: str) -> str | None:
    """Why the private folder at `folder` must not be used (None: it may, or it does not
    exist yet), in words naming it by its own name."""
    name = os.path.basename(folder)
    try:
        st = os.lstat(folder)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"{name}/ cannot be inspected ({exc.strerror})"
    if stat.S_ISLNK(st.st_mode):
        return f"{name} is a symbolic link"
    if not stat.S_ISDIR(st.st_mode):
        return f"{name} is not a folder"
    try:
        for entry in os.scandir(folder):
            info = entry.stat(follow_symlinks=False)
            if stat.S_ISLNK(info.st_mode):
                return f"{name}/{entry.name} is a symbolic link"
            if not stat.S_ISREG(info.st_mode):
                return f"{name}/{entry.name} is not a plain file"
            if info.st_nlink > 1:
                return f"{name}/{entry.name} is a hard link"
    except OSError as exc:
        return f"{name}/ cannot be read ({exc.strerror})"
    return None


def open_file(path: str, flags: int = os.O_RDONLY, mode: int = 0o600) -> int:
    """A descriptor of the private file at `path`: never through a link, never blocking on
    a pipe, and (when it exists already) only a regular file with one name; OSError
    otherwise (NotAFileError for what is not a plain file)."""
    fd = os.open(path, flags | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0),
                 mode)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_nlink != 1:
            raise NotAFileError(path)
    except BaseException:
        os.close(fd)
        raise
    return fd


class NotAFileError(OSError):
    """A private file that is not a regular file with one name."""
