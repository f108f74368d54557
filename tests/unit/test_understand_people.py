"""Names, attendees, seats and organisation."""

from __future__ import annotations

import pytest

from mailbot.understand.intent import read
from mailbot.understand.people import (
    clean_name,
    named_people,
    organisation,
    party,
    sender_name,
    signature_name,
)
from mailbot.understand.request import Intent, Person

ME = Person("Jürgen Müller", "jm@stadt-dortmund.de")


@pytest.mark.parametrize(("raw", "name"), [
    ("Müller, Jürgen", "Jürgen Müller"),
    ("Dr. Anna Schmidt", "Anna Schmidt"),
    ("Frau Prof. Dr. Anna Schmidt", "Anna Schmidt"),
    ("Herr Bürgermeister Weber", "Weber"),
    ('"Schmidt, Dr. Anna"', "Anna Schmidt"),
    ("Jürgen Müller (Stadt Dortmund)", "Jürgen Müller"),
    ("Jürgen Müller | Stadt Dortmund", "Jürgen Müller"),
    ("Michael O'Connor", "Michael O'Connor"),
    ("jm@stadt-dortmund.de", None),
    ("", None),
])
def test_clean_name(raw, name):
    assert clean_name(raw) == name


@pytest.mark.parametrize("display", ["Info", "Stadt Musterhausen", "Poststelle",
                                     "Büro des Bürgermeisters", "Stadtwerke Musterhausen - Vertrieb",
                                     "", None])
def test_office_display_names_fall_back_to_the_signature(display):
    assert sender_name(display, "Mit freundlichen Grüßen\nDr. Anna Schmidt\nStadt X") == \
        "Anna Schmidt"


def test_signature_name_skips_closing_and_im_auftrag():
    assert signature_name("Mit freundlichen Grüßen\nIm Auftrag\nNadine Vogt\nStadt N") == \
        "Nadine Vogt"
    assert signature_name("i. A. Claudia Fischer\nBüro des Bürgermeisters") == "Claudia Fischer"
    assert signature_name("Viele Grüße, Anna Schmidt") == "Anna Schmidt"
    assert signature_name("Tel. 0231 123456\nwww.stadt.de") is None


@pytest.mark.parametrize(("text", "names"), [
    ("meine Kollegin Frau Dr. Anna Schmidt und ich", ["Anna Schmidt"]),
    ("Ich melde Herrn Bürgermeister Weber an.", ["Weber"]),
    ("Sehr geehrte Frau Schulz, ich komme.", []),
    ("Teilnehmer:\n- Anna Schmidt\n- Peter Maier (Kämmerei)", ["Anna Schmidt", "Peter Maier"]),
    ("please register the following people:\n\nAnna Kowalczyk\nTom Becker\nand myself",
     ["Anna Kowalczyk", "Tom Becker"]),
    ("On behalf of Mayor Jane Doe", ["Jane Doe"]),
    ("Herrn Weber Ende Februar", ["Weber"]),
])
def test_named_people(text, names):
    assert [p.name for p in named_people(text)] == names
    assert all(p.email is None for p in named_people(text))


@pytest.mark.parametrize(("text", "who", "seats"), [
    ("Hiermit melden sich meine Kollegin Frau Dr. Anna Schmidt und ich an.",
     ["Jürgen Müller", "Anna Schmidt"], 2),
    ("Ich melde Herrn Bürgermeister Weber an.", ["Weber"], 1),
    ("Frau Dr. Helga Sommer nimmt teil, begleitet von Herrn Lukas Brenner.",
     ["Helga Sommer", "Lukas Brenner"], 2),
    ("Wir kommen zu dritt.", ["Jürgen Müller"], 3),
    ("Ich komme mit 2 Kollegen.", ["Jürgen Müller"], 3),
    ("Ich komme mit Begleitung.", ["Jürgen Müller"], 2),
    ("Please register three of us.", ["Jürgen Müller"], 3),
    ("Wir sind 4 Personen.", ["Jürgen Müller"], 4),
    ("Ich melde mich für alle fünf Workshops an.", ["Jürgen Müller"], 1),
    ("Ich komme am 4.3. um 10.00 Uhr.", ["Jürgen Müller"], 1),
])
def test_party_for_registration(text, who, seats):
    p = party(text, ME, Intent.REGISTER)
    assert [a.name for a in p.attendees] == who
    assert p.seats == seats


def test_sender_keeps_the_address_others_have_none():
    p = party("Meine Kollegin Anna Schmidt und ich kommen.", ME, Intent.REGISTER)
    # "Kollegin" says how to address her; the address is the sender's only
    assert p.attendees == (ME, Person("Anna Schmidt", None, "Frau"))


def test_sender_excluded():
    p = party("Bitte melden Sie meine Kollegin Sabine Roth an.", ME, Intent.REGISTER,
              sender_excluded=True)
    assert [a.name for a in p.attendees] == ["Sabine Roth"]


def test_cancel_for_a_colleague_only():
    p = party("Meine Kollegin Frau Dr. Anna Schmidt kann leider nicht. Ich komme aber.",
              ME, Intent.CANCEL)
    assert [a.name for a in p.attendees] == ["Anna Schmidt"]
    assert p.seats == 1


@pytest.mark.parametrize(("sig", "display", "addr", "org"), [
    ("Viele Grüße\nAnna\nAmt für Digitalisierung\nStadt Dortmund", "Anna", "a@dortmund.de",
     "Stadt Dortmund"),
    ("Viele Grüße\nAnna\nStadtwerke Musterhausen GmbH\nTel. 0231 1", "Anna", "a@sw.de",
     "Stadtwerke Musterhausen GmbH"),
    ("", "Anna Schmidt", "a@kreis-musterland.de", "kreis-musterland.de"),
    ("", "Anna Schmidt", "a@gmail.com", None),
    ("", "Anna Schmidt", "a@web.de", None),
])
def test_organisation(sig, display, addr, org):
    assert organisation(sig, display, addr) == org


@pytest.mark.parametrize(("text", "who", "seats"), [
    # a plural noun followed by several names: all of them come
    ("Gerne komme ich gemeinsam mit meinen Kolleginnen Ute Brand und Ina Vogt.",
     ["Jürgen Müller", "Ute Brand", "Ina Vogt"], 3),
    ("Please sign up me and my colleagues Omar Said, Ada Quinn and Tom Reed.",
     ["Jürgen Müller", "Omar Said", "Ada Quinn", "Tom Reed"], 4),
    ("Bitte melden Sie die Kollegen Jan Berg, Uwe Kamp und Frau Dr. Iris Maas an.",
     ["Jan Berg", "Uwe Kamp", "Iris Maas"], 3),
    ("Ich melde meine Mitarbeiterinnen Lea Wolf sowie Tina Rau an.", ["Lea Wolf", "Tina Rau"], 2),
    ("Mein Kollege Tom Sauer und ich kommen gerne.", ["Jürgen Müller", "Tom Sauer"], 2),
    # a stated number larger than the names stays
    ("Unsere Kollegen Ben Ott und Kai Jung und ich kommen zu viert.",
     ["Jürgen Müller", "Ben Ott", "Kai Jung"], 4),
    # an address inside the sentence does not cut it short
    ("Bitte melden Sie mich und meine Kollegin Eva Lenz (e.lenz@kreis-q.de) an.",
     ["Jürgen Müller", "Eva Lenz"], 2),
])
def test_several_named_people(text, who, seats):
    p = party(text, ME, Intent.REGISTER)
    assert [a.name for a in p.attendees] == who
    assert p.seats == seats


def test_a_list_of_names_ends_at_a_word_that_is_no_full_name():
    assert [p.name for p in named_people(
        "Ich komme mit meinem Kollegen Max Ohm und Ihnen ist das hoffentlich recht.")] == [
        "Max Ohm"]


@pytest.mark.parametrize(("text", "who", "seats"), [
    # the sender accompanies the person registered
    ("Ich melde Frau Bürgermeisterin Roth an und werde sie als Büroleiter begleiten.",
     ["Jürgen Müller", "Roth"], 2),
    ("Für Herrn Dr. Udo Kern bitte einen Platz; ich begleite Herrn Kern.",
     ["Jürgen Müller", "Udo Kern"], 2),
    ("Please register Mrs Ada Quinn, I will accompany her.", ["Jürgen Müller", "Ada Quinn"], 2),
    # a group gives the seats
    ("We'll be a group of six.", ["Jürgen Müller"], 6),
    ("Wir sind eine Gruppe von fünf.", ["Jürgen Müller"], 5),
])
def test_companions_and_groups(text, who, seats):
    p = party(text, ME, Intent.REGISTER)
    assert [a.name for a in p.attendees] == who
    assert p.seats == seats


def test_the_sender_who_does_not_come_is_no_attendee():
    text = "Bitte melden Sie Frau Dr. Ina Bär an. Ich selbst bin nur für die Organisation zuständig."
    r = read(text, "", is_reply=True)
    p = party(text, ME, r.intent, sender_excluded=r.sender_excluded)
    assert [a.name for a in p.attendees] == ["Ina Bär"] and p.seats == 1
