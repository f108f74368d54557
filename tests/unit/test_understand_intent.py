"""Intent from the sender's own words: precedence, negation, questions, thanks, subject."""

from __future__ import annotations

import pytest

from mailbot.understand.intent import is_reply, read, sentences, strip_prefixes
from mailbot.understand.request import Intent


@pytest.mark.parametrize(("text", "intent"), [
    ("Hiermit melde ich mich zum Interkommunalen Austausch an.", Intent.REGISTER),
    ("Ich bin dabei!", Intent.REGISTER),
    ("Ja, gerne.", Intent.REGISTER),
    ("Danke für die Einladung, ich komme gerne.", Intent.REGISTER),
    ("Ich wäre gern beim Treffen in Dortmund am 4.3. dabei.", Intent.REGISTER),
    ("Bitte setzen Sie mich auf die Teilnehmerliste.", Intent.REGISTER),
    ("Kann ich mich noch anmelden?", Intent.REGISTER),
    ("I'd like to sign up for the workshop.", Intent.REGISTER),
    ("Ich muss meine Anmeldung leider absagen.", Intent.CANCEL),
    ("Ich komme leider nicht mehr zum Wirtschafts-Workshop.", Intent.CANCEL),
    ("Hiermit ziehe ich meine Anmeldung zum Online-Austausch am 20. Januar zurück.", Intent.CANCEL),
    ("Leider bin ich an dem Tag verhindert.", Intent.CANCEL),
    ("I'm afraid I have to drop out of the mobility workshop.", Intent.CANCEL),
    ("Unfortunately I won't be able to attend.", Intent.CANCEL),
    ("Bin ich angemeldet?", Intent.STATUS),
    ("Ich habe mich angemeldet. Bin ich angemeldet?", Intent.STATUS),
    ("Könnten Sie mir bestätigen, dass ich für die Workshops Mobilität und Energie angemeldet "
     "bin?", Intent.STATUS),
    ("Am I registered for the online exchange?", Intent.STATUS),
    ("Gibt es Parkplätze?", Intent.QUESTION),
    ("Ich würde gerne wissen, ob es vegetarisches Essen gibt.", Intent.QUESTION),
    ("Vielen Dank für die Bestätigung!", Intent.THANKS),
    ("Thanks a lot, looking forward to it!", Intent.THANKS),
    ("Bitte um Rückruf unter 0171 2345678. Danke", Intent.UNCLEAR),
    ("Wie geht es Ihnen?", Intent.UNCLEAR),
    ("", Intent.UNCLEAR),
])
def test_intent(text, intent):
    assert read(text, "", is_reply=True).intent is intent


def test_cancel_beats_register_and_status_beats_register():
    assert read("Ich melde mich an. Nein, ich sage ab.", "", is_reply=True).intent is Intent.CANCEL
    assert read("Ich hatte mich angemeldet – bin ich angemeldet?", "",
                is_reply=True).intent is Intent.STATUS


def test_past_cancel_is_history_not_a_wish():
    r = read("Beim letzten Mal musste ich leider absagen. Bitte melden Sie mich diesmal an.", "",
             is_reply=False)
    assert r.intent is Intent.REGISTER and r.conflict is None


def test_conditional_cancel_is_no_cancel():
    r = read("Ich melde mich an. Falls ich doch nicht kommen kann, sage ich rechtzeitig ab.", "",
             is_reply=False)
    assert r.intent is Intent.REGISTER


def test_cancel_one_and_register_another_is_a_conflict():
    r = read("Ich sage die Lounge ab. Zum Austausch melde ich mich dafür an.", "", is_reply=False)
    assert r.intent is Intent.CANCEL and r.conflict


def test_keeping_sessions_is_no_new_registration():
    r = read("Energie kann ich leider nicht. Mobilität und Bildung bleiben wie gebucht.", "",
             is_reply=False)
    assert r.intent is Intent.CANCEL and r.conflict is None
    assert "Mobilität" not in r.focus


def test_registering_a_colleague_while_prevented_oneself():
    r = read("Bitte melden Sie meine Kollegin Sabine Roth an, ich selbst bin leider verhindert.",
             "", is_reply=False)
    assert r.intent is Intent.REGISTER and r.sender_excluded


def test_register_with_question_keeps_the_question():
    r = read("Ich melde mich an. Gibt es Parkplätze?", "", is_reply=False)
    assert r.intent is Intent.REGISTER
    assert r.question == "Gibt es Parkplätze?"


def test_subject_only_when_not_a_reply():
    assert read("", "Anmeldung", is_reply=False).intent is Intent.REGISTER
    assert read("", "Absage Lounge", is_reply=False).intent is Intent.CANCEL
    assert read("", "Anmeldung", is_reply=True).intent is Intent.UNCLEAR


@pytest.mark.parametrize("subject", ["Re: x", "AW: x", "WG: x", "Fwd: x", "SV: x", "Antw: x",
                                     "RE: AW: x", "[Ext] AW: x", "FW: x"])
def test_reply_prefixes(subject):
    assert is_reply(subject)
    assert strip_prefixes(subject) == "x"


def test_anmeldung_subject_is_no_reply():
    assert not is_reply("Anmeldung Workshop")
    assert not is_reply("Re-Start der Reihe")


def test_sentences_keep_dates_and_titles_together():
    assert sentences("Frau Dr. Anna Schmidt kommt am 4.3. mit.\nDanke!") == [
        "Frau Dr. Anna Schmidt kommt am 4.3. mit.", "Danke!"]


def test_hard_wrapped_lines_are_one_sentence():
    r = read("Hiermit melde ich mich zum\nInterkommunalen Austausch an.", "", is_reply=True)
    assert r.intent is Intent.REGISTER


@pytest.mark.parametrize(("text", "intent"), [
    # German word order: the finite verb first, the subject after it
    ("Gerne kommen wir beide zum Treffen in Dortmund.", Intent.REGISTER),
    ("Am 4.3. komme ich zusammen mit Herrn Sommer vorbei.", Intent.REGISTER),
    ("Am 30.3. schaffen wir es leider doch nicht.", Intent.CANCEL),
    ("Den Termin im März schaffe ich nicht.", Intent.CANCEL),
    # separable verbs: the particle closes the clause, however far from the verb
    ("Bitte tragen Sie meinen Kollegen für den Bildungs-Workshop aus.", Intent.CANCEL),
    ("Melden Sie mich bitte vom Online-Treffen in der nächsten Woche ab, danke.", Intent.CANCEL),
    ("Nehmen Sie mich bitte auf die Liste für Norderstedt.", Intent.REGISTER),
    # a question in inverted order stays a question
    ("Kommen wir zu dritt noch rein?", Intent.QUESTION),
])
def test_word_order_and_separable_verbs(text, intent):
    assert read(text, "", is_reply=True).intent is intent


@pytest.mark.parametrize(("text", "intent"), [
    ("Bitte melden Sie auch Frau Ina Kohl (ina.kohl@gemeinde-y.de) für die Lounge an.",
     Intent.REGISTER),
    ("Tragen Sie bitte j.ott@kreis-z.de für den Termin am 2.3. aus.", Intent.CANCEL),
    ("Melden Sie uns laut https://www.example.org/programm.html für Modul 2 an.",
     Intent.REGISTER),
])
def test_addresses_and_links_do_not_end_a_sentence(text, intent):
    assert read(text, "", is_reply=True).intent is intent


@pytest.mark.parametrize(("text", "subject", "intent"), [
    ("Anmeldung für zwei Personen zur Lounge.\n\nDanke!", "", Intent.REGISTER),
    ("Hier meine Teilnahme für den Workshop.\n\nVielen Dank", "", Intent.REGISTER),
    ("Siehe Betreff.\n\nThanks!", "Registration online exchange", Intent.REGISTER),
    ("Danke!", "", Intent.THANKS),
])
def test_closing_thanks_does_not_override_the_request(text, subject, intent):
    assert read(text, subject, is_reply=False).intent is intent


@pytest.mark.parametrize(("text", "intent"), [
    ("Tragen Sie bitte die neue Adresse in Ihre Kartei ein.", Intent.UNCLEAR),
    ("Ich komme gerne, nicht nur wegen der Vorträge.", Intent.REGISTER),
    ("Tragen Sie bitte auch meinen Stellvertreter für den Workshop ein.", Intent.REGISTER),
])
def test_separable_verbs_need_a_person_and_nicht_nur_is_no_negation(text, intent):
    assert read(text, "", is_reply=True).intent is intent


def test_status_questions_about_several_registrations() -> None:
    from mailbot.understand.intent import read
    from mailbot.understand.request import Intent as _I

    for text in ("Wie ist der Stand unserer Anmeldungen?",
                 "Sind unsere Anmeldungen schon eingegangen?",
                 "Können Sie mir den Stand meiner Anmeldungen nennen?"):
        assert read(text, "", is_reply=False).intent is _I.STATUS, text


@pytest.mark.parametrize("text", [
    # a wish for a place, without the word "anmelden"
    "Für den Abend zur Verwaltung und den zur Bildung hätte ich gern je einen Platz.",
    "Wir hätten gern drei Plätze für das Treffen in Dortmund.",
    "Ich möchte bitte zwei Sitzplätze für die Lounge.",
    "Reservieren Sie uns bitte zwei Plätze.",
    "Bitte planen Sie für unser Amt vier Plätze ein.",
    # joining an online event
    "Unser Team möchte sich gern in die Videokonferenz einwählen.",
    "Am 20. Januar wählen wir uns zu zweit ein.",
    "We would like to dial in to the online exchange.",
    # English places and groups
    "Please book three places for our office.",
    "Could you save us two seats?",
    "We'll be a team of five coming to the lounge.",
    # a condition on the event is still a registration
    "Falls es noch Plätze gibt, würde ich mich gerne anmelden.",
    "If there is still room, please register me.",
])
def test_indirect_registration(text):
    assert read(text, "", is_reply=True).intent is Intent.REGISTER


@pytest.mark.parametrize("text", [
    "Ich konnte mich beim letzten Termin nicht einwählen.",
    "Ich möchte meinen Platz an eine Kollegin abgeben.",
    "Ich würde gern wissen, wie viele Plätze es gibt.",
    "We are attending another conference that week.",
    "Leider komme ich nicht mit.",
])
def test_no_registration_in_lookalikes(text):
    assert read(text, "", is_reply=True).intent is not Intent.REGISTER


def test_a_closing_question_does_not_outweigh_a_registration():
    r = read("Wir möchten uns gern zu viert in die Videokonferenz einwählen. Bekommt jeder "
             "einen eigenen Zugang?", "", is_reply=True)
    assert r.intent is Intent.REGISTER
    assert r.question == "Bekommt jeder einen eigenen Zugang?"
    r = read("Please book two places for us. Is there a cloakroom?", "", is_reply=True)
    assert r.intent is Intent.REGISTER and r.question == "Is there a cloakroom?"


@pytest.mark.parametrize("text", [
    "Gibt es eine Kinderbetreuung? Davon hängt ab, ob ich mich anmelde.",
    "Ob wir teilnehmen, entscheiden wir nach der Haushaltssitzung.",
    "Is lunch provided? That will decide whether we attend.",
    "I have not decided yet whether to register.",
])
def test_an_open_decision_is_no_registration(text):
    assert read(text, "", is_reply=True).intent in (Intent.QUESTION, Intent.UNCLEAR)


def test_an_open_decision_is_no_cancel_either():
    assert read("Ich bin noch nicht sicher, ob ich kommen kann.", "",
                is_reply=True).intent is not Intent.CANCEL


def test_asking_whether_one_may_still_register_is_a_registration():
    r = read("Ich wollte fragen, ob ich mich noch anmelden kann.", "", is_reply=True)
    assert r.intent is Intent.REGISTER


@pytest.mark.parametrize("text", [
    "Bitte melden Sie Frau Dr. Ina Bär an. Ich selbst bin nur für die Organisation zuständig.",
    "Herr Kurt Lang nimmt teil, ich komme nicht mit.",
    "Please register my colleague Dr. Omar Said. I will not be attending myself.",
    "Please sign up Mr Tom Reed; I'm only coordinating the registrations.",
])
def test_the_organiser_who_does_not_come(text):
    r = read(text, "", is_reply=True)
    assert r.intent is Intent.REGISTER and r.sender_excluded


@pytest.mark.parametrize("text", [
    "Ich selbst kann leider nicht.",
    "Leider komme ich nicht mit.",
])
def test_the_sender_alone_not_coming_is_a_cancel(text):
    assert read(text, "", is_reply=True).intent is Intent.CANCEL
