"""The tree: the one place that says whether citynet may touch a path.

Every command asks here, for reads and writes alike; no other module looks at links,
special files or where a path leads (tests/test_store_tree.py fails if one does).

- **Reading.** The walk (`discover`) finds the record files under `data/<kind>/`. A link
  is read only if it leads to a regular file (or, for `data/` and a kind folder, a folder)
  inside the registry and outside its `.git/`; a link out, into `.git/`, dangling or a
  loop, a link to a folder below a kind folder, and pipes, devices and sockets are
  reported (`symlink`, `unreadable`) and never opened. A path named on the command line
  is taken as it is written (`Tree.relative`), so a link named there gets the walk's
  verdict too.
- **Writing.** citynet writes a file of the registry only where every part of its path
  below the root is a real folder, never a link (`Tree.writable`): nothing is ever
  written through a link, even one that validate reads. The file is a regular file or
  nothing (never a folder, a device, pipe or socket), never inside `.git/`; a new file
  only where nothing stands. A refusal is one line (`Refused`).
- **Replacing.** citynet replaces only what it made: a folder holding its manifest
  (`unlisted`), and its own temporary files, named `.NAME.citynet-tmp-PID`
  (`temporary_name`), which a later run removes once the process that made them is gone
  (`sweep`); a file of that name that git tracks, another user's, or a live process's is
  never removed.
"""

from citynet.store.tree.made import (
    MANIFEST,
    TEMPORARY,
    sweep,
    sweep_registry,
    temporary_name,
    unlisted,
)
from citynet.store.tree.place import (
    Tree,
    contained,
    destination_place,
    output_place,
    within,
)
from citynet.store.tree.walk import (
    DATA_DIR,
    EXTENSION,
    FILE,
    FOLDER,
    GIT_DIR,
    LINK,
    MISSING,
    SPECIAL,
    Found,
    Refused,
    discover,
    inside,
    inside_registry,
    is_skipped,
    kind_of,
    open_regular,
    read_from,
    walk_order,
)

__all__ = [
    "DATA_DIR", "EXTENSION", "FILE", "FOLDER", "GIT_DIR", "LINK", "MANIFEST", "MISSING",
    "SPECIAL", "TEMPORARY", "Found", "Refused", "Tree", "contained", "destination_place",
    "discover", "inside", "inside_registry", "is_skipped", "kind_of", "open_regular",
    "output_place", "read_from", "sweep", "sweep_registry", "temporary_name", "unlisted",
    "walk_order",
    "within",
]
