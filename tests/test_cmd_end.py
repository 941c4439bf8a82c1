"""`citynet end`: an agreement or membership ends, with its date, reason and source."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from conftest import SHIPPED

COMMENTED = """\
# Seoul's first sister city.
kind: sister   # as the source says
parties: [seoul, taipei]
signed: 1968  # a year only
sources: [{title: Diplomatie de la ville}]
"""

MEMBERSHIP = """\
member: seoul
organisation: net
since: 2010
roles:
  - role: president  # elected 2014
    since: 2014
sources: [{title: Diplomatie de la ville}]
"""

NET = """\
names: {en: A Network}
kind: network
sources: [{title: Diplomatie de la ville}]
"""


@pytest.fixture
def root(make_registry) -> Path:
    return make_registry({"data/agreements/seoul-taipei-sister.yaml": COMMENTED,
                          "data/memberships/seoul-net.yaml": MEMBERSHIP,
                          "data/organisations/net.yaml": NET})


def test_end_writes_date_status_reason_and_source_keeping_comments(root, cli):
    run = cli("end", "seoul-taipei-sister", "--date", "2020-03", "--reason", "suspended",
              "--source", "Seoul city hall", "--source-url", "https://seoul.go.kr/x", root=root)
    assert run.exit_code == 0, run.stderr
    assert run.stdout == ("ended agreement seoul-taipei-sister on 2020-03 (suspended): "
                          "data/agreements/seoul-taipei-sister.yaml\n")
    text = (root / "data/agreements/seoul-taipei-sister.yaml").read_text()
    for comment in ("# Seoul's first sister city.", "# as the source says", "# a year only"):
        assert comment in text
    shown = cli("show", "seoul-taipei-sister", "--format", "json", root=root).json()["record"]
    assert shown["ended"] == "2020-03" and shown["status"] == "ended"
    assert shown["end_reason"] == "suspended"
    assert shown["sources"][-1] == {"title": "Seoul city hall", "url": "https://seoul.go.kr/x",
                                    "as_of": "2020-03"}
    assert cli("validate", root=root).exit_code == 0


def test_a_membership_ends_with_until_and_its_open_roles_end_with_it(root, cli):
    run = cli("end", "seoul-net", "--date", "2019", "--reason", "merged", "--source", "x",
              root=root)
    assert run.exit_code == 0, run.stderr
    record = cli("show", "seoul-net", "--format", "json", root=root).json()["record"]
    assert record["until"] == 2019 and record["end_reason"] == "merged"
    assert "status" not in record  # memberships have no status: `until` is their state
    assert record["roles"][0]["until"] == 2019
    assert "# elected 2014" in (root / "data/memberships/seoul-net.yaml").read_text()
    assert cli("validate", root=root).exit_code == 0


@pytest.mark.parametrize(("args", "message"), [
    (("seoul-taipei-sister", "--date", "1960"), "starts in 1968"),
    (("seoul-taipei-sistr", "--date", "2020"), "did you mean 'seoul-taipei-sister'?"),
    (("seoul", "--date", "2020"), "'seoul' is a city; only agreements and memberships"),
    (("seoul-taipei-sister", "--date", "March"), "--date 'March' is not a date"),
    (("seoul-taipei-sister", "--date", "2020", "--reason", "bored"), "'bored' is not one of"),
    (("seoul-net", "--date", "2012"), "president role starts in 2014"),
])
def test_misuse_is_exit_2_and_writes_nothing(root, cli, args, message):
    before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    run = cli("end", *args, "--source", "x", root=root)
    assert run.exit_code == 2
    assert message in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == before


def test_an_ended_record_is_refused_unless_forced(root, cli):
    first = ("end", "seoul-taipei-sister", "--date", "2020", "--reason", "expired",
             "--source", "x")
    assert cli(*first, root=root).exit_code == 0
    again = cli("end", "seoul-taipei-sister", "--date", "2021", "--source", "y", root=root)
    assert again.exit_code == 2 and "already ended (ended: 2020)" in again.stderr
    forced = cli("end", "seoul-taipei-sister", "--date", "2021", "--source", "y", "--force",
                 root=root)
    assert forced.exit_code == 0
    record = cli("show", "seoul-taipei-sister", "--format", "json", root=root).json()["record"]
    assert record["ended"] == 2021 and "end_reason" not in record


def test_the_end_reason_is_a_closed_list_in_the_schema(make_registry, cli):
    root = make_registry({"data/agreements/seoul-taipei-sister.yaml":
                          COMMENTED + "ended: 2020\nend_reason: bored\n"})
    run = cli("validate", root=root)
    assert run.exit_code == 1 and "end_reason" in run.stdout


def _shipped(tmp_path: Path) -> Path:
    root = tmp_path / "registry"
    shutil.copytree(SHIPPED / "data", root / "data")
    return root


def test_end_on_the_shipped_data_is_honoured_everywhere(tmp_path, cli):
    root = _shipped(tmp_path)
    run = cli("end", "seoul-taipei-sister", "--date", "2020", "--reason", "suspended",
              "--source", "X", root=root)
    assert run.exit_code == 0, run.stderr
    assert cli("validate", root=root).exit_code == 0
    listed = cli("list", "agreements", "--city", "seoul", "--as-of", "2021", root=root).stdout
    assert "seoul-tokyo-sister" in listed and "seoul-taipei-sister" not in listed
    assert "seoul-taipei-sister" in cli("list", "agreements", "--city", "seoul", "--as-of",
                                        "2019", root=root).stdout
    later = cli("report", "partners", "seoul", "--as-of", "2021", "--lang", "fr", root=root)
    assert later.exit_code == 0 and "Taipei" not in later.stdout
    shown = cli("show", "seoul-taipei-sister", root=root).stdout
    assert "end_reason: suspended" in shown and "status: ended" in shown


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "(ended 2020, suspended)"), ("fr", "(terminé en 2020, suspendu)"),
    ("es", "(terminado en 2020, suspendido)"), ("pt", "(encerrado em 2020, suspenso)"),
    ("vi", "(kết thúc năm 2020, tạm ngừng)"),
])
def test_partners_report_gives_the_reason_in_every_language(tmp_path, cli, lang, words):
    root = _shipped(tmp_path)
    cli("end", "seoul-taipei-sister", "--date", "2020", "--reason", "suspended", "--source", "X",
        root=root)
    report = cli("report", "partners", "seoul", "--lang", lang, root=root).stdout
    assert words in report


def test_membership_and_network_reports_show_the_end(tmp_path, cli):
    root = _shipped(tmp_path)
    assert cli("end", "hanoi-ascn", "--date", "2020", "--reason", "dissolved", "--source", "X",
               root=root).exit_code == 0
    memberships = cli("report", "memberships", "hanoi", "--lang", "fr", root=root).stdout
    assert "| –2020 (dissous) |" in memberships  # the source gives no start
    assert "ASCN" not in cli("report", "memberships", "hanoi", "--as-of", "2021",
                             root=root).stdout
    network = cli("report", "network", "ascn", "--lang", "es", root=root).stdout
    assert "(terminado en 2020, disuelto)" in network
    data = json.loads(cli("report", "network", "ascn", "--format", "json", root=root).stdout)
    hanoi = [m for c in data["countries"] for m in c["members"] if m["id"] == "hanoi"]
    assert hanoi[0]["end_reason"] == "dissolved" and hanoi[0]["until"] == "2020"
    assert "Hanoi" not in cli("report", "network", "ascn", "--as-of", "2021", root=root).stdout


def test_every_end_reason_has_a_label_in_every_language():
    from citynet.model.records import EndReason
    from citynet.publish.i18n import messages

    for lang in ("en", "fr", "es", "pt", "vi"):
        texts = messages(lang)
        for reason in EndReason:
            assert texts.get(f"end_reason_{reason}"), (lang, reason)


def test_a_comment_is_never_lost_silently(make_registry, cli):
    flow = ("kind: sister\nparties: [seoul,  # the capital\n  taipei]\nsigned: 1968\n"
            "sources: [{title: x}]  # one source\n")
    root = make_registry({"data/agreements/seoul-taipei-sister.yaml": flow})
    run = cli("end", "seoul-taipei-sister", "--date", "2020", "--source", "y", root=root)
    text = (root / "data/agreements/seoul-taipei-sister.yaml").read_text()
    if run.exit_code == 0:
        assert "# the capital" in text and "# one source" in text
    else:
        assert run.exit_code == 2 and "comment" in run.stderr and text == flow
