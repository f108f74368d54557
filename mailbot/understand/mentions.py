"""Everyone the sender's words name, each once, in order: colleagues, titled names, lists,
relatives, and how many companions come unnamed ("meine Frau und ich": one).

A name ends with its line and before a word that is no name ("Herrn Weber Ende Februar"
-> "Weber"); greetings name the reader, not an attendee.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mailbot.understand import lexicon as lx
from mailbot.understand.names import clean_name, forms, gender_word, is_role, merge, same_person
from mailbot.understand.request import Person
from mailbot.understand.signatures import looks_like_name

MAX_ATTENDEES = 20


def _trim_name(raw: str) -> str | None:
    words = raw.split()
    out: list[str] = []
    for w in words:
        if out and w.lower().strip(".,") in lx.NOT_NAME_WORDS and not lx.TITLES.match(w):
            break
        out.append(w)
    return clean_name(" ".join(out))


def _without_salutation(text: str) -> str:
    return lx.SALUTATION.sub(" ", text)


_BULLET = re.compile(r"^\s*(?:[-*•–]|\d{1,2}[.)])\s*")
_SEPARATOR = re.compile(r"\s*[,(<;|–]\s*|\s+-\s+|\t|[ ]{2,}")  # a table: columns
# "Schmidt, Anna" in a list: the family name, a comma, one or two given names (and titles).
_LAST_FIRST = re.compile(
    r"^[ \t]*,[ \t]*(?P<first>(?:(?i:" + lx.TITLE_WORD.pattern + r")\.?[ \t]+){0,3}"
    r"[A-ZÄÖÜ][\w'’-]{0,30}\.?(?:[ \t]+[A-ZÄÖÜ][\w'’-]{0,30}\.?)?)[ \t]*(?=[(<;/|–-]|$)")


def _no_name(word: str) -> bool:
    """A word that says what someone does or where they work, not who they are."""
    return bool(lx.TITLES.match(word) and not lx.ACADEMIC_TITLE.match(word)
                and word.lower() not in lx.SALUTATION_WORDS) or bool(
        gender_word(word) or lx.ROLE_NAME.search(word) or lx.ORG_LINE.search(word)
        or word.lower() in lx.NOT_NAME_WORDS)


def _list_entry(raw: str, tail: str) -> tuple[str, str | None]:
    """A list entry's name as written (with "Schmidt, Anna" put together) and the word
    after it that may show a function ("(Kämmerin)", ", Bürgermeister")."""
    m = _LAST_FIRST.match(tail)
    if m and len(raw.split()) == 1 and not any(_no_name(w) for w in m.group("first").split()
                                               if not lx.TITLES.match(w)):
        raw, tail = f"{raw}, {m.group('first')}", tail[m.end():]
    hint = lx.NAME_TAIL.match(tail)
    return raw, hint.group("word") if hint else None


def _listed_after_colon(text: str) -> list[tuple[int, str, str | None]]:
    """Names one per line under "… folgende Personen:" (no bullets needed): position, the
    name as written and a word beside it."""
    out: list[tuple[int, str, str | None]] = []
    lines = text.split("\n")
    pos = 0
    listing = False
    for line in lines:
        stripped = _BULLET.sub("", line.strip())
        if listing and stripped and lx.TABLE_HEAD.match(stripped):
            pos += len(line) + 1  # "Name      Funktion": the names follow
            continue
        if listing and stripped:
            head = _SEPARATOR.split(stripped, maxsplit=1)[0]
            raw, hint = _list_entry(head, stripped[len(head):])
            if looks_like_name(raw) or looks_like_name(head):
                if clean_name(raw):
                    out.append((pos + max(0, line.find(head[:3])), raw, hint))
                    pos += len(line) + 1
                    continue
            listing = False
        if line.rstrip().endswith(":") and not lx.QUOTE_HEADER_LINE.match(line):
            listing = True
        pos += len(line) + 1
    return out


def _more_names(text: str, pos: int) -> list[tuple[int, str]]:
    """The further names of a list begun after a colleague word ("meine Kolleginnen Petra
    Lindner und Sabine Oster"). Only full names (first and last) or titled ones count,
    so "mein Kollege Max Muster und Ihnen" adds no "Ihnen"."""
    out: list[tuple[int, str]] = []
    while len(out) < MAX_ATTENDEES:
        m = lx.NAME_LIST_NEXT.match(text, pos)
        if not m:
            break
        raw = _one_line(m.group("name"))
        if "\n" in text[pos:m.start("name")]:
            break
        name = _trim_name(raw)
        titled = bool(re.match(lx.TITLE_WORD.pattern + r"\.?\s", raw, re.IGNORECASE))
        if not name or (len(name.split()) < 2 and not titled) or any(
                w.lower() in lx.NOT_NAME_WORDS for w in name.split()) or is_role(name):
            break
        out.append((m.start("name"), raw))
        pos = m.start("name") + len(raw.rstrip())
    return out


@dataclass(frozen=True)
class Mention:
    pos: int
    person: Person
    kind: str  # colleague | titled | list | relative (a relative is never the sender)
    end: int = 0  # where a list entry's line ends: names inside it are part of the entry


_KINDS = ("colleague", "titled", "list", "relative")  # which kind a merged mention keeps


def _named(raw: str, prefix: str = "", hint: str | None = None) -> Person | None:
    """The person of a name found in the text: cut where the name ends ("Herrn Weber
    Ende Februar"), with the forms of address written in front of it."""
    name = _trim_name(raw)
    if not name or name.lower() in lx.NOT_NAME_WORDS:
        return None
    salutation, title = forms(f"{prefix} {raw}", hint)
    return Person(name, None, salutation, title)


def _one_line(raw: str) -> str:
    """A name ends with its line ("Dr. Ute Hansen\n\nJens Wolter" are two people)."""
    return raw.split("\n", 1)[0].rstrip()


def _last_word(text: str) -> str | None:
    words = text.split()
    return words[-1] if words else None


def _relatives(text: str) -> tuple[list[Mention], int]:
    """Spouses, partners and children: the named ones, and how many come unnamed. A mail
    that speaks of "meine Frau" twice means one wife; of children, the most it counts."""
    found: list[Mention] = []
    spouse_named = spouse_unnamed = False
    children_named = children_unnamed = 0
    for m in lx.RELATIVE.finditer(text):
        word = m.group("spouse") or m.group("child") or ""
        raw = m.group("name")
        p = _named(_one_line(raw), hint=word) if raw else None
        if p is not None:
            found.append(Mention(m.start("name"), p, "relative"))
            if m.group("spouse"):
                spouse_named = True
            else:
                children_named += 1
        elif m.group("spouse"):
            spouse_unnamed = True
        elif word.lower() in ("tochter", "sohn", "kind", "daughter", "son", "child", "kid"):
            children_unnamed = max(children_unnamed, 1)
        else:
            count = (m.group("count") or "").lower()
            n = int(count) if count.isdigit() else lx.NUMBER_WORDS.get(count, 2)
            children_unnamed = max(children_unnamed, min(n, MAX_ATTENDEES))
    unnamed = int(spouse_unnamed and not spouse_named) + max(0, children_unnamed - children_named)
    return found, unnamed


def mentioned(text: str) -> tuple[list[Mention], int]:
    """Everyone the text names, each once, in order, and the companions left unnamed."""
    text = _without_salutation(text)
    found = _colleagues(text) + _titled(text) + _list_lines(text) + _numbered_inline(text)
    for pos, raw, hint in _listed_after_colon(text):
        p = _named(raw, hint=hint)
        if p is not None:
            found.append(Mention(pos, p, "list"))
    relatives, unnamed = _relatives(text)
    found += relatives
    return _each_once(found), unnamed


def _colleagues(text: str) -> list[Mention]:
    """"meine Kollegin Frau Dr. Anna Schmidt", "my colleagues A, B and C"."""
    found: list[Mention] = []
    for m in lx.COLLEAGUE.finditer(text):
        prefix, raw = text[m.start():m.start("name")], _one_line(m.group("name"))
        if "\n" in prefix.rstrip():
            continue
        word = _last_word(prefix)
        p = _named(raw, hint=word)
        if p is not None and p.name and p.name.lower() not in lx.NOT_NAME_WORDS:
            found.append(Mention(m.start("name"), p, "colleague"))
        plural_f = bool(word) and (word or "").lower().endswith("innen")
        for pos, more in _more_names(text, m.start("name") + len(raw)):
            q = _named(more, hint=word if plural_f else None)
            if q is not None:
                found.append(Mention(pos, q, "colleague"))
    return found


def _titled(text: str) -> list[Mention]:
    """"Herrn Bürgermeister Weber", "Frau Dr. Schmidt", "Mr Smith"."""
    found: list[Mention] = []
    for m in lx.TITLED_NAME.finditer(text):
        prefix = text[m.start():m.start("name")]
        if "\n" in prefix:  # "Funktion: Landrätin\nKommune: …" names nobody
            continue
        p = _named(_one_line(m.group("name")), prefix)
        if p is not None:
            found.append(Mention(m.start("name"), p, "titled"))
    return found


def _list_lines(text: str) -> list[Mention]:
    """"- Anna Schmidt", "1. Anna Schmidt (Stadt X)", "Teilnehmer: Klaus Weber, Peter Maier"."""
    found: list[Mention] = []
    for m in lx.LIST_NAME_LINE.finditer(text):
        raw, hint = _list_entry(m.group("name"), text[m.end("name"):m.end()])
        p = _named(raw, text[m.start():m.start("name")], hint)
        if p is None:
            continue
        found.append(Mention(m.start("name"), p, "list", m.end()))
        if not _BULLET.match(m.group(0)):  # "Teilnehmer: Klaus Weber, Peter Maier"
            for pos, more in _more_names(text, m.end("name")):
                q = _named(more)
                if q is not None:
                    found.append(Mention(pos, q, "list", m.end()))
    return found


def _each_once(found: list[Mention]) -> list[Mention]:
    """The mentions in text order, one a person (merged), at most MAX_ATTENDEES."""
    entries = [(m.pos, m.end) for m in found if m.end]
    # "- Schmidt, Dr. Anna" is one entry, not also a "Dr. Anna"
    found = [m for m in found if m.end or not any(a < m.pos < b for a, b in entries)]
    found.sort(key=lambda x: x.pos)
    out: list[Mention] = []
    for mention in found:
        dup = next((i for i, o in enumerate(out) if same_person(o.person, mention.person)), None)
        if dup is None:
            if len(out) < MAX_ATTENDEES:
                out.append(mention)
            continue
        old = out[dup]
        kind = max(old.kind, mention.kind, key=_KINDS.index)
        out[dup] = Mention(old.pos, merge(old.person, mention.person), kind)
    return out


def _numbered_inline(text: str) -> list[Mention]:
    """"1. Bürgermeister Klaus Weber, 2. Frau Dr. Anna Schmidt (Kämmerin)": several
    numbered people on one line (one number alone may be a date: "am 1. März")."""
    out: list[Mention] = []
    by_line: dict[int, list[re.Match[str]]] = {}
    for m in lx.NUMBERED_NAME.finditer(text):
        by_line.setdefault(text.count("\n", 0, m.start()), []).append(m)
    for items in by_line.values():
        if len(items) < 2:
            continue
        for m in items:
            raw, hint = _list_entry(m.group("name"), m.group("tail") or "")
            p = _named(raw, hint=hint)
            if p is not None:
                out.append(Mention(m.start("name"), p, "list"))
    return out


def named_people(text: str) -> list[Person]:
    """People named in the sender's words, in order, each once (with the forms of
    address any mention of them gives). Person.email is the sender's address for the
    sender only: an address written next to someone else's name is not verified to be
    theirs, so none is kept."""
    return [m.person for m in mentioned(text)[0]]
