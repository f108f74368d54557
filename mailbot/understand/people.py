"""Who writes, who comes, how many seats, and for which organisation.

The sender is the default attendee, named by the From display name ("Müller, Jürgen" ->
"Jürgen Müller") or, when that is missing or an office ("Info", "Stadt X"), by the
signature. Names written in the new text ("meine Kollegin Frau Dr. Anna Schmidt und
ich", a numbered or bulleted list, "mein Mann Peter und ich") add attendees; an
assistant who registers someone else ("Ich melde Herrn Bürgermeister Weber an") is the
contact but not an attendee. Seats are the larger of a number stated ("wir kommen zu
dritt") and the number of attendees with the companions left unnamed ("meine Frau und
ich": two).

Names are badge style ("Anna Schmidt"); the salutation and academic title the mail gives
are kept beside them (issue 7) so that a reply can greet "Sehr geehrte Frau Dr. Schmidt".
The display name, the signature and the text may name one person in several ways ("Anna
Schmidt", "Schmidt, Anna", "A. Schmidt", "Frau Dr. Schmidt"): :func:`same_person` says
when two names are one person, and :func:`merge` joins what each of them gives.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

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


# --------------------------------------------------------------------------- forms of address


def _gender_word(word: str | None) -> str | None:
    """"f" or "m" for a function or relation word that shows it ("Kämmerin", "Kollege")."""
    if not word:
        return None
    word = word.strip("().,;:!?\"'")
    if lx.FEMININE_WORD.match(word):
        return "f"
    if lx.MASCULINE_WORD.match(word):
        return "m"
    return None


def forms(raw: str | None, hint: str | None = None) -> tuple[str | None, str | None]:
    """The salutation and academic title written with a name: "Frau Prof. Dr. Anna
    Schmidt" -> ("Frau", "Prof. Dr."), "Herrn Weber" -> ("Herr", None). Without a
    salutation, a function in front of the name ("Bürgermeisterin Roth") or ``hint``, a
    word beside it ("(Kämmerin)", "meine Kollegin"), may show which one is meant."""
    salutation: str | None = None
    gender: str | None = None
    titles: list[str] = []
    for word in (raw or "").replace("\u00a0", " ").replace(",", " ").split():
        word = _QUOTES.sub("", word)
        key = word.lower()
        if key in lx.SALUTATION_WORDS:
            salutation = salutation or lx.SALUTATION_WORDS[key]
        elif lx.ACADEMIC_TITLE.match(word):
            titles.append("Prof." if key.startswith("prof") else "Dr.")
        elif gender is None and lx.TITLES.match(word):
            gender = _gender_word(word)
    if salutation is None:
        gender = gender or _gender_word(hint)
        salutation = {"f": "Frau", "m": "Herr"}.get(gender or "")
    return salutation, " ".join(titles) or None


def person(raw: str | None, email: str | None = None, *, hint: str | None = None) -> Person | None:
    """A person from a name as written, with the forms of address it carries."""
    name = clean_name(raw)
    if not name:
        return None
    salutation, title = forms(raw, hint)
    return Person(name, email, salutation, title)


def surname(name: str) -> str:
    """The family name with its particles: "Ursula von der Leyen" -> "von der Leyen"."""
    words = name.split()
    i = len(words) - 1
    while i > 0 and words[i - 1].lower() in lx.NAME_PARTICLES:
        i -= 1
    return " ".join(words[i:])


def _given(name: str) -> list[str]:
    words = name.split()
    return [w.lower().strip(".") for w in words[:len(words) - len(surname(name).split())]
            if w.strip(".")]


def _gender(p: Person) -> str | None:
    return lx.SALUTATION_GENDER.get(p.salutation or "")


def _first_names_agree(a: list[str], b: list[str]) -> bool:
    """"Anna" and "Anna Maria", "A." and "Anna" agree; "Anna" and "Peter" do not."""
    if not a or not b:
        return True
    short, long = sorted((a, b), key=len)
    return all(any(x == y or ((len(x) == 1 or len(y) == 1) and x[0] == y[0]) for y in long)
               for x in short)


def same_person(a: Person, b: Person) -> bool:
    """Whether two mentions name one person: the same address, or the same family name
    with first names (or initials) that agree and no contrary salutation. "Frau Dr.
    Schmidt", "A. Schmidt" and "Schmidt, Anna" are Anna Schmidt; Peter Schmidt is not,
    and neither is "Herr Schmidt" once she is known as "Frau"."""
    if a.email and b.email and a.email.lower() == b.email.lower():
        return True
    if not a.name or not b.name:
        return False
    ga, gb = _gender(a), _gender(b)
    if ga and gb and ga != gb:
        return False
    if surname(a.name).lower() != surname(b.name).lower():
        return False
    return _first_names_agree(_given(a.name), _given(b.name))


def _fullness(name: str | None) -> tuple[int, int]:
    words = (name or "").split()
    return sum(len(w.strip(".")) > 1 for w in words), len(name or "")


def merge(a: Person, b: Person) -> Person:
    """One person from two mentions of them: the fuller name ("Anna Schmidt" over "A.
    Schmidt" or "Schmidt"), ``a``'s address, and every form of address either gives."""
    name = a.name if _fullness(a.name) >= _fullness(b.name) else b.name
    title = a.title if len(a.title or "") >= len(b.title or "") else b.title
    return Person(name, a.email or b.email, a.salutation or b.salutation, title)


# --------------------------------------------------------------------------- the sender


def _signature(signature: str) -> tuple[str | None, str | None, str | None]:
    """The sender's name in a signature block, the line it was read from, and the line
    after it (a function such as "Bürgermeisterin" shows the salutation)."""
    lines = [line.strip() for line in signature.split("\n")[:12]]
    first_word_only: tuple[str, str, str | None] | None = None
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
        after = next((x for x in lines[i + 1:i + 3] if x), None)
        candidate = _IA.sub("", line)
        if looks_like_name(candidate):
            return clean_name(candidate), candidate, after
        words = candidate.split()
        if (candidate.islower() and 2 <= len(words) <= 3 and all(w.isalpha() for w in words)
                and not any(w in lx.NOT_NAME_WORDS for w in words)
                and looks_like_name(candidate.title())):
            # "jens hollmann" under a lower-case mail: a name all the same
            return clean_name(candidate.title()), candidate, after
        words = candidate.split()
        if (i <= 2 and len(words) == 1 and first_word_only is None and words[0][:1].isupper()
                and words[0].isalpha() and not is_role(candidate) and not lx.ORG_LINE.search(
                    candidate)):
            first_word_only = (words[0], candidate, after)
        if lx.CONTACT_LINE.search(line):
            continue
    return first_word_only or (None, None, None)


def signature_name(signature: str) -> str | None:
    """The sender's name in a signature block: the first line that looks like a name."""
    return _signature(signature)[0]


def sender_name(display: str | None, signature: str) -> str | None:
    """The sender's name: a full display name, else the signature, else what there is."""
    cleaned = clean_name(display)
    if cleaned and (is_role(cleaned) or lx.ORG_LINE.search(cleaned) or is_role(display)
                    and not looks_like_name(cleaned)):
        cleaned = None
    from_sig = signature_name(signature)
    if cleaned and from_sig and cleaned != from_sig and sorted(cleaned.lower().split()) == sorted(
            from_sig.lower().split()):
        return from_sig  # "Pichler Matthias" in From: the signature writes it as it is said
    if cleaned and " " in cleaned:
        return cleaned
    if from_sig and (" " in from_sig or not cleaned):
        return from_sig
    if cleaned and (cleaned[:1].isupper() or not display or "." not in (display or "")):
        return cleaned
    return from_sig


def sender(display: str | None, signature: str, address: str | None) -> Person:
    """The sender as a person: the name of :func:`sender_name`, with the salutation and
    title that the display name ("Schmidt, Dr. Anna") or the signature ("Prof. Dr. Anna
    Schmidt", "Anna Roth / Bürgermeisterin") give for that same person."""
    me = Person(sender_name(display, signature), address)
    if not me.name:
        return me
    _name, line, after = _signature(signature)
    first_after = after.split()[0] if after else None
    for raw, hint in ((display, None), (line, first_after)):
        found = person(raw, hint=hint) if raw else None
        if found and (found.salutation or found.title) and same_person(found, me):
            me = replace(me, salutation=me.salutation or found.salutation,
                         title=me.title or found.title)
    return me


_MUNICIPAL = re.compile(
    r"^(?:stadt|gemeinde|kreis|landkreis|kreisstadt|hansestadt|landeshauptstadt|universit[äa]tsstadt|"
    r"samtgemeinde|verbandsgemeinde|marktgemeinde|markt|stadtverwaltung|kreisverwaltung|"
    r"gemeindeverwaltung|bezirksamt|landratsamt|city\s+of|county\s+of)\b", re.IGNORECASE)


def listed_organisation(text: str) -> str | None:
    """The organisation written once for all the people of a list: "(alle Kreis X)"."""
    for m in lx.ALL_FROM.finditer(text):
        org = m.group("org").strip(" .,;")
        if lx.ORG_LINE.search(org):
            return org
    return None


def organisation(signature: str, display: str | None, address: str | None,
                 text: str = "") -> str | None:
    """The attendees' organisation: one written for all of a list in the ``text`` ("(alle
    Kreis X)"), else the sender's: a municipality line in the signature, another
    organisation line, an office as display name, or a non-freemail domain."""
    listed = listed_organisation(text) if text else None
    if listed:
        return listed
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
_SEPARATOR = re.compile(r"\s*[,(<;|–]\s*|\s+-\s+|\t|[ ]{2,}")  # a table: columns
# "Schmidt, Anna" in a list: the family name, a comma, one or two given names (and titles).
_LAST_FIRST = re.compile(
    r"^[ \t]*,[ \t]*(?P<first>(?:(?i:" + lx.TITLE_WORD.pattern + r")\.?[ \t]+){0,3}"
    r"[A-ZÄÖÜ][\w'’-]{0,30}\.?(?:[ \t]+[A-ZÄÖÜ][\w'’-]{0,30}\.?)?)[ \t]*(?=[(<;/|–-]|$)")


def _no_name(word: str) -> bool:
    """A word that says what someone does or where they work, not who they are."""
    return bool(lx.TITLES.match(word) and not lx.ACADEMIC_TITLE.match(word)
                and word.lower() not in lx.SALUTATION_WORDS) or bool(
        _gender_word(word) or lx.ROLE_NAME.search(word) or lx.ORG_LINE.search(word)
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
class _Mention:
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


def _relatives(text: str) -> tuple[list[_Mention], int]:
    """Spouses, partners and children: the named ones, and how many come unnamed. A mail
    that speaks of "meine Frau" twice means one wife; of children, the most it counts."""
    found: list[_Mention] = []
    spouse_named = spouse_unnamed = False
    children_named = children_unnamed = 0
    for m in lx.RELATIVE.finditer(text):
        word = m.group("spouse") or m.group("child") or ""
        raw = m.group("name")
        p = _named(_one_line(raw), hint=word) if raw else None
        if p is not None:
            found.append(_Mention(m.start("name"), p, "relative"))
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


def _mentions(text: str) -> tuple[list[_Mention], int]:
    """Everyone the text names, each once, in order, and the companions left unnamed."""
    text = _without_salutation(text)
    found: list[_Mention] = []
    for m in lx.COLLEAGUE.finditer(text):
        prefix, raw = text[m.start():m.start("name")], _one_line(m.group("name"))
        if "\n" in prefix.rstrip():
            continue
        word = _last_word(prefix)
        p = _named(raw, hint=word)
        if p is not None and p.name and p.name.lower() not in lx.NOT_NAME_WORDS:
            found.append(_Mention(m.start("name"), p, "colleague"))
        plural_f = bool(word) and (word or "").lower().endswith("innen")
        for pos, more in _more_names(text, m.start("name") + len(raw)):
            q = _named(more, hint=word if plural_f else None)
            if q is not None:
                found.append(_Mention(pos, q, "colleague"))
    for m in lx.TITLED_NAME.finditer(text):
        prefix = text[m.start():m.start("name")]
        if "\n" in prefix:  # "Funktion: Landrätin\nKommune: …" names nobody
            continue
        p = _named(_one_line(m.group("name")), prefix)
        if p is not None:
            found.append(_Mention(m.start("name"), p, "titled"))
    for m in lx.LIST_NAME_LINE.finditer(text):
        raw, hint = _list_entry(m.group("name"), text[m.end("name"):m.end()])
        p = _named(raw, text[m.start():m.start("name")], hint)
        if p is None:
            continue
        found.append(_Mention(m.start("name"), p, "list", m.end()))
        if not _BULLET.match(m.group(0)):  # "Teilnehmer: Klaus Weber, Peter Maier"
            for pos, more in _more_names(text, m.end("name")):
                q = _named(more)
                if q is not None:
                    found.append(_Mention(pos, q, "list", m.end()))
    found += _numbered_inline(text)
    for pos, raw, hint in _listed_after_colon(text):
        p = _named(raw, hint=hint)
        if p is not None:
            found.append(_Mention(pos, p, "list"))
    relatives, unnamed = _relatives(text)
    found += relatives
    entries = [(m.pos, m.end) for m in found if m.end]
    # "- Schmidt, Dr. Anna" is one entry, not also a "Dr. Anna"
    found = [m for m in found if m.end or not any(a < m.pos < b for a, b in entries)]
    found.sort(key=lambda x: x.pos)
    out: list[_Mention] = []
    for mention in found:
        dup = next((i for i, o in enumerate(out) if same_person(o.person, mention.person)), None)
        if dup is None:
            if len(out) < MAX_ATTENDEES:
                out.append(mention)
            continue
        old = out[dup]
        kind = max(old.kind, mention.kind, key=_KINDS.index)
        out[dup] = _Mention(old.pos, merge(old.person, mention.person), kind)
    return out, unnamed


def _numbered_inline(text: str) -> list[_Mention]:
    """"1. Bürgermeister Klaus Weber, 2. Frau Dr. Anna Schmidt (Kämmerin)": several
    numbered people on one line (one number alone may be a date: "am 1. März")."""
    out: list[_Mention] = []
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
                out.append(_Mention(m.start("name"), p, "list"))
    return out


def named_people(text: str) -> list[Person]:
    """People named in the sender's words, in order, each once (with the forms of
    address any mention of them gives). Person.email is the sender's address for the
    sender only: an address written next to someone else's name is not verified to be
    theirs, so none is kept."""
    return [m.person for m in _mentions(text)[0]]


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
            if 0 < n <= 99 and not lx.HEDGE.search(text[max(0, m.start() - 30):m.start()]):
                best = max(best, n)
    return best


@dataclass(frozen=True)
class Party:
    attendees: tuple[Person, ...]
    seats: int


def _said_of_absence(sentence: str) -> bool:
    """A sentence that says someone is not coming or has cancelled ("Herr Brandt hat
    gestern abgesagt"): who it names is no attendee of a registration."""
    from mailbot.understand.intent import normalise

    norm = normalise(sentence)
    return bool(lx.PAST_CANCEL.search(norm)) or any(
        intent is Intent.CANCEL and pattern.search(norm)
        for intent, _strength, pattern in lx.INTENT_PATTERNS)


def _only_absent(person_: Person, sentences: list[str]) -> bool:
    key = surname(person_.name or "").lower()
    said = [s for s in sentences if key and key in s.lower()]
    return bool(said) and all(_said_of_absence(s) for s in said)


def party(text: str, sender: Person, intent: Intent, *, sender_excluded: bool = False,
          focus: str | None = None) -> Party:
    """Attendees and seats of a registration (or of a cancellation or a status question:
    whom it concerns).

    With other people named (or a companion: "meine Frau"), the sender counts only when
    the text says so: outright ("meine Kollegin und ich"), by naming the sender in a
    list of people, or, for a registration that is not on someone's behalf, gives no
    list and adds no one to a booking, implied ("wir kommen"). Whatever the text says of
    the sender (a title: "Dr. Anna Schmidt" in a list) is added to the sender.

    A cancellation or status question concerns the people named where it is stated
    (``focus``: the sentences that carry the intent, see :class:`intent.Reading`; read
    here when not given), so that "Frau Dr. Schmidt kann leider nicht teilnehmen. Die
    Anmeldungen von Herrn Lang und Herrn Özdemir bleiben bestehen." cancels Dr. Schmidt
    only. A registration leaves out people the text says are not coming."""
    from mailbot.understand.intent import neutralise, normalise, read, sentences

    if intent in (Intent.CANCEL, Intent.STATUS):
        if focus is None:
            focus = read(text, "", is_reply=False).focus
        if focus and _mentions(focus)[0]:
            text = focus
    norm = normalise(neutralise(text))
    mentions, unnamed = _mentions(text)
    if intent is Intent.REGISTER and mentions:
        said = [part for sent in sentences(neutralise(text)) for part in lx.TURN.split(sent)]
        mentions = [m for m in mentions if not _only_absent(m.person, said)]
    me = sender
    others: list[Person] = []
    listed_self = False
    for m in mentions:
        if m.kind != "relative" and sender.name and same_person(m.person, sender):
            me = replace(sender, salutation=sender.salutation or m.person.salutation,
                         title=sender.title or m.person.title)
            listed_self = listed_self or m.kind == "list"
        else:
            others.append(m.person)
    listed = any(m.kind == "list" for m in mentions)
    explicit = bool(lx.SELF_EXPLICIT.search(norm))
    weak = bool(lx.SELF_WEAK.search(norm))
    behalf = bool(lx.ON_BEHALF.search(norm))
    if not others and not unnamed:
        include_sender = True
    elif sender_excluded:
        include_sender = False
    elif listed_self:
        include_sender = True
    elif intent is Intent.REGISTER and lx.ADDITION.search(norm):
        include_sender = False  # "Könnten Sie meine Kollegin noch mit aufnehmen?"
    elif intent is Intent.REGISTER:
        include_sender = explicit or (weak and not behalf and not (listed and len(others) > 1))
    else:
        include_sender = explicit
    attendees = ([me] if include_sender else []) + others
    seats = max(stated_seats(norm, include_sender), len(attendees) + unnamed)
    if intent is Intent.REGISTER:
        seats = max(seats, 1)
    return Party(tuple(attendees), seats)
