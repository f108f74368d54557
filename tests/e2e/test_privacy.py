"""Data protection (issue 10, point 6) with the real `mailbot` command: forget, retention,
export-person, and a deletion request held for a person."""

from __future__ import annotations

import json
import mailbox
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.servers.dovecot import Dovecot
from tests.support import event, mail, mailbot, registrations, write_config

pytestmark = pytest.mark.slow

NOW = datetime.now(UTC).replace(microsecond=0)
ANNA, ANNA_NAME = "joerdis.baeumer@stadt-a.example", "Jördis Bäumer"
BERND, BERND_NAME = "bernd.kuehn@stadt-b.example", "Bernd Kühn"
REGISTER = "Hiermit melde ich mich zum Interkommunalen Austausch an."


def _config(tmp_path: Path, events: list[dict[str, Any]] | None = None,
            **extra: Any) -> Path:
    return write_config(
        tmp_path / "mailbot.yaml",
        events=events or [event("austausch", "Interkommunaler Austausch",
                                NOW + timedelta(days=30), keywords=["Austausch"],
                                capacity=2, waitlist=3)],
        intake={"smtp": {"host": "127.0.0.1", "port": 2525}},
        outgoing={"maildir": str(tmp_path / "outbox")}, **extra)


def _inject(cfg: Path, raw: bytes, at: datetime, name: str) -> None:
    path = cfg.parent / "in" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(raw)
    mailbot(cfg, "inject", str(path), "--at", at.isoformat())


def _burst(cfg: Path, start: datetime) -> None:
    """Two confirmed, then Jördis waitlisted (1 seat), then Bernd registering himself and
    her (2 seats, waitlisted): her name is inside Bernd's mail and registration."""
    _inject(cfg, mail("x@stadt-x.example", REGISTER, name="Xaver Xylander"), start, "1.eml")
    _inject(cfg, mail("y@stadt-y.example", REGISTER, name="Yvonne Yilmaz"),
            start + timedelta(minutes=1), "2.eml")
    _inject(cfg, mail(ANNA, REGISTER + "\n\nTel. 0171 2345678", name=ANNA_NAME,
                      subject="Anmeldung Jördis Bäumer"), start + timedelta(minutes=2), "3.eml")
    _inject(cfg, mail(BERND, "Hiermit melde ich mich und meine Kollegin Jördis Bäumer "
                      f"({ANNA}) zum Interkommunalen Austausch an.", name=BERND_NAME),
            start + timedelta(minutes=3), "4.eml")
    mailbot(cfg, "run", "--once")


def _db_bytes(cfg: Path) -> bytes:
    base = cfg.parent / "mailbot.db"
    return b"".join(p.read_bytes() for p in (base, base.with_name("mailbot.db-wal"),
                                             base.with_name("mailbot.db-shm")) if p.exists())


def _traces(data: bytes, *needles: str) -> list[str]:
    low = data.lower()
    return [n for n in needles for form in (n, n.lower()) for enc in ("utf-8", "latin-1")
            if form.encode(enc, "replace") in data or form.lower().encode(enc, "replace") in low]


def _seats(rows: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [(r["status"], r["waitlist_position"], r["seats"], len(r["attendees"]),
             r["arrived_at"]) for r in rows]


def test_forget_leaves_no_trace_in_the_database_files_and_keeps_the_seats(
        tmp_path: Path) -> None:
    cfg = _config(tmp_path)
    _burst(cfg, NOW - timedelta(hours=1))
    before = registrations(cfg, "austausch")
    assert [r["status"] for r in before] == ["confirmed", "confirmed", "waitlisted",
                                              "waitlisted"]
    assert ANNA_NAME in [a for r in before for a in r["attendees"]]
    assert _traces(_db_bytes(cfg), ANNA, ANNA_NAME)  # the test can fail

    out = mailbot(cfg, "forget", ANNA.upper()).stdout
    assert "1 registration(s) anonymised, 1 naming the person edited, 2 mail(s)" in out

    after = registrations(cfg, "austausch")
    assert _seats(after) == _seats(before)  # capacities and the waiting list unchanged
    assert after[2]["email"] == "(erased)" and after[2]["name"] is None
    assert after[3]["email"] == BERND and ANNA_NAME not in after[3]["attendees"]
    data = _db_bytes(cfg)
    assert _traces(data, ANNA, ANNA_NAME, "0171 2345678") == []
    assert b"Xaver Xylander" in data  # the others are kept
    inbox = json.loads(mailbot(cfg, "inbox", "--format", "json").stdout)
    assert [m["reason"] for m in inbox].count("erased (data protection)") == 2
    assert len(inbox) == 4  # every mail still accounted for
    # Again: nothing left to erase, nothing changes.
    assert "0 registration(s) anonymised, 0 naming the person edited, 0 mail(s)" in \
        mailbot(cfg, "forget", ANNA).stdout
    assert _seats(registrations(cfg, "austausch")) == _seats(before)


def test_an_erased_registration_moved_up_gets_no_mail(tmp_path: Path) -> None:
    """A seat freed later goes to the erased registration in its turn (the order is
    kept), and nothing is sent to the erased address."""
    cfg = _config(tmp_path)
    _burst(cfg, NOW - timedelta(hours=1))
    mailbot(cfg, "forget", ANNA)
    box = mailbox.Maildir(tmp_path / "outbox")
    confirmation = next(m for m in box if m["To"].endswith("x@stadt-x.example>")
                        or m["To"] == "x@stadt-x.example")
    seen = set(box.keys())
    _inject(cfg, mail("x@stadt-x.example", "Ich muss meine Anmeldung zum Interkommunalen "
                      "Austausch leider absagen.", subject="Re: " + str(confirmation["Subject"]),
                      headers={"In-Reply-To": str(confirmation["Message-ID"])}),
            NOW, "5.eml")
    mailbot(cfg, "run", "--once")
    rows = registrations(cfg, "austausch")
    assert [r["status"] for r in rows] == ["cancelled", "confirmed", "confirmed", "waitlisted"]
    box = mailbox.Maildir(tmp_path / "outbox")
    new = [str(box[k]["To"]) for k in box.keys() if k not in seen]
    assert new == ["x@stadt-x.example"]  # X only, nothing to "(erased)"


def test_export_person_gives_the_persons_data_as_json(tmp_path: Path) -> None:
    cfg = _config(tmp_path)
    _burst(cfg, NOW - timedelta(hours=1))
    data = json.loads(mailbot(cfg, "export-person", ANNA).stdout)
    assert data["email"] == ANNA and data["names"] == [ANNA_NAME.casefold()]
    own, named = data["registrations"]
    assert (own["as"], own["status"], own["seats"], own["contact_name"]) == (
        "contact", "waitlisted", 1, ANNA_NAME)
    assert named["as"] == "attendee" and named["attendees"] == [
        {"name": ANNA_NAME, "email": None, "salutation": "Frau"}]
    assert "email" not in named and "contact_name" not in named  # not Bernd's data
    [sent] = data["mails"]
    assert sent["headers"]["Subject"] == "Anmeldung Jördis Bäumer"
    assert "0171 2345678" in sent["text"] and "raw" not in sent
    [reply] = data["replies"]
    assert reply["kind"] == "waitlisted" and reply["to"] == ANNA
    assert "Warteliste" in reply["text"]
    assert [m["id"] for m in data["mentioned"]["mails"]] == [4]  # Bernd's mail: no content
    mailbot(cfg, "forget", ANNA)
    after = json.loads(mailbot(cfg, "export-person", ANNA).stdout)
    assert after["registrations"] == after["mails"] == after["replies"] == []


def test_retention_erases_a_past_events_people_and_keeps_the_counts(tmp_path: Path) -> None:
    past = NOW - timedelta(days=100)
    events = [event("austausch", "Interkommunaler Austausch", past, keywords=["Austausch"],
                    capacity=2, waitlist=3),
              event("forum", "Deutschlandforum", past, keywords=["Forum"], capacity=5,
                    retention={"days_after_event": 365}),
              event("lounge", "Innovators Lounge", NOW + timedelta(days=10),
                    keywords=["Lounge"], capacity=5)]
    cfg = _config(tmp_path, events)
    _burst(cfg, past - timedelta(days=20))
    _inject(cfg, mail("f@stadt-f.example", "Ich melde mich zum Deutschlandforum an.",
                      name="Frieda Forum"), past - timedelta(days=20), "f.eml")
    _inject(cfg, mail("l@stadt-l.example", "Ich melde mich zur Innovators Lounge an.",
                      name="Lotte Lounge"), NOW - timedelta(minutes=5), "l.eml")
    mailbot(cfg, "run", "--once")
    before = registrations(cfg, "austausch")
    assert len(before) == 4 and _traces(_db_bytes(cfg), ANNA_NAME)

    data = yaml.safe_load(cfg.read_text())
    data["retention"] = {"days_after_event": 90}
    cfg.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    mailbot(cfg, "run", "--once")
    after = registrations(cfg, "austausch")
    assert _seats(after) == _seats(before)
    assert {r["email"] for r in after} == {"(erased)"}
    raw = _db_bytes(cfg)
    assert _traces(raw, ANNA, ANNA_NAME, BERND, BERND_NAME, "Xaver Xylander") == []
    assert b"Frieda Forum" in raw and b"Lotte Lounge" in raw  # 365 days; not past
    assert registrations(cfg, "forum")[0]["email"] == "f@stadt-f.example"
    # Idempotent: a second run changes nothing.
    mailbot(cfg, "run", "--once")
    assert registrations(cfg, "austausch") == after


def test_a_deletion_request_is_held_not_cancelled(tmp_path: Path) -> None:
    cfg = _config(tmp_path)
    _burst(cfg, NOW - timedelta(hours=1))
    seen = set(mailbox.Maildir(tmp_path / "outbox").keys())
    _inject(cfg, mail("x@stadt-x.example", "Abmeldung\n\nBitte löschen Sie alle meine Daten "
                      "(Art. 17 DSGVO) und melden Sie mich vom Interkommunalen\nAustausch ab.",
                      subject="Abmeldung und Löschung"), NOW, "del.eml")
    mailbot(cfg, "run", "--once")
    assert registrations(cfg, "austausch")[0]["status"] == "confirmed"  # nothing cancelled
    last = json.loads(mailbot(cfg, "inbox", "--format", "json").stdout)[-1]
    assert last["outcome"] == "held" and "Art. 17" in last["reason"]
    box = mailbox.Maildir(tmp_path / "outbox")
    new = [box[k]["To"] for k in box.keys() if k not in seen]
    assert new == ["orga@example.org"]  # a person, not the sender


def test_forget_deletes_the_copies_in_mailbots_imap_folder(
        tmp_path: Path, dovecot_server: Dovecot, imap_user: str) -> None:
    cfg = write_config(
        tmp_path / "mailbot.yaml",
        events=[event("austausch", "Interkommunaler Austausch", NOW + timedelta(days=30),
                      keywords=["Austausch"], capacity=5)],
        intake={"imap": {"host": dovecot_server.host, "port": dovecot_server.port,
                         "ssl": False, "username": imap_user, "password": "secret",
                         "after": "move:Erledigt"}},
        outgoing={"maildir": str(tmp_path / "outbox")})
    for i, (sender, name) in enumerate([(ANNA, ANNA_NAME), (BERND, BERND_NAME),
                                        ("x@stadt-x.example", "Xaver Xylander")]):
        body = REGISTER if sender != BERND else (
            f"Ich melde mich und Frau {ANNA_NAME} zum Interkommunalen Austausch an.")
        dovecot_server.append(imap_user, "INBOX", mail(sender, body, name=name),
                              NOW - timedelta(minutes=10 - i))
    mailbot(cfg, "run", "--once")
    with dovecot_server.client(imap_user) as imap:
        assert imap.select_folder("Erledigt")[b"EXISTS"] == 3
    out = mailbot(cfg, "forget", ANNA).stdout
    assert "IMAP: 2 copie(s) deleted" in out
    with dovecot_server.client(imap_user) as imap:
        imap.select_folder("Erledigt")
        left = imap.fetch(imap.search(["ALL"]), ["BODY.PEEK[HEADER.FIELDS (FROM)]"])
        assert [v[b"BODY[HEADER.FIELDS (FROM)]"] for v in left.values()] == [
            b'From: "Xaver Xylander" <x@stadt-x.example>\r\n\r\n']
    assert _traces(_db_bytes(cfg), ANNA, ANNA_NAME) == []


def test_forget_on_postgresql_leaves_no_row_with_the_address_or_name(
        tmp_path: Path, postgres_url: str) -> None:
    from sqlalchemy import create_engine, text

    cfg = _config(tmp_path, database=postgres_url)
    _burst(cfg, NOW - timedelta(hours=1))
    before = registrations(cfg, "austausch")

    def dump() -> bytes:
        engine = create_engine(postgres_url)
        try:
            with engine.connect() as conn:
                return b"".join(
                    repr(tuple(row)).encode() + b"".join(v for v in row if isinstance(v, bytes))
                    for table in ("inbox", "registration", "place", "outgoing", "cursor")
                    for row in conn.execute(text(f"SELECT * FROM {table}")))  # noqa: S608
        finally:
            engine.dispose()

    assert _traces(dump(), ANNA, ANNA_NAME)
    mailbot(cfg, "forget", ANNA)
    assert _traces(dump(), ANNA, ANNA_NAME, "0171 2345678") == []
    assert _seats(registrations(cfg, "austausch")) == _seats(before)


def test_the_daemon_runs_retention_as_a_scheduled_job(tmp_path: Path) -> None:
    from tests.e2e.test_daemon import daemon
    from tests.servers.common import free_port, wait_until

    past = NOW - timedelta(days=100)
    cfg = _config(tmp_path, [event("austausch", "Interkommunaler Austausch", past,
                                   keywords=["Austausch"], capacity=2, waitlist=3)])
    _burst(cfg, past - timedelta(days=20))
    before = registrations(cfg, "austausch")
    data = yaml.safe_load(cfg.read_text())
    data["retention"] = {"days_after_event": 90}
    data["intake"] = {"smtp": {"host": "127.0.0.1", "port": free_port()}}
    cfg.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    with daemon(cfg) as proc:
        wait_until(lambda: {r["email"] for r in registrations(cfg, "austausch")}
                   == {"(erased)"}, 30, "retention in the daemon",
                   alive=lambda: proc.poll() is None)
    assert _seats(registrations(cfg, "austausch")) == _seats(before)
    assert _traces(_db_bytes(cfg), ANNA, ANNA_NAME, BERND) == []
    log = (tmp_path / "daemon.log").read_text()
    assert "retention: event austausch: 4 registration(s) anonymised" in log
    assert ANNA not in log and BERND not in log


def test_forget_also_erases_a_cancellation_waiting_for_the_owners_confirmation(
        tmp_path: Path) -> None:
    """A plain mail asking to cancel proves nothing: the act waits, with what was asked,
    for the owner's reply. Forgetting the owner erases that too."""
    cfg = _config(tmp_path)
    _burst(cfg, NOW - timedelta(hours=1))
    _inject(cfg, mail(ANNA, "Ich muss meine Anmeldung zum Interkommunalen Austausch leider "
                      f"absagen.\n\n{ANNA_NAME}", name=ANNA_NAME, subject="Absage"),
            NOW - timedelta(minutes=5), "5.eml")
    mailbot(cfg, "run", "--once")
    db = sqlite3.connect(cfg.parent / "mailbot.db")
    try:
        assert db.execute("SELECT count(*) FROM pending_act WHERE email = ?",
                          (ANNA,)).fetchone() == (1,)  # the test can fail
    finally:
        db.close()
    mailbot(cfg, "forget", ANNA)
    db = sqlite3.connect(cfg.parent / "mailbot.db")
    try:
        assert db.execute("SELECT count(*) FROM pending_act").fetchone() == (0,)
    finally:
        db.close()
    assert _traces(_db_bytes(cfg), ANNA, ANNA_NAME) == []
