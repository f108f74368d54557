"""Which event (and which sessions of a series) a mail is about.

Evidence, strongest first: the sender's new text and a plus-address
(``smartcity+austausch@…``), a mailbot mail the sender replied to, the subject, the quoted
text. Each event's vocabulary (title, keywords, id, venue, session titles) is weighted by how
distinctive a word is across all events: a word in several titles ("Verwaltung") says
little. Dates as people write them ("am 4.3.", "4. März", "04.03.2027", "March 4") match the
event's or a session's day. Two events named without a clear winner give no event but a
list of candidates: the caller asks back, it never guesses.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from mailbot.addresses import base_address, plus_tag
from mailbot.booking.policy import Window, window
from mailbot.config import EventSpec, SessionSpec, Settings
from mailbot.understand import lexicon as lx
from mailbot.understand.request import Intent

# weight of each kind of vocabulary word, before dividing by its spread over events
W_TITLE, W_KEYWORD, W_ID, W_VENUE, W_SESSION = 1.0, 1.0, 0.8, 0.5, 0.7
W_DATE = 1.5
W_TITLE_PHRASE = 1.0
# how much each place in the mail counts
S_NEW, S_TAG, S_SUBJECT, S_QUOTED = 3.0, 3.0, 2.0, 1.0
NAMED = 0.6  # a score (per unit of source weight) that names an event
DOMINANT = 2.0  # the best event must score this many times the second
MAX_SCAN = 20_000  # characters of one source that are looked at

_STOP = frozenset("""
der die das den dem des ein eine einer eines einem einen und oder für fuer zum zur zu im in
am an auf aus bei mit von vom nach über ueber unter the a an of for to at on in and or with
from by is are was sie ich wir uns mich mir dich ihr ihre ihren ihnen nicht auch noch bitte
herr frau gerne hiermit sehr geehrte geehrter damen herren hallo liebe lieber dear hello
grüße gruesse mein meine meinen unser unsere dass daß wie was wer wo wann kann können
koennen werde werden wird bin ist sind hat habe haben this that these will would please
dank danke vielen thank thanks uhr saal raum straße strasse nr
""".split())
_TOKEN = re.compile(r"[a-zäöüß0-9]+", re.IGNORECASE)
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e"})
# Generic nouns that may follow a vocabulary word in a compound ("Mobilitätsworkshop").
_COMPOUND_TAILS = ("workshop", "workshops", "termin", "termine", "treffen", "veranstaltung",
                   "runde", "abend", "tag", "event", "session", "sitzung", "modul", "reihe")

_MONTHS = {
    "januar": 1, "jan": 1, "january": 1, "jänner": 1, "februar": 2, "feb": 2, "february": 2,
    "märz": 3, "maerz": 3, "marz": 3, "mär": 3, "mrz": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "mai": 5, "may": 5, "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7, "august": 8, "aug": 8, "september": 9, "sep": 9,
    "sept": 9, "oktober": 10, "okt": 10, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "dezember": 12, "dez": 12, "december": 12, "dec": 12,
}
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DATE_NUMERIC = re.compile(
    r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.?(?:\s?(\d{4}|\d{2})(?!\d))?(?![\d])")
_DATE_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_DATE_DAY_MONTH = re.compile(
    r"(?<!\d)(\d{1,2})(?:\.|st|nd|rd|th)?\s*(?:of\s+)?(" + _MONTH_RE
    + r")\b\.?(?:\s*,?\s*(\d{4}))?",
    re.IGNORECASE)
_DATE_MONTH_DAY = re.compile(
    r"\b(" + _MONTH_RE + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:\s*,?\s*(\d{4}))?", re.IGNORECASE)


def fold(text: str) -> str:
    return text.lower().translate(_FOLD)


def tokens(text: str) -> list[str]:
    """Folded words of ``text``, with the German word added for an English one."""
    out = []
    for t in _TOKEN.findall(text[:MAX_SCAN]):
        t = fold(t)
        out.append(t)
        out.extend(lx.EN_DE.get(t, ()))
    return out


def _words(text: str) -> set[str]:
    return {t for t in tokens(text) if len(t) >= 3 and t not in _STOP and not t.isdigit()}


def dates_in(text: str) -> list[tuple[int, int, int | None]]:
    """(day, month, year or None) of every plausible date written in ``text``."""
    text = text[:MAX_SCAN]
    out: list[tuple[int, int, int | None]] = []
    for m in _DATE_NUMERIC.finditer(text):
        year = int(m.group(3)) if m.group(3) else None
        if year is not None and year < 100:
            year += 2000
        out.append((int(m.group(1)), int(m.group(2)), year))
    for m in _DATE_ISO.finditer(text):
        out.append((int(m.group(3)), int(m.group(2)), int(m.group(1))))
    for m in _DATE_DAY_MONTH.finditer(text):
        out.append((int(m.group(1)), _MONTHS[m.group(2).lower()],
                    int(m.group(3)) if m.group(3) else None))
    for m in _DATE_MONTH_DAY.finditer(text):
        out.append((int(m.group(2)), _MONTHS[m.group(1).lower()],
                    int(m.group(3)) if m.group(3) else None))
    return [(d, mo, y) for d, mo, y in out if 1 <= d <= 31 and 1 <= mo <= 12]


def _date_matches(found: Iterable[tuple[int, int, int | None]], day: date) -> bool:
    return any(d == day.day and mo == day.month and (y is None or y == day.year)
               for d, mo, y in found)


def word_matches(token: str, word: str, vocabulary: Iterable[str] = ()) -> bool:
    """Does a word of the mail stand for a vocabulary word? Allows inflection and
    compounds: "interkommunalen" ~ "interkommunal", "wirtschafts" ~ "wirtschaft",
    "innovator" ~ "innovators", "mobilitaetsworkshop" ~ "mobilitaet"."""
    if token == word:
        return True
    if len(word) >= 5 and token.startswith(word):
        rest = token[len(word):]
        if len(rest) <= 3:
            return True
        rest = rest[1:] if rest.startswith("s") and len(rest) > 4 else rest
        return rest in _COMPOUND_TAILS or rest in vocabulary
    return len(token) >= 5 and word.startswith(token) and len(word) - len(token) <= 2


# --------------------------------------------------------------------------- the index


@dataclass(frozen=True)
class _Vocab:
    words: dict[str, float]  # word -> weight before spread
    phrases: tuple[str, ...]  # folded titles
    days: tuple[date, ...]


@dataclass
class Index:
    events: tuple[EventSpec, ...]
    vocab: dict[str, _Vocab]
    spread: dict[str, int]  # word -> number of events that use it
    all_words: frozenset[str] = field(default_factory=frozenset)
    sessions: dict[str, dict[str, _Vocab]] = field(default_factory=dict)
    session_spread: dict[str, dict[str, int]] = field(default_factory=dict)


def _add(words: dict[str, float], text: str, weight: float) -> None:
    for w in _words(text):
        words[w] = max(words.get(w, 0.0), weight)


def _local(value: datetime, tz: object) -> date:
    return value.astimezone(tz).date() if value.tzinfo is not None else value.date()  # type: ignore[arg-type]


def _session_vocab(sess: SessionSpec, tz: object) -> _Vocab:
    words: dict[str, float] = {}
    _add(words, sess.title, W_TITLE)
    for k in sess.keywords:
        _add(words, k, W_KEYWORD)
    _add(words, sess.id.replace("-", " "), W_ID)
    return _Vocab(words, (fold(sess.title),), (_local(sess.starts, tz),))


def build_index(settings: Settings) -> Index:
    tz = settings.tz
    vocab: dict[str, _Vocab] = {}
    sessions: dict[str, dict[str, _Vocab]] = {}
    session_spread: dict[str, dict[str, int]] = {}
    for ev in settings.events:
        words: dict[str, float] = {}
        _add(words, ev.venue or "", W_VENUE)
        for sess in ev.sessions:
            _add(words, sess.title, W_SESSION)
            for k in sess.keywords:
                _add(words, k, W_SESSION)
        _add(words, ev.id.replace("-", " "), W_ID)
        _add(words, ev.title, W_TITLE)
        for k in ev.keywords:
            _add(words, k, W_KEYWORD)
        days = {_local(ev.starts, tz)} | {_local(s.starts, tz) for s in ev.sessions}
        vocab[ev.id] = _Vocab(words, (fold(ev.title),), tuple(sorted(days)))
        sessions[ev.id] = {s.id: _session_vocab(s, tz) for s in ev.sessions}
        spread: dict[str, int] = {}
        for sv in sessions[ev.id].values():
            for w in sv.words:
                spread[w] = spread.get(w, 0) + 1
        session_spread[ev.id] = spread
    # A word spreads over every event that uses it, also inside a compound: "Austausch"
    # says little when another event is an "Erfahrungsaustausch".
    df: dict[str, int] = {}
    for w in {w for v in vocab.values() for w in v.words}:
        df[w] = sum(1 for v in vocab.values()
                    if any(x == w or (len(w) >= 5 and x.endswith(w)) for x in v.words))
    return Index(tuple(settings.events), vocab, df, frozenset(df), sessions, session_spread)


_CACHE: dict[int, tuple[Settings, Index]] = {}
_LOCK = threading.Lock()


def index_for(settings: Settings) -> Index:
    """The (cached) index of a settings object; settings are frozen."""
    with _LOCK:
        hit = _CACHE.get(id(settings))
        if hit is not None and hit[0] is settings:
            return hit[1]
        idx = build_index(settings)
        if len(_CACHE) > 16:
            _CACHE.clear()
        _CACHE[id(settings)] = (settings, idx)
        return idx


# --------------------------------------------------------------------------- scoring


def _score_vocab(toks: set[str], text_folded: str, found_dates: list[tuple[int, int, int | None]],
                 v: _Vocab, spread: dict[str, int], vocabulary: frozenset[str]) -> float:
    score = 0.0
    for word, weight in v.words.items():
        if any(word_matches(t, word, vocabulary) for t in toks):
            score += weight / spread.get(word, 1) ** 2
    if any(p in text_folded for p in v.phrases if len(p) >= 6):
        score += W_TITLE_PHRASE
    if found_dates and any(_date_matches(found_dates, d) for d in v.days):
        score += W_DATE
    return score


def score_text(index: Index, text: str) -> dict[str, float]:
    """How strongly ``text`` names each event (0 = not at all)."""
    if not text.strip():
        return {}
    toks = set(tokens(text))
    folded = " ".join(tokens(text))
    found = dates_in(text)
    out = {}
    for ev in index.events:
        s = _score_vocab(toks, folded, found, index.vocab[ev.id], index.spread, index.all_words)
        if s > 0:
            out[ev.id] = s
    return out


# Words that call the bot itself by name ("Liebes Smart-City-Team", "smartcity@…") say
# nothing about the event, even when an event title shares them ("… Smart City").
_TEAM = r"(?:team|b[üu]ro|buero|office|mailbox|postfach|orga|organisation|organisationsteam)"


def own_name(address: str) -> re.Pattern[str] | None:
    """How people write the bot's own name, from its address: ``smartcity@`` gives "Smart
    City Team", "Smart-City-Team", "Team Smart City", "smartcity@…"; None if too short."""
    letters = re.sub(r"[^a-z0-9]", "", base_address(address).partition("@")[0])
    if len(letters) < 4:
        return None
    body = r"[\s._-]?".join(re.escape(c) for c in letters)
    return re.compile(
        r"\b" + _TEAM + r"[\s-]+" + body + r"\b|\b" + body
        + r"(?:[\s-]*" + _TEAM + r"\b|(?:\+[\w.-]{0,64})?@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8})",
        re.IGNORECASE)


def without_greeting_and_own_name(text: str, own: re.Pattern[str] | None) -> str:
    """The text to score events on: greeting lines ("Sehr geehrtes Smart-City-Team,") and
    the bot's own name dropped; they name the reader, not the event. So are e-mail
    addresses: "a.b@stadt-dortmund.de" says where a person works, not where they go."""
    text = lx.SALUTATION.sub(" ", text[:MAX_SCAN])
    if own is not None:
        text = own.sub(" ", text)
    return lx.EMAIL.sub(" ", text)


def _tag_scores(index: Index, recipients: Sequence[str], bot_address: str) -> dict[str, float]:
    """``smartcity+austausch@…``: a tag equal to an event id, or to a keyword or title word
    of exactly one event, names that event."""
    bot = base_address(bot_address)
    out: dict[str, float] = {}
    for addr in recipients:
        tag = plus_tag(addr)
        if not tag or base_address(addr) != bot:
            continue
        tag = fold(tag)
        exact = [ev.id for ev in index.events if tag == ev.id]
        if not exact:
            exact = [ev.id for ev in index.events
                     if tag in index.vocab[ev.id].words and index.vocab[ev.id].words[tag] >= W_ID]
        if not exact:
            exact = [ev.id for ev in index.events if ev.id.startswith(tag + "-")
                     or ev.id.endswith("-" + tag)]
        for ev_id in exact:
            out[ev_id] = out.get(ev_id, 0.0) + 2.0 / len(exact)
    return out


def _combine(*parts: tuple[float, dict[str, float]]) -> dict[str, float]:
    out: dict[str, float] = {}
    for weight, scores in parts:
        for k, v in scores.items():
            out[k] = out.get(k, 0.0) + weight * v
    return out


def _decide(scores: dict[str, float], threshold: float, *,
            strict: bool = False) -> tuple[str | None, tuple[str, ...]]:
    """(clear winner, or None with the candidates when two or more are named). ``strict``:
    any second event named on its own makes it unclear (the sender's own words)."""
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < threshold:
        return None, ()
    top = ranked[0][1]
    rivals = [k for k, v in ranked[1:]
              if (v * DOMINANT >= top and v >= threshold / 2) or (strict and v >= threshold)]
    if not rivals:
        return ranked[0][0], ()
    return None, tuple([ranked[0][0], *rivals])


def open_events(settings: Settings, at: datetime) -> list[str]:
    return [e.id for e in settings.events
            if window(at, opens=e.opens, deadline=e.deadline, starts=e.starts) is Window.OPEN]


@dataclass(frozen=True)
class EventChoice:
    event_id: str | None
    candidates: tuple[str, ...] = ()
    how: str = ""  # which evidence decided (for logs and tests)


def choose_event(settings: Settings, *, new_text: str, subject: str, quoted: str,
                 recipients: Sequence[str], intent: Intent, referenced: str | None,
                 sender_events: Sequence[str], arrived_at: datetime) -> EventChoice:
    """The event a mail is about; see the module docstring for the order of evidence."""
    index = index_for(settings)
    known = {e.id for e in settings.events}
    own = own_name(settings.address)
    new_text = without_greeting_and_own_name(new_text, own)
    subject = without_greeting_and_own_name(subject, own)
    quoted = without_greeting_and_own_name(quoted, own)
    new = _combine((S_NEW, score_text(index, new_text)),
                   (S_TAG, _tag_scores(index, recipients, settings.address)))
    chosen, cands = _decide(new, NAMED * S_NEW)
    if chosen or cands:
        return EventChoice(chosen, cands, "new text")
    if referenced in known:
        return EventChoice(referenced, (), "referenced")
    # Subject and quoted text together: a newsletter quoted below "Ich melde mich an"
    # names several events, and then no subject word alone may pick one of them.
    context = _combine((1.0, new), (S_SUBJECT, score_text(index, subject)),
                       (S_QUOTED, score_text(index, quoted)))
    chosen, cands = _decide(context, NAMED * S_SUBJECT)
    if chosen or cands:
        return EventChoice(chosen, cands, "subject and quoted text")
    if intent is Intent.REGISTER:
        opened = open_events(settings, arrived_at)
        if len(opened) == 1:
            return EventChoice(opened[0], (), "the only open event")
    if intent in (Intent.CANCEL, Intent.STATUS):
        mine = [e for e in dict.fromkeys(sender_events) if e in known]
        if len(mine) == 1:
            return EventChoice(mine[0], (), "the sender's only registration")
        if len(mine) > 1:
            return EventChoice(None, tuple(mine), "several registrations")
    return EventChoice(None, (), "")


# --------------------------------------------------------------------------- sessions


def _count(word: str | None, default: int) -> int:
    if word is None:
        return default
    if word.isdigit():
        return int(word)
    return lx.NUMBER_WORDS.get(word.lower(), default)


def choose_sessions(settings: Settings, event_id: str | None, text: str) -> tuple[str, ...]:
    """Session ids of a series named in ``text`` (the sender's own words); () = none named."""
    ev = settings.event(event_id) if event_id else None
    if ev is None or not ev.sessions:
        return ()
    index = index_for(settings)
    ids = [s.id for s in ev.sessions]
    if not text.strip():
        return ()
    from mailbot.understand.intent import normalise  # local: intent imports nothing from here

    norm = normalise(text)
    m = lx.EXCEPT.search(norm)
    named = _named_sessions(index, ev, text[m.end():] if m else text)
    if lx.ALL_SESSIONS.search(norm):
        if m and named:
            return tuple(i for i in ids if i not in named)
        month = lx.IN_MONTH.search(norm)
        if month:
            number = _MONTHS.get(fold(month.group(1)).replace("ae", "ä"),
                                 _MONTHS.get(month.group(1).lower(), 0))
            tz = settings.tz
            in_month = [s.id for s in ev.sessions if _local(s.starts, tz).month == number]
            if in_month:
                return tuple(in_month)
        return tuple(ids)
    if m and named and not _named_sessions(index, ev, text[: m.start()]):
        return tuple(i for i in ids if i not in named)
    named |= _named_sessions(index, ev, text[: m.start()]) if m else set()
    for pattern, pick in ((lx.ORDINAL_FIRST, "first"), (lx.ORDINAL_LAST, "last")):
        om = pattern.search(norm)
        if om:
            n = _count(om.group(1), 1)
            named |= set(ids[:n] if pick == "first" else ids[-n:])
    for om in lx.ORDINAL_NTH.finditer(norm):
        k = lx.NTH.get(fold(om.group(1)).replace("ue", "ü"), lx.NTH.get(om.group(1).lower(), 0))
        if 1 <= k <= len(ids):
            named.add(ids[k - 1])
    return tuple(i for i in ids if i in named)


def _named_sessions(index: Index, ev: EventSpec, text: str) -> set[str]:
    toks = set(tokens(text))
    folded = " ".join(tokens(text))
    found = dates_in(text)
    spread = index.session_spread.get(ev.id, {})
    vocabulary = index.all_words
    out = set()
    for sid, v in index.sessions.get(ev.id, {}).items():
        s = _score_vocab(toks, folded, found, v, spread, vocabulary)
        if s >= 0.5:
            out.add(sid)
    return out
