"""The `events` kind: an organisation's or a city's dated steps, listed and shown in reports."""

from __future__ import annotations

from tests.conftest import SHIPPED

NET = """\
names: {en: Network, fr: Réseau}
sources: [{title: t}]
"""
MEMBER = """\
member: seoul
organisation: net
sources: [{title: t}]
"""
LAUNCH = """\
names: {en: Launch, fr: Lancement}
date: 2018-11
organisation: net
planned: true
sources: [{title: Concept note}]
"""
MEETING = """\
names: {en: First meeting}
description: {en: In Singapore}
date: 2018-07
organisation: net
sources: [{title: t}]
"""


def registry(make_registry, **extra):
    return make_registry({"data/organisations/net.yaml": NET,
                          "data/memberships/seoul-net.yaml": MEMBER,
                          "data/events/net-launch.yaml": LAUNCH,
                          "data/events/net-meeting.yaml": MEETING, **extra})


def test_events_are_listed_and_filtered(cli, make_registry):
    root = registry(make_registry)
    rows = cli("list", "events", "--organisation", "net", "--format", "json", root=root).json()
    assert [r["id"] for r in rows] == ["net-launch", "net-meeting"]
    assert cli("validate", root=root).exit_code == 0


def test_an_event_belongs_to_an_organisation_or_a_city(cli, make_registry):
    root = registry(make_registry, **{
        "data/events/orphan.yaml": "names: {en: X}\ndate: 2018\nsources: [{title: t}]\n",
        "data/events/lost.yaml": "names: {en: X}\ndate: 2018\ncity: atlantis\n"
                                 "sources: [{title: t}]\n"})
    run = cli("validate", "--format", "json", root=root)
    codes = {(p["path"].rsplit("/", 1)[-1], p["code"]) for p in run.json()["problems"]}
    assert codes == {("orphan.yaml", "schema"), ("lost.yaml", "dangling-ref")}


def test_the_network_report_shows_the_timeline_oldest_first(cli, make_registry):
    root = registry(make_registry)
    text = cli("report", "network", "net", "--lang", "fr", root=root).stdout
    assert "## Chronologie" in text
    assert text.index("2018-07\u202f: First meeting — In Singapore") < text.index(
        "2018-11\u202f: Lancement (prévu)")  # French sets a narrow no-break space before ":"
    data = cli("report", "network", "net", "--as-of", "2018-08", "--format", "json",
               root=root).json()
    assert [e["id"] for e in data["events"]] == ["net-meeting"]


def test_no_events_no_timeline(cli, make_registry):
    root = make_registry({"data/organisations/net.yaml": NET,
                          "data/memberships/seoul-net.yaml": MEMBER})
    assert "## Timeline" not in cli("report", "network", "net", root=root).stdout


def test_shipped_ascn_timeline_is_in_its_network_report(cli):
    data = cli("report", "network", "ascn", "--format", "json", root=SHIPPED).json()
    assert [e["date"] for e in data["events"]] == [
        "2018-02", "2018-05", "2018-07", "2018-08", "2018-10", "2018-11"]
    assert all(e["planned"] for e in data["events"])


def test_new_writes_an_event_that_validates(cli, make_registry):
    root = registry(make_registry)
    run = cli("new", "event", "--id", "net-founding", "--name", "Founding", "--date", "2017",
              "--organisation", "net", "--source", "Charter", root=root)
    assert run.exit_code == 0, run.stderr
    assert cli("validate", root=root).exit_code == 0
    rows = cli("list", "events", "--format", "json", root=root).json()
    assert {r["id"]: r["date"] for r in rows}["net-founding"] == "2017"
    assert cli("new", "city", "--id", "x", "--name", "X", "--country", "KR", "--level", "city",
               "--date", "2017", root=root).exit_code == 2
