"""Header decoding in mime.parse: raw 8-bit bytes (undeclared UTF-8 or Latin-1) and RFC 2047
encoded words as real mailers write them, never stored as mojibake (issue 7, class 5)."""

from __future__ import annotations

import pytest

from mailbot.understand.mime import decode_header_bytes, decode_words, parse


def _mail(headers: bytes, body: bytes = b"Ich komme.\r\n") -> bytes:
    return (b"To: smartcity@example.org\r\nMessage-ID: <1@x.de>\r\n" + headers
            + b"\r\n" + body)


@pytest.mark.parametrize("charset", ["utf-8", "cp1252", "latin-1"])
def test_raw_8bit_display_name_and_subject(charset):
    raw = _mail("From: Jürgen Müller <j.mueller@stadt.de>\r\n"
                "Subject: Anmeldung für die Straßen-Werkstatt\r\n".encode(charset))
    mail = parse(raw)
    assert mail.from_name == "Jürgen Müller"
    assert mail.from_addr == "j.mueller@stadt.de"
    assert mail.subject == "Anmeldung für die Straßen-Werkstatt"
    assert mail.header("subject") == mail.subject
    assert "Ã" not in mail.subject and "\ufffd" not in mail.subject


def test_latin1_bytes_are_read_as_windows_1252():
    # € (0x80), „“ (0x84, 0x93) and – (0x96) exist only in Windows-1252
    raw = _mail("From: a@b.de\r\nSubject: „Smart City“ – 10 € Teilnahme\r\n".encode("cp1252"))
    assert parse(raw).subject == "„Smart City“ – 10 € Teilnahme"


def test_quoted_display_name_with_comma_keeps_the_address():
    raw = _mail('From: "Müller, Jürgen" <j.mueller@stadt.de>\r\nSubject: x\r\n'.encode("cp1252"))
    mail = parse(raw)
    assert (mail.from_name, mail.from_addr) == ("Müller, Jürgen", "j.mueller@stadt.de")


def test_folded_subject_with_raw_bytes():
    raw = _mail("From: a@b.de\r\nSubject: Anmeldung für\r\n die Straßen-Werkstatt\r\n"
                .encode())
    assert parse(raw).subject == "Anmeldung für die Straßen-Werkstatt"


def test_raw_bytes_next_to_an_encoded_word():
    raw = _mail("From: a@b.de\r\nSubject: AW: =?utf-8?q?Einladung_Lounge?= für Böblingen\r\n"
                .encode("cp1252"))
    assert parse(raw).subject == "AW: Einladung Lounge für Böblingen"


def test_utf8_and_latin1_mixed_in_one_header():
    raw = (b"From: a@b.de\r\nSubject: AW: Anmeldung f\xfcr Stra\xc3\x9fe\r\n")
    assert parse(_mail(raw)).subject == "AW: Anmeldung für Straße"


def test_decode_header_bytes_prefers_utf8_for_the_whole_value():
    assert decode_header_bytes("Grüße".encode()) == "Grüße"
    assert decode_header_bytes("Grüße".encode("cp1252")) == "Grüße"
    assert decode_header_bytes(b"plain") == "plain"


@pytest.mark.parametrize(("value", "decoded"), [
    ("=?utf-8?q?J=C3=BCrgen_M=C3=BCller?=", "Jürgen Müller"),
    ("=?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?=", "Jürgen Müller"),
    ("=?iso-8859-1?q?J=FCrgen?= =?iso-8859-1?q?_M=FCller?=", "Jürgen Müller"),
    ("=?utf-8?q?M=C3?= =?utf-8?q?=BCller?=", "Müller"),  # a character split over two words
    ("=?iso-8859-1?q?M=C3=BCller?=", "Müller"),  # UTF-8 bytes under a Latin-1 label
    ("=?utf-8?q?M=FCller?=", "Müller"),  # Latin-1 bytes under a UTF-8 label
    ("=?x-unknown?q?M=FCller?=", "Müller"),
    ("=?utf-8*de?q?Gr=C3=BC=C3=9Fe?=", "Grüße"),  # RFC 2231 language tag
    ("=?iso-2022-jp?b?GyRCJUYlOSVIGyhC?=", "テスト"),
    ("Re: =?utf-8?q?Anmeldung?= bitte", "Re: Anmeldung bitte"),
    ("=?utf-8?q?broken", "=?utf-8?q?broken"),
])
def test_encoded_words(value, decoded):
    assert decode_words(value) == decoded


def test_encoded_cr_lf_never_reaches_a_header_value():
    raw = _mail(b"From: =?utf-8?q?Evil=0D=0ABcc:_victim@x.de?= <e@x.de>\r\n"
                b"Subject: =?utf-8?q?hi=0D=0ABcc:_victim@x.de?=\r\n")
    mail = parse(raw)
    assert "\n" not in mail.subject and "\r" not in mail.subject
    assert "\n" not in mail.from_name and mail.from_addr == "e@x.de"


@pytest.mark.parametrize("charset", ["cp1252", "utf-8"])
def test_raw_8bit_attachment_name_keeps_the_body(charset):
    raw = ("From: a@b.de\r\nSubject: Anmeldung\r\nMIME-Version: 1.0\r\n"
           "Content-Type: multipart/mixed; boundary=XX\r\n\r\n"
           "--XX\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nIch komme.\r\n"
           "--XX\r\nContent-Type: application/pdf; name=\"Anmeldung_Müller.pdf\"\r\n"
           "Content-Disposition: attachment; filename=\"Anmeldung_Müller.pdf\"\r\n\r\n"
           "JVBERi0=\r\n--XX--\r\n").encode(charset)
    mail = parse(raw)
    assert mail.text.strip() == "Ich komme."
    assert mail.attachments == ("Anmeldung_Müller.pdf",)
    assert not mail.problems
