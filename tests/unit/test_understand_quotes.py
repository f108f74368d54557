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
