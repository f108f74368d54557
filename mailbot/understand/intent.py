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
from dataclasses import dataclass, field, replace
from functools import lru_cache

from rapidfuzz import fuzz, process

from mailbot.understand import lexicon as lx
from mailbot.understand.evidence import Evidence, short
from mailbot.understand.request import Intent

_DIGIT_DOT = re.compile(r"(\d)\.")
_SPLIT = re.compile(r"(?<=[!?])\s+|(?<=\.)\s+|\s*\n\s*\n\s*|\n(?=\s*(?:[-*•–]|\d{1,2}[.)])\s)")
_WS = re.compile(r"[ \t\u00a0]+")
_SOFT_BREAK = re.compile(r"(?<!\n)\n(?!\n)(?!\s*(?:[-*•–]|\d{1,2}[.)])\s)")
MAX_SENTENCES = 400
_QUOTED_TITLE = re.compile(r"[„\"“»][^„\"“”»«\n]{1,80}[“”\"«]")
_HIDE_ENDS = str.maketrans({".": "\u2024", "?": "\ufe16", "!": "\ufe15"})
_SHOW_ENDS = str.maketrans({"\ufe16": "?", "\ufe15": "!"})


@dataclass(frozen=True)
class Reading:
    intent: Intent
    question: str | None = None  # the question sentences, in the sender's words
    conflict: str | None = None  # contradicting statements: a human should look
    strong: bool = False  # stated clearly (not only a hint or the subject)
    # the sentences that carry the intent (where sessions and people are named)
    focus: str = ""
    sender_excluded: bool = False  # "ich selbst bin verhindert": registers others only
    evidence: tuple[Evidence, ...] = ()  # which sentence set which intent


def normalise(sentence: str) -> str:
    """Dots that do not end a sentence removed ("4.3." -> "43", "Dr." -> "Dr")."""
    return _DIGIT_DOT.sub(r"\1", lx.ABBREVIATION.sub(r"\1", sentence))


_WORD = re.compile(r"[a-zäöüß]{" + str(lx.KEY_WORD_MIN) + ",}", re.IGNORECASE)
_KEYS = frozenset(lx.KEY_WORDS)
_KEY_PREFIXES = frozenset(w[:2] for w in lx.KEY_WORDS)


@lru_cache(maxsize=50_000)
def _corrected(word: str) -> str:
    low = word.lower()
    if low in _KEYS or low[:2] not in _KEY_PREFIXES or lx.KEY_WORD_PARTICIPLE.match(low):
        return word
    found = process.extractOne(low, lx.KEY_WORDS, scorer=fuzz.ratio, score_cutoff=85)
    if found is None or abs(len(found[0]) - len(low)) > 2 or found[0][:2] != low[:2]:
        return word
    if low.startswith(found[0]) or found[0].startswith(low):
        return word  # an inflection ("registered", "Anmeldungen"), not a typo
    return str(found[0])


def correct_typos(text: str) -> str:
    """Key words of intents misspelt ("anmelen", "teilnehemn") written as meant."""
    return _WORD.sub(lambda m: _corrected(m.group(0)), text)


_LONE_NAME = re.compile(r"^\s*[A-ZÄÖÜ][\w'’-]{1,24}[.,!]?\s*$")  # "Amélie" under the text
_PIECE = re.compile(r"[^\W\d_]+|\d+|[^\w\s]")


def acknowledges(text: str) -> bool:
    """Only acknowledges: "👍", "Ok, passt!", "Perfekt, bis dann :-)", "Noted, thanks"."""
    text = text.strip()
    if not text or len(text) > lx.ACK_MAX:
        return False
    words = [p for p in _PIECE.findall(text.lower()) if p[0].isalnum()]
    if len(words) > lx.ACK_MAX_WORDS or any(w not in lx.ACK_WORDS for w in words
                                            if not w.isdigit()):
        return False
    return bool(words) or any(not c.isascii() for c in text)  # words, or an emoji


def clauses(text: str) -> list[tuple[str, bool]]:
    """Sentences, split where they turn ("…, aber …", "…; …", "…, but …"); each with
    whether it ends its sentence (only then does its "?" count)."""
    out: list[tuple[str, bool]] = []
    for sent in sentences(text):
        parts = [p for p in lx.CONTRAST.split(sent) if p and p.strip()]
        if len(parts) > 1 and all(len(p.split()) >= 3 for p in parts):
            out.extend((p, i == len(parts) - 1) for i, p in enumerate(parts))
        else:
            out.append((sent, True))
    return out


def neutralise(text: str) -> str:
    """Addresses and links replaced by a neutral word (their dots end no sentence)."""
    return lx.ADDRESS_OR_URL.sub(lx.PLACEHOLDER, text)


def sentences(text: str) -> list[str]:
    """Sentences of ``text``; hard-wrapped lines are joined first."""
    text = _SOFT_BREAK.sub(" ", text.strip())
    protected = lx.DIGIT_DOT_INSIDE.sub("\\1\u2024", lx.ABBREVIATION.sub("\\1\u2024", text))
    # a quoted title ends no sentence: „Smart. Smarter. Pinneberg?!“
    protected = _QUOTED_TITLE.sub(lambda m: m.group(0).translate(_HIDE_ENDS), protected)
    out = []
    for piece in _SPLIT.split(protected)[:MAX_SENTENCES]:
        piece = _WS.sub(" ", piece.replace("\u2024", ".").translate(_SHOW_ENDS)).strip()
        if piece:
            out.append(piece)
    return out


@dataclass
class _Tally:
    cancel: list[str] = field(default_factory=list)
    status: list[str] = field(default_factory=list)
    register: list[str] = field(default_factory=list)  # sentences with a clear register
    hints: list[str] = field(default_factory=list)  # sentences with a register hint
    thanks: list[str] = field(default_factory=list)
    bare_thanks: list[str] = field(default_factory=list)  # a line that only thanks
    thanks_for: bool = False
    other: list[str] = field(default_factory=list)  # sentences with no intent at all
    self_excluded: bool = False
    # "ich selbst kann nicht": a cancel for the sender only, unless others are registered
    self_cancel: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # "ich sage nicht ab": nothing to do
    conditional: list[str] = field(default_factory=list)  # registers once a question is answered
    registered: bool = False  # "ich bin angemeldet und wollte nur fragen …"
    undecided: bool = False  # "Dann überlegen wir, ob wir kommen"


def _sentence_hits(norm: str) -> dict[Intent, int]:
    # "That would decide whether I register", "ob ich komme, weiß ich noch nicht": an
    # open decision is neither a registration nor a cancel; the rest of the sentence counts.
    norm = lx.UNDECIDED.sub(" ", norm)
    hits: dict[Intent, int] = {}
    for intent, strength, pattern in lx.INTENT_PATTERNS:
        if hits.get(intent, 0) < strength and pattern.search(norm):
            hits[intent] = strength
    if Intent.CANCEL in hits and (lx.CONDITIONAL.search(norm) or lx.PAST_CANCEL.search(norm)):
        del hits[Intent.CANCEL]
    if Intent.REGISTER in hits and (lx.KEEP.search(norm) or lx.NOT_THIS_TIME.search(norm)):
        del hits[Intent.REGISTER]
    if hits.get(Intent.REGISTER) == 2 and hits.get(Intent.CANCEL) == 2 \
            and lx.THE_OTHERS.search(norm) and not lx.EXPLICIT_CANCEL.search(norm):
        del hits[Intent.CANCEL]  # "am 24.2. gern, an den anderen Abenden bin ich verhindert"
    if Intent.CANCEL in hits and lx.SELF_EXCLUDED.search(norm):
        hits[Intent.CANCEL] = 1  # only says who is not coming
    if hits.get(Intent.CANCEL) == 2 or Intent.STATUS in hits:
        hits.pop(Intent.REGISTER, None)
    return hits


def read(new_text: str, subject: str, *, is_reply: bool) -> Reading:
    """The intent of a mail, from its new text and (when not a reply) its subject."""
    t = _Tally()
    questions: list[str] = []
    found: list[Evidence] = []
    for sent, ends_sentence in clauses(neutralise(new_text)):
        sent = lx.SALUTATION_HEAD.sub("", sent).strip()
        if sent:
            _read_clause(t, questions, found, sent, ends_sentence)
    if acknowledges(new_text) and not (t.register or t.cancel or t.status
                                                    or questions):
        found.append(Evidence("new", short(new_text), "acknowledgement", "thanks", 1.0))
        return Reading(Intent.THANKS, strong=True, evidence=tuple(found))
    reading = _conclude(t, questions, subject, is_reply)
    if reading.focus == subject and subject:
        found.append(Evidence("subject", short(subject), "subject", reading.intent.value, 1.0))
    return replace(reading, evidence=tuple(found))


def _read_clause(t: _Tally, questions: list[str], found: list[Evidence], sent: str,
                 ends_sentence: bool) -> None:
    """Tally one clause: the intents it states, as a question or as a statement."""
    norm = correct_typos(normalise(lx.MENTION.sub(" xmentionx ", sent)))
    t.registered = t.registered or bool(lx.ALREADY_REGISTERED.search(norm))
    t.undecided = t.undecided or bool(lx.UNDECIDED.search(norm))
    asks = (ends_sentence and sent.rstrip().endswith("?")) or bool(
        lx.INDIRECT_QUESTION.search(norm))
    negated = lx.NEGATED_CANCEL.search(norm)
    if negated:
        # "Ich sage nicht ab", "I will not cancel": the booking stays; what else the
        # sentence says still counts.
        norm = lx.NEGATED_CANCEL.sub(" ", norm)
        t.kept.append(sent)
        found.append(Evidence("new", short(negated.group(0)), "negated-cancel", "keep", 1.0))
    hits = _sentence_hits(norm)
    if lx.INDIRECT_REGISTER.search(norm) and Intent.CANCEL not in hits \
            and Intent.STATUS not in hits and not lx.UNDECIDED.search(norm):
        hits[Intent.REGISTER] = 2
    for intent_hit, strength in hits.items():
        found.append(Evidence("new", short(sent), f"{intent_hit.value}:{strength}",
                              intent_hit.value, float(strength)))
    t.self_excluded = t.self_excluded or bool(lx.SELF_EXCLUDED.search(norm))
    if asks:
        _tally_question(t, questions, sent, norm, hits)
    else:
        _tally_statement(t, sent, norm, hits)


def _tally_question(t: _Tally, questions: list[str], sent: str, norm: str,
                    hits: dict[Intent, int]) -> None:
    """A question: a status question, a polite request to cancel or register, or a
    question for a person (small talk aside)."""
    polite = bool(lx.REQUEST_FORM.search(norm))
    if Intent.STATUS in hits:
        t.status.append(sent)
    elif lx.CANCEL_QUESTION.search(norm) or (polite and hits.get(Intent.CANCEL) == 2
                                             and lx.EXPLICIT_CANCEL.search(norm)):
        t.cancel.append(sent)
    elif lx.REGISTER_QUESTION.search(norm) or (polite and hits.get(Intent.REGISTER) == 2):
        t.register.append(sent)  # "Könnten Sie meine Kollegin noch aufnehmen?"
    elif not lx.SMALL_TALK_QUESTION.search(norm):
        questions.append(sent)


def _tally_statement(t: _Tally, sent: str, norm: str, hits: dict[Intent, int]) -> None:
    if hits.get(Intent.CANCEL) == 2:
        t.cancel.append(sent)
    elif hits.get(Intent.CANCEL) == 1:
        t.self_cancel.append(sent)
    if Intent.STATUS in hits:
        t.status.append(sent)
    if hits.get(Intent.REGISTER) == 2 and lx.REGISTER_IF_ANSWERED.search(norm):
        t.conditional.append(sent)  # "Ist der Saal barrierefrei? Dann melde ich mich an."
    elif hits.get(Intent.REGISTER) == 2:
        t.register.append(sent)
    elif hits.get(Intent.REGISTER) == 1:
        t.hints.append(sent)
    if Intent.THANKS in hits:
        t.thanks.append(sent)
        if lx.THANKS_LINE.match(sent):
            t.bare_thanks.append(sent)
        t.thanks_for = t.thanks_for or bool(lx.THANKS_FOR.search(norm))
    if not hits and not lx.PLEASANTRY.search(norm) and not _LONE_NAME.match(sent):
        t.other.append(sent)


def _conclude(t: _Tally, questions: list[str], subject: str, is_reply: bool) -> Reading:
    """The declarative order: cancel, status, register, question, thanks (or a kept
    booking), a register hint, the subject; else unclear."""
    question = " ".join(questions) or None
    if (not t.cancel and not t.register and not t.status and t.self_cancel
            and all(h in t.self_cancel for h in t.hints)):
        t.cancel = t.self_cancel  # the sender is not coming, and registers no one else
    if (t.conditional or t.undecided) and questions and not any(
            lx.EXPLICIT_REGISTER.search(normalise(x)) for x in t.register):
        # "Ich würde gern kommen. Ist der Saal barrierefrei? Dann melde ich mich an.": the
        # answer decides; a person answers first.
        return Reading(Intent.QUESTION, question, strong=True, focus=question or "")
    if t.conditional and not t.register and not questions:
        t.register = t.conditional
    if questions and t.registered and not t.cancel and not t.status:
        # already registered, and asking something: a question for a person
        return Reading(Intent.QUESTION, question, strong=True, focus=question or "")
    if t.cancel and t.register and not any(lx.EXPLICIT_CANCEL.search(normalise(x))
                                           for x in t.cancel):
        # "Norderstedt schaffe ich nicht, aber in Ulm bin ich dabei": declining one thing
        # while registering for another is a registration.
        return Reading(Intent.REGISTER, question, strong=True, focus=" ".join(t.register),
                       sender_excluded=t.self_excluded)
    if t.cancel:
        conflict = None
        if [x for x in t.register if x not in t.cancel]:
            conflict = "the mail both cancels and registers"
        return Reading(Intent.CANCEL, question, conflict, strong=True, focus=" ".join(t.cancel))
    if t.status:
        return Reading(Intent.STATUS, question, strong=True, focus=" ".join(t.status))
    if t.register:
        return Reading(Intent.REGISTER, question, strong=True, focus=" ".join(t.register),
                       sender_excluded=t.self_excluded)
    if questions:
        return Reading(Intent.QUESTION, question, strong=True, focus=question or "")
    if t.kept and not t.hints:
        return Reading(Intent.THANKS, strong=True)  # "ich sage nicht ab, bis dann"
    if t.thanks and (t.thanks_for or not t.other) and (
            not t.hints or len(t.bare_thanks) < len(t.thanks)):
        return Reading(Intent.THANKS, strong=True)
    # A closing "Danke!" is politeness, not the point of the mail.
    thanked = len(t.bare_thanks) < len(t.thanks)
    if t.hints and not thanked:
        return Reading(Intent.REGISTER, focus=" ".join(t.hints))
    if not is_reply and not thanked:
        for intent, pattern in lx.SUBJECT_PATTERNS:
            if pattern.search(subject):
                return Reading(intent, focus=subject)
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
