"""`citynet suspend`, `resume` and `end`: dated steps of a lifecycle, refused when they
contradict the history; `end`'s old invocations still work; `fmt` moves the old fields."""

from __future__ import annotations

import json
import re
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

AGREEMENT = "data/agreements/seoul-taipei-sister.yaml"


@pytest.fixture
def root(make_registry) -> Path:
    return make_registry({AGREEMENT: COMMENTED,
                          "data/memberships/seoul-net.yaml": MEMBERSHIP,
                          "data/organisations/net.yaml": NET})


def record(cli, root, record_id):
    return cli("show", record_id, "--format", "json", root=root).json()


def test_suspend_resume_and_end_write_each_step_keeping_comments(root, cli):
    run = cli("suspend", "seoul-taipei-sister", "--date", "2022-03-07", "--by", "seoul",
              "--reason", "the council voted to suspend it", "--source", "Seoul city hall",
              "--source-url", "https://seoul.go.kr/Séoul", root=root)
    assert run.exit_code == 0, run.stderr
    assert run.stdout == ("suspended: agreement seoul-taipei-sister on 2022-03-07: "
                          "data/agreements/seoul-taipei-sister.yaml\n")
    assert cli("resume", "seoul-taipei-sister", "--date", "2023", "--by", "both",
               "--source", "A letter", root=root).exit_code == 0
    assert cli("end", "seoul-taipei-sister", "--date", "2024-05", "--how", "terminated",
               "--by", "taipei", "--reason", "ended by decree", "--source", "A decree",
               "--source-as-of", "2024-06", root=root).exit_code == 0
    text = (root / AGREEMENT).read_text()
    for comment in ("# Seoul's first sister city.", "# as the source says", "# a year only"):
        assert comment in text
    assert record(cli, root, "seoul-taipei-sister")["record"]["lifecycle"] == [
        {"step": "suspended", "date": "2022-03-07", "by": ["seoul"],
         "reason": "the council voted to suspend it",
         "source": {"title": "Seoul city hall", "url": "https://seoul.go.kr/Séoul"}},
        {"step": "resumed", "date": 2023, "by": ["seoul", "taipei"],
         "source": {"title": "A letter"}},
        {"step": "terminated", "date": "2024-05", "by": ["taipei"], "reason": "ended by decree",
         "source": {"title": "A decree", "as_of": "2024-06"}}]
    assert cli("validate", root=root).exit_code == 0
    shown = cli("show", "seoul-taipei-sister", root=root).stdout
    assert ("  2022-03-07   suspended by Seoul [seoul] (KR): the council voted to suspend it "
            "(Seoul city hall) -> suspended\n") in shown
    assert "  2023         resumed by Seoul [seoul] (KR) and Taipei [taipei] (TW)" in shown
    assert "  1968         signed -> active\n" in shown


def test_the_state_is_read_on_a_date(root, cli):
    for args in (("suspend", "--date", "2022-03-07"), ("resume", "--date", "2023-06"),
                 ("end", "--date", "2025", "--how", "lapsed")):
        assert cli(args[0], "seoul-taipei-sister", *args[1:], "--source", "s",
                   root=root).exit_code == 0

    def listed(*args):
        return [r["id"] for r in cli("list", "agreements", *args, "-f", "json",
                                     root=root).json()]

    sister = ["seoul-taipei-sister"]
    assert listed("--as-of", "2021") == ["seoul-ottawa-friendship", *sister]
    assert listed("--as-of", "2022-06") == ["seoul-ottawa-friendship"]  # suspended: not in force
    assert listed("--as-of", "2022") == ["seoul-ottawa-friendship", *sister]  # in force then
    assert listed("--as-of", "2024") == ["seoul-ottawa-friendship", *sister]
    assert listed("--as-of", "2026") == ["seoul-ottawa-friendship"]
    assert listed("--status", "suspended", "--as-of", "2022-06") == sister
    marked = cli("list", "agreements", "--status", "suspended", "--as-of", "2022-06",
                 "--fields", "id", "-f", "json", root=root).json()
    assert marked == [{"id": "seoul-taipei-sister", "in_force": "no: suspended"}]
    assert listed("--status", "suspended", "--as-of", "2024") == []
    assert listed("--status", "active", "--as-of", "2022-06") == ["seoul-ottawa-friendship"]
    assert listed("--status", "ended") == sister
    assert listed("--status", "active") == ["seoul-ottawa-friendship"]
    rows = cli("list", "agreements", "--fields", "id,ended,status", "-f", "csv", root=root)
    assert "seoul-taipei-sister,2025,ended" in rows.stdout
    bad = cli("list", "agreements", "--status", "suspnded", root=root)
    assert bad.exit_code == 2 and "did you mean 'suspended'?" in bad.stderr


@pytest.mark.parametrize(("args", "message"), [
    (("resume", "seoul-taipei-sister", "--date", "2020"),
     "resumed, but it was not suspended (it was in force)"),
    (("suspend", "seoul-taipei-sister", "--date", "1960"),
     "suspended on 1960 comes before the record's start (signed 1968)"),
    (("suspend", "seoul-taipei-sistr", "--date", "2020"), "did you mean 'seoul-taipei-sister'?"),
    (("suspend", "seoul", "--date", "2020"), "'seoul' is a city; only agreements and "
                                             "memberships have a lifecycle"),
    (("end", "seoul-taipei-sister", "--date", "March"), "--date 'March' is not a date"),
    (("end", "seoul-taipei-sister", "--date", "2020", "--how", "bored"),
     "--how 'bored' is not one of ended, terminated"),
    (("end", "seoul-taipei-sister", "--date", "2020", "--by", "ottawa"),
     "--by 'ottawa' is not a side of it: name seoul and taipei, or both"),
    (("suspend", "seoul-net", "--date", "2020", "--by", "seoul-net"), "is not a side of it"),
    (("end", "seoul-net", "--date", "2012"), "president role starts in 2014"),
    (("end", "seoul-taipei-sister", "--date", "2020", "--source-url", "ftp://x"),
     "an http:// or https:// address"),
    (("suspend", "seoul-taipei-sister", "--date", "2020", "--reason", "a\x1b[31mred"),
     "control-character"),
    (("suspend", "seoul-taipei-sister", "--date", "2020", "--by", "taipei", "--by", "narnia"),
     "--by 'narnia' is not a side of it"),
])
def test_misuse_is_exit_2_and_writes_nothing(root, cli, args, message):
    before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    run = cli(*args, "--source", "x", root=root)
    assert run.exit_code == 2, run.stdout
    assert message in run.stderr and len(run.stderr.strip().splitlines()) == 1
    assert {p: p.read_bytes() for p in root.rglob("*.yaml")} == before


def test_a_step_before_the_last_one_is_refused(root, cli):
    assert cli("suspend", "seoul-taipei-sister", "--date", "2022-03", "--source", "s",
               root=root).exit_code == 0
    run = cli("resume", "seoul-taipei-sister", "--date", "2021", "--source", "s", root=root)
    assert run.exit_code == 2
    assert "resumed on 2021 comes before the step before it (suspended on 2022-03)" in run.stderr
    again = cli("suspend", "seoul-taipei-sister", "--date", "2023", "--source", "s", root=root)
    assert again.exit_code == 2 and "it was not in force (it was suspended)" in again.stderr


def test_an_ended_record_is_refused_unless_forced(root, cli):
    assert cli("end", "seoul-taipei-sister", "--date", "2020", "--how", "expired",
               "--source", "x", root=root).exit_code == 0
    again = cli("end", "seoul-taipei-sister", "--date", "2021", "--source", "y", root=root)
    assert again.exit_code == 2 and "already ended (expired on 2020)" in again.stderr
    after = cli("suspend", "seoul-taipei-sister", "--date", "2021", "--source", "y", root=root)
    assert after.exit_code == 2 and "after the record has ended" in after.stderr
    forced = cli("end", "seoul-taipei-sister", "--date", "2021", "--source", "y", "--force",
                 root=root)
    assert forced.exit_code == 0
    assert record(cli, root, "seoul-taipei-sister")["record"]["lifecycle"] == [
        {"step": "ended", "date": 2021, "source": {"title": "y"}}]


def test_dry_run_prints_the_change_and_writes_nothing(root, cli):
    before = (root / AGREEMENT).read_bytes()
    run = cli("suspend", "seoul-taipei-sister", "--date", "2022", "--source", "s", "--dry-run",
              root=root)
    assert run.exit_code == 0
    assert "+++ b/data/agreements/seoul-taipei-sister.yaml" in run.stdout
    assert "+- step: suspended\n+  date: 2022\n" in run.stdout
    assert (root / AGREEMENT).read_bytes() == before


@pytest.mark.parametrize(("reason", "step"), [
    ("suspended", "suspended"), ("expired", "expired"), ("terminated", "terminated"),
    ("merged", "merged"), ("dissolved", "dissolved"), ("unknown", "ended")])
def test_ends_old_invocation_keeps_its_meaning(root, cli, reason, step):
    """`end --reason R` took a closed list: R is still the kind of end (a suspension for
    `suspended`), as `fmt` reads an old `end_reason`."""
    run = cli("end", "seoul-taipei-sister", "--date", "2020", "--reason", reason,
              "--source", "Seoul city hall", "--source-url", "https://seoul.go.kr/x", root=root)
    assert run.exit_code == 0, run.stderr
    assert record(cli, root, "seoul-taipei-sister")["record"]["lifecycle"] == [
        {"step": step, "date": 2020,
         "source": {"title": "Seoul city hall", "url": "https://seoul.go.kr/x"}}]
    listed = cli("list", "agreements", "--as-of", "2021", root=root).stdout
    assert "seoul-taipei-sister" not in listed and "seoul-ottawa-friendship" in listed


def test_a_membership_ends_by_the_organisation_and_its_open_roles_end_with_it(root, cli):
    run = cli("end", "seoul-net", "--date", "2019", "--how", "merged", "--by", "net",
              "--source", "x", root=root)
    assert run.exit_code == 0, run.stderr
    data = record(cli, root, "seoul-net")["record"]
    assert data["lifecycle"] == [{"step": "merged", "date": 2019, "by": ["organisation"],
                                  "source": {"title": "x"}}]
    assert data["roles"][0]["until"] == 2019
    assert "# elected 2014" in (root / "data/memberships/seoul-net.yaml").read_text()
    assert cli("validate", root=root).exit_code == 0
    listed = cli("list", "memberships", "--fields", "id,until,status", "-f", "json", root=root)
    assert listed.json() == [{"id": "seoul-net", "until": "2019", "status": "ended"}]


def test_fmt_moves_the_old_fields_into_the_lifecycle_keeping_their_meaning(make_registry, cli):
    old = COMMENTED.replace("signed: 1968  # a year only\n",
                            "signed: 1968  # a year only\nended: 2020-03  # a council vote\n"
                            "status: ended\nend_reason: suspended\n")
    member = MEMBERSHIP.replace("since: 2010\n", "since: 2010\nuntil: 2019\nend_reason: merged\n")
    root = make_registry({AGREEMENT: old, "data/memberships/seoul-net.yaml": member,
                          "data/organisations/net.yaml": NET})
    before = cli("validate", root=root)
    assert before.exit_code == 1
    assert ("unknown key 'ended': the date of the step that ends it is in `lifecycle` now; "
            "`citynet fmt` moves it there") in before.stdout
    listed_before = cli("list", "agreements", "--as-of", "2021", root=root)
    assert cli("fmt", root=root).exit_code == 0
    assert cli("validate", root=root).exit_code == 0
    text = (root / AGREEMENT).read_text()
    assert re.search(r"\nlifecycle: +# a council vote\n- step: suspended\n  date: 2020-03\n", text)
    assert "status" not in text and "end_reason" not in text
    assert record(cli, root, "seoul-net")["record"]["lifecycle"] == [
        {"step": "merged", "date": 2019}]
    assert "seoul-taipei-sister" not in cli("list", "agreements", "--as-of", "2021",
                                            root=root).stdout
    assert listed_before.exit_code == 0
    assert cli("fmt", "--check", root=root).exit_code == 0  # idempotent


def test_fmt_refuses_old_fields_that_contradict_each_other(make_registry, cli):
    root = make_registry({AGREEMENT: COMMENTED + "status: active\nended: 2020\n"})
    before = (root / AGREEMENT).read_bytes()
    run = cli("fmt", root=root)
    assert run.exit_code == 1
    assert "status: active, but the record also says it ended" in run.stderr
    assert (root / AGREEMENT).read_bytes() == before


def _shipped(tmp_path: Path) -> Path:
    root = tmp_path / "registry"
    shutil.copytree(SHIPPED / "data", root / "data")
    return root


def test_a_suspension_on_the_shipped_data_is_honoured_everywhere(tmp_path, cli):
    root = _shipped(tmp_path)
    run = cli("suspend", "seoul-taipei-sister", "--date", "2020", "--by", "seoul",
              "--source", "X", root=root)
    assert run.exit_code == 0, run.stderr
    assert cli("validate", root=root).exit_code == 0
    listed = cli("list", "agreements", "--city", "seoul", "--as-of", "2021", root=root).stdout
    assert "seoul-tokyo-sister" in listed and "seoul-taipei-sister" not in listed
    assert "seoul-taipei-sister" in cli("list", "agreements", "--city", "seoul", "--as-of",
                                        "2019", root=root).stdout
    later = cli("report", "partners", "seoul", "--as-of", "2021", "--lang", "fr", root=root)
    assert later.exit_code == 0 and "Taipei" not in later.stdout
    now = cli("report", "partners", "seoul", "--lang", "fr", root=root).stdout
    assert "Taipei (Taïwan) (signé en 1968) (suspendu 2020)" in now


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "(suspended 2020) (resumed 2021-05)"), ("fr", "(suspendu 2020) (repris 2021-05)"),
    ("es", "(suspendido 2020) (reanudado 2021-05)"), ("pt", "(suspenso 2020) (retomado 2021-05)"),
    ("vi", "(tạm ngừng 2020) (nối lại 2021-05)"),
])
def test_partners_report_gives_the_steps_in_every_language(tmp_path, cli, lang, words):
    root = _shipped(tmp_path)
    cli("suspend", "seoul-taipei-sister", "--date", "2020", "--source", "X", root=root)
    cli("resume", "seoul-taipei-sister", "--date", "2021-05", "--source", "X", root=root)
    report = cli("report", "partners", "seoul", "--lang", lang, root=root).stdout
    assert words in report


def test_membership_and_network_reports_show_the_steps(tmp_path, cli):
    root = _shipped(tmp_path)
    assert cli("end", "hanoi-ascn", "--date", "2020", "--how", "dissolved", "--source", "X",
               root=root).exit_code == 0
    memberships = cli("report", "memberships", "hanoi", "--lang", "fr", root=root).stdout
    assert "| –2020 (dissous 2020) |" in memberships  # the source gives no start
    assert "ASCN" not in cli("report", "memberships", "hanoi", "--as-of", "2021",
                             root=root).stdout
    network = cli("report", "network", "ascn", "--lang", "es", root=root).stdout
    assert "Hanói (capital) (disuelto 2020)" in network
    data = json.loads(cli("report", "network", "ascn", "--format", "json", root=root).stdout)
    hanoi = [m for c in data["countries"] for m in c["members"] if m["id"] == "hanoi"]
    assert hanoi[0]["steps"] == [{"step": "dissolved", "label": "dissolved", "date": "2020",
                                  "reason": None}]
    assert hanoi[0]["until"] == "2020" and hanoi[0]["state"] == "ended"
    assert "Hanoi" not in cli("report", "network", "ascn", "--as-of", "2021", root=root).stdout


def test_every_step_has_a_label_in_every_language():
    from citynet.model.terms import StepKind
    from citynet.publish.i18n import label, messages

    for lang in ("en", "fr", "es", "pt", "vi"):
        texts = messages(lang)
        for step in StepKind:
            assert label(texts, "step", step) != step.value or lang == "en", (lang, step)
            assert texts.get("step_" + step.value.replace("-", "_")), (lang, step)


def test_a_comment_is_never_lost_silently(make_registry, cli):
    flow = ("kind: sister\nparties: [seoul,  # the capital\n  taipei]\nsigned: 1968\n"
            "sources: [{title: x}]  # one source\n")
    root = make_registry({AGREEMENT: flow})
    run = cli("end", "seoul-taipei-sister", "--date", "2020", "--source", "y", root=root)
    text = (root / AGREEMENT).read_text()
    if run.exit_code == 0:
        assert "# the capital" in text and "# one source" in text
    else:
        assert run.exit_code == 2 and "comment" in run.stderr and text == flow
