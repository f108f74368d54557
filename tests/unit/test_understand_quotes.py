"""Quote and signature splitting: only the new text decides; the signature is kept apart."""

from __future__ import annotations

import pytest

from mailbot.understand.quotes import quoted_content, split

OUTLOOK_DE = """\
Ich muss leider absagen.

Mit freundlichen Grüßen
Jürgen Müller
Stadt Dortmund
Tel. 0231 50-12345

-----Ursprüngliche Nachricht-----
Von: Smart City Team <smartcity@example.org>
Gesendet: Montag, 1. Februar 2027 10:00
An: Müller, Jürgen <j.mueller@stadt-dortmund.de>
Betreff: Einladung Interkommunaler Austausch

Hiermit laden wir Sie herzlich ein. Bitte melden Sie sich an.
"""

HEADER_BLOCK_AFTER_LINE = """\
Ich bin dabei!

________________________________
Von: Smart City Team <smartcity@example.org>
Gesendet: Montag, 1. Februar 2027 10:00
An: Jürgen Müller
Betreff: Einladung Innovators Lounge

Bitte melden Sie sich bis zum 3.2. an.
"""

THUNDERBIRD_WRAPPED = """\
Ja, gerne.

Am 01.02.2027 um 10:00 schrieb Smart City Team
<smartcity@example.org>:
> Bitte melden Sie sich an.
> Ich melde mich an.
"""

GMAIL_EN = """\
Count me in.

On Mon, Feb 1, 2027 at 10:00 AM Smart City Team <smartcity@example.org> wrote:

> Please register by replying.
"""

APPLE_FORWARD = """\
Bitte melden Sie mich an.

Anfang der weitergeleiteten Nachricht:

Von: Smart City Team <smartcity@example.org>
Betreff: Innovators Lounge Norderstedt
Datum: 1. Februar 2027 um 10:00:00 MEZ

Einladung zur Lounge.
"""

GMAIL_FORWARD = """\
Anbei die Einladung, ich möchte teilnehmen.

---------- Forwarded message ---------
From: Smart City Team <smartcity@example.org>
Date: Mon, Feb 1, 2027 at 10:00
Subject: Einladung
To: <x@example.de>

Bitte melden Sie sich an.
"""


@pytest.mark.parametrize(("text", "new"), [
    (OUTLOOK_DE, "Ich muss leider absagen."),
    (HEADER_BLOCK_AFTER_LINE, "Ich bin dabei!"),
    (THUNDERBIRD_WRAPPED, "Ja, gerne."),
    (GMAIL_EN, "Count me in."),
    (APPLE_FORWARD, "Bitte melden Sie mich an."),
    (GMAIL_FORWARD, "Anbei die Einladung, ich möchte teilnehmen."),
    ("Ich komme.\n\n-----Original Message-----\nFrom: x\nSent: y\nTo: z\nSubject: s\n\nabsagen",
     "Ich komme."),
    ("Gerne.\n\n> Bitte melden Sie sich an\n> oder sagen Sie ab.", "Gerne."),
])
def test_new_text_is_only_the_senders_words(text, new):
    parts = split(text)
    assert parts.new == new
    assert parts.has_quote


def test_signature_is_kept_apart():
    parts = split(OUTLOOK_DE)
    assert parts.signature.startswith("Mit freundlichen Grüßen")
    assert "Jürgen Müller" in parts.signature
    assert "0231" not in parts.new


@pytest.mark.parametrize("closing", [
    "Mit freundlichen Grüßen", "Viele Grüße", "Beste Grüße,", "Freundliche Grüße",
    "Best regards,", "Kind regards", "MfG", "Herzliche Grüße aus Dortmund",
])
def test_closing_formulas(closing):
    parts = split(f"Ich melde mich an.\n\n{closing}\nAnna Schmidt")
    assert parts.new == "Ich melde mich an."
    assert "Anna Schmidt" in parts.signature


@pytest.mark.parametrize("footer", ["Sent from my iPhone", "Von meinem iPhone gesendet",
                                    "Gesendet von Outlook für Android"])
def test_mobile_footers(footer):
    parts = split(f"Ich bin dabei.\n\n{footer}")
    assert parts.new == "Ich bin dabei."
    assert parts.signature == footer


def test_dash_dash_signature():
    parts = split("Ich komme gerne.\n-- \nDr. Anna Schmidt\nGemeinde Musterdorf")
    assert parts.new == "Ich komme gerne."
    assert "Gemeinde Musterdorf" in parts.signature


def test_closing_in_the_same_line_as_thanks_keeps_the_thanks():
    parts = split("Danke und viele Grüße\nAnna")
    assert parts.new == "Danke"


def test_trailing_name_block_without_closing_is_a_signature():
    parts = split("Hiermit melde ich mich an.\n\nJürgen Müller\nStadt Dortmund\nTel. 0231 123456")
    assert parts.new == "Hiermit melde ich mich an."
    assert parts.signature.startswith("Jürgen Müller")


def test_disclaimer_is_not_new_text():
    parts = split("Ich komme.\n\nDiese E-Mail enthält vertrauliche Informationen. "
                  "Wenn Sie nicht der richtige Adressat sind, informieren Sie bitte den Absender.")
    assert parts.new == "Ich komme."


@pytest.mark.parametrize("text", [
    "On the other hand, I will come.",
    "Am Montag komme ich gerne.",
    "Regards to the payment, I would like to attend.",
])
def test_no_false_quote_markers(text):
    parts = split(text)
    assert parts.new == text
    assert not parts.has_quote


def test_quoted_content_drops_header_lines_but_keeps_the_subject():
    parts = split(OUTLOOK_DE)
    content = quoted_content(parts.quoted)
    assert "Gesendet:" not in content and "Montag, 1. Februar" not in content
    assert "Einladung Interkommunaler Austausch" in content
    assert "Hiermit laden wir Sie herzlich ein." in content


def test_gt_quotes_are_unwrapped():
    assert quoted_content("> > Einladung zur Lounge\n> Bitte") == "Einladung zur Lounge\nBitte"


def test_crlf_and_cr_line_ends():
    assert split("Ich komme.\r\n\r\n> zitat\r\n").new == "Ich komme."
    assert split("Ich komme.\r\r> zitat\r").new == "Ich komme."


# ---------------------------------------------------------------- where the new words stand
# (issue 7): below a quote, between quoted lines, and what stays quoted.

BOTTOM_POST = """\
Am 01.02.2027 um 10:00 schrieb Smart City Team <smartcity@example.org>:
> Hiermit laden wir Sie herzlich zur Innovators Lounge ein.
> Bitte melden Sie sich bis zum 3.2. an.

Hiermit melde ich mich verbindlich an.

Viele Grüße
Anna Schmidt
"""

INLINE = """\
Sehr geehrte Damen und Herren,

> Nehmen Sie am Workshop Mobilität teil?
Ja, ich nehme teil.

> Bringen Sie eine Begleitung mit?

Nein, ich komme allein.

Mit freundlichen Grüßen
Jürgen Müller
"""

TOP_POST_THREAD = """\
Ja, ich komme gerne.

Am 01.02.2027 um 10:00 schrieb Smart City Team <smartcity@example.org>:
> Bitte melden Sie sich bis zum 3.2. an.
>
> Am 20.01.2027 um 09:00 schrieb Anna Schmidt:
>> Ich muss leider absagen.

--\x20
Anna Schmidt
Stadt Musterstadt
"""

OUTLOOK_UNMARKED_THEN_TEXT = """\
Ich komme.

Von: Smart City Team <smartcity@example.org>
Gesendet: Montag, 1. Februar 2027 10:00
An: Anna Schmidt <anna@musterstadt.de>
Betreff: Einladung Innovators Lounge

Bitte melden Sie sich bis zum 3.2. an.

Ich muss leider absagen.
"""

OUTLOOK_INSIDE_GT = """\
> Von: Smart City Team <smartcity@example.org>
> Gesendet: Montag, 1. Februar 2027 10:00
> An: Anna Schmidt
> Betreff: Einladung Innovators Lounge
>
> Bitte melden Sie sich bis zum 3.2. an.

Ich melde mich hiermit an.
"""

WRAPPED_QUOTE = """\
Am 01.02.2027 um 10:00 schrieb Smart City Team <smartcity@example.org>:
> Bitte melden Sie sich bis zum 3. Februar an, wenn Sie an der Lounge teilnehmen
möchten, und nennen Sie die Zahl der Personen.
> Wir freuen uns auf Sie.

Wir kommen zu zweit.
"""


def test_bottom_post_below_a_thunderbird_quote_is_new_text():
    parts = split(BOTTOM_POST)
    assert parts.new == "Hiermit melde ich mich verbindlich an."
    assert "Anna Schmidt" in parts.signature
    assert "Bitte melden Sie sich" in quoted_content(parts.quoted)
    assert "Bitte melden" not in parts.new


def test_inline_replies_between_quoted_lines_are_new_text_in_order():
    parts = split(INLINE)
    assert parts.new == ("Sehr geehrte Damen und Herren,\n\nJa, ich nehme teil.\n\n"
                         "Nein, ich komme allein.")
    assert "Jürgen Müller" in parts.signature
    assert parts.answers == (
        ("Nehmen Sie am Workshop Mobilität teil?", "Ja, ich nehme teil."),
        ("Bringen Sie eine Begleitung mit?", "Nein, ich komme allein."))


def test_top_posted_reply_over_a_full_thread_reads_as_before():
    parts = split(TOP_POST_THREAD)
    assert parts.new == "Ja, ich komme gerne."
    assert "absagen" not in parts.new
    assert parts.signature.startswith("--") and "Stadt Musterstadt" in parts.signature
    assert parts.answers == ()


def test_text_under_an_unmarked_outlook_quote_stays_quoted():
    # no end marker: the old mail's last line is not the sender's cancellation
    parts = split(OUTLOOK_UNMARKED_THEN_TEXT)
    assert parts.new == "Ich komme."
    assert "Ich muss leider absagen." in parts.quoted


def test_an_outlook_block_inside_a_gt_quote_ends_with_it():
    assert split(OUTLOOK_INSIDE_GT).new == "Ich melde mich hiermit an."


def test_a_quoted_sentence_wrapped_without_gt_stays_quoted():
    parts = split(WRAPPED_QUOTE)
    assert parts.new == "Wir kommen zu zweit."
    assert "nennen Sie die Zahl" in parts.quoted


def test_an_answer_right_under_a_short_quoted_question_is_new():
    parts = split("> Kommen Sie zur Lounge?\nJa, ich komme.\n> Mit Begleitung?\nNein.")
    assert parts.new == "Ja, ich komme.\n\nNein."


def test_unmarked_quote_under_an_attribution_runs_to_the_end():
    text = ("Ich komme.\n\nAm 01.02.2027 um 10:00 schrieb Smart City Team "
            "<smartcity@example.org>:\n\nBitte melden Sie sich an.\n\nAbsagen bitte bis Freitag.")
    parts = split(text)
    assert parts.new == "Ich komme."
    assert "Absagen bitte bis Freitag." in parts.quoted


def test_a_signature_under_the_quote_goes_to_the_signature():
    text = ("Ich komme.\n\nAm 01.02.2027 um 10:00 schrieb Team <t@example.org>:\n> Einladung\n\n"
            "-- \nAnna Schmidt\nStadt Musterstadt\nTel. 0123 456789")
    parts = split(text)
    assert parts.new == "Ich komme."
    assert "Stadt Musterstadt" in parts.signature


def test_pipe_quoting_and_tables():
    assert split("Ich komme.\n\n| Bitte melden Sie sich an.\n| Ihr Team").new == "Ich komme."
    assert split("| Bitte melden Sie sich an.\n\nIch komme.").new == "Ich komme."
    table = "Wir melden an:\n\n| Name | Plätze |\n| Anna Schmidt | 1 |"
    assert split(table).new == table


def test_a_form_like_von_line_is_not_a_quote_header():
    text = "Anmeldung\nVon: Max Muster <max@example.de>\nFirma: Stadt Musterstadt\nPersonen: 2"
    parts = split(text)
    assert "Personen: 2" in parts.new
    assert not parts.has_quote


@pytest.mark.parametrize("attribution", [
    "On Tue, 2013-07-20 at 10:00 +0200, Max Muster wrote:",
    "2013/7/20 Max Muster <max@example.de>",
    "2017-11-24 16:32 GMT+01:00 Max Muster <max@example.de>:",
    "30.09.2017, 18.30, \"Max Muster\" <max@example.de>:",
    "Am Donnerstag, 3. Dezember 2026, 11:05:12 CET schrieb Smart City Team:",
    "Max Muster <max@example.de> schrieb am 01.02.2027 10:00:",
    "Le 19 mars 2014 10:37, Cédric Lombardot <c@example.fr> a écrit :",
    "El 19/03/2014 11:34, Juan Pérez <j@example.es> escribió:",
    "Il giorno 1 feb 2027, alle ore 10:00, Mario Rossi <m@example.it> ha scritto:",
    "Op 1 feb. 2027 om 10:00 heeft Jan Jansen <j@example.nl> het volgende geschreven:",
    "W dniu 2015-01-07 14:23, jan@example.pl pisze:",
    "Den 08/06/2015 kl. 21.21 skrev Test user <test@example.com>:",
    "* Smart City <smartcity@example.org> [08.12.2026 09:44]:",
    "Marc Slemko wrote:",
    "Am Mo., 1. Feb. 2027 um 10:00 Uhr hat Smart City Team <smartcity@example.org> geschrieben:",
    "Am Mo., 1. Feb. 2027 um 10:00 Uhr hat Smart City Team <\nsmartcity@example.org> geschrieben:",
    "Am 01.02.2027 um 10:00 schrieb Smart City Team\n<smartcity@example.org>:",
])
def test_attribution_lines_in_many_forms(attribution):
    text = f"Ich komme.\n\n{attribution}\n> Bitte melden Sie sich an.\n"
    parts = split(text)
    assert parts.new == "Ich komme."
    if "\n" not in attribution:
        assert attribution.strip() not in quoted_content(parts.quoted)
    # the same with the quote unmarked (Gmail's plain text): to the end. Forms without a
    # colon or a date count only above ">" lines ("Marc Slemko wrote:" may end a sentence).
    if attribution not in ("2013/7/20 Max Muster <max@example.de>", "Marc Slemko wrote:"):
        assert split(text.replace("\n> ", "\n\n")).new == "Ich komme."


@pytest.mark.parametrize("block", [
    "Von: Team <t@example.org>\nGesendet: Montag, 1. Februar 2027 10:00\nAn: Anna\nBetreff: Lounge",
    "From: Team <t@example.org>\nSent: Monday, February 1, 2027 10:00 AM\nTo: Anna\nSubject: Lounge",
    "De : Team <t@example.org>\nEnvoyé : lundi 1 février 2027 10:00\nÀ : Anna\nObjet : Lounge",
    "De : Team<mailto:t@example.org>\nEnvoyé le :lundi 1 février 2027\nÀ : Anna\nObjet :Lounge",
    "Da: Team <t@example.org>\nInviato: lunedì 1 febbraio 2027 10:00\nA: Anna\nOggetto: Lounge",
    "De: Team <t@example.org>\nEnviado el: lunes, 1 de febrero de 2027 10:00\nPara: Anna\n"
    "Asunto: Lounge",
    "Van: Team <t@example.org>\nVerzonden: maandag 1 februari 2027 10:00\nAan: Anna\n"
    "Onderwerp: Lounge",
    "De: Team <t@example.org>\nEnviada em: segunda-feira, 1 de fevereiro de 2027 10:00\n"
    "Para: Anna\nAssunto: Lounge",
    "Od: Team <t@example.org>\nWysłano: poniedziałek, 1 lutego 2027 10:00\nDo: Anna\nTemat: Lounge",
    "Från: Team <t@example.org>\nSkickat: den 1 februari 2027 10:00\nTill: Anna\nÄmne: Lounge",
    "Fra: Team <t@example.org>\nSendt: 1. februar 2027 10:00\nTil: Anna\nEmne: Lounge",
    "Lähettäjä: Team <t@example.org>\nLähetetty: 1. helmikuuta 2027 10.00\n"
    "Vastaanottaja: Anna\nAihe: Lounge",
    "Od: Team <t@example.org>\nOdesláno: 1. února 2027 10:00\nKomu: Anna\nPředmět: Lounge",
    "Feladó: Team <t@example.org>\nElküldve: 2027. február 1. 10:00\nCímzett: Anna\nTárgy: Lounge",
    "Kimden: Team <t@example.org>\nGönderildi: 1 Şubat 2027 10:00\nKime: Anna\nKonu: Lounge",
    "*Von:* Team <t@example.org>\n*Gesendet:* Montag, 1. Februar 2027 10:00\n*An:* Anna\n"
    "*Betreff:* Lounge",
    "________________________________\nVon: Team <t@example.org>\nGesendet: Montag\nAn: Anna",
    "Message du : 12/12/2016 13:20\nDe : \"Team\" <t@example.org>\nA : anna@example.fr\n"
    "Copie à :\nSujet : Lounge",
    # GMX / web.de: the date first
    "Gesendet: Montag, 01. Februar 2027 um 10:00 Uhr\nVon: \"Smart City\" <t@example.org>\n"
    "An: anna@example.de\nBetreff: Lounge",
    # T-Online
    "-----Original-Nachricht-----\nBetreff: Lounge\nDatum: 2027-02-01T10:00\nVon: Team\nAn: Anna",
    # Lotus Notes
    "Von:\tSmart City Team <t@example.org>\nAn:\tanna@example.de\nKopie:\t\n"
    "Datum:\t01.02.2027 10:00\nThema:\tLounge",
])
def test_outlook_header_blocks_in_many_languages(block):
    parts = split(f"Ich komme.\n\n{block}\n\nBitte melden Sie sich an.\n")
    assert parts.new == "Ich komme."
    assert "Bitte melden Sie sich an." in parts.quoted


@pytest.mark.parametrize("separator", [
    "-----Ursprüngliche Nachricht-----", "-----Original Message-----",
    "----- Original Message -----", "-------- Message d'origine --------",
    "-------- Messaggio originale --------", "-------- Mensaje original --------",
    "-------- Oorspronkelijk bericht --------", "-------- Mensagem original --------",
    "-------- Oryginalna wiadomość --------", "-------- Ursprungligt meddelande --------",
    "-------- Oprindelig besked --------", "-------- Alkuperäinen viesti --------",
    "---------- Weitergeleitete Nachricht ----------", "---------- Forwarded message ---------",
    "Anfang der weitergeleiteten Nachricht:", "Début du message réexpédié :",
])
def test_original_message_separators(separator):
    parts = split(f"Ich komme.\n\n{separator}\nBitte melden Sie sich an.\n")
    assert parts.new == "Ich komme."
    assert "Bitte melden" in parts.quoted


@pytest.mark.parametrize("footer", [
    "Von meinem iPad gesendet", "Von meinem Samsung Galaxy Smartphone gesendet.",
    "Gesendet mit der GMX Mail App", "Gesendet von Mail für Windows",
    "Envoyé depuis mon iPhone", "Envoyé de mon iPad", "Enviado desde mi iPhone",
    "Inviato da iPhone", "Verstuurd vanaf mijn iPhone", "Wysłane z iPhone'a",
    "Enviado do meu iPhone", "Skickat från min iPhone", "Sendt fra min iPhone",
    "Sent from Outlook for Android", "Sent from my Verizon Wireless BlackBerry",
    "Sent from Yahoo Mail on Android", "Get Outlook for iOS<https://aka.ms/o0ukef>",
    "Envoyé à partir de Outlook pour iOS<https://aka.ms/o0ukef>",
    "Holen Sie sich Outlook für Android", "Sent from TypeApp<http://www.typeapp.com/r?b=2621>",
    "Diese Nachricht wurde von meinem Android-Mobiltelefon mit GMX Mail gesendet.",
])
def test_mobile_footers_in_many_languages(footer):
    parts = split(f"Ich bin dabei.\n\n{footer}\n\nAm 1.2.2027 schrieb Team:\n\nEinladung")
    assert parts.new == "Ich bin dabei."
    assert parts.signature == footer
    assert "Einladung" in parts.quoted


@pytest.mark.parametrize("line", [
    "Sent from my desk, is much easier then my mobile phone.",
    "Gesendet habe ich die Unterlagen gestern.",
    "The notification was sent from my iPhone app to all users.",
])
def test_sentences_about_sending_are_not_footers(line):
    assert split(f"Ich komme.\n\n{line}").new == f"Ich komme.\n\n{line}"


def test_quoted_content_keeps_a_lone_date_line_of_the_invitation():
    content = quoted_content("> Einladung zur Lounge\n> Datum: 5. Dezember 2027\n> Ort: Rathaus")
    assert "Datum: 5. Dezember 2027" in content


def test_pipe_markers_are_unwrapped():
    assert quoted_content("| Einladung zur Lounge\n| Bitte") == "Einladung zur Lounge\nBitte"


@pytest.mark.parametrize("line", [
    "x" * 100 + " wrote" + " 1" * 90 + ":",
    "wrote " + "1 " * 140 + ":",
    ("On 1 " + "2017 10:00 x " * 40)[:290] + ":",
    "Am 1.2.2027 um 10:00 schrieb Max " + "<a@b.c> " * 30 + ":",
    "Sent from my " + "x " * 100,
    "> " + "w " * 40,
])
def test_no_super_linear_work_on_hostile_lines(line):
    import time

    start = time.perf_counter()
    split("\n".join([line] * 2000))
    # not a benchmark: the old wrapped-attribution regex took ~20 s here
    assert time.perf_counter() - start < 5
