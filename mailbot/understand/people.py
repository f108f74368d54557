"""Who writes, who comes, how many seats, and for which organisation.

The sender is the default attendee, named by the From display name ("Müller, Jürgen" ->
"Jürgen Müller", titles dropped) or, when that is missing or an office ("Info", "Stadt X"),
by the signature. Names written in the new text ("meine Kollegin Frau Dr. Anna Schmidt und
ich") add attendees; an assistant who registers someone else ("Ich melde Herrn
Bürgermeister Weber an") is the contact but not an attendee. Seats are the larger of a
number stated ("wir kommen zu dritt") and the number of attendees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from mailbot.understand import lexicon as lx
from mailbot.understand.quotes import looks_like_name
from mailbot.understand.request import Intent, Person

_SUFFIX = re.compile(r"\s*(?:[|(\[/]|\s[-–—]\s|,\s*(?=(?:stadt|gemeinde|kreis|landkreis|amt)\b))"
                     r".*$", re.IGNORECASE)
_QUOTES = re.compile(r"^[\s\"'“”„‚‘’«»]+|[\s\"'“”„‚‘’«»]+$")
_IA = lx.IA_PREFIX
_WORD_OK = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-ž][\w'’.-]*$")
MAX_ATTENDEES = 20


def clean_name(raw: str | None) -> str | None:
    """A person's name without titles, "Last, First" turned round; None if not a name."""
    if not raw:
        return None
    name = _QUOTES.sub("", raw.replace("\u00a0", " "))
    name = _IA.sub("", name)
    if "@" in name or len(name) > 100:
        return None
    name = _SUFFIX.sub("", name).strip(" ,;")
    if name.count(",") == 1:
        last, first = (p.strip() for p in name.split(","))
        if last and first and len(last.split()) <= 3 and len(first.split()) <= 4:
            name = f"{first} {last}"
    words = [w for w in name.replace(",", " ").split() if w]
    words = [w for w in words if not lx.TITLES.match(w)]
    if not words or not all(_WORD_OK.match(w) for w in words):
        return None
    out = " ".join(words).strip(" .")
    return out or None


def is_role(raw: str | None) -> bool:
    """A display name that names an office, not a person ("Info", "Stadt X", "Poststelle")."""
    return bool(raw) and bool(lx.ROLE_NAME.search(raw or ""))


def signature_name(signature: str) -> str | None:
    """The sender's name in a signature block: the first line that looks like a name."""
    lines = [line.strip() for line in signature.split("\n")[:12]]
    first_word_only: str | None = None
    for i, line in enumerate(lines):
        if not line or lx.SIG_DASHES.match(line):
            continue
        m = lx.CLOSING.search(line) if len(line) <= lx.CLOSING_MAX_LINE else None
        if m:
            rest = line[m.end(1):].strip(" ,.!")
            line = rest
            if not line:
                continue
        if lx.MOBILE_FOOTER.match(line) or lx.DISCLAIMER.match(line):
            break
        candidate = _IA.sub("", line)
        if looks_like_name(candidate):
            return clean_name(candidate)
        words = candidate.split()
        if (i <= 2 and len(words) == 1 and first_word_only is None and words[0][:1].isupper()
                and words[0].isalpha() and not is_role(candidate) and not lx.ORG_LINE.search(
                    candidate)):
            first_word_only = words[0]
        if lx.CONTACT_LINE.search(line):
            continue
    return first_word_only


def sender_name(display: str | None, signature: str) -> str | None:
    """The sender's name: a full display name, else the signature, else what there is."""
    cleaned = clean_name(display)
    if cleaned and (is_role(cleaned) or lx.ORG_LINE.search(cleaned) or is_role(display)
                    and not looks_like_name(cleaned)):
        cleaned = None
    if cleaned and " " in cleaned:
        return cleaned
    from_sig = signature_name(signature)
    if from_sig and (" " in from_sig or not cleaned):
        return from_sig
    if cleaned and (cleaned[:1].isupper() or not display or "." not in (display or "")):
        return cleaned
    return from_sig


_MUNICIPAL = re.compile(
    r"^(?:stadt|gemeinde|kreis|landkreis|kreisstadt|hansestadt|landeshauptstadt|universit[äa]tsstadt|"
    r"samtgemeinde|verbandsgemeinde|marktgemeinde|markt|stadtverwaltung|kreisverwaltung|"
    r"gemeindeverwaltung|bezirksamt|landratsamt|city\s+of|county\s+of)\b", re.IGNORECASE)


def organisation(signature: str, display: str | None, address: str | None) -> str | None:
    """The sender's organisation: a municipality line in the signature, another
    organisation line, an office as display name, or a non-freemail domain."""
    lines = [line.strip(" ,;|") for line in signature.split("\n")[:20] if line.strip()]
    orgs = []
    for line in lines:
        if lx.MOBILE_FOOTER.match(line) or lx.DISCLAIMER.match(line) or len(line) > 100:
            continue
        head = line.split(",")[0].split(" | ")[0].strip()
        if lx.ORG_LINE.search(head) and not lx.CONTACT_LINE.search(head):
            orgs.append(head)
    for org in orgs:
        if _MUNICIPAL.match(org):
            return org
    if orgs:
        return orgs[0]
    if display and is_role(display) and lx.ORG_LINE.search(display):
        return _QUOTES.sub("", display)
    if address and "@" in address:
        domain = address.rpartition("@")[2].lower()
        if domain not in lx.FREEMAIL:
            return domain
    return None


# --------------------------------------------------------------------------- attendees


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


def _listed_after_colon(text: str) -> list[tuple[int, str, str | None]]:
    """Names one per line under "… folgende Personen:" (no bullets needed)."""
    out: list[tuple[int, str, str | None]] = []
    lines = text.split("\n")
    pos = 0
    listing = False
    for line in lines:
        stripped = _BULLET.sub("", line.strip())
        if listing and stripped:
            head = re.split(r"\s*[,(<;|–]\s*|\s+-\s+", stripped, maxsplit=1)[0]
            if looks_like_name(head):
                name = clean_name(head)
                if name:
                    em = lx.EMAIL.search(stripped)
                    out.append((pos + line.find(head[:3]), name, em.group(1) if em else None))
                    pos += len(line) + 1
                    continue
            listing = False
        if line.rstrip().endswith(":") and not lx.QUOTE_HEADER_LINE.match(line):
            listing = True
        pos += len(line) + 1
    return out


def _more_names(text: str, pos: int) -> list[tuple[int, str, str | None]]:
    """The further names of a list begun after a colleague word ("meine Kolleginnen Petra
    Lindner und Sabine Oster"). Only full names (first and last) or titled ones count,
    so "mein Kollege Max Muster und Ihnen" adds no "Ihnen"."""
    out: list[tuple[int, str, str | None]] = []
    while len(out) < MAX_ATTENDEES:
        m = lx.NAME_LIST_NEXT.match(text, pos)
        if not m:
            break
        raw = m.group("name")
        name = _trim_name(raw)
        titled = bool(re.match(lx.TITLE_WORD.pattern + r"\.?\s", raw, re.IGNORECASE))
        if not name or (len(name.split()) < 2 and not titled) or any(
                w.lower() in lx.NOT_NAME_WORDS for w in name.split()):
            break
        out.append((m.start("name"), name, None))
        pos = m.start("name") + len(raw.rstrip())
    return out


def named_people(text: str) -> list[Person]:
    """People named in the sender's words, in order, without duplicates."""
    text = _without_salutation(text)
    found: list[tuple[int, str, str | None]] = []
    for pattern in (lx.COLLEAGUE, lx.TITLED_NAME, lx.LIST_NAME_LINE):
        for m in pattern.finditer(text):
            name = _trim_name(m.group("name"))
            if name and name.lower() not in lx.NOT_NAME_WORDS:
                found.append((m.start("name"), name, None))
                if pattern is lx.COLLEAGUE:
                    found += _more_names(text, m.end("name"))
    found += _listed_after_colon(text)
    found.sort()
    out: list[Person] = []
    for _pos, name, email in found:
        key = name.lower()
        dup = next((i for i, p in enumerate(out) if p.name and (
            p.name.lower() == key or p.name.lower().endswith(" " + key)
            or key.endswith(" " + p.name.lower()))), None)
        # Person.email is the sender's address for the sender only: an address written
        # next to someone else's name is not verified to be theirs.
        del email
        if dup is None:
            out.append(Person(name, None))
        elif len(name) > len(out[dup].name or ""):
            out[dup] = Person(name, None)
        if len(out) >= MAX_ATTENDEES:
            break
    return out


def stated_seats(text: str, self_included: bool) -> int:
    """The number of seats the text states, 0 if none."""
    best = 0
    for kind, value, pattern in lx.SEAT_PATTERNS:
        for m in pattern.finditer(text):
            if kind == "fixed":
                n = value
            else:
                word = next((g for g in m.groups() if g), "")
                n = int(word) if word.isdigit() else lx.NUMBER_WORDS.get(word.lower(), 0)
                if kind == "plus-sender" or (kind == "others" and self_included):
                    n += 1
            if 0 < n <= 99:
                best = max(best, n)
    return best


@dataclass(frozen=True)
class Party:
    attendees: tuple[Person, ...]
    seats: int


def party(text: str, sender: Person, intent: Intent, *, sender_excluded: bool = False) -> Party:
    """Attendees and seats of a registration (or of a cancellation: who no longer comes).

    With other people named, the sender counts only when the text says so: outright
    ("meine Kollegin und ich") or, for a registration that is not on someone's behalf,
    implied ("wir kommen"). A cancellation naming others concerns only them."""
    from mailbot.understand.intent import neutralise, normalise

    norm = normalise(neutralise(text))
    others = [p for p in named_people(text)
              if not (sender.name and p.name and _same(p.name, sender.name))]
    explicit = bool(lx.SELF_EXPLICIT.search(norm))
    weak = bool(lx.SELF_WEAK.search(norm))
    behalf = bool(lx.ON_BEHALF.search(norm))
    if not others:
        include_sender = True
    elif sender_excluded:
        include_sender = False
    elif intent is Intent.REGISTER:
        include_sender = explicit or (weak and not behalf)
    else:
        include_sender = explicit
    attendees = ([sender] if include_sender else []) + others
    seats = max(stated_seats(norm, include_sender), len(attendees))
    if intent is Intent.REGISTER:
        seats = max(seats, 1)
    return Party(tuple(attendees), seats)


def _same(a: str, b: str) -> bool:
    a, b = a.lower(), b.lower()
    return a == b or a.endswith(" " + b) or b.endswith(" " + a)
