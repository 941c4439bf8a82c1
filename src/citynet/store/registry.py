"""The loaded registry: records by kind and id, and the relations between them.

`load()` turns a folder into a Registry plus the problems met on the way
(unreadable files, schema errors). Records that fail their schema are left
out of the registry, but their ids are still `known`, so a reference to a
broken city is not reported a second time as dangling.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from citynet.errors import RegistryNotFound
from citynet.model.kinds import KINDS, Kind, stored_refs
from citynet.model.problems import Problem, Severity
from citynet.store.files import DATA_DIR, Document, discover, read_all

if TYPE_CHECKING:  # pydantic and the models are imported only when a model is built
    from citynet.model.records import Record

ROOT_ENV = "CITYNET_ROOT"


def find_root(explicit: str | os.PathLike[str] | None = None, start: Path | None = None) -> Path:
    """The registry root: `explicit`, else the nearest folder upwards that holds data/."""
    if explicit:
        root = Path(explicit).expanduser()
        if not (root / DATA_DIR).is_dir():
            raise RegistryNotFound(f"{root} is not a registry: it has no {DATA_DIR}/ folder")
        return root.absolute()
    here = (start or Path.cwd()).absolute()
    for folder in (here, *here.parents):
        if (folder / DATA_DIR).is_dir():
            return folder
    raise RegistryNotFound(
        f"no registry found: no {DATA_DIR}/ folder in {here} or above it; "
        f"pass --root DIR or set {ROOT_ENV}"
    )


class Entry:
    """A valid record with where it came from; its model is built when first used.

    A record the index already knows to be valid is not validated again until
    something asks for its model: a warm `list` of one kind never pays for the
    models of the others.
    """

    __slots__ = ("kind", "id", "path", "raw", "_model")

    def __init__(self, kind: Kind, record_id: str, path: str, raw: dict[str, Any],
                 model: Record | None = None) -> None:
        self.kind = kind
        self.id = record_id
        self.path = path
        self.raw = raw
        """The data exactly as stored in the file."""
        self._model = model

    @property
    def model(self) -> Record:
        if self._model is None:
            self._model = self.kind.model.model_validate(self.raw)
        return self._model

    def as_stored(self) -> dict[str, Any]:
        """The stored data with its id first (the id may be left out of files)."""
        return {"id": self.id, **{k: v for k, v in self.raw.items() if k != "id"}}


@dataclass
class Registry:
    root: Path
    entries: dict[str, dict[str, Entry]] = field(
        default_factory=lambda: {folder: {} for folder in KINDS}
    )
    known: dict[str, set[str]] = field(default_factory=lambda: {folder: set() for folder in KINDS})
    """Ids of every record file per kind, valid or not."""
    documents: list[Document] = field(default_factory=list)
    """Every file read, valid or not, in path order."""
    _index: dict[tuple[str, str], dict[str, list[Entry]]] | None = None

    def of_kind(self, folder: str) -> list[Entry]:
        return sorted(self.entries[folder].values(), key=lambda e: e.id)

    def get(self, folder: str, record_id: str) -> Entry | None:
        return self.entries[folder].get(record_id)

    def counts(self, document: Document) -> bool:
        """Whether a file counts as a record in validate's summary: it holds data and its
        kind has a record of its id."""
        return document.data is not None and self.get(document.kind.folder,
                                                      document.id) is not None

    def find(self, record_id: str) -> list[Entry]:
        """Every record with this id, across kinds."""
        return [e for folder in KINDS if (e := self.entries[folder].get(record_id))]

    def name(self, folder: str, record_id: str, lang: str = "en") -> str:
        """A record's display name in `lang` (English if not given), else its id."""
        entry = self.get(folder, record_id)
        names = getattr(entry.model, "names", None) if entry else None
        if not names:
            return record_id
        return names.get(lang) or names["en"]

    def __len__(self) -> int:
        return sum(len(by_id) for by_id in self.entries.values())

    def _relations(self) -> dict[tuple[str, str], dict[str, list[Entry]]]:
        """(kind folder, target folder) -> referred id -> entries, from the declared refs."""
        if self._index is None:
            index: dict[tuple[str, str], dict[str, list[Entry]]] = defaultdict(
                lambda: defaultdict(list))
            for folder, kind in KINDS.items():
                if not kind.refs:
                    continue
                for entry in self.entries.get(folder, {}).values():
                    refs: dict[str, set[str]] = defaultdict(set)
                    for path, target in kind.refs:
                        refs[target].update(ref for _, ref in stored_refs(entry.raw, path))
                    for target, ids in refs.items():
                        for ref in ids:
                            index[(folder, target)][ref].append(entry)
            self._index = index
        return self._index

    def built_relations(self) -> dict[tuple[str, str], dict[str, list[Entry]]] | None:
        """The relations if something has asked for them already (None if not yet built), for
        a caller that keeps them current as it swaps records in and out."""
        return self._index

    def referring(self, kind: Kind, target: Kind, record_id: str) -> list[Entry]:
        """The records of `kind` that refer to the `target` record `record_id`, by id.

        The agreements of a city are `referring(AGREEMENTS, CITIES, "seoul")`.
        """
        found = self._relations().get((kind.folder, target.folder), {})
        return sorted(found.get(record_id, []), key=lambda e: e.id)


def load(root: Path, use_cache: bool = True, kinds: Any = None,
         wanted: Any = None, kept: dict[str, tuple[Document, list[Problem]]] | None = None
         ) -> tuple[Registry, list[Problem]]:
    """Read every record file under root into a Registry; never raises for bad files.

    With `kinds` (folder names), only those kinds are read: a command that lists
    agreements need not read a hundred thousand cities. With `use_cache`, the rows of the
    index in `.citynet/` are used and only files that changed are read
    (store/index.py); `wanted` (an `index.Wanted`) then reads only the rows a query needs.
    Otherwise each record goes into the registry as soon as it is read, while the workers
    read the next files. With `kept`, each file read is kept there with its reading
    problems (by path), for a recheck over what was loaded (store/states.py: `Loaded`).
    """
    import gc

    if use_cache:
        from citynet.store import index

        subset = index.read(root, index.Wanted.of(kinds) if wanted is None else wanted)
        if subset is not None:
            return from_subset(root, subset)
    registry = Registry(root)
    files, problems = discover(root, kinds)
    enabled = gc.isenabled()
    gc.disable()  # building 100k records, the collector would cost more than the work

    def each(doc: Document, doc_problems: list[Problem]) -> None:
        _add(registry, doc, doc_problems, problems)
        if kept is not None:
            kept[doc.path] = (doc, doc_problems)

    try:
        read_all(root, files, each=each)
    finally:
        gc.freeze()  # what is loaded lives as long as the command: never scan it again
        if enabled:
            gc.enable()
    return registry, problems


def from_subset(root: Path, subset: Any) -> tuple[Registry, list[Problem]]:
    """The registry of the documents an index query read (`index.Subset`): every file's id
    is known, so it answers as a full load does for what the query reads."""
    problems = list(subset.problems)
    registry = assemble(root, subset.documents, problems)
    for folder, stems in subset.known.items():
        registry.known[folder] = set(stems)
    return registry, problems


def _add(registry: Registry, doc: Document, doc_problems: list[Problem],
         problems: list[Problem]) -> None:
    """Put one document's record in the registry (its schema verdict found if not known)."""
    kind = doc.kind
    registry.documents.append(doc)
    registry.known[kind.folder].add(doc.id)
    problems.extend(doc_problems)
    if doc.data is None:
        return
    model = None
    schema_problems = doc.schema
    if schema_problems is None:
        from citynet.model import build

        model, schema_problems = build.build(kind, doc.path, doc.data)
        doc.schema = schema_problems  # as the workers give it, wherever it was read
    problems.extend(schema_problems)
    # A file with an error of its own (a key written twice, say: its data keeps the last
    # value) is known but not a record, as one that fails its schema.
    if schema_problems or any(p.severity is Severity.ERROR for p in doc_problems):
        return
    by_id = registry.entries[kind.folder]
    if doc.id not in by_id:
        by_id[doc.id] = Entry(kind, doc.id, doc.path, doc.data, model)


def load_checked(root: Path, use_cache: bool = True, kinds: Any = None,
                 wanted: Any = None) -> tuple[Registry, list[Problem]]:
    """The registry (of these kinds, if given) and its problems, for commands that read
    data but do not validate."""
    return load(root, use_cache, kinds, wanted)


def assemble(root: Path, documents: list[tuple[Document, list[Problem]]],
             problems: list[Problem]) -> Registry:
    """A Registry from documents read elsewhere (the index's rows, a git revision's files):
    the same records and schema problems `load` would give for the same files."""
    registry = Registry(root)
    for doc, doc_problems in documents:
        _add(registry, doc, doc_problems, problems)
    return registry
