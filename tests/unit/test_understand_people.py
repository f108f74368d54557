"""Names, attendees, seats and organisation."""

from __future__ import annotations

import pytest

from mailbot.understand.intent import read
from mailbot.understand.people import (
    clean_name,
    forms,
    listed_organisation,
    merge,
    named_people,
    organisation,
    party,
    same_person,
    sender,
    sender_name,
    signature_name,
    surname,
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


# --------------------------------------------------------------------------- issue 7: one
# person however the mail names them, forms of address, couples, lists, cancelling one


@pytest.mark.parametrize(("raw", "hint", "want"), [
    ("Frau Prof. Dr. Anna Schmidt", None, ("Frau", "Prof. Dr.")),
    ("Herrn Bürgermeister Weber", None, ("Herr", None)),
    ('"Schmidt, Dr. Anna"', None, (None, "Dr.")),
    ("Bürgermeisterin Roth", None, ("Frau", None)),  # the function says it
    ("Landrat Dr. Udo Kern", None, ("Herr", "Dr.")),
    ("Anna Schmidt", "(Kämmerin)", ("Frau", None)),
    ("Anna Schmidt", "Kollegin", ("Frau", None)),
    ("Tom Sauer", "Kollege", ("Herr", None)),
    ("Jan Berg", "Kollegen", (None, None)),  # plural, or any gender: not said
    ("Mrs. Ada Quinn", None, ("Mrs", None)),
    ("Dr Jane Doe", None, (None, "Dr.")),
    ("Mayor Jane Doe", None, (None, None)),
    ("Anna Freund", None, (None, None)),  # a family name is no relation word
])
def test_forms_of_address(raw, hint, want):
    assert forms(raw, hint) == want


@pytest.mark.parametrize(("a", "b", "same"), [
    (Person("Anna Schmidt"), Person("A. Schmidt"), True),
    (Person("Anna Schmidt"), Person("Schmidt", None, "Frau", "Dr."), True),
    (Person("Anna Maria Schmidt"), Person("Maria Schmidt"), True),
    (Person("Anna Schmidt"), Person("Peter Schmidt"), False),
    (Person("Schmidt", None, "Herr"), Person("Schmidt", None, "Frau"), False),
    (Person("Anna Schmidt", None, "Frau"), Person("Schmidt", None, "Herr"), False),
    (Person("Ursula von der Leyen"), Person("U. von der Leyen"), True),
    (Person("Anna Schmidt"), Person("Anna Schmidt-Weber"), False),
    (Person(None, "a@x.de"), Person("Anna Schmidt", "A@x.de"), True),
])
def test_same_person(a, b, same):
    assert same_person(a, b) is same and same_person(b, a) is same


def test_merge_keeps_the_fuller_name_the_address_and_every_form():
    merged = merge(Person("A. Schmidt", "as@x.de"), Person("Anna Schmidt", None, "Frau", "Dr."))
    assert merged == Person("Anna Schmidt", "as@x.de", "Frau", "Dr.")
    assert merge(Person("Anna Schmidt", None, None, "Dr."),
                 Person("Schmidt", None, None, "Prof. Dr.")).title == "Prof. Dr."
    assert surname("Ursula von der Leyen") == "von der Leyen" and surname("Weber") == "Weber"


@pytest.mark.parametrize(("display", "signature", "want"), [
    ("Schmidt, Dr. Anna", "", Person("Anna Schmidt", ME.email, None, "Dr.")),
    ("Frau Prof. Dr. Anna Schmidt", "", Person("Anna Schmidt", ME.email, "Frau", "Prof. Dr.")),
    # the signature gives the title and, by her function, the salutation
    ("Anna Schmidt", "Mit freundlichen Grüßen\nDr. Anna Schmidt\nBürgermeisterin",
     Person("Anna Schmidt", ME.email, "Frau", "Dr.")),
    ("Info", "Viele Grüße\nLandrat Dr. Udo Kern\nKreis Beispiel",
     Person("Udo Kern", ME.email, "Herr", "Dr.")),
    # an office's display name gives no forms to the person who signs
    ("Büro der Landrätin", "i. A. Marco Reuter\nBüro der Landrätin",
     Person("Marco Reuter", ME.email)),
    # a signature for someone else ("i. A.") is not the display name's person
    ("Anna Schmidt", "Viele Grüße\nDr. Peter Maier", Person("Anna Schmidt", ME.email)),
    # "Pichler Matthias" in From, "Matthias Pichler" signed: as it is said
    ("Pichler Matthias", "Freundliche Grüße\nMatthias Pichler\nAmt für Digitalisierung",
     Person("Matthias Pichler", ME.email)),
])
def test_the_sender_with_forms_from_display_name_and_signature(display, signature, want):
    assert sender(display, signature, ME.email) == want


@pytest.mark.parametrize(("text", "who"), [
    # one person however often and however the text names her
    ("Ich melde Frau Dr. Anna Schmidt an. Frau Schmidt bringt Unterlagen mit, A. Schmidt "
     "hat sie unterschrieben.", [("Anna Schmidt", "Frau", "Dr.")]),
    ("Teilnehmer:\n- Schmidt, Anna\n- Maier, Peter (Kämmerer)",
     [("Anna Schmidt", None, None), ("Peter Maier", "Herr", None)]),
    ("Teilnehmer:\n- Schmidt, Dr. Anna\n- Anna Schmidt", [("Anna Schmidt", None, "Dr.")]),
    # husband and wife of one name are two people
    ("Bitte melden Sie Frau Schmidt und Herrn Schmidt an.",
     [("Schmidt", "Frau", None), ("Schmidt", "Herr", None)]),
    # numbered, on one line, with functions
    ("Wir melden an: 1. Bürgermeister Klaus Weber, 2. Frau Dr. Anna Schmidt (Kämmerin)",
     [("Klaus Weber", "Herr", None), ("Anna Schmidt", "Frau", "Dr.")]),
    ("Anmeldung: 1. Klaus Weber, 2. Peter Maier, 3. Ina Roth (Kämmerin)",
     [("Klaus Weber", None, None), ("Peter Maier", None, None), ("Ina Roth", "Frau", None)]),
    # ... or one a line, and one organisation for all of them after the list
    ("Wir melden an:\n1. Bürgermeister Klaus Weber\n2. Frau Dr. Anna Schmidt (Kämmerin)\n"
     "3. Peter Maier\n(alle Kreis Pinneberg)",
     [("Klaus Weber", "Herr", None), ("Anna Schmidt", "Frau", "Dr."),
      ("Peter Maier", None, None)]),
    ("Teilnehmer: Klaus Weber, Peter Maier (alle Kreis Pinneberg)",
     [("Klaus Weber", None, None), ("Peter Maier", None, None)]),
    # a table: the head row is no person, the columns are apart
    ("wir melden folgende Personen an:\n\n  Name            Funktion\n\n  Dr. Ute Hansen  "
     "Bürgermeisterin\n\n  Jens Wolter     Fachbereichsleiter Planen und Bauen\n",
     [("Ute Hansen", "Frau", "Dr."), ("Jens Wolter", None, None)]),
    # a name ends with its line
    ("Name: Dr. Henrike Albers\nFunktion: Landrätin\nKommune: Kreis Beispiel",
     [("Henrike Albers", None, "Dr.")]),
    ("Teilnehmen werden:\nFrau Oberbürgermeisterin Dr. Petra Lang\nHerr Marc Vogel, Leiter",
     [("Petra Lang", "Frau", "Dr."), ("Marc Vogel", "Herr", None)]),
    # one number alone is a date, not a list
    ("Am 1. März komme ich gern.", []),
])
def test_named_people_are_each_one_person(text, who):
    assert [(p.name, p.salutation, p.title) for p in named_people(text)] == who


def test_one_organisation_for_a_whole_list():
    text = "Wir melden an:\n1. Klaus Weber\n2. Peter Maier\n(alle Kreis Pinneberg)"
    assert listed_organisation(text) == "Kreis Pinneberg"
    assert organisation("Viele Grüße\nAnna\nStadt Dortmund", "Anna", "a@dortmund.de",
                        text=text) == "Kreis Pinneberg"
    assert organisation("Viele Grüße\nAnna\nStadt Dortmund", "Anna", "a@dortmund.de") == \
        "Stadt Dortmund"
    assert listed_organisation("Wir kommen (alle drei) gern.") is None


@pytest.mark.parametrize(("text", "who", "seats"), [
    ("Meine Frau und ich kommen gerne.", [("Jürgen Müller", None)], 2),
    ("Ich komme mit meiner Frau.", [("Jürgen Müller", None)], 2),
    # the same wife, spoken of twice
    ("Meine Frau und ich kommen. Meine Frau isst vegetarisch.", [("Jürgen Müller", None)], 2),
    ("Mein Mann Peter und ich melden uns an.", [("Jürgen Müller", None), ("Peter", "Herr")], 2),
    ("Ich melde mich mit meinem Mann Dr. Peter Müller an.",
     [("Jürgen Müller", None), ("Peter Müller", "Herr")], 2),  # a relative is never the sender
    ("Wir kommen: meine Frau, unsere zwei Kinder und ich.", [("Jürgen Müller", None)], 4),
    ("My wife and I would like to attend.", [("Jürgen Müller", None)], 2),
])
def test_couples_and_families(text, who, seats):
    p = party(text, ME, Intent.REGISTER)
    assert [(a.name, a.salutation) for a in p.attendees] == who
    assert p.seats == seats


@pytest.mark.parametrize(("text", "who", "seats"), [
    # a list of others is the whole list: "wir" alone does not add the sender
    ("Wir melden folgende Personen an: 1. Bürgermeister Klaus Weber, 2. Frau Dr. Anna "
     "Schmidt (Kämmerin)", ["Klaus Weber", "Anna Schmidt"], 2),
    # the sender named in the list comes, and gets the title the list gives
    ("Wir melden an:\n- Dr. Jürgen Müller\n- Anna Schmidt", ["Jürgen Müller", "Anna Schmidt"], 2),
    # a late addition: the sender is booked already
    ("Könnten Sie meine Kollegin Frau Petra Lindner noch mit aufnehmen? Sie würde mich an "
     "beiden Tagen begleiten.", ["Petra Lindner"], 1),
    # someone who cancelled earlier is no attendee
    ("Herr Brandt aus unserem Team hat Ihnen gestern abgesagt. Ich komme aber trotzdem gern – "
     "bitte melden Sie mich an.", ["Jürgen Müller"], 1),
    ("Frau Roth kann leider nicht, dafür kommt Herr Peter Maier.", ["Peter Maier"], 1),
    ("Begleitet wird er von Herrn Jan Kowalski sowie von mir. Herr Bürgermeister Klaus Weber "
     "nimmt teil.", ["Jürgen Müller", "Jan Kowalski", "Klaus Weber"], 3),
    ("I would like to register. My colleague Julien Martin will come with me.",
     ["Jürgen Müller", "Julien Martin"], 2),
    # a number said with a doubt is no number of seats
    ("Ich komme gern, ggf. mit einem Kollegen - das kläre ich noch.", ["Jürgen Müller"], 1),
])
def test_who_comes_with_lists_additions_and_absences(text, who, seats):
    p = party(text, ME, Intent.REGISTER)
    assert [a.name for a in p.attendees] == who
    assert p.seats == seats


def test_the_sender_named_in_a_list_gets_the_forms_it_gives():
    p = party("Wir melden an:\n- Dr. Jürgen Müller\n- Anna Schmidt", ME, Intent.REGISTER)
    assert p.attendees[0] == Person("Jürgen Müller", ME.email, None, "Dr.")


def test_a_cancellation_names_who_is_cancelled_where_it_says_so():
    text = ("für das Forum hatten wir Herrn Bürgermeister Lang, Frau Dr. Schmidt und Herrn "
            "Özdemir angemeldet.\n\nFrau Dr. Schmidt kann leider nicht teilnehmen, da sie in "
            "Elternzeit ist. Die Anmeldungen von Herrn Lang und Herrn Özdemir bleiben bestehen.")
    p = party(text, ME, Intent.CANCEL)
    assert p.attendees == (Person("Schmidt", None, "Frau", "Dr."),) and p.seats == 1
    # the focus given by the intent reading is used as it is
    p = party(text, ME, Intent.CANCEL, focus="Frau Dr. Schmidt kann leider nicht teilnehmen.")
    assert [a.name for a in p.attendees] == ["Schmidt"]
    # the sender who cancels too is said so
    p = party("Frau Dr. Schmidt und ich können leider nicht teilnehmen.", ME, Intent.CANCEL)
    assert [a.name for a in p.attendees] == ["Jürgen Müller", "Schmidt"]
    # an unnamed companion: nobody named, one seat
    p = party("Meine Frau kann leider nicht kommen.", ME, Intent.CANCEL)
    assert p.attendees == () and p.seats == 1


def test_a_status_question_concerns_whom_it_asks_about():
    text = ("könnten Sie mir bitte kurz bestätigen, ob Herr Oberbürgermeister Krämer für das "
            "Forum angemeldet ist? Die Anmeldung lief über meine Vorgängerin, und ich finde "
            "keine Bestätigung.")
    p = party(text, ME, Intent.STATUS)
    assert [(a.name, a.salutation) for a in p.attendees] == [("Krämer", "Herr")]


def test_the_request_has_the_senders_forms_and_the_lists_organisation():
    """The pipeline builds the sender with salutation and title, and takes the organisation
    written once for a list."""
    from datetime import UTC, datetime
    from pathlib import Path

    from mailbot.config import load_config
    from mailbot.understand.mime import parse
    from mailbot.understand.pipeline import understand
    from mailbot.understand.request import Context

    settings = load_config(Path(__file__).resolve().parents[2] / "config" / "mailbot.yaml")
    raw = ("From: \"Schmidt, Dr. Anna\" <as@kreis-pinneberg.de>\nTo: smartcity@example.org\n"
           "Subject: Anmeldung Innovators Lounge Norderstedt\n"
           "Content-Type: text/plain; charset=utf-8\n\n"
           "Wir melden an:\n- Dr. Anna Schmidt\n- Peter Maier\n(alle Kreis Pinneberg)\n\n"
           "Mit freundlichen Grüßen\nDr. Anna Schmidt\nBürgermeisterin\n").encode()
    mail = parse(raw)
    req = understand(mail, settings, Context(arrived_at=datetime(2027, 1, 10, 9, tzinfo=UTC)))
    assert req.contact == Person("Anna Schmidt", "as@kreis-pinneberg.de", "Frau", "Dr.")
    assert req.attendees[0] == Person("Anna Schmidt", "as@kreis-pinneberg.de", "Frau", "Dr.")
    assert [p.name for p in req.attendees] == ["Anna Schmidt", "Peter Maier"]
    assert req.organisation == "Kreis Pinneberg"
