"""Reading bounces (mailbot/bounces.py) on the real-world corpora in /work/shared/corpora:
every RFC 3464 report with a hard failure gives the failed recipient, no delay counts as
a failure, the text bounces of qmail, Exim, Postfix, Exchange and German servers are
read, and mail that is no bounce gives none."""

from __future__ import annotations

import email
import os
import re
from collections import Counter
from email import policy
from email.message import Message
from pathlib import Path

import pytest

from mailbot import bounces
from mailbot.addresses import is_addr_spec

CORPORA = Path(os.environ.get("MAILBOT_CORPORA", "/work/shared/corpora"))
DATA = Path(__file__).parents[1] / "data"
BOUNCE_DIRS = ("sisimai-set-of-emails", "mail-deliverystatus-bounceparser", "flanker", "zammad")


def corpus(*parts: str) -> Path:
    path = CORPORA.joinpath(*parts)
    if not path.exists():
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"corpus {path} missing (required under CI)")
        pytest.skip(f"corpus {path} not present")
    return path


def mails() -> list[Path]:
    return sorted(p for d in BOUNCE_DIRS for p in corpus(d).rglob("*") if p.is_file())


def _top_reports(msg: Message) -> list[Message]:
    """The delivery-status parts of the bounce itself (not of a forwarded bounce)."""
    found, todo = [], [msg]
    while todo:
        part = todo.pop()
        ctype = part.get_content_type()
        if ctype == "message/delivery-status":
            found.append(part)
        elif part.is_multipart() and ctype != "message/rfc822":
            todo += [p for p in part.get_payload() if isinstance(p, Message)]
    return found


_FINAL = re.compile(r"^final-recipient:\s*rfc822\s*;\s*<?([^<>\s]+?)>?\s*$", re.I | re.M)
_ACTION = re.compile(r"^action:\s*([a-z]+)", re.I | re.M)


def expected(raw: bytes) -> list[tuple[str, str]] | None:
    """(recipient, action) per recipient block of the report, read with two plain
    regexes as an independent check: only blocks with exactly one Final-Recipient and
    one Action count. None when the file has no report of its own."""
    msg = email.message_from_bytes(raw, policy=policy.compat32)
    reports = _top_reports(msg)
    if not reports:
        return None
    found = []
    for part in reports:
        for block in part.get_payload():
            if not isinstance(block, Message):
                continue
            text = str(block).replace("\r\n", "\n").replace("\r", "\n")
            finals, actions = _FINAL.findall(text), _ACTION.findall(text)
            if len(finals) == 1 and len(actions) == 1:
                found.append((finals[0].lower(), actions[0].lower()))
    return found


def test_every_hard_failure_in_the_dsn_corpus_names_its_recipient_and_no_delay_is_hard(
        ) -> None:
    seen: Counter[str] = Counter()
    wrong: list[str] = []
    for path in mails():
        raw = path.read_bytes()
        records = expected(raw)
        if records is None:
            continue
        seen["reports"] += 1
        bounce = bounces.read(raw)
        hard = {a for f in (bounce.hard if bounce else ()) for a in f.addresses}
        for recipient, action in records:
            if not is_addr_spec(recipient):
                seen["not an address"] += 1  # "LOCAL;<f.b>", a pipe: nobody we write to
                continue
            if action == "failed":
                seen["failed"] += 1
                if recipient not in hard:
                    wrong.append(f"{path}: {recipient} failed, not found")
            elif action == "delayed":
                seen["delayed"] += 1
                if recipient in hard:
                    wrong.append(f"{path}: {recipient} only delayed, taken as hard")
    print(f"\nDSN corpus: {dict(seen)}; wrong: {len(wrong)}", *wrong, sep="\n")
    assert seen["failed"] >= 500 and seen["delayed"] >= 10  # the corpora are all there
    assert wrong == []


@pytest.mark.parametrize(("parts", "recipient"), [
    (("sisimai-set-of-emails", "maildir", "bsd", "lhost-qmail-01.eml"), None),
    (("sisimai-set-of-emails", "maildir", "bsd", "lhost-exim-02.eml"), "kijitora@example.jp"),
    (("sisimai-set-of-emails", "maildir", "bsd", "lhost-postfix-07.eml"), None),
    (("sisimai-set-of-emails", "maildir", "bsd", "lhost-exchange2003-01.eml"),
     "kijitora@example.jp"),
    (("sisimai-set-of-emails", "maildir", "bsd", "lhost-einsundeins-03.eml"), "xxxx@xxxx.fr"),
    (("sisimai-set-of-emails", "maildir", "dos", "lhost-exim-01.eml"), "kijitora@example.ed.jp"),
    (("sisimai-set-of-emails", "maildir", "mac", "lhost-exim-01.eml"), "kijitora@example.ed.jp"),
    (("mail-deliverystatus-bounceparser", "qmail.unknown.msg"), "recipient@example.net"),
    (("mail-deliverystatus-bounceparser", "domino.unknown.msg"), "recipient@example.net"),
    (("mail-deliverystatus-bounceparser", "exchange.unknown.msg"), "recipient@example.net"),
])
def test_text_bounces_without_a_report_are_read_as_hard(
        parts: tuple[str, ...], recipient: str | None) -> None:
    bounce = bounces.read(corpus(*parts).read_bytes())
    assert bounce is not None and bounce.form == "text" and bounce.hard
    if recipient:
        assert recipient in {f.recipient for f in bounce.hard}


def test_the_german_exchange_ndr_names_the_recipient_and_our_message_id() -> None:
    bounce = bounces.read((DATA / "corpus" / "126-unzustellbar-exchange-ndr.eml").read_bytes())
    assert bounce is not None and bounce.form == "dsn"
    (failure,) = bounce.hard
    assert (failure.recipient, failure.status) == ("s.koenig@stadt-musterhausen.de", "5.1.10")
    assert "RecipientNotFound" in failure.detail
    assert "<mailbot.b18d4e0f7a25@example.org>" in bounce.message_ids


@pytest.mark.parametrize("parts", [
    ("sisimai-set-of-emails", "maildir", "bsd", "lhost-exim-38.eml"),  # delayed 24 hours
    ("sisimai-set-of-emails", "maildir", "bsd", "lhost-zoho-04.eml"),  # (Delay)
    ("sisimai-set-of-emails", "maildir", "bsd", "lhost-opensmtpd-04.eml"),  # warning
])
def test_delay_warnings_are_no_hard_failure(parts: tuple[str, ...]) -> None:
    # (flanker's bounce/delayed-broken.eml says "Action: failed" with 4.2.2: the server
    # gave up, so that one is a failure, as RFC 3464 defines it)
    bounce = bounces.read(corpus(*parts).read_bytes())
    assert bounce is None or not bounce.hard


def test_mail_that_is_no_bounce_gives_none() -> None:
    paths = [*corpus("sisimai-set-of-emails", "maildir", "not").iterdir(),
             *corpus("zammad").iterdir(),
             *sorted(corpus("sisimai-set-of-emails", "maildir", "bsd").glob("rfc3834-*")),
             corpus("mail-deliverystatus-bounceparser", "aol-vacation.msg"),
             corpus("mail-deliverystatus-bounceparser", "autoreply.msg"),
             corpus("mail-deliverystatus-bounceparser", "polish-autoreply.msg")]
    read = {p.name: bounces.read(p.read_bytes()) for p in paths if p.is_file()}
    hard = {name for name, b in read.items() if b is not None and b.hard}
    # zammad's mail033 is a real Postfix bounce, the one bounce among them
    assert hard == {"mail033-undelivered-mail-returned-to-sender-notification.box"}


def test_hostile_and_broken_mail_never_raises() -> None:
    for path in mails():
        bounces.read(path.read_bytes())
    for raw in (b"", b"\r", b"Content-Type: multipart/report\r\n\r\n",
                b"Content-Type: message/delivery-status\r\n\r\nFinal-Recipient: rfc822;\r\n",
                b"From: MAILER-DAEMON@x\r\nSubject: failure notice\r\n\r\n<" + b"a" * 10**5):
        assert bounces.read(raw) is None
