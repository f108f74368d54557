"""A request to see or to erase one's personal data (Art. 15/17 DSGVO) is for a person.

Such a mail is held, never read as a cancellation, a registration or a question to be
answered automatically, even when it also says "Abmeldung": deciding what to erase (and
answering within a month, Art. 12(3)) is the controller's act, done with `mailbot
export-person` and `mailbot forget`. Pure: the patterns are in
:mod:`mailbot.understand.lexicon.privacy`.
"""

from __future__ import annotations

import re

from mailbot.understand.lexicon import privacy as lx

MAX_READ = 20_000
_PARAGRAPH = re.compile(r"\n\s*\n")
# A sentence ends at . ! ? before a capital, but not after "Art." "Abs." "Nr." "Dr." ...
_SENTENCE = re.compile(r"(?<!\bArt\.)(?<!\bAbs\.)(?<!\bNr\.)(?<!\bgem\.)(?<!\bDr\.)"
                       r"(?<!\bProf\.)(?<!\bHr\.)(?<!\bFr\.)(?<=[.!?])\s+(?=[A-ZÄÖÜ])")


def sentences(text: str) -> list[str]:
    """The sentences of ``text``, hard-wrapped lines joined within each paragraph."""
    out: list[str] = []
    for paragraph in _PARAGRAPH.split(text):
        joined = " ".join(line.strip() for line in paragraph.splitlines() if line.strip())
        out.extend(s for s in _SENTENCE.split(joined) if s)
    return out


def kinds(text: str, subject: str = "") -> set[str]:
    """Which rights the sender's own words (and the subject) invoke: a subset of
    ``erasure``, ``access``, ``other``; empty when this is no such request."""
    found: set[str] = set()
    for line in [subject.strip(), *sentences(text[:MAX_READ])]:
        for kind, pattern in lx.STRONG:
            if pattern.search(line):
                found.add(kind)
        found.update(_first_person(line))
    return found


def _first_person(line: str) -> set[str]:
    if lx.NOTICE.search(line) or not lx.FIRST_PERSON.search(line):
        return set()
    found: set[str] = set()
    for kind, pattern in lx.FIRST_PERSON_RULES:
        match = pattern.search(line)
        if match is None:
            continue
        if kind == "article":
            found.add(lx.ARTICLE_KIND.get(match.group("art"), lx.OTHER))
        else:
            found.add(kind)
    return found


def hold_reason(text: str, subject: str = "") -> str | None:
    """The reason to hold the mail, or None."""
    found = kinds(text, subject)
    if not found:
        return None
    what = []
    if lx.ACCESS in found:
        what.append("access (Art. 15 DSGVO: `mailbot export-person`)")
    if lx.ERASURE in found:
        what.append("erasure (Art. 17 DSGVO: `mailbot forget`)")
    if not what:
        what.append("another data protection right (DSGVO)")
    return ("a data protection request: " + " and ".join(what) + "; a person must "
            "answer it within a month, nothing was booked or cancelled")
