"""understand(): the whole request from one mail, for the behaviours the product promises."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from mailbot.config import load_config
from mailbot.understand.mime import parse
from mailbot.understand.pipeline import understand
from mailbot.understand.request import Context, Intent, Person

ROOT = Path(__file__).resolve().parents[2]
JAN = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def settings():
    return load_config(ROOT / "tests" / "data" / "corpus" / "config.yaml")


def mail(body: str, subject: str = "Anmeldung", *,
         sender: str = "Jürgen Müller <j.mueller@stadt-dortmund.de>",
         to: str = "smartcity@example.org", headers: str = "") -> bytes:
    return (f"From: {sender}\nTo: {to}\nSubject: {subject}\nMessage-ID: <m1@stadt-dortmund.de>\n"
            f"{headers}Content-Type: text/plain; charset=utf-8\n\n{body}\n").encode()


def run(settings, raw: bytes, **ctx):
    ctx.setdefault("arrived_at", JAN)
    return understand(parse(raw), settings, Context(**ctx))


def test_plain_german_registration(settings):
    r = run(settings, mail("Hiermit melde ich mich zum Interkommunalen Austausch an.\n\n"
                           "Mit freundlichen Grüßen\nJürgen Müller\nStadt Dortmund"))
    assert r.intent is Intent.REGISTER
    assert r.event_id == "interkommunaler-austausch"
    assert r.attendees == (Person("Jürgen Müller", "j.mueller@stadt-dortmund.de"),)
    assert r.seats == 1
    assert r.contact == Person("Jürgen Müller", "j.mueller@stadt-dortmund.de")
    assert r.organisation == "Stadt Dortmund"
    assert r.language == "de"
    assert r.automatic is None and r.hold is None and r.answerable


def test_reply_new_text_decides_quote_names_the_event(settings):
    body = ("Ich muss leider absagen.\n\nViele Grüße\nJürgen Müller\n\n"
            "-----Ursprüngliche Nachricht-----\nVon: Smart City <smartcity@example.org>\n"
            "Gesendet: Montag, 1. Februar 2027 10:00\nAn: Jürgen Müller\n"
            "Betreff: Einladung Innovators Lounge Norderstedt\n\n"
            "Bitte melden Sie sich an. Wir freuen uns auf Ihre Anmeldung.")
    r = run(settings, mail(body, "AW: Einladung Innovators Lounge Norderstedt"))
    assert r.intent is Intent.CANCEL
    assert r.event_id == "innovators-lounge"


def test_subject_counts_only_for_mail_that_is_not_a_reply(settings):
    assert run(settings, mail("", "Anmeldung Innovators Lounge")).intent is Intent.REGISTER
    # "Anmeldung" alone names no event while several are open: ask back, book nothing
    assert run(settings, mail("", "Anmeldung")).intent is Intent.UNCLEAR
    assert run(settings, mail("", "AW: Anmeldung")).intent is Intent.UNCLEAR
    assert run(settings, mail("", "WG: Anmeldung zum Austausch")).intent is Intent.UNCLEAR


def test_referenced_event_of_a_reply_to_mailbot(settings):
    raw = mail("Ich kann leider doch nicht kommen.", "Re: Ihre Anmeldung",
               headers="In-Reply-To: <mailbot.123@example.org>\n")
    r = run(settings, raw, referenced_event="innovators-lounge",
            is_own_message_id=lambda m: m.startswith("<mailbot."))
    assert r.intent is Intent.CANCEL and r.event_id == "innovators-lounge"
    assert r.automatic is None


def test_empty_reply_to_mailbot_is_automatic(settings):
    raw = mail("> Ihre Anmeldung ist bestätigt.", "Re: Ihre Anmeldung",
               headers="In-Reply-To: <mailbot.123@example.org>\n")
    r = run(settings, raw, is_own_message_id=lambda m: m.startswith("<mailbot."))
    assert r.automatic is not None


def test_out_of_office_is_automatic_but_still_filled(settings):
    raw = mail("Ich bin bis 20.1. nicht im Büro.", "Abwesenheitsnotiz: Anmeldung",
               headers="Auto-Submitted: auto-replied\n")
    r = run(settings, raw)
    assert r.automatic and not r.answerable
    assert r.contact.email == "j.mueller@stadt-dortmund.de"


def test_plus_address_names_the_event(settings):
    r = run(settings, mail("Ich melde mich an.", "Anmeldung",
                           to="smartcity+austausch@example.org"))
    assert r.event_id == "interkommunaler-austausch"


def test_two_events_named_give_candidates_not_a_guess(settings):
    r = run(settings, mail("Ich melde mich zur Lounge und zum Austausch in Dortmund an."))
    assert r.intent is Intent.UNCLEAR  # asks back which one; books nothing
    assert r.event_id is None
    assert set(r.candidates) == {"innovators-lounge", "interkommunaler-austausch"}


def test_only_open_event_for_a_register_mail(settings):
    # 2027-02-20: only the Dortmund exchange still takes registrations
    r = run(settings, mail("Ich melde mich an."), arrived_at=datetime(2027, 2, 20, tzinfo=UTC))
    assert r.event_id == "interkommunaler-austausch"
    r = run(settings, mail("Ich melde mich an."))
    assert r.event_id is None


def test_understanding_does_not_depend_on_the_deadline(settings):
    late = datetime(2027, 3, 1, tzinfo=UTC)
    r = run(settings, mail("Ich melde mich zur Lounge in Norderstedt an."), arrived_at=late)
    assert r.event_id == "innovators-lounge"


def test_cancel_without_event_uses_the_senders_only_registration(settings):
    r = run(settings, mail("Ich muss meine Anmeldung leider stornieren.", "Absage"),
            sender_events=("innovators-lounge",))
    assert r.intent is Intent.CANCEL and r.event_id == "innovators-lounge"
    r = run(settings, mail("Bin ich angemeldet?", "Frage"),
            sender_events=("innovators-lounge", "interkommunaler-austausch"))
    assert r.intent is Intent.STATUS and r.event_id is None
    assert set(r.candidates) == {"innovators-lounge", "interkommunaler-austausch"}


def test_question_for_a_human(settings):
    r = run(settings, mail("Gibt es Parkplätze? Wird die Veranstaltung aufgezeichnet?\n\n"
                           "Viele Grüße\nJürgen Müller", "Frage zur Lounge"))
    assert r.intent is Intent.QUESTION
    assert r.question == "Gibt es Parkplätze? Wird die Veranstaltung aufgezeichnet?"
    assert r.event_id == "innovators-lounge"


def test_thanks_is_not_answered(settings):
    r = run(settings, mail("Vielen Dank für die Bestätigung!", "AW: Ihre Anmeldung"))
    assert r.intent is Intent.THANKS and not r.answerable


def test_colleague_and_i(settings):
    r = run(settings, mail("Hiermit melden sich meine Kollegin Frau Dr. Anna Schmidt und ich "
                           "zum Treffen in Dortmund am 4.3. an."))
    assert r.event_id == "interkommunaler-austausch"
    assert [p.name for p in r.attendees] == ["Jürgen Müller", "Anna Schmidt"]
    assert r.attendees[1].email is None
    assert r.seats == 2


def test_assistant_registers_the_mayor(settings):
    r = run(settings, mail("Ich melde Herrn Bürgermeister Weber zum Interkommunalen Austausch an.",
                           sender="Sekretariat Bürgermeister <buero@stadt-x.de>"))
    assert [p.name for p in r.attendees] == ["Weber"]
    assert r.contact.email == "buero@stadt-x.de"
    assert r.seats == 1


def test_on_behalf_in_english(settings):
    r = run(settings, mail("On behalf of Mayor Jane Doe I would like to register her for the "
                           "Innovators Lounge.", "Registration",
                           sender="Tom Assistant <tom@city-of-x.gov>"))
    assert r.intent is Intent.REGISTER and r.language == "en"
    assert [p.name for p in r.attendees] == ["Jane Doe"]


@pytest.mark.parametrize(("body", "seats"), [
    ("Wir kommen zu dritt zur Lounge.", 3),
    ("Ich melde mich mit 3 Personen zur Lounge an.", 3),
    ("Wir möchten zwei Personen für die Lounge anmelden.", 2),
    ("Please register three of us for the Lounge.", 3),
    ("Ich komme mit 2 Kollegen zur Lounge.", 3),
    ("Ich komme zur Lounge.", 1),
])
def test_seats(settings, body, seats):
    r = run(settings, mail(body))
    assert r.intent is Intent.REGISTER
    assert r.seats == seats
    assert [p.name for p in r.attendees] == ["Jürgen Müller"]


def test_reply_to_is_the_contact(settings):
    raw = mail("Ich melde mich zur Lounge an.", headers="Reply-To: sekretariat@stadt-dortmund.de\n")
    r = run(settings, raw)
    assert r.contact == Person("Jürgen Müller", "sekretariat@stadt-dortmund.de")
    assert r.attendees[0].email == "j.mueller@stadt-dortmund.de"


def test_name_from_signature_when_display_name_is_an_office(settings):
    r = run(settings, mail("Hiermit melde ich mich zur Lounge an.\n\nMit freundlichen Grüßen\n"
                           "Dr. Anna Schmidt\nAmt für Digitalisierung\nGemeinde Musterdorf",
                           sender="Info Gemeinde Musterdorf <info@musterdorf.de>"))
    assert r.attendees[0].name == "Anna Schmidt"
    assert r.organisation == "Gemeinde Musterdorf"


def test_last_comma_first(settings):
    r = run(settings, mail("Ich komme zur Lounge.", sender='"Müller, Jürgen" <jm@stadt.de>'))
    assert r.attendees[0].name == "Jürgen Müller"


@pytest.mark.parametrize(("body", "sessions"), [
    ("Ich melde mich für die Workshops Mobilität und Verwaltung an.", ("mobilitaet", "verwaltung")),
    ("Ich melde mich für alle fünf Workshops der Reihe an.",
     ("mobilitaet", "verwaltung", "wirtschaft", "energie", "bildung")),
    ("Ich melde mich für die gesamte Workshopreihe an.",
     ("mobilitaet", "verwaltung", "wirtschaft", "energie", "bildung")),
    ("Bitte melden Sie mich nur für den Workshop am 2.3. an.", ("wirtschaft",)),
    ("Ich melde mich für die ersten beiden Termine der Workshopreihe an.",
     ("mobilitaet", "verwaltung")),
    ("Ich melde mich zur Workshopreihe Smart Region an.", ()),
])
def test_sessions_of_the_series(settings, body, sessions):
    r = run(settings, mail(body))
    assert r.intent is Intent.REGISTER
    assert r.event_id == "workshopreihe-smart-region"
    assert r.sessions == sessions


def test_cancel_one_session(settings):
    r = run(settings, mail("Ich komme leider nicht mehr zum Wirtschafts-Workshop.",
                           "AW: Ihre Anmeldung Workshopreihe"))
    assert r.intent is Intent.CANCEL
    assert r.event_id == "workshopreihe-smart-region"
    assert r.sessions == ("wirtschaft",)


def test_contradicting_mail_is_held(settings):
    r = run(settings, mail("Ich sage die Lounge ab. Zum Austausch in Dortmund melde ich mich "
                           "dafür an."))
    assert r.hold


def test_english_mail_gets_english(settings):
    r = run(settings, mail("Hello, I would like to attend the Innovators Lounge.\n\nBest regards\n"
                           "John Smith", "Innovators Lounge", sender="John Smith <js@firm.com>"))
    assert r.language == "en"
    assert r.intent is Intent.REGISTER
    assert r.organisation == "firm.com"


def test_freemail_domain_is_no_organisation(settings):
    r = run(settings, mail("Ich komme zur Lounge.", sender="Jürgen Müller <jm@gmail.com>"))
    assert r.organisation is None


def test_greeting_to_the_team_address_in_text_and_closing_thanks(settings):
    body = ("Liebes Smart-City-Team,\n\n"
            "bitte tragen Sie zusätzlich meine Kolleginnen Mia Kern und Zoe Hahn "
            "(z.hahn@stadt-dortmund.de) für die Videokonferenz im Januar ein.\n\n"
            "Danke!\nJürgen Müller")
    r = run(settings, mail(body, "Nachricht"))
    assert r.intent is Intent.REGISTER
    assert r.event_id == "erfahrungsaustausch-online"
    assert [p.name for p in r.attendees] == ["Mia Kern", "Zoe Hahn"]
    assert r.seats == 2


def test_inverted_cancel_of_one_session(settings):
    body = "Hallo,\n\nam 2.3. schaffe ich es leider nicht.\n\nDanke\nJürgen Müller"
    r = run(settings, mail(body, "Re: Ihre Anmeldung"), sender_events=(
        "workshopreihe-smart-region",))
    assert r.intent is Intent.CANCEL
    assert r.event_id == "workshopreihe-smart-region"
    assert r.sessions == ("wirtschaft",)


def test_joining_online_with_a_question_is_a_registration(settings):
    r = run(settings, mail("Guten Tag,\n\nwir würden uns gern zu zweit in die Videokonferenz am "
                           "20. Januar einwählen. Genügt ein gemeinsamer Zugang?\n\n"
                           "Viele Grüße\nJürgen Müller", "Erfahrungsaustausch"))
    assert r.intent is Intent.REGISTER and r.event_id == "erfahrungsaustausch-online"
    assert r.seats == 2 and r.question == "Genügt ein gemeinsamer Zugang?"


def test_places_booked_for_an_event_named_before(settings):
    r = run(settings, mail("Hello,\n\nour team of three is coming to the Innovators Lounge. "
                           "Please book three places for us.\n\nCheers\nJürgen Müller",
                           "Lounge"))
    assert r.intent is Intent.REGISTER and r.event_id == "innovators-lounge"
    assert r.seats == 3
