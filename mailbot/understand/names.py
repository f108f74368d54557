"""A person's name as written -> a badge name with its forms of address; one person or two.

"Müller, Jürgen" -> "Jürgen Müller"; "Frau Prof. Dr. Anna Schmidt" -> Anna Schmidt with
("Frau", "Prof. Dr."). The display name, the signature and the text may name one person in
several ways ("Anna Schmidt", "Schmidt, Anna", "A. Schmidt", "Frau Dr. Schmidt"):
:func:`same_person` says when two names are one person, and :func:`merge` joins what each
of them gives.
"""

from __future__ import annotations

import re

from mailbot.understand import lexicon as lx
from mailbot.understand.request import Person

_QUOTES = re.compile(r"^[\s\"'“”„‚‘’«»]+|[\s\"'“”„‚‘’«»]+$")
_WORD_OK = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-ž][\w'’.-]*$")


def strip_quotes(text: str) -> str:
    """Quotation marks and blanks around a name removed."""
    return _QUOTES.sub("", text)


def clean_name(raw: str | None) -> str | None:
    """A person's name without titles, "Last, First" turned round; None if not a name."""
    if not raw:
        return None
    name = _QUOTES.sub("", raw.replace("\u00a0", " "))
    name = lx.IA_PREFIX.sub("", name)
    if "@" in name or len(name) > 100:
        return None
    name = lx.NAME_SUFFIX.sub("", name).strip(" ,;")
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


def gender_word(word: str | None) -> str | None:
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
        word = strip_quotes(word)
        key = word.lower()
        if key in lx.SALUTATION_WORDS:
            salutation = salutation or lx.SALUTATION_WORDS[key]
        elif lx.ACADEMIC_TITLE.match(word):
            titles.append("Prof." if key.startswith("prof") else "Dr.")
        elif gender is None and lx.TITLES.match(word):
            gender = gender_word(word)
    if salutation is None:
        gender = gender or gender_word(hint)
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
