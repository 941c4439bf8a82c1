"""The registry as Popolo (https://www.popoloproject.com): organizations, memberships, posts,
areas, as EveryPolitician and civic-data registries exchange them.

- Each city is an Area (`area/<id>`, within its country's, `area/country/<CC>`) and the
  Organization that governs it (`city/<id>`, classification its level); an organisation and
  a committee (its `parent_id` the organisation) are Organizations too.
- A membership is a Popolo Membership of the city's Organization (`member`) in the
  organisation's, with role `member` and its dates, and one more for each role it held
  (`founder`, `president` …, with the Post of that role where the organisation has one).
- An agreement and a cooperation project are Organizations of their own (classification
  `sister`, `friendship` … and `cooperation-project`), their cities (and a project's partner
  organisations) Memberships in them with roles `party`, `provider`, `recipient`, `partner`.
- A post is a Popolo Post; one with `area: member-city` is a post for each member city.
- Each date is as precise as its source (Popolo's `YYYY`, `YYYY-MM` or `YYYY-MM-DD`).
  A lifecycle ends a Membership (`end_date`, the date of the step that ended it) and is given
  whole in the Membership's `lifecycle` (and the agreement's Organization's), and a city's
  successions in its `predecessors` and `successors`, and a renamed city's former name in
  `other_names`: Popolo allows a class more properties than it names ("Adding metadata").
- Sources are Popolo Links, which need a URL: a source with none is not among them.
"""

from __future__ import annotations

from typing import Any

from citynet.model.kinds import AGREEMENTS, CITIES, COMMITTEES, MEMBERSHIPS, ORGANISATIONS, PROJECTS
from citynet.model.terms import Popolo, PostArea, Side, Succession

PROJECT = "cooperation-project"
"""The classification of a cooperation project's Organization."""


def _id(kind: Any, record_id: str) -> str:
    return f"{kind.name}/{record_id}"


def _area(city_id: str) -> str:
    return f"area/{city_id}"


def _country(code: str) -> str:
    return f"area/country/{code}"


def _compact(item: dict[str, Any]) -> dict[str, Any]:
    """An item without the properties it has no value for."""
    return {k: v for k, v in item.items() if v not in (None, [], {})}


def _links(sources: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    return [_compact({"url": s["url"], "note": s.get("title")}) for s in sources or ()
            if s.get("url")]


def _other_names(names: dict[str, str] | None) -> list[dict[str, str]]:
    return [{"name": text, "note": lang} for lang, text in (names or {}).items() if lang != "en"]


def document(stored: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """The Popolo document of an export's records (their dates already text)."""
    from citynet.publish.i18n import territory_name

    cities = {c["id"]: c for c in stored[CITIES.folder]}
    successors: dict[str, list[dict[str, Any]]] = {}
    for city in cities.values():
        for held in city.get("predecessors") or ():
            successors.setdefault(held[CITIES.name], []).append(
                {"organization_id": _id(CITIES, city["id"]), "date": held["date"],
                 "how": held["how"]})
    areas = [{"id": _country(code), "name": territory_name(code, "en"),
              "classification": "country", "identifier": code}
             for code in sorted({c["country"] for c in cities.values()})]
    organizations, memberships, posts = [], [], []
    for city in cities.values():
        location = city.get("location")
        areas.append(_compact({
            "id": _area(city["id"]), "name": city["names"]["en"],
            "classification": city.get("level") or CITIES.name,
            "identifier": str(city["geonames_id"]) if city.get("geonames_id") else None,
            "parent_id": _country(city["country"]),
            "geometry": {"type": "Point", "coordinates": [location["lon"], location["lat"]]}
            if location else None, "sources": _links(city.get("sources"))}))
        organizations.append(_city(city, cities, successors.get(city["id"], [])))
    members: dict[str, list[str]] = {}
    for membership in stored[MEMBERSHIPS.folder]:
        members.setdefault(membership[ORGANISATIONS.name], []).append(membership["member"])
    for organisation in stored[ORGANISATIONS.folder]:
        organizations.append(_compact({
            "id": _id(ORGANISATIONS, organisation["id"]), "name": organisation["names"]["en"],
            "other_names": _other_names(organisation["names"]),
            "classification": organisation.get("kind"),
            "area_id": _area(organisation["headquarters"])
            if organisation.get("headquarters") else None,
            "founding_date": organisation.get("founded"),
            "description": (organisation.get("goal") or {}).get("en"),
            "sources": _links(organisation.get("sources"))}))
        posts += _posts(ORGANISATIONS, organisation, members.get(organisation["id"], []))
    for committee in stored[COMMITTEES.folder]:
        organizations.append(_compact({
            "id": _id(COMMITTEES, committee["id"]), "name": committee["names"]["en"],
            "other_names": _other_names(committee["names"]), "classification": COMMITTEES.name,
            "parent_id": _id(ORGANISATIONS, committee[ORGANISATIONS.name]),
            "sources": _links(committee.get("sources"))}))
        posts += _posts(COMMITTEES, committee, [])
    post_of = {(p["organization_id"], p.get("role"), p.get("area_id")): p["id"] for p in posts}
    for membership in stored[MEMBERSHIPS.folder]:
        memberships += _memberships(membership, post_of)
    for agreement in stored[AGREEMENTS.folder]:
        organization, parties = _agreement(agreement)
        organizations.append(organization)
        memberships += parties
    for project in stored[PROJECTS.folder]:
        organization, taking_part = _project(project)
        organizations.append(organization)
        memberships += taking_part
    return {Popolo.AREAS.value: areas, Popolo.ORGANIZATIONS.value: organizations,
            Popolo.MEMBERSHIPS.value: memberships, Popolo.POSTS.value: posts}


def _city(city: dict[str, Any], cities: dict[str, dict[str, Any]],
          successors: list[dict[str, Any]]) -> dict[str, Any]:
    identifiers = [{"scheme": scheme, "identifier": str(city[field])}
                   for scheme, field in (("wikidata", "wikidata"), ("geonames", "geonames_id"))
                   if city.get(field)]
    former = [{"name": cities[held[CITIES.name]]["names"]["en"], "end_date": held["date"],
               "note": "former name"} for held in city.get("predecessors") or ()
              if held["how"] == Succession.RENAMED and held[CITIES.name] in cities]
    ended = sorted(s["date"] for s in successors)
    return _compact({
        "id": _id(CITIES, city["id"]), "name": city["names"]["en"],
        "other_names": [*_other_names(city["names"]), *former], "identifiers": identifiers,
        "classification": city.get("level") or CITIES.name, "area_id": _area(city["id"]),
        "dissolution_date": ended[0] if ended else None,
        "predecessors": [{"organization_id": _id(CITIES, held[CITIES.name]),
                          "date": held["date"], "how": held["how"]}
                         for held in city.get("predecessors") or ()],
        "successors": successors, "sources": _links(city.get("sources"))})


def _posts(kind: Any, record: dict[str, Any], member_cities: list[str]) -> list[dict[str, Any]]:
    """A record's posts; one with `area: member-city` once for each member city."""
    found = []
    for index, post in enumerate(record.get("posts") or (), start=1):
        base = _compact({"label": post["label"]["en"],
                         "other_label": [t for lang, t in post["label"].items() if lang != "en"],
                         "role": post.get("role"), "organization_id": _id(kind, record["id"]),
                         "start_date": post.get("start"), "end_date": post.get("end")})
        post_id = f"post/{kind.name}/{record['id']}/{index}"
        if post.get("area") == PostArea.MEMBER_CITY and member_cities:
            found += [{"id": f"{post_id}/{city}", **base, "area_id": _area(city)}
                      for city in sorted(set(member_cities))]
        else:
            found.append({"id": post_id, **base})
    return found


def _steps(record: dict[str, Any], side: dict[str, str]) -> list[dict[str, Any]]:
    """A lifecycle as citynet writes it, each side named by its Popolo id."""
    return [_compact({**step, "by": [side.get(b, b) for b in step.get("by") or ()],
                      "source": step.get("source")})
            for step in record.get("lifecycle") or ()]


def _end(record: dict[str, Any]) -> str | None:
    from citynet.model.lifecycle import end_date

    return end_date(record)


def _memberships(membership: dict[str, Any], post_of: dict[Any, str]) -> list[dict[str, Any]]:
    organisation = _id(ORGANISATIONS, membership[ORGANISATIONS.name])
    member = {"@type": "Organization", "id": _id(CITIES, membership["member"])}
    side = {Side.MEMBER.value: member["id"], Side.ORGANISATION.value: organisation}
    base = {"member": member, "organization_id": organisation,
            "sources": _links(membership.get("sources"))}
    end = _end(membership)
    found = [_compact({"id": _id(MEMBERSHIPS, membership["id"]), **base, "role": "member",
                       "start_date": membership.get("since"), "end_date": end,
                       "lifecycle": _steps(membership, side)})]
    for index, role in enumerate(membership.get("roles") or (), start=1):
        post = post_of.get((organisation, role["role"], _area(membership["member"]))) or \
            post_of.get((organisation, role["role"], None))
        found.append(_compact({
            "id": f"{_id(MEMBERSHIPS, membership['id'])}/role/{index}", **base,
            "role": role["role"], "post_id": post,
            "start_date": role.get("since") or membership.get("since"),
            "end_date": role.get("until") or end}))
    return found


def _agreement(agreement: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    organization = _id(AGREEMENTS, agreement["id"])
    side = {city: _id(CITIES, city) for city in agreement["parties"]}
    end = _end(agreement)
    names = agreement.get("names") or {}
    record = _compact({
        "id": organization, "classification": agreement["kind"],
        "name": names.get("en") or " – ".join(agreement["parties"]),
        "other_names": _other_names(names), "founding_date": agreement.get("signed"),
        "dissolution_date": end, "lifecycle": _steps(agreement, side),
        "sources": _links(agreement.get("sources"))})
    parties = [_compact({"id": f"{organization}/party/{index}",
                         "member": {"@type": "Organization", "id": side[city]},
                         "organization_id": organization, "role": "party",
                         "start_date": agreement.get("signed"), "end_date": end})
               for index, city in enumerate(agreement["parties"], start=1)]
    return record, parties


def _project(project: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    organization = _id(PROJECTS, project["id"])
    record = _compact({
        "id": organization, "name": project["names"]["en"],
        "other_names": _other_names(project["names"]), "classification": PROJECT,
        "founding_date": project.get("since"), "dissolution_date": project.get("until"),
        "sources": _links(project.get("sources"))})
    taking_part = [(_id(CITIES, project["provider"]), "provider")]
    taking_part += [(_id(CITIES, city), "recipient") for city in project.get("recipients") or ()]
    taking_part += [(_id(ORGANISATIONS, o), "partner") for o in project.get("partners") or ()]
    return record, [_compact({"id": f"{organization}/{role}/{index}",
                              "member": {"@type": "Organization", "id": member},
                              "organization_id": organization, "role": role,
                              "start_date": project.get("since"),
                              "end_date": project.get("until")})
                    for index, (member, role) in enumerate(taking_part, start=1)]
