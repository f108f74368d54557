"""Who writes, and for which organisation: the From display name, the signature, the domain.

The sender is named by the From display name or, when that is missing or an office
("Info", "Stadt X"), by the signature; the salutation and title either gives for that
same person are kept (issue 7).
"""

from __future__ import annotations

from dataclasses import replace

from mailbot.understand import lexicon as lx
from mailbot.understand.names import clean_name, is_role, person, same_person, strip_quotes
from mailbot.understand.request import Person
from mailbot.understand.signatures import looks_like_name


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
        candidate = lx.IA_PREFIX.sub("", line)
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
        if lx.MUNICIPAL_LINE.match(org):
            return org
    if orgs:
        return orgs[0]
    if display and is_role(display) and lx.ORG_LINE.search(display):
        return strip_quotes(display)
    if address and "@" in address:
        domain = address.rpartition("@")[2].lower()
        if domain not in lx.FREEMAIL:
            return domain
    return None
