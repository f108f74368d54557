"""Words of the mail against the words of the events: stems, compounds, typos, acronyms.

An event's vocabulary is what the admin wrote about it: title, keywords, venue, id and the
titles of its sessions. A word of a mail stands for a vocabulary word when

- their Snowball stems are equal (German stemmer over umlaut-folded words: "zum
  Interkommunalen Austausche" ~ "Interkommunaler Austausch"),
- it is a compound that starts with the word ("Mobilitätsworkshop", "Wirtschafts-Workshop"),
  or the vocabulary word is a compound that ends with it ("das Forum" ~ "Deutschlandforum",
  weaker: it could be another forum),
- it is the word misspelt (rapidfuzz ratio >= 84 on words of six letters or more, same
  first letter: "Innovaters", "Norderstadt"),
- it is an acronym the admin's words make or the lexicon knows ("IC" ~ "Innovators Club",
  "AK" ~ "Arbeitskreis").

Each word is weighted by how distinctive it is across the events: a word that ``n`` events
share counts ``1/n²``. A word only one event uses is *distinctive*; the decision rule in
:mod:`events` compares distinctive evidence first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from rapidfuzz import fuzz, process

from mailbot.understand import lexicon as lx
from mailbot.understand.evidence import Evidence, short
from mailbot.understand.times import Found, find_times
from mailbot.understand.words import MAX_WORD, Token, fold, key, meaningful, norm, stem, tokenize

__all__ = ["Found", "Matcher", "Term", "Token", "Vocab", "compound_match", "find_times", "fold",
           "key", "norm", "stem", "tokenize", "totals"]

FUZZY_CUTOFF = 84.0
_GENERIC_KEYS = frozenset(stem(w) for w in lx.GENERIC_WORDS)


# --------------------------------------------------------------------------- vocabulary


@dataclass(frozen=True)
class Term:
    """One vocabulary word of one event (or session)."""

    norm: str
    key: str
    weight: float  # by the kind of field it came from
    field: str  # title | keyword | venue | session | id


@dataclass
class Vocab:
    terms: dict[str, Term] = field(default_factory=dict)  # by key
    phrases: list[tuple[str, ...]] = field(default_factory=list)  # normalised multi-words
    acronyms: set[str] = field(default_factory=set)  # upper case
    days: set[date] = field(default_factory=set)
    weekdays: set[int] = field(default_factory=set)
    months: set[tuple[int, int]] = field(default_factory=set)
    times: set[tuple[int, int]] = field(default_factory=set)

    def add(self, text: str, weight: float, fieldname: str) -> None:
        words = [t for t in tokenize(text, whole=False) if meaningful(t)]
        for t in words:
            if t.norm in lx.GENERIC_WORDS or t.key in _GENERIC_KEYS:
                weight_t = weight * lx.GENERIC_FACTOR
            else:
                weight_t = weight
            old = self.terms.get(t.key)
            if old is None or old.weight < weight_t:
                self.terms[t.key] = Term(t.norm, t.key, weight_t, fieldname)
        seq = tuple(t.norm for t in words)
        if len(seq) >= 2:
            self.phrases.append(seq)
        caps = [w for w in re.findall(r"[A-Za-zÄÖÜäöü]+", text) if w[:1].isupper()]
        if len(caps) >= 2:
            self.acronyms.add("".join(w[0] for w in caps).upper())
        for w in re.findall(r"\b[A-ZÄÖÜ]{2,5}\b", text):
            self.acronyms.add(w)

    def add_time(self, starts: datetime, ends: datetime | None, tz: object) -> None:
        local = starts.astimezone(tz) if starts.tzinfo else starts  # type: ignore[arg-type]
        end = (ends.astimezone(tz) if ends.tzinfo else ends) if ends else local  # type: ignore[arg-type]
        day = local.date()
        last = max(end.date(), day)
        while day <= last and len(self.days) < 60:
            self.days.add(day)
            self.weekdays.add(day.weekday())
            self.months.add((day.year, day.month))
            day = date.fromordinal(day.toordinal() + 1)
        if local.hour or local.minute:
            self.times.add((local.hour, local.minute))


def compound_match(tok: Token, term: Term, known: frozenset[str]) -> str | None:
    """The rule by which ``tok`` stands for ``term``, or None."""
    if tok.key == term.key:
        return "word" if tok.norm == term.norm else "stem"
    t, w = tok.norm, term.norm
    if len(w) >= 5 and len(t) > len(w) and t.startswith(w):
        rest = t[len(w):]
        if rest.startswith("s") and len(rest) > 4:
            rest = rest[1:]
        if len(rest) <= 2 or stem(rest) in known or rest in lx.COMPOUND_TAILS \
                or stem(rest) in lx.COMPOUND_TAILS:
            return "compound"
    if len(w) >= 5 and len(t) > len(w) + 2 and t.endswith(w):
        return "modified"  # "Elektromobilität" for "Mobilität": more specific, weaker
    if len(t) >= 5 and len(w) > len(t) + 2 and w.endswith(t):
        return "head"  # "das Forum" for "Deutschlandforum"
    return None


RULE_FACTOR = {"word": 1.0, "stem": 1.0, "compound": 0.9, "fuzzy": 0.8, "acronym": 0.9,
               "head": 0.6, "modified": 0.5}


@dataclass
class Matcher:
    """The vocabulary of a set of targets (events, or the sessions of one series)."""

    vocab: dict[str, Vocab]
    known: frozenset[str] = frozenset()
    spread: dict[str, int] = field(default_factory=dict)  # term key -> targets using it
    by_norm: dict[str, list[tuple[str, Term]]] = field(default_factory=dict)
    norms: list[str] = field(default_factory=list)
    _cache: dict[tuple[str, str], dict[str, tuple[float, str, Term]]] = field(
        default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        self.known = frozenset(k for v in self.vocab.values() for k in v.terms)
        for tid, v in self.vocab.items():
            for term in v.terms.values():
                self.by_norm.setdefault(term.norm, []).append((tid, term))
        self.norms = sorted(self.by_norm)
        # A word spreads over every target that uses it, also as the head of a compound:
        # "Austausch" says little when another event is an "Erfahrungsaustausch".
        for k in self.known:
            probe = next(v.terms[k] for v in self.vocab.values() if k in v.terms)
            tok = Token(probe.norm, probe.norm, probe.key, False)
            self.spread[k] = sum(
                1 for v in self.vocab.values()
                if any(compound_match(tok, t, self.known) in ("word", "stem", "head")
                       for t in v.terms.values()))

    def dates_spread(self, attr: str, value: object) -> int:
        return sum(1 for v in self.vocab.values() if value in getattr(v, attr)) or 1

    def word_evidence(self, tokens: Sequence[Token], source: str,
                      scale: float) -> list[Evidence]:
        """Evidence from words: per token at most one vote per target, and per target at
        most one vote per vocabulary word."""
        best: dict[tuple[str, str], Evidence] = {}
        seen: set[str] = set()
        for tok in self._with_heads(tokens):
            if tok.upper:
                self._acronym(tok, source, scale, best)
            if not meaningful(tok) or tok.norm in seen:
                continue
            seen.add(tok.norm)
            hits = self._hits(tok)
            # a word shared by several targets says little, however it matched each
            shared = sum(1 for _w, rule, _t in hits.values() if rule != "modified")
            for tid, (w, rule, term) in hits.items():
                n = max(self.spread.get(term.key, 1) if rule in ("word", "stem", "compound",
                                                                 "fuzzy") else 1,
                        shared if rule != "modified" else 1)
                self._vote(best, tid, term, rule, tok.text, source, scale * w, n)
        return list(best.values())

    def _hits(self, tok: Token) -> dict[str, tuple[float, str, Term]]:
        """Per target, the best (weight, rule, term) ``tok`` stands for; cached by word."""
        cache_key = (tok.norm, tok.key)
        hit = self._cache.get(cache_key)
        if hit is not None:
            return hit
        hits: dict[str, tuple[float, str, Term]] = {}
        for tid, v in self.vocab.items():
            for term in v.terms.values():
                rule = compound_match(tok, term, self.known)
                if rule is not None:
                    w = term.weight * RULE_FACTOR[rule]
                    if tid not in hits or hits[tid][0] < w:
                        hits[tid] = (w, rule, term)
        if not hits and len(tok.norm) >= 6:
            found = process.extractOne(tok.norm, self.norms, scorer=fuzz.ratio,
                                       score_cutoff=FUZZY_CUTOFF)
            if found and found[0][:1] == tok.norm[:1] and len(found[0]) >= 6:
                for tid, term in self.by_norm[found[0]]:
                    hits[tid] = (term.weight * RULE_FACTOR["fuzzy"], "fuzzy", term)
        if len(self._cache) > 50_000:
            self._cache.clear()
        self._cache[cache_key] = hits
        return hits

    def _with_heads(self, tokens: Sequence[Token]) -> list[Token]:
        """Tokens, and for a compound the head when it is a word of the vocabulary
        ("Mobilitätsworkshop" -> also "Workshop")."""
        out = list(tokens)
        for tok in tokens:
            n = tok.norm
            if not 9 <= len(n) <= MAX_WORD or tok.key in self.known:
                continue
            for i in range(4, len(n) - 3):
                head = n[i:]
                if stem(head) in self.known or (head.startswith("s") and len(head) > 5
                                                and stem(head[1:]) in self.known):
                    head = head if stem(head) in self.known else head[1:]
                    out.append(Token(tok.text, head, stem(head), False))
                    break
        return out

    def _vote(self, best: dict[tuple[str, str], Evidence], tid: str, term: Term, rule: str,
              span: str, source: str, weight: float, n: int) -> None:
        weight = weight / n ** 2
        k = (tid, term.key)
        if k not in best or best[k].weight < weight:
            best[k] = Evidence(source, short(span), f"{rule}:{term.field}"
                               + (":distinctive" if n == 1 and rule != "modified" else ""),
                               tid, weight)

    def _acronym(self, tok: Token, source: str, scale: float,
                 best: dict[tuple[str, str], Evidence]) -> None:
        word = tok.text.upper()
        owners = [tid for tid, v in self.vocab.items() if word in v.acronyms]
        expansions = lx.ACRONYMS.get(word, ())
        for tid, v in self.vocab.items():
            if tid not in owners and any(key(e) in v.terms for e in expansions):
                owners.append(tid)
        for tid in owners:
            n = len(owners)
            weight = scale * RULE_FACTOR["acronym"] / n ** 2
            k = (tid, "acronym:" + word)
            if k not in best or best[k].weight < weight:
                best[k] = Evidence(source, tok.text, "acronym" + (":distinctive" if n == 1
                                                                  else ""), tid, weight)

    def phrase_evidence(self, tokens: Sequence[Token], source: str,
                        scale: float) -> list[Evidence]:
        """The longest run of two or more vocabulary words that the mail and a title or
        keyword share, in order: a name. Weighted by how many targets share the run."""
        seq = [t.key for t in tokens if meaningful(t)]
        if len(seq) < 2:
            return []
        grams = {tuple(seq[i:i + n]) for n in (2, 3, 4) for i in range(len(seq) - n + 1)}
        runs: dict[str, tuple[str, ...]] = {}
        for tid, v in self.vocab.items():
            for phrase in v.phrases:
                keys = tuple(stem(w) for w in phrase)
                for n in (4, 3, 2):
                    for i in range(len(keys) - n + 1):
                        g = keys[i:i + n]
                        if g in grams and len(g) > len(runs.get(tid, ())):
                            runs[tid] = g
        out = []
        for tid, run in runs.items():
            owners = sum(1 for r in runs.values() if r == run)
            out.append(Evidence(source, " ".join(run), "phrase" + (":distinctive" if owners == 1
                                                                   else ""),
                                tid, scale * 0.5 * len(run) / owners ** 2))
        return out

    def time_evidence(self, found: Found, source: str, scale: float) -> list[Evidence]:
        out = []
        for tid, v in self.vocab.items():
            for (d, mo, y), span in found.dates:
                hits = [day for day in v.days if day.day == d and day.month == mo
                        and (y is None or y == day.year)]
                if hits:
                    n = self.dates_spread("days", hits[0])
                    out.append(Evidence(source, span, "date" + (":distinctive" if n == 1 else ""),
                                        tid, scale * 1.5 / n))
                    break
            else:
                for wd, span in found.weekdays:
                    if wd in v.weekdays:
                        n = sum(1 for o in self.vocab.values() if wd in o.weekdays)
                        out.append(Evidence(source, span, "weekday", tid, scale * 0.4 / n ** 2))
                        break
                for mo, span in found.months:
                    if any(m == mo for _, m in v.months):
                        n = sum(1 for o in self.vocab.values() if any(m == mo for _, m in o.months))
                        out.append(Evidence(source, span, "month" + (":distinctive" if n == 1
                                                                      else ""),
                                            tid, scale * 0.6 / n ** 2))
                        break
            for hm, span in found.times:
                if hm in v.times:
                    n = sum(1 for o in self.vocab.values() if hm in o.times)
                    out.append(Evidence(source, span, "time", tid, scale * 0.4 / n ** 2))
                    break
        return out

    def evidence(self, text: str, source: str, scale: float) -> list[Evidence]:
        if not text.strip():
            return []
        toks = tokenize(text)
        return (self.word_evidence(toks, source, scale) + self.phrase_evidence(toks, source, scale)
                + self.time_evidence(find_times(text), source, scale))


def totals(evidence: Iterable[Evidence]) -> dict[str, tuple[float, float]]:
    """Per target: (distinctive weight, all weight)."""
    out: dict[str, tuple[float, float]] = {}
    for e in evidence:
        d, a = out.get(e.target, (0.0, 0.0))
        out[e.target] = (d + (e.weight if e.rule.endswith("distinctive") else 0.0), a + e.weight)
    return out
