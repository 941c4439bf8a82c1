"""One stamp (store/stamp.py) answers "did this file or folder change?" for all of citynet."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import citynet
from citynet.store import stamp

SRC = Path(citynet.__file__).parent
FIELDS = re.compile(r"\bst_(mtime|ctime|atime|ino|dev)\w*|\bget[mc]time\b")
"""What a second way of telling a change would read."""


def test_no_module_but_the_stamp_reads_what_a_stamp_is_made_of():
    others = sorted(str(path.relative_to(SRC)) for path in SRC.rglob("*.py")
                    if path != SRC / "store" / "stamp.py"
                    and FIELDS.search(path.read_text(encoding="utf-8")))
    assert others == []


def test_an_edit_that_keeps_size_and_mtime_moves_the_stamp(tmp_path):
    path = tmp_path / "x.yaml"
    path.write_text("country: KR\n")
    before = stamp.of(str(path))
    st = path.stat()
    time.sleep(0.01)
    path.write_text("country: JP\n")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    now = stamp.of(str(path))
    assert now[:2] == before[:2] and now != before  # only the ctime moved


def test_a_file_replaced_by_another_moves_the_stamp(tmp_path):
    path, other = tmp_path / "x.yaml", tmp_path / "y.yaml"
    path.write_text("a\n")
    other.write_text("a\n")
    before = stamp.of(str(path))
    os.replace(other, path)
    assert stamp.of(str(path)) != before


def test_files_are_stamped_through_links_and_links_are_said(tmp_path):
    (tmp_path / "a.yaml").write_text("a\n")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    packed, links = stamp.files(str(tmp_path), ["a.yaml", "b.yaml", "gone.yaml"])
    assert links
    assert list(packed) == [*stamp.of(str(tmp_path / "a.yaml"))] * 2 + [*stamp.NONE]
    assert stamp.files(str(tmp_path), ["a.yaml"])[1] is False
    assert stamp.of(str(tmp_path / "b.yaml"), follow=False) != stamp.of(str(tmp_path / "a.yaml"))


def test_a_folder_is_trusted_only_once_it_has_been_still(tmp_path):
    folder = tmp_path / "data" / "cities"
    (folder / "asia").mkdir(parents=True)
    assert stamp.folders(str(tmp_path), "data/cities", "data") is None  # just made: racy
    time.sleep(stamp.RACY + 0.1)  # a folder's ctime cannot be set back
    found = stamp.folders(str(tmp_path), "data/cities", "data")
    assert found is not None and sorted(item[0] for item in found) == ["data/cities",
                                                                        "data/cities/asia"]
    assert stamp.same_folders(str(tmp_path), found)
    (folder / "asia" / "tokyo.yaml").write_text("a\n")  # an entry added below
    assert not stamp.same_folders(str(tmp_path), found)
    missing = stamp.folders(str(tmp_path), "data/events", "data")  # watched through data/
    assert missing == [["data", *stamp.of(str(tmp_path / "data"), follow=False)]]


def test_a_digest_of_stamps_moves_with_any_file(tmp_path):
    for name in ("a", "b"):
        (tmp_path / f"{name}.yaml").write_text(name)
    rels = ["a.yaml", "b.yaml"]
    first = stamp.digest(rels, stamp.files(str(tmp_path), rels)[0])
    assert stamp.digest(rels, stamp.files(str(tmp_path), rels)[0]) == first
    assert stamp.digest(rels[:1], stamp.files(str(tmp_path), rels[:1])[0]) != first
    (tmp_path / "b.yaml").write_text("B")
    assert stamp.digest(rels, stamp.files(str(tmp_path), rels)[0]) != first
