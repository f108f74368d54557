"""Which event and which sessions: titles, keywords, places, dates, plus-addresses."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from mailbot.config import load_config
from mailbot.understand.events import choose_event, choose_sessions, dates_in
from mailbot.understand.request import Intent
from mailbot.understand.vocabulary import Term, compound_match, key, norm, tokenize

ROOT = Path(__file__).resolve().parents[2]
JAN = datetime(2027, 1, 10, tzinfo=UTC)
ALL = ("mobilitaet", "verwaltung", "wirtschaft", "energie", "bildung")


@pytest.fixture(scope="module")
def settings():
    return load_config(ROOT / "tests" / "data" / "corpus" / "config.yaml")


def pick(settings, new="", subject="", quoted="", to=(), intent=Intent.REGISTER,
         referenced=None, mine=(), at=JAN):
    return choose_event(settings, new_text=new, subject=subject, quoted=quoted, recipients=to,
                        intent=intent, referenced=referenced, sender_events=mine, arrived_at=at)


@pytest.mark.parametrize(("text", "event"), [
    ("das Treffen in Dortmund am 4.3.", "interkommunaler-austausch"),
    ("zum Interkommunalen Austausch", "interkommunaler-austausch"),
    ("am 04.03.2027", "interkommunaler-austausch"),
    ("am 4. März", "interkommunaler-austausch"),
    ("the meeting on March 4", "interkommunaler-austausch"),
    ("die Lounge in Norderstedt", "innovators-lounge"),
    ("Innovators-Lounge", "innovators-lounge"),
    ("zum Online-Erfahrungsaustausch", "erfahrungsaustausch-online"),
    ("an der Videokonferenz", "erfahrungsaustausch-online"),
    ("für die Workshops Mobilität und Verwaltung", "workshopreihe-smart-region"),
    ("zum Workshop am 2.3.", "workshopreihe-smart-region"),
    ("the Energy and Climate workshop", "workshopreihe-smart-region"),
])
def test_event_by_what_people_write(settings, text, event):
    assert pick(settings, new=text).event_id == event


def test_a_word_in_several_events_says_little(settings):
    choice = pick(settings, new="Ich melde mich für Digitale Verwaltung an.")
    assert choice.event_id is None
    assert set(choice.candidates) == {"erfahrungsaustausch-online", "workshopreihe-smart-region"}


def test_austausch_inside_erfahrungsaustausch_is_not_the_dortmund_exchange(settings):
    choice = pick(settings, new="Danke, ich freue mich auf den Austausch!",
                  subject="Ihre Anmeldung zum Online-Erfahrungsaustausch")
    assert choice.event_id == "erfahrungsaustausch-online"


def test_new_text_beats_subject_and_quote(settings):
    choice = pick(settings, new="Ich komme lieber zur Lounge in Norderstedt.",
                  subject="Einladung Interkommunaler Austausch",
                  quoted="Interkommunaler Austausch Smart City am 4. März in Dortmund")
    assert choice.event_id == "innovators-lounge"


def test_quoted_invitation_names_the_event(settings):
    choice = pick(settings, new="Ich bin dabei.", subject="Einladung",
                  quoted="Einladung zur Innovators Lounge Norderstedt am 10. Februar")
    assert choice.event_id == "innovators-lounge"


def test_quoted_newsletter_with_several_events_is_unclear(settings):
    choice = pick(settings, new="Ich melde mich an.", subject="Veranstaltungshinweise",
                  quoted="Interkommunaler Austausch in Dortmund am 4. März\n"
                         "Innovators Lounge Norderstedt am 10. Februar\n"
                         "Workshopreihe Smart Region ab 2. Februar")
    assert choice.event_id is None and len(choice.candidates) >= 2


@pytest.mark.parametrize(("to", "event"), [
    ("smartcity+austausch@example.org", "interkommunaler-austausch"),
    ("smartcity+lounge@example.org", "innovators-lounge"),
    ("smartcity+innovators-lounge@example.org", "innovators-lounge"),
    ("smartcity+workshopreihe@example.org", "workshopreihe-smart-region"),
])
def test_plus_address(settings, to, event):
    assert pick(settings, to=(to,)).event_id == event


def test_plus_address_of_another_mailbox_is_ignored(settings):
    assert pick(settings, to=("someone+austausch@example.org",)).event_id is None


def test_referenced_event_unless_the_text_names_another(settings):
    assert pick(settings, new="Ich kann nicht.", intent=Intent.CANCEL,
                referenced="innovators-lounge").event_id == "innovators-lounge"


def test_fallbacks(settings):
    late_feb = datetime(2027, 2, 20, tzinfo=UTC)  # only the Dortmund exchange is open
    assert pick(settings, new="Ich melde mich an.", at=late_feb).event_id == \
        "interkommunaler-austausch"
    assert pick(settings, new="Ich melde mich an.").event_id is None  # several open
    assert pick(settings, new="Ich sage ab.", intent=Intent.CANCEL,
                mine=("innovators-lounge",)).event_id == "innovators-lounge"
    assert pick(settings, new="Ich sage ab.", intent=Intent.REGISTER,
                mine=("innovators-lounge",)).event_id is None


@pytest.mark.parametrize(("text", "sessions"), [
    ("Mobilität und Verwaltung", ("mobilitaet", "verwaltung")),
    ("alle fünf Workshops", ALL),
    ("alle Termine", ALL),
    ("die gesamte Reihe", ALL),
    ("all sessions", ALL),
    ("nur den Workshop am 2.3.", ("wirtschaft",)),
    ("die ersten beiden Termine", ("mobilitaet", "verwaltung")),
    ("the first two workshops", ("mobilitaet", "verwaltung")),
    ("die letzten drei Termine", ("wirtschaft", "energie", "bildung")),
    ("den dritten Workshop", ("wirtschaft",)),
    ("nicht mehr zum Wirtschafts-Workshop", ("wirtschaft",)),
    ("zum Mobilitätsworkshop", ("mobilitaet",)),
    ("alle Workshops im März", ("wirtschaft", "energie", "bildung")),
    ("alle Workshops außer Bildung", ("mobilitaet", "verwaltung", "wirtschaft", "energie")),
    ("Energy and Education", ("energie", "bildung")),
    ("zur Workshopreihe", ()),
])
def test_sessions(settings, text, sessions):
    assert choose_sessions(settings, "workshopreihe-smart-region", text) == sessions


def test_sessions_only_for_a_series(settings):
    assert choose_sessions(settings, "innovators-lounge", "alle Termine") == ()


@pytest.mark.parametrize(("text", "found"), [
    ("am 4.3.", (4, 3, None)), ("04.03.2027", (4, 3, 2027)), ("4. März", (4, 3, None)),
    ("March 4th", (4, 3, None)), ("4 March 2027", (4, 3, 2027)), ("2027-03-04", (4, 3, 2027)),
])
def test_dates(text, found):
    assert found in dates_in(text)


def test_no_dates_in_times_or_amounts():
    assert dates_in("um 10.30 Uhr, 2.50 Euro") == []


@pytest.mark.parametrize(("token", "word", "rule"), [
    ("interkommunalen", "interkommunal", "stem"), ("Austausches", "Austausch", "stem"),
    ("wirtschafts", "wirtschaft", "stem"), ("workshops", "workshop", "stem"),
    ("innovator", "innovators", "stem"), ("Verwaltungen", "Verwaltung", "stem"),
    ("Mobilitaet", "Mobilität", "word"), ("Mobilitätsworkshop", "Mobilität", "compound"),
    ("Erfahrungsaustausch", "Austausch", "modified"), ("Forum", "Deutschlandforum", "head"),
    ("bild", "bildung", None), ("Ulmer", "Ulm", "stem"), ("Ulrich", "Ulm", None),
])
def test_word_rules(token, word, rule):
    tok = tokenize(token)[0]
    assert compound_match(tok, Term(norm(word), key(word), 1.0, "title"), frozenset()) == rule


@pytest.mark.parametrize("text", [
    "Liebes Smart-City-Team,\n\nfür das Online-Treffen am 20.1. melde ich mich an.",
    "Sehr geehrtes Smart City Team,\n\nich möchte zur Videokonferenz kommen.",
    "Hallo Team Smartcity,\nbitte einen Platz beim Online-Erfahrungsaustausch.",
    "Ich schreibe an smartcity@example.org wegen der Videokonferenz im Januar.",
    "Grüße an das Smart-City-Büro! Ich nehme an der Videokonferenz teil.",
])
def test_greeting_and_the_bots_own_name_do_not_name_an_event(settings, text):
    assert pick(settings, new=text).event_id == "erfahrungsaustausch-online"


def test_the_bots_name_inside_an_event_title_still_counts(settings):
    assert pick(settings, new="zum Austausch Smart City in Dortmund").event_id == (
        "interkommunaler-austausch")


def test_own_name_from_the_address():
    from mailbot.understand.events import own_name

    own = own_name("smartcity+lounge@example.org")
    assert own is not None
    assert own.sub("#", "Liebes Smart-City-Team, Team Smart City, smartcity@x.de") == (
        "Liebes #, #, #")
    assert own.sub("#", "Austausch Smart City") == "Austausch Smart City"
    assert own_name("ev@example.org") is None


def test_an_address_in_the_text_names_no_event(settings):
    text = "Bitte auch Frau Ott (i.ott@norderstedt.de) für die Videokonferenz eintragen."
    assert pick(settings, new=text).event_id == "erfahrungsaustausch-online"
