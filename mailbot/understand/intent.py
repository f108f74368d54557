"""What the sender wants, from their own words: register, cancel, status, question, thanks.

Sentences are the unit: a "nicht" in one sentence does not turn another around. Each
sentence collects the intents whose patterns (:data:`lexicon.INTENT_PATTERNS`) it
matches; a cancel or status in a sentence silences that sentence's register words
("meine Anmeldung absagen" is no registration). Then the order is: cancel, status,
register, question, thanks, a register hint, and - only for mail that is not a reply or
forward - the subject.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mailbot.understand import lexicon as lx
from mailbot.understand.request import Intent

_ABBREV = re.compile(
    r"\b(dr|prof|hr|fr|nr|bzw|ca|str|st|dipl|ing|inkl|ggf|evtl|usw|vgl|mr|mrs|ms|z\.\s?b|"
    r"u\.\s?a|d\.\s?h|o\.\s?ä|e\.\s?v|i\.\s?a|i\.\s?v|jan|feb|mär|apr|jun|jul|aug|sep|sept|okt|"
    r"nov|dez|tel|abt)\.", re.IGNORECASE)
_DIGIT_DOT = re.compile(r"(\d)\.")
_SPLIT = re.compile(r"(?<=[!?])\s+|(?<=\.)\s+|\s*\n\s*\n\s*|\n(?=\s*(?:[-*•–]|\d{1,2}[.)])\s)")
_WS = re.compile(r"[ \t\u00a0]+")
_SOFT_BREAK = re.compile(r"(?<!\n)\n(?!\n)(?!\s*(?:[-*•–]|\d{1,2}[.)])\s)")
MAX_SENTENCES = 400


@dataclass(frozen=True)
class Reading:
    intent: Intent
    question: str | None = None  # the question sentences, in the sender's words
    conflict: str | None = None  # contradicting statements: a human should look
    strong: bool = False  # stated clearly (not only a hint or the subject)


def normalise(sentence: str) -> str:
    """Dots that do not end a sentence removed ("4.3." -> "43", "Dr." -> "Dr")."""
    return _DIGIT_DOT.sub(r"\1", _ABBREV.sub(r"\1", sentence))


def sentences(text: str) -> list[str]:
    """Sentences of ``text``; hard-wrapped lines are joined first."""
    text = _SOFT_BREAK.sub(" ", text.strip())
    protected = _DIGIT_DOT.sub("\\1\u2024", _ABBREV.sub("\\1\u2024", text))
    out = []
    for piece in _SPLIT.split(protected)[:MAX_SENTENCES]:
        piece = _WS.sub(" ", piece.replace("\u2024", ".")).strip()
        if piece:
            out.append(piece)
    return out


@dataclass
class _Tally:
    cancel: bool = False
    status: bool = False
    register: int = 0  # 2 strong, 1 hint
    register_sentences: int = 0  # sentences with a strong register and no cancel
    thanks: bool = False
    thanks_for: bool = False


def _sentence_hits(norm: str) -> dict[Intent, int]:
    hits: dict[Intent, int] = {}
    for intent, strength, pattern in lx.INTENT_PATTERNS:
        if hits.get(intent, 0) < strength and pattern.search(norm):
            hits[intent] = strength
    if Intent.CANCEL in hits and lx.CONDITIONAL.search(norm):
        del hits[Intent.CANCEL]
    if Intent.CANCEL in hits or Intent.STATUS in hits:
        hits.pop(Intent.REGISTER, None)
    return hits


def read(new_text: str, subject: str, *, is_reply: bool) -> Reading:
    """The intent of a mail, from its new text and (when not a reply) its subject."""
    tally = _Tally()
    questions: list[str] = []
    for sent in sentences(new_text):
        norm = normalise(sent)
        asks = sent.rstrip().endswith("?") or bool(lx.INDIRECT_QUESTION.search(norm))
        hits = _sentence_hits(norm)
        if asks:
            if Intent.STATUS in hits:
                tally.status = True
            elif lx.CANCEL_QUESTION.search(norm):
                tally.cancel = True
            elif lx.REGISTER_QUESTION.search(norm):
                tally.register = 2
                tally.register_sentences += 1
            elif not lx.SMALL_TALK_QUESTION.search(norm):
                questions.append(sent)
            continue
        if Intent.CANCEL in hits:
            tally.cancel = True
        if Intent.STATUS in hits:
            tally.status = True
        reg = hits.get(Intent.REGISTER, 0)
        tally.register = max(tally.register, reg)
        if reg == 2:
            tally.register_sentences += 1
        if Intent.THANKS in hits:
            tally.thanks = True
            tally.thanks_for = tally.thanks_for or bool(lx.THANKS_FOR.search(norm))
    question = " ".join(questions) or None
    if tally.cancel:
        conflict = ("the mail both cancels and registers" if tally.register_sentences else None)
        return Reading(Intent.CANCEL, question, conflict, strong=True)
    if tally.status:
        return Reading(Intent.STATUS, question, strong=True)
    if tally.register == 2:
        return Reading(Intent.REGISTER, question, strong=True)
    if questions:
        return Reading(Intent.QUESTION, question, strong=True)
    if tally.thanks:
        return Reading(Intent.THANKS, strong=True)
    if tally.register == 1:
        return Reading(Intent.REGISTER)
    if not is_reply:
        for intent, pattern in lx.SUBJECT_PATTERNS:
            if pattern.search(subject):
                return Reading(intent)
    return Reading(Intent.UNCLEAR)


def is_reply(subject: str) -> bool:
    """Re:/AW:/WG:/Fwd:/SV:/Antw: … - the subject is not the sender's own words."""
    return bool(lx.REPLY_PREFIX.match(subject))


def strip_prefixes(subject: str) -> str:
    """The subject without any reply/forward prefixes."""
    for _ in range(10):
        m = lx.REPLY_PREFIX.match(subject)
        if not m:
            break
        subject = subject[m.end():]
    return subject.strip()
