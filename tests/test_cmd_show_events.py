"""`citynet show` of an organisation or a city lists its events, its timeline by date."""

from conftest import SHIPPED

NET = "names: {en: Net}\nkind: network\nsources: [{title: t}]\n"
LAUNCH = "names: {en: Net launched}\ndate: 2018-11\norganisation: net\nplanned: true\n" \
         "sources: [{title: t}]\n"
MEETING = "names: {en: First meeting}\ndate: 2018-07\norganisation: net\ncity: seoul\n" \
          "sources: [{title: t}]\n"
PLEDGE = "names: {en: Seoul pledge}\ndate: 2015\ncity: seoul\nsources: [{title: t}]\n"


def _registry(make_registry, **more):
    return make_registry({"data/organisations/net.yaml": NET,
                          "data/events/net-launch.yaml": LAUNCH,
                          "data/events/net-meeting.yaml": MEETING,
                          "data/events/seoul-pledge.yaml": PLEDGE, **more})


def test_an_organisation_lists_its_events_by_date(cli, make_registry):
    view = cli("show", "net", "-f", "json", root=_registry(make_registry)).json()
    assert view["related"]["events"] == [
        {"id": "net-meeting", "date": "2018-07", "name": "First meeting",
         "city": {"id": "seoul", "name": "Seoul", "country": "KR"}, "planned": False},
        {"id": "net-launch", "date": "2018-11", "name": "Net launched", "city": None,
         "planned": True},
    ]


def test_a_city_lists_its_events_with_their_organisation(cli, make_registry):
    view = cli("show", "seoul", "-f", "json", root=_registry(make_registry)).json()
    assert [(e["id"], e["organisation"] and e["organisation"]["id"])
            for e in view["related"]["events"]] == [("seoul-pledge", None),
                                                    ("net-meeting", "net")]
    assert cli("show", "taipei", "-f", "json",
               root=_registry(make_registry)).json()["related"]["events"] == []


def test_text_names_the_events_and_marks_the_planned(cli, make_registry):
    out = cli("show", "net", root=_registry(make_registry)).stdout.splitlines()
    at = out.index("events (2):")
    assert out[at + 1:at + 3] == [
        "  net-meeting: 2018-07, First meeting, Seoul [seoul] (KR)",
        "  net-launch: 2018-11, Net launched, planned",
    ]


def test_an_event_naming_a_missing_city_is_marked_and_said(cli, make_registry):
    root = _registry(make_registry, **{"data/events/net-meeting.yaml":
                                       MEETING.replace("seoul", "atlantis")})
    run = cli("show", "net", "-f", "json", root=root)
    meeting = next(e for e in run.json()["related"]["events"] if e["id"] == "net-meeting")
    assert meeting["city"] == {"id": "atlantis", "name": "atlantis", "country": None,
                               "missing": True}
    assert "atlantis" in run.stderr


def test_an_event_with_errors_is_said_to_be_left_out(cli, make_registry):
    root = _registry(make_registry, **{"data/events/net-launch.yaml":
                                       LAUNCH.replace("date: 2018-11", "date: someday")})
    run = cli("show", "net", "-f", "json", root=root)
    assert [e["id"] for e in run.json()["related"]["events"]] == ["net-meeting"]
    assert "net-launch" in run.stderr


def test_the_shipped_ascn_shows_its_six_events(cli):
    view = cli("show", "ascn", "-f", "json", root=SHIPPED).json()
    events = view["related"]["events"]
    assert len(events) == 6 and all(e["planned"] for e in events)
    assert [e["date"] for e in events] == sorted(e["date"] for e in events)
