"""Which event (and which sessions of a series) a mail is about.

Rules (:mod:`vocabulary`) turn the mail's words, dates, weekdays, times and places into
typed :class:`Evidence` for events; this module decides on it.

Sources, in order of strength: the sender's new text and a plus-address
(``smartcity+austausch@…``), a mailbot mail the sender replied to, the subject, the quoted
text. Greeting lines, the bot's own name, e-mail addresses and where the sender works
("Stabsstelle Smart City", "Amt für Wirtschaftsförderung") are not scored; the signature
never is (the splitter removed it).

The decision rule, for one layer of sources:

- *none*: no event reaches ``NAMED`` (per unit of source weight);
- *clear*: one event leads, and no rival has both at least ``1/DOMINANT`` of its weight and
  (when the leader has distinctive evidence, i.e. words, acronyms or dates of that event
  alone) at least ``1/DOMINANT`` of its distinctive weight. So "die Lounge in Ulm" is Ulm
  although "Lounge" and "Innovators" also touch Norderstedt;
- *ambiguous between named candidates*: otherwise. The caller asks back and lists only
  those candidates.

The new text decides first. When it is ambiguous, the subject and the quoted text may
choose among its candidates (never another event); when it names nothing, a referenced
mailbot mail decides, then subject and quote together, then the only open event (for a
registration) or the sender's only registration (for a cancellation or status question).
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from mailbot.addresses import base_address, plus_tag
from mailbot.booking.policy import Window, window
from mailbot.config import EventSpec, Settings
from mailbot.understand import lexicon as lx
from mailbot.understand.evidence import Evidence
from mailbot.understand.request import Intent
from mailbot.understand.times import dates_in
from mailbot.understand.vocabulary import Matcher, Vocab, fold, tokenize, totals

__all__ = ["EventChoice", "choose_event", "choose_sessions", "dates_in", "fold", "own_name",
           "index_for", "open_events"]

# weight of each kind of vocabulary word
W_TITLE, W_KEYWORD, W_ID, W_VENUE, W_SESSION = 1.0, 1.0, 0.8, 0.8, 0.7
# how much each place in the mail counts
S_NEW, S_TAG, S_SUBJECT, S_QUOTED = 3.0, 3.0, 2.0, 1.0
NAMED = 0.6  # a score (per unit of source weight) that names an event
DOMINANT = 2.0  # the leader must have this many times a rival's weight
MAX_SCAN = 20_000


# --------------------------------------------------------------------------- the index


@dataclass
class Index:
    events: tuple[EventSpec, ...]
    matcher: Matcher
    sessions: dict[str, Matcher]
    vocab: dict[str, Vocab] = field(default_factory=dict)
    _among: dict[tuple[str, ...], Matcher] = field(default_factory=dict)

    def among(self, ids: Sequence[str]) -> Matcher:
        """The vocabulary of some events only: what is shared among them, what not."""
        k = tuple(sorted(ids))
        if k not in self._among:
            if len(self._among) > 64:
                self._among.clear()
            self._among[k] = Matcher({i: self.vocab[i] for i in k})
        return self._among[k]


def _event_vocab(ev: EventSpec, tz: object) -> Vocab:
    v = Vocab()
    v.add(ev.venue or "", W_VENUE, "venue")
    for sess in ev.sessions:
        v.add(sess.title, W_SESSION, "session")
        for k in sess.keywords:
            v.add(k, W_SESSION, "session")
    v.add(ev.id.replace("-", " "), W_ID, "id")
    for k in ev.keywords:
        v.add(k, W_KEYWORD, "keyword")
    v.add(ev.title, W_TITLE, "title")
    v.add_time(ev.starts, ev.ends if not ev.sessions else None, tz)
    for sess in ev.sessions:
        v.add_time(sess.starts, sess.ends, tz)
    return v


def build_index(settings: Settings) -> Index:
    tz = settings.tz
    vocab = {ev.id: _event_vocab(ev, tz) for ev in settings.events}
    matcher = Matcher(vocab)
    sessions = {}
    for ev in settings.events:
        if not ev.sessions:
            continue
        svocab = {}
        for sess in ev.sessions:
            v = Vocab()
            v.add(sess.title, W_TITLE, "title")
            for k in sess.keywords:
                v.add(k, W_KEYWORD, "keyword")
            v.add(sess.id.replace("-", " "), W_ID, "id")
            v.add_time(sess.starts, sess.ends, tz)
            svocab[sess.id] = v
        sessions[ev.id] = Matcher(svocab)
    return Index(tuple(settings.events), matcher, sessions, vocab)


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


# --------------------------------------------------------------------------- text to score

# Words that call the bot itself by name ("Liebes Smart-City-Team", "smartcity@…") say
# nothing about the event, even when an event title shares them ("… Smart City").

def own_name(address: str) -> re.Pattern[str] | None:
    """How people write the bot's own name, from its address: ``smartcity@`` gives "Smart
    City Team", "Smart-City-Team", "Team Smart City", "smartcity@…"; None if too short."""
    letters = re.sub(r"[^a-z0-9]", "", base_address(address).partition("@")[0])
    if len(letters) < 4:
        return None
    body = r"[\s._-]?".join(re.escape(c) for c in letters)
    team = lx.BOT_TEAM_WORDS
    return re.compile(
        r"\b" + team + r"[\s-]+" + body + r"\b|\b" + body
        + r"(?:[\s-]*" + team + r"\b|(?:\+[\w.-]{0,64})?@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8})",
        re.IGNORECASE)


def scoring_text(text: str, own: re.Pattern[str] | None) -> str:
    """The text to score events on: greeting lines ("Sehr geehrtes Smart-City-Team,"), the
    bot's own name, e-mail addresses and where the sender works are dropped: they name the
    reader or the sender's office, not the event."""
    text = lx.SALUTATION.sub(" ", text[:MAX_SCAN])
    if own is not None:
        text = own.sub(" ", text)
    text = lx.ORG_PHRASE.sub(" ", text)
    return lx.EMAIL.sub(" ", text)



def _tag_evidence(index: Index, recipients: Sequence[str], bot_address: str) -> list[Evidence]:
    """``smartcity+austausch@…``: a tag equal to an event id, or to a word of exactly one
    event's vocabulary, names that event."""
    bot = base_address(bot_address)
    out: list[Evidence] = []
    for addr in recipients:
        tag = plus_tag(addr)
        if not tag or base_address(addr) != bot:
            continue
        folded = fold(tag)
        exact = [ev.id for ev in index.events if folded == ev.id]
        if not exact:
            exact = [ev.id for ev in index.events if ev.id.startswith(folded + "-")
                     or ev.id.endswith("-" + folded)]
        if not exact:
            toks = tokenize(tag.replace("-", " "))
            exact = [ev.id for ev in index.events
                     if any(t.key in index.matcher.vocab[ev.id].terms for t in toks)]
        for ev_id in exact:
            out.append(Evidence("tag", addr, "plus-address" + (":distinctive" if len(exact) == 1
                                                               else ""),
                                ev_id, S_TAG * 2.0 / len(exact)))
    return out


# --------------------------------------------------------------------------- decision


@dataclass(frozen=True)
class Verdict:
    chosen: str | None
    candidates: tuple[str, ...] = ()


def decide(evidence: Sequence[Evidence], threshold: float,
           among: Sequence[str] | None = None) -> Verdict:
    """The decision rule of the module docstring, over one layer of evidence."""
    scores = totals(e for e in evidence if among is None or e.target in among)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1][1], -kv[1][0]))
    if not ranked or ranked[0][1][1] < threshold:
        return Verdict(None)
    top, (top_d, top_all) = ranked[0]
    rivals = []
    for ev_id, (d, total) in ranked[1:]:
        if total * DOMINANT < top_all or total < threshold / 2:
            continue
        if top_d > 0 and d * DOMINANT < top_d:
            continue  # the leader is named by its own words; the rival only by shared ones
        rivals.append(ev_id)
    if not rivals:
        return Verdict(top)
    return Verdict(None, (top, *rivals))


def open_events(settings: Settings, at: datetime) -> list[str]:
    return [e.id for e in settings.events
            if window(at, opens=e.opens, deadline=e.deadline, starts=e.starts) is Window.OPEN]


@dataclass(frozen=True)
class EventChoice:
    event_id: str | None
    candidates: tuple[str, ...] = ()
    how: str = ""  # which layer decided (for logs, tests and --explain)
    evidence: tuple[Evidence, ...] = ()


def _layer(index: Index, sources: Sequence[tuple[str, str, float]], threshold: float,
           among: Sequence[str] | None = None) -> tuple[Verdict, list[Evidence]]:
    """Decide on some sources. When the verdict is ambiguous, the candidates are compared
    again with their own vocabulary only: "die Lounge im Februar" leaves the two Lounges
    open across the programme, but among the two only Norderstedt is in February."""
    matcher = index.among(among) if among else index.matcher
    evidence = [e for text, src, scale in sources for e in matcher.evidence(text, src, scale)]
    verdict = decide(evidence, threshold)
    for _ in range(2):
        if not verdict.candidates or len(verdict.candidates) == len(among or ()):
            break
        sub = index.among(verdict.candidates)
        sharper = [e for text, src, scale in sources for e in sub.evidence(text, src, scale)]
        again = decide(sharper, threshold)
        if not again.chosen and not again.candidates:
            break
        verdict, evidence = again, evidence + [
            Evidence(e.source, e.span, e.rule + ":among-candidates", e.target, e.weight)
            for e in sharper]
        among = tuple(sub.vocab)
    return verdict, evidence


def choose_event(settings: Settings, *, new_text: str, subject: str, quoted: str,
                 recipients: Sequence[str], intent: Intent, referenced: str | None,
                 sender_events: Sequence[str], arrived_at: datetime,
                 focus: str = "") -> EventChoice:
    """The event a mail is about; see the module docstring for the rule. ``focus``: the
    sentences that carry the intent ("…, aber in Ulm bin ich dabei"), read first."""
    index = index_for(settings)
    known = {e.id for e in settings.events}
    own = own_name(settings.address)
    new_s = scoring_text(new_text, own)
    tag = _tag_evidence(index, recipients, settings.address)
    threshold_new = NAMED * S_NEW
    seen: list[Evidence] = list(tag)

    def context() -> list[tuple[str, str, float]]:  # only read when the new text is not enough
        return [(scoring_text(subject, own), "subject", S_SUBJECT),
                (scoring_text(quoted, own), "quoted", S_QUOTED)]

    def tie_break(cands: tuple[str, ...], how: str) -> EventChoice:
        # the subject and the quote may choose among the sender's candidates, no other
        v, ev = _layer(index, [(new_s, "new", S_NEW), *context()], NAMED * S_SUBJECT,
                       among=cands)
        seen.extend(ev)
        if v.chosen:
            return EventChoice(v.chosen, (), how + ", subject and quote", tuple(seen))
        if referenced in cands:
            return EventChoice(referenced, (), "referenced", tuple(seen))
        return EventChoice(None, v.candidates or cands, how, tuple(seen))

    focus_s = scoring_text(focus, own) if focus and focus.strip() != new_text.strip() else ""
    if focus_s:
        v, ev = _layer(index, [(focus_s, "focus", S_NEW)], threshold_new)
        seen.extend(ev)
        if v.chosen:
            return EventChoice(v.chosen, (), "the sentences that state the intent", tuple(seen))
    v, ev = _layer(index, [(new_s, "new", S_NEW)], threshold_new)
    seen.extend(ev)
    if not v.chosen and tag:
        v = decide([*ev, *tag], threshold_new)
    if v.chosen:
        return EventChoice(v.chosen, (), "new text", tuple(seen))
    if v.candidates:
        return tie_break(v.candidates, "new text")
    if referenced in known:
        return EventChoice(referenced, (), "referenced", tuple(seen))
    v, ev = _layer(index, [(new_s, "new", S_NEW), *context()], NAMED * S_SUBJECT)
    seen.extend(e for e in ev if e.source != "new")
    if v.chosen or v.candidates:
        return EventChoice(v.chosen, v.candidates, "subject and quoted text", tuple(seen))
    return _unnamed(settings, intent, arrived_at, sender_events, tuple(seen))


def _unnamed(settings: Settings, intent: Intent, arrived_at: datetime,
             sender_events: Sequence[str], seen: tuple[Evidence, ...]) -> EventChoice:
    """No words name an event: the only open one (for a registration), or the sender's
    only registration (for a cancellation or status question)."""
    if intent is Intent.REGISTER:
        opened = open_events(settings, arrived_at)
        if len(opened) == 1:
            return EventChoice(opened[0], (), "the only open event", seen)
    if intent in (Intent.CANCEL, Intent.STATUS):
        known = {e.id for e in settings.events}
        mine = [e for e in dict.fromkeys(sender_events) if e in known]
        if len(mine) == 1:
            return EventChoice(mine[0], (), "the sender's only registration", seen)
        if len(mine) > 1:
            return EventChoice(None, tuple(mine), "several registrations", seen)
    return EventChoice(None, (), "", seen)


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
    if ev is None or not ev.sessions or not text.strip():
        return ()
    index = index_for(settings)
    ids = [s.id for s in ev.sessions]
    from mailbot.understand.intent import normalise  # local: intent imports nothing from here

    norm = normalise(text)
    m = lx.EXCEPT.search(norm)
    named = _named_sessions(index, ev, text[m.end():] if m else text)
    if lx.ALL_SESSIONS.search(norm):
        if m and named:
            return tuple(i for i in ids if i not in named)
        month = lx.IN_MONTH.search(norm)
        if month:
            number = lx.MONTHS.get(month.group(1).lower(),
                                   lx.MONTHS.get(fold(month.group(1)), 0))
            tz = settings.tz
            in_month = [s.id for s in ev.sessions if s.starts.astimezone(tz).month == number]
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
    matcher = index.sessions.get(ev.id)
    if matcher is None:
        return set()
    found = totals(e for e in matcher.evidence(text, "new", 1.0)
                   if not e.rule.startswith(("weekday", "time", "month", "phrase")))
    return {sid for sid, (_d, total) in found.items() if total >= 0.5}
