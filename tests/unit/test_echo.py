"""An echo of our own reply is automatic mail (issue 10): a header-less auto-responder
that sends our text back, quotes it with nothing of its own, or repeats itself over a
full quote, is not answered; a person's few words over a full quote are."""

from __future__ import annotations

from datetime import timedelta

from sqlmodel import select

from mailbot.handler import Handler
from mailbot.runner import Runner
from mailbot.runtime import Runtime
from mailbot.store.db import Database
from mailbot.store.tables import OutgoingMail
from mailbot.understand import quotes
from mailbot.understand.echo import echo_reason, plain_text
from tests.unit.test_handler import REGISTER, T0, db, inbox, mail, outgoing, put, settings

__all__ = ["db"]  # the fixture

CONFIRMATION = """Guten Tag Anna Schmidt,

vielen Dank für Ihre Anmeldung. Gern bestätigen wir Ihnen 1 Platz für folgende Veranstaltung:

Veranstaltung: Innovators Lounge
Termin: Donnerstag, 4. März 2027, 10:00 Uhr
Ort: Rathaus Ulm

Angemeldet: Anna Schmidt

Falls Sie doch nicht teilnehmen können, antworten Sie bitte kurz auf diese E-Mail.

Wir freuen uns auf Ihre Teilnahme.

Bei Fragen antworten Sie einfach auf diese E-Mail.

Mit freundlichen Grüßen
Ihr Anmeldeteam
"""


def quoted(text: str) -> str:
    return "\n".join("> " + line for line in text.splitlines())


def reason(body: str, own: tuple[str, ...] = (CONFIRMATION,)) -> str | None:
    return echo_reason(quotes.split(body), own)


def test_our_text_sent_back_unquoted_is_an_echo() -> None:
    assert reason(CONFIRMATION) and "mostly ours" in (reason(CONFIRMATION) or "")
    assert reason("Vielen Dank für Ihre Nachricht. Ihre Nachricht lautete:\n\n" + CONFIRMATION)
    # line breaks and case changed, as an HTML mail turned into text
    assert reason(" ".join(CONFIRMATION.split()).upper())


def test_a_quote_of_our_text_with_nothing_of_its_own_is_an_echo() -> None:
    assert "no word of its own" in (reason("\n" + quoted(CONFIRMATION)) or "")


def test_a_full_quote_loop_repeating_its_text_is_an_echo() -> None:
    fixed = ("Vielen Dank für Ihre Nachricht. Ihr Anliegen wird unter der Nummer 4711 "
             "bearbeitet, wir melden uns so bald wie möglich.")
    thread = f"{fixed}\n\n{quoted(CONFIRMATION)}\n> \n> {fixed}\n"
    assert "full-quote loop" in (reason(f"{fixed}\n\n{quoted(thread)}") or "")


def test_a_person_writing_over_a_full_quote_is_no_echo() -> None:
    for words in ("Ich storniere.", "Storno bitte", "Kann ich noch eine Kollegin mitbringen?",
                  "Vielen Dank! Ich komme gern. Gibt es dort Parkplätze für Besucher?"):
        assert reason(f"{words}\n\nAm 1.2.2027 schrieb Anmeldeteam:\n{quoted(CONFIRMATION)}") \
            is None, words


def test_a_mail_that_shares_a_few_lines_with_our_reply_is_no_echo() -> None:
    body = ("Guten Tag, ich möchte zusätzlich meine Kollegin Frau Berta Bauer anmelden für\n"
            "Veranstaltung: Innovators Lounge\nTermin: Donnerstag, 4. März 2027, 10:00 Uhr\n"
            "Ort: Rathaus Ulm\nSie ist im Amt für Digitalisierung und bringt einen Laptop mit.")
    assert reason(body) is None
    assert reason(CONFIRMATION, own=()) is None  # nothing sent to this address


def test_an_echo_of_our_confirmation_is_not_answered(db: Database) -> None:
    runner = Runner(db, Handler(Runtime.build(settings())))
    put(db, mail("Anna Schmidt <anna@stadt-ulm.de>", REGISTER, 1))
    runner.process_pending()
    with db.unit() as session:
        ((raw, msgid),) = session.exec(select(OutgoingMail.raw, OutgoingMail.message_id)).all()
    ours = plain_text(raw)
    assert "Innovators Lounge" in ours
    # a header-less responder: no Auto-Submitted, no In-Reply-To, our text as its own
    echo = put(db, mail("anna@stadt-ulm.de", "Automatische Antwort: Ihre Nachricht ist "
                        "eingegangen.\r\n\r\n" + ours.replace("\n", "\r\n"), 2,
                        subject="Re: Anmeldung"), T0 + timedelta(minutes=1))
    # Anna herself, over a full quote of the same text: cancelled as asked
    # (a reply to our confirmation: the proof that the cancellation is hers)
    cancel = put(db, f"In-Reply-To: {msgid}\r\n".encode() + mail(
        "anna@stadt-ulm.de", "Ich muss leider absagen, bitte stornieren Sie meine "
        "Anmeldung.\r\n\r\n" + quoted(ours).replace("\n", "\r\n"), 3,
        subject="Re: Anmeldung"), T0 + timedelta(minutes=2))
    runner.process_pending()
    rows = inbox(db)
    assert (rows[echo].outcome, rows[echo].reason) == (
        "ignored", "an echo of mailbot's own reply (its text is mostly ours)")
    assert rows[cancel].outcome == "booked" and rows[cancel].reason == "cancel: cancelled"
    assert [k for i, k, _to in outgoing(db) if i == echo] == []


def test_an_organisers_responder_echoing_our_notice_is_not_answered(db: Database) -> None:
    runner = Runner(db, Handler(Runtime.build(settings())))
    put(db, mail("anna@stadt-ulm.de", "Gibt es bei der Innovators Lounge Parkplätze für "
                 "Besucher?", 1, subject="Parken"))
    runner.process_pending()
    with db.unit() as session:
        (raw,) = session.exec(select(OutgoingMail.raw).where(
            OutgoingMail.recipient == "lounge@example.org")).all()
    echo = put(db, mail("lounge@example.org", "Ich bin nicht im Haus. Ihre Nachricht:\r\n\r\n"
                        + plain_text(raw).replace("\n", "\r\n"), 2, subject="Re: Frage"),
               T0 + timedelta(minutes=1))
    runner.process_pending()
    assert (inbox(db)[echo].outcome, inbox(db)[echo].reason) == (
        "ignored", "an echo of mailbot's own reply (its text is mostly ours)")
    assert [k for i, k, _to in outgoing(db) if i == echo] == []
