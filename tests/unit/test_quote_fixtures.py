"""The public reply-trimming suite of crisp-oss/email-reply-parser, run through quotes.split.

The fixtures are plain-text reply bodies in thirteen languages, read from
``/work/shared/corpora/crisp-email-reply-parser`` (never copied into this repository; see
``shared/corpora/README.md``). The corpus holds no expected results: they come from the
parser's own tests (``test/test.js`` of crisp-oss/email-reply-parser, and for the fixtures
it shares with it, node-email-reply-parser's ``test/parser.js``), written here as data.
Where those tests only check a part ("the first fragment starts with 'On Thursday'"), the
expectation is completed by reading the fixture; the source is noted per entry.

``new`` must equal the expected reply after whitespace is normalised. mailbot splits the
closing formula and the name off the text (``Parts.signature``); where the other parsers
keep such a block in the reply, the entry says so and ``new`` + ``signature`` is compared
(the point of those fixtures is that nothing there is taken for a quote).

Missing corpus: skipped on a developer machine, a failure under ``CI=true``.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path
from typing import NamedTuple

import pytest

from mailbot.understand.quotes import split

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT.parent / "shared" / "corpora" / "crisp-email-reply-parser"

# The first fragment of most crisp fixtures (crisp test.js: COMMON_FIRST_FRAGMENT).
C = ("Fusce bibendum, quam hendrerit sagittis tempor, dui turpis tempus erat, pharetra sodales "
     "ante sem sit amet metus. Nulla malesuada, orci non vulputate lobortis, massa felis "
     "pharetra ex, convallis consectetur ex libero eget ante. Nam vel turpis posuere, rhoncus "
     "ligula in, venenatis orci. Duis interdum venenatis ex a rutrum. Duis ut libero eu lectus "
     "consequat consequat ut vel lorem. Vestibulum convallis lectus urna, et mollis ligula "
     "rutrum quis. Fusce sed odio id arcu varius aliquet nec nec nibh.")
WHOLE = object()  # the whole fixture is the reply: nothing in it is a quote


class Span(NamedTuple):
    """The fixture text from the first occurrence of ``first`` to the end of ``last``."""
    first: str
    last: str


class Case(NamedTuple):
    expected: str | Span | tuple[str | Span, ...] | object
    source: str  # where the expectation comes from
    with_signature: bool = False  # compare new + signature (see module docstring)


CRISP = "crisp test.js, exact"
CRISP_PART = "crisp test.js checks a part; the rest by reading"
NODE = "node-email-reply-parser test, exact"
NODE_PART = "node-email-reply-parser checks a part; the rest by reading"
READ = "by reading (no upstream assertion)"

CASES: dict[str, Case] = {
    "correct_sig": Case("this is an email with a correct -- signature.", CRISP_PART),
    "sig_no_empty_line": Case("this is an email with a signature with no empty line above.",
                              CRISP_PART),
    "email_1": Case("Hi folks\n\nWhat is the best way to clear a Riak bucket of all key, values "
                    "after\nrunning a test?\nI am currently using the Java HTTP API.\n\n"
                    "-Abhishek Kona", CRISP),
    "email_2": Case(("Hi,", Span("You can list the keys", 'delete them all individually."')),
                    CRISP_PART),
    "email_2_1": Case("Outlook with a reply", NODE_PART),
    "email_3": Case("Oh thanks.\n\nHaving the function would be great.\n\n-Abhishek Kona", CRISP),
    "email_4": Case("Awesome! I haven't had another problem with it.", CRISP_PART),
    "email_5": Case(WHOLE, CRISP_PART),
    "email_6": Case("I get proper rendering as well.\n\nSent a magnificent torch of pixels",
                    CRISP_PART),
    "email_19": Case("On Thursday, I get proper rendering.\n\n"
                     "Sent from a magnificent torch of pixels", NODE_PART),
    "email_20": Case("On Thursday.", NODE_PART),
    "email_21": Case(WHOLE, NODE_PART),
    "email_blackberry": Case("Here is another email", READ),
    "email_bullets": Case(Span("test 2 this should list second", "- and another"), READ),
    "email_custom_quote_header": Case("Thank you!", NODE),
    "email_customer_quote_header_2": Case("Thank you very much.", NODE),
    "email_customer_quote_header_3": Case(
        "bonjour,\nje n'ai pas eu de retour sur ma précision..\nmerci d'avance", NODE),
    "email_emoji": Case("🎉\n\n—\nJohn Doe\nCEO at Pandaland\n\n@pandaland", CRISP,
                        with_signature=True),
    "email_iphone": Case("Here is another email", READ),
    "email_multi_word_sent_from_my_mobile_device": Case("Here is another email", READ),
    "email_not_a_signature": Case(WHOLE, CRISP_PART, with_signature=True),
    "email_not_a_signature_2": Case(WHOLE, CRISP_PART),
    "email_one_is_not_on": Case(Span("Thank, this is really helpful.", "when I run..."),
                                CRISP_PART),
    "email_reply_header": Case(Span("This is the latest reply.", "it could happen TWICE!"),
                               CRISP_PART),  # "Stranger" under it is the signature
    "email_sent_from": Case("Hi it can happen to any texts you type, as long as you type in "
                            "between words or paragraphs.", CRISP),
    "email_sent_from_my_not_signature": Case(WHOLE, READ),
    "email_thread": Case("This is new email reply in thread from bellow.", READ),
    "email_unquoted_reply": Case("This is my reply.", READ),
    "email_with_regards": Case("Hi,\n\nI still have the same problem....\n\nCan you help?", CRISP),
    "email_zoho": Case("What is the best way to clear a Riak bucket of all key, values after\n"
                       "running a test?", CRISP),
    "email_tricky_1_on_false_positive": Case(WHOLE, CRISP_PART),
    "email_tricky_2_url_with_wrote": Case(Span("Hi there,", '"wrote:" in them.'), CRISP_PART),
    "email_tricky_3_code_block": Case(WHOLE, CRISP_PART),
    "email_tricky_4_from_in_body": Case(WHOLE, CRISP_PART),
    "email_tricky_6_regards_in_sentence": Case(WHOLE, CRISP_PART),
    "email_tricky_7_multiple_dashes": Case(WHOLE, CRISP_PART),
    "email_tricky_8_sent_from_in_content": Case(WHOLE, CRISP_PART),
    "email_tricky_9_nested_quotes": Case("I agree with the points below.", CRISP_PART),
    "email_tricky_11_double_signature": Case("Thanks for your help!", CRISP_PART),
    "email_tricky_13_timestamp_variations": Case(WHOLE, CRISP_PART),
    "email_tricky_16_unicode_signatures": Case("Thanks for the update!", CRISP_PART),
    "email_tricky_17_forward_header": Case("See the forwarded message below.", CRISP_PART),
    "email_tricky_18_inline_reply": Case(
        "I think option A is great.\n\nOption B has some drawbacks.\n\n"
        "Option C is not suitable for our use case.", CRISP_PART),
    "email_tricky_19_quote_without_header": Case(
        "I wanted to respond to your points:\n\nMy response to the quoted text above.\n\n"
        "And my final thoughts.", CRISP_PART),
    "email_tricky_20_html_entities": Case(
        Span("The data should be", "symbols are handled correctly."), CRISP_PART),
}
for _name in (
        "email_7", "email_8", "email_9", "email_10", "email_11", "email_12", "email_13",
        "email_14", "email_15", "email_16", "email_17", "email_18", "email_22", "email_23",
        "email_24", "email_25", "email_26", "email_danish_dash_separator",
        "email_en_multiline_2", "email_finnish", "email_fr_multiline", "email_french_2",
        "email_french_dash_separator", "email_german", "email_german_2", "email_german_3",
        "email_german_outlook", "email_gmail_split_line_from", "email_ios_outlook",
        "email_ios_outlook_fr", "email_italian", "email_msn", "email_norwegian_gmail",
        "email_original_message", "email_original_message_2", "email_outlook_split_line_from",
        "email_portuguese", "email_russian", "email_tricky_5_mixed_languages",
        "email_tricky_10_special_chars_in_name", "email_tricky_12_no_space_after_header",
        "email_tricky_14_long_quote_header", "email_tricky_15_original_message_variations"):
    CASES[_name] = Case(C, CRISP)

# Templates: the upstream tests put each of these lines in place of [DATE] / [FROM].
DATE_FORMATS = (  # node-email-reply-parser DATE_FORMATS; the reply is "Thank you very much."
    "On Tue, 2011-03-01 at 18:02 +0530, Abhishek Kona wrote:",
    "2014-03-20 8:48 GMT+01:00 Rémi Dolan <do_not_reply@dolan.com>:",
    "2014-03-20 20:48 GMT+01:00 Rémi Dolan <do_not_reply@dolan.com>:",
    "2014-03-09 20:48 GMT+01:00 Rémi Dolan <do_not_reply@dolan.com>:",
    "Le 19 mars 2014 10:37, Cédric Lombardot <cedric.lombardot@gmail.com> a écrit :",
    "El 19/03/2014 11:34, Juan Pérez <juan.perez@mailcatch.com> escribió:",
    "Em ter., 01 de mar. de 2011 às 18:02, Abhishek <juan.perez@mailcatch.com> escreveu:",
    "W dniu 7 stycznia 2015 15:24 użytkownik Paweł Brzoski <pbrzoski91@gmail.com> napisał:",
    "Le 19/03/2014 11:34, Georges du chemin a écrit :",
    "W dniu 2015-01-07 14:23, pbrzoski91@gmail.com pisze: ",
    "Den 08/06/2015 kl. 21.21 skrev Test user <test@example.com>:",
    "Am 25.06.2015 um 10:55 schrieb Test user:",
    "Test user <test@example.com> schrieb:",
    "在 2016年11月8日，下午2:23，Test user <test@example.com> 写道：",
    "2016. 11. 8. 오후 12:39 Test user <test@example.com> 작성:",
    "2016/11/08 14:26、Test user <test@example.com> のメッセージ:",
    "tir. 18. apr. 2017 kl. 13:09 skrev Test user <test@example.com>:",
)
FROM_HEADERS = (  # node-email-reply-parser FROM_HEADERS; the whole text is the quote
    "From: foo@example.com <foo@example.com>",
    "De: foo@example.com <foo@example.com>",
    "Van: foo@example.com <foo@example.com>",
    "Da: foo@example.com <foo@example.com>",
)
TEMPLATES = {"email_with_date_headers", "email_with_from_headers"}

# Fixtures mailbot deliberately reads otherwise, with the reason (a plain skip list:
# xfail_strict is on, and these are decisions, not bugs waiting for a fix).
SKIP: dict[str, str] = {
    **{f"email_with_from_headers[{i}]": (
        "a single 'From: name <address>' line above unmarked text is not taken for a quote "
        "header: German registrations are written as forms ('Von: Max Muster <max@x.de>', "
        "'Firma: …'), and everything below would be lost. A quote header block needs three "
        "header lines (From, Sent/Date, To/Subject) or an attribution line.")
       for i in range(len(FROM_HEADERS))},
}


def _corpus_or_skip() -> Path:
    if not CORPUS.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"corpus folder missing under CI: {CORPUS}")
        pytest.skip(f"corpus folder not present: {CORPUS}")
    return CORPUS


def _read(name: str) -> str:
    return (_corpus_or_skip() / f"{name}.txt").read_text(encoding="utf-8")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _resolve(expected: object, text: str) -> str:
    if expected is WHOLE:
        return text
    if isinstance(expected, Span):
        start = text.index(expected.first)
        return text[start: text.index(expected.last, start) + len(expected.last)]
    if isinstance(expected, tuple):
        return "\n".join(_resolve(part, text) for part in expected)
    assert isinstance(expected, str)
    return expected


@functools.lru_cache(maxsize=1)
def _all_cases() -> tuple[tuple[str, str, str, bool], ...]:
    """(id, body, expected reply, compare with signature) for every known fixture."""
    out = []
    for name, case in sorted(CASES.items()):
        text = _read(name)
        out.append((name, text, _resolve(case.expected, text), case.with_signature))
    date_tpl = _read("email_with_date_headers")
    for i, fmt in enumerate(DATE_FORMATS):
        out.append((f"email_with_date_headers[{i}]", date_tpl.replace("[DATE]", fmt),
                    "Thank you very much.", False))
    from_tpl = _read("email_with_from_headers")
    for i, frm in enumerate(FROM_HEADERS):
        out.append((f"email_with_from_headers[{i}]", from_tpl.replace("[FROM]", frm), "",
                    False))
    return tuple(out)


def _reply(body: str, with_signature: bool) -> str:
    parts = split(body)
    return parts.new + ("\n" + parts.signature if with_signature else "")


def _ids() -> list[str]:
    return sorted(CASES) + [f"email_with_date_headers[{i}]" for i in range(len(DATE_FORMATS))] + [
        f"email_with_from_headers[{i}]" for i in range(len(FROM_HEADERS))]


@pytest.mark.parametrize("case_id", _ids())
def test_fixture_reply(case_id: str) -> None:
    if case_id in SKIP:
        pytest.skip(SKIP[case_id])
    _id, body, expected, with_signature = next(c for c in _all_cases() if c[0] == case_id)
    assert _norm(_reply(body, with_signature)) == _norm(expected)


def test_every_fixture_has_an_expectation() -> None:
    names = {p.stem for p in _corpus_or_skip().glob("*.txt")}
    assert names - set(CASES) - TEMPLATES == set(), "new fixtures: add their expected reply"
    assert set(CASES) - names == set()


def test_fixture_share(capsys: pytest.CaptureFixture[str]) -> None:
    """The share of all known fixtures (skipped ones included) that pass; printed with -s."""
    cases = _all_cases()
    passed = [c[0] for c in cases if _norm(_reply(c[1], c[3])) == _norm(c[2])]
    share = len(passed) / len(cases)
    with capsys.disabled():
        print(f"\nquote fixtures: {len(passed)}/{len(cases)} = {share:.1%} "
              f"({len(SKIP)} skipped with a reason)")
    assert len(passed) >= len(cases) - len(SKIP)
