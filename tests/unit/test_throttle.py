"""The throttle on a real SQLite database (issue 10): every reply to an attendee counts
against the recipient's daily limit, news of a booking is never held back, an answer
where nothing changed goes once a day per recipient, event and kind, and automatic mail
or spam gets no reply on any path."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from sqlalchemy import update
from sqlmodel import select

import mailbot.handler as handler_module
from mailbot.decide import Decision, Outcome
from mailbot.handler import Handler
from mailbot.replies.kinds import Kind
from mailbot.replies.throttle import Throttle
from mailbot.runner import Runner
from mailbot.runtime import Runtime
from mailbot.store.db import Database
from mailbot.store.tables import OutgoingMail, utcnow
from tests.unit.test_handler import REGISTER, T0, db, inbox, mail, outgoing, put, settings

__all__ = ["db"]  # the fixture


def runner(db: Database, per_day: int = 10) -> Runner:
    return Runner(db, Handler(Runtime.build(settings(replies_per_sender_per_day=per_day))))


def reasons(db: Database) -> dict[int, str]:
    return {i: r.reason or "" for i, r in inbox(db).items()}


def sent_to(db: Database, to: str) -> list[str]:
    return [kind for _i, kind, rcpt in outgoing(db) if rcpt == to]


def test_confirmations_count_and_then_asking_back_is_suppressed(db: Database) -> None:
    first = put(db, mail("Anna Schmidt <anna@stadt-ulm.de>", REGISTER, 1))
    unclear = [put(db, mail("anna@stadt-ulm.de", "Hallo, wie geht es weiter?", n,
                            subject=f"Frage {n}"), T0 + timedelta(minutes=n))
               for n in range(2, 5)]
    runner(db, per_day=2).process_pending()
    # the confirmation counts: one asking back fits under the limit of 2, then none
    assert sent_to(db, "anna@stadt-ulm.de") == ["confirmed", "unclear"]
    assert first not in [i for i in unclear]
    assert [reasons(db)[i].endswith("suppressed (over 2 a day)") for i in unclear] == [
        False, True, True]


def test_a_move_up_caused_by_someone_else_goes_out_over_the_limit(db: Database) -> None:
    # lounge: one seat, one waitlist place
    put(db, mail("Anna Schmidt <anna@stadt-ulm.de>", REGISTER, 1))
    put(db, mail("Ben Weber <ben@kreis-pinneberg.de>",
                 REGISTER.replace("Anna Schmidt", "Ben Weber"), 2), T0 + timedelta(minutes=1))
    for n in range(3, 6):  # Ben uses up his limit
        put(db, mail("ben@kreis-pinneberg.de", "Hallo, wie geht es weiter?", n,
                     subject=f"Frage {n}"), T0 + timedelta(minutes=n))
    runner(db, per_day=2).process_pending()
    with db.unit() as session:  # Anna cancels by replying to her confirmation (the proof)
        ours = session.exec(select(OutgoingMail.message_id).where(
            OutgoingMail.recipient == "anna@stadt-ulm.de")).one()
    put(db, f"In-Reply-To: {ours}\r\n".encode() + mail(
        "anna@stadt-ulm.de", "Ich muss meine Anmeldung zur Innovators Lounge leider "
        "stornieren.", 9, subject="Re: Anmeldung"), T0 + timedelta(hours=1))
    runner(db, per_day=2).process_pending()
    assert sent_to(db, "ben@kreis-pinneberg.de") == ["waitlisted", "unclear", "moved_up"]
    assert sent_to(db, "anna@stadt-ulm.de") == ["confirmed", "cancelled"]
    with db.unit() as session:
        assert Throttle(2).replies_today(session, "ben@kreis-pinneberg.de") == 3


def _late(n: int) -> bytes:
    # the forum's deadline was 2027-01-15: a registration on T0 is refused as "closed"
    return mail("Eva Ende <eva@stadt.example>", "Hiermit melde ich mich zum "
                f"Deutschlandforum an.\r\n\r\nEva Ende {n}", n, subject=f"Forum {n}")


def test_the_same_refusal_is_sent_once_a_day_then_again(db: Database) -> None:
    ids = [put(db, _late(n), T0 + timedelta(minutes=n)) for n in range(1, 4)]
    run = runner(db)
    run.process_pending()
    assert sent_to(db, "eva@stadt.example") == ["closed"]
    assert reasons(db)[ids[1]] == ("register: closed; closed to eva@stadt.example not sent "
                                   "again (already told today)")
    assert reasons(db)[ids[2]].endswith("(already told today)")
    # another event, another kind: told as usual
    other = put(db, mail("eva@stadt.example", "Wie ist der Stand meiner Anmeldung zur "
                         "Innovators Lounge?", 7, subject="Stand"), T0 + timedelta(minutes=9))
    run.process_pending()
    assert sent_to(db, "eva@stadt.example") == ["closed", "not_registered"]
    assert "told" not in reasons(db)[other]
    # a day later the refusal is news again
    with db.unit() as session:
        session.connection().execute(update(OutgoingMail).values(
            created_at=utcnow() - timedelta(hours=25)))
    put(db, _late(8), T0 + timedelta(minutes=10))
    run.process_pending()
    assert sent_to(db, "eva@stadt.example") == ["closed", "not_registered", "closed"]


def test_a_refusal_that_failed_to_send_was_not_told(db: Database) -> None:
    put(db, _late(1))
    run = runner(db)
    run.process_pending()
    with db.unit() as session:
        session.connection().execute(update(OutgoingMail).values(state="failed"))
    put(db, _late(2), T0 + timedelta(minutes=1))
    run.process_pending()
    assert sent_to(db, "eva@stadt.example") == ["closed", "closed"]


def test_reply_to_decides_whose_limit_it_is(db: Database) -> None:
    for n in range(1, 13):
        put(db, mail(f"mallory{n}@evil.example", "Hiermit melde ich mich zum "
                     "Deutschlandforum an.", n, subject=f"Forum {n}").replace(
            b"To: ", b"Reply-To: victim@stadt.example\r\nTo: ", 1), T0 + timedelta(minutes=n))
        put(db, mail(f"mallory{n}@evil.example", f"Hallo {n}, wie geht es weiter?", 100 + n,
                     subject=f"Frage {n}").replace(
            b"To: ", b"Reply-To: victim@stadt.example\r\nTo: ", 1), T0 + timedelta(minutes=n))
    runner(db, per_day=3).process_pending()
    assert sorted(sent_to(db, "victim@stadt.example")) == ["closed", "unclear", "unclear"]
    assert not any(rcpt.startswith("mallory") for _i, _k, rcpt in outgoing(db))


@pytest.mark.parametrize("headers", [b"Auto-Submitted: auto-replied\r\n", b""])
def test_automatic_mail_and_spam_get_no_reply_even_if_a_step_planned_one(
        db: Database, monkeypatch: pytest.MonkeyPatch, headers: bytes) -> None:
    """Whatever a step of the decision planned (a hold with a note, a reply), automatic
    mail and spam never get a reply of their own; the organisers still get their note."""
    real = handler_module.decide

    def planning_a_reply(case: Any) -> tuple[str, Decision]:
        step, decision = real(case)
        note = case.runtime.assembler.organiser_notes(
            case.event, Kind.ORGANISER_HELD, case.mail, case.row.raw, "look")
        reply = case.runtime.assembler.reply(Kind.UNCLEAR, case.req, case.mail, None)
        return step, Decision(Outcome.HELD, decision.reason, [*note, reply])

    monkeypatch.setattr(handler_module, "decide", planning_a_reply)
    spam = ("Sehr geehrte Damen und Herren, GEWINNSPIEL! Sie haben 1.000.000 EUR gewonnen. "
            "Klicken Sie hier, um Ihren Gewinn zu erhalten: http://gewinn.example/jetzt "
            "Bitte senden Sie uns Ihre Bankdaten und eine Bearbeitungsgebühr. Viagra Casino "
            "Bitcoin Sonderangebot Rabatt 90 %! Abmelden: http://gewinn.example/abmelden")
    body = "Ich bin bis Montag nicht im Büro." if headers else spam
    raw = mail("someone@stadt.example", body, 1, subject="Hallo")
    put(db, raw.replace(b"To: ", headers + b"To: ", 1))
    runner(db).process_pending()
    (row,) = inbox(db).values()
    understood = json.loads(row.understood or "{}")
    assert understood["automatic"] if headers else understood["intent"] == "spam"
    assert row.outcome == "held"
    assert sorted((k, to) for _i, k, to in outgoing(db)) == [
        ("organiser_held", "forum@example.org"), ("organiser_held", "lounge@example.org")]


def test_already_registered_is_told_once_a_day_per_booking(db: Database) -> None:
    office = "office@kreis-pinneberg.de"
    body = "Hiermit melde ich {} zum Deutschlandforum an.\r\n\r\nMit freundlichen Grüßen\r\nAmt"
    # the forum is open until 2027-01-15: arrivals in early January
    at = T0 - timedelta(days=25)
    for n, who in enumerate(("Frau Anna Berg", "Herrn Bert Corte", "Frau Anna Berg",
                             "Herrn Bert Corte", "Frau Anna Berg")):
        put(db, mail(office, body.format(who), n, subject=f"Forum {n}"), at + timedelta(hours=n))
    runner(db).process_pending()
    assert sent_to(db, office) == ["confirmed", "confirmed", "already_registered",
                                   "already_registered"]
    assert list(reasons(db).values())[-1].endswith(
        "already_registered to office@kreis-pinneberg.de not sent again (already told today)")
