"""Split a mail body into the sender's new words, their signature and the quoted rest.

Only the new text decides what the sender wants; the quoted invitation below a reply may
still tell which event is meant, and the signature is where a name and an organisation are
when the From header has none. The markers (Outlook, Notes, Apple Mail, Thunderbird, Gmail,
"> " quoting) are patterns in :mod:`mailbot.understand.lexicon`; this module only walks lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from mailbot.understand import lexicon as lx

MAX_LINES = 4000  # a registration is never longer; bounded work on 200 KB bodies
_HEADER_LOOKAHEAD = 8


@dataclass(frozen=True)
class Parts:
    new: str  # the sender's own words, without signature and quotes
    signature: str  # closing formula and what follows it (name, office, phone, disclaimer)
    quoted: str  # the quoted or forwarded part, header blocks included

    @property
    def has_quote(self) -> bool:
        return bool(self.quoted.strip())


def _header_block_at(lines: list[str], i: int) -> bool:
    """Does a quoted header block ("Von: … Gesendet: … An: … Betreff: …") start at line i?"""
    if not lx.QUOTE_HEADER_FROM.match(lines[i]):
        return False
    seen = 0
    for line in lines[i + 1: i + 1 + _HEADER_LOOKAHEAD]:
        if not line.strip():
            continue
        if lx.QUOTE_HEADER_LINE.match(line):
            seen += 1
            if seen >= 2:
                return True
        elif seen == 0:
            # the From value may wrap onto a second line ("Max Muster\n<max@x.de>")
            continue
        else:
            break
    return False


def quote_start(lines: list[str]) -> int:
    """Index of the first line of the quoted part, or len(lines)."""
    n = len(lines)
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        for _name, pattern in lx.QUOTE_START:
            if pattern.match(line):
                return i
        if lx.UNDERSCORE_LINE.match(line):
            j = i + 1
            while j < n and not lines[j].strip():
                j += 1
            if j < n and _header_block_at(lines, j):
                return i
        if _header_block_at(lines, i):
            return i
        # "Am 01.02.2027 um 10:00 schrieb Max Muster\n<max@x.de>:", maybe wrapped
        if len(line) < 300 and not line.rstrip().endswith((".", "?", "!")):
            joined = line.strip()
            for k in (0, 1, 2):
                if k:
                    if i + k >= n or not lines[i + k].strip() or len(lines[i + k]) > 200:
                        break
                    joined += " " + lines[i + k].strip()
                if joined.endswith(":") and any(
                        lx.ATTRIBUTION_VERB.search(lines[j]) for j in range(i, i + k + 1)) \
                        and lx.WRAPPED_ATTRIBUTION.match(joined):
                    return i
    return n


def signature_start(lines: list[str]) -> tuple[int, str]:
    """Index of the first signature line in the new text, and the part of that line that
    still belongs to the text ("Danke und viele Grüße" keeps "Danke")."""
    for i, line in enumerate(lines):
        stripped = line.strip()
        if not stripped:
            continue
        if lx.SIG_DASHES.match(line.rstrip("\n")) or lx.MOBILE_FOOTER.match(stripped) \
                or lx.DISCLAIMER.match(stripped):
            return _name_above(lines, i), ""
        if len(stripped) <= lx.CLOSING_MAX_LINE:
            m = lx.CLOSING.search(stripped)
            if m:
                keep = stripped[: m.start(1)].rstrip(" ,;")
                keep = keep[:-4].rstrip() if keep.lower().endswith(" und") else keep
                keep = keep[:-4].rstrip() if keep.lower().endswith(" and") else keep
                return i, keep
            if lx.THANKS_LINE.match(stripped) and i > 0:
                nxt = next((x.strip() for x in lines[i + 1:] if x.strip()), "")
                if nxt and (looks_like_name(nxt) or _first_name(nxt)):
                    return i, stripped  # "Many thanks,\nRachel": keep the thanks
    return _trailing_block(lines), ""


def _first_name(line: str) -> bool:
    words = line.split()
    return len(words) == 1 and words[0][:1].isupper() and words[0].isalpha() \
        and not lx.ROLE_NAME.search(line) and len(words[0]) <= 20


def _is_signature_paragraph(par: list[str]) -> bool:
    """Name, office, address, phone, legal lines - not sentences of a person."""
    if not par or any(len(x) > 160 for x in par):
        return False
    text = " ".join(par)
    if lx.FIRST_PERSON.search(text) or any(x.rstrip().endswith("?") for x in par):
        return False
    marked = sum(1 for x in par if lx.CONTACT_LINE.search(x) or lx.ORG_LINE.search(x)
                 or lx.DISCLAIMER.match(x) or looks_like_name(x))
    return marked >= 1 and (marked * 2 >= len(par) or looks_like_name(par[0]))


def _trailing_block(lines: list[str]) -> int:
    """Start of a signature without a closing formula: trailing paragraphs of name and
    contact data, plus name lines right under the last sentence ("…an.\nJürgen Müller")."""
    n = len(lines)
    paragraphs: list[tuple[int, int]] = []  # (start, end) of non-empty runs
    i = 0
    while i < n:
        if lines[i].strip():
            j = i
            while j < n and lines[j].strip():
                j += 1
            paragraphs.append((i, j))
            i = j
        else:
            i += 1
    if not paragraphs:
        return n
    start = n
    k = len(paragraphs) - 1
    last = [x.strip() for x in lines[paragraphs[k][0]:paragraphs[k][1]]]
    if k >= 1 and len(last) == 1 and _first_name(last[0]):
        start, k = paragraphs[k][0], k - 1  # "…\n\nLars"
    while k >= 1:  # never the first paragraph as a whole: that is the text
        a, b = paragraphs[k]
        if not _is_signature_paragraph([x.strip() for x in lines[a:b]]):
            break
        start = a
        k -= 1
    a, b = paragraphs[k]
    # a name (and maybe a role) under the last sentence of the text paragraph
    for j in range(b - 1, max(a, b - 3) - 1, -1):
        candidate = lines[j].strip()
        if j > a and (looks_like_name(_strip_ia(candidate)) or (
                _first_name(candidate) and j == b - 1 and start == b)):
            start = j
            break
        if j == b - 1 and start == n:
            break
    return start


def _name_above(lines: list[str], i: int) -> int:
    """A '-- ' or footer line may come after the name: "…an.\nAnna Schmidt\n-- \n…"."""
    j = i - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    if j > 0 and looks_like_name(_strip_ia(lines[j].strip())):
        return j
    return i


def _strip_ia(line: str) -> str:
    return lx.IA_PREFIX.sub("", line)


def looks_like_name(line: str) -> bool:
    """A line that is a person's name: two to four capitalised words, titles allowed."""
    words = [w for w in line.replace(",", " ").split() if w]
    while words and lx.TITLES.match(words[0]):
        words = words[1:]
    if not 2 <= len(words) <= 4:
        return False
    for w in words:
        if w.lower() in lx.NAME_PARTICLES:
            continue
        if not (w[0].isupper() and w.replace("-", "").replace("'", "").replace(".", "").isalpha()):
            return False
    return not lx.ROLE_NAME.search(line) and not lx.ORG_LINE.search(line)


def split(text: str) -> Parts:
    """Split ``text`` (a decoded body, LF line ends) into new text, signature and quote."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")[:MAX_LINES]
    q = quote_start(lines)
    own, quoted = lines[:q], lines[q:]
    s, keep = signature_start(own)
    new = own[:s] + ([keep] if keep else [])
    signature = own[s:]
    if signature and lx.MOBILE_FOOTER.match(signature[0].strip()):
        # "Gesendet von Outlook für Android" and then, unmarked, the mail replied to
        signature, quoted = signature[:1], signature[1:] + quoted
    return Parts(new="\n".join(new).strip(), signature="\n".join(signature).strip(),
                 quoted="\n".join(quoted).strip())


def quoted_content(quoted: str) -> str:
    """The quoted part without header lines and quote markers: what the quoted mail said."""
    out = []
    for line in quoted.split("\n"):
        body = line.lstrip()
        while body.startswith(">"):
            body = body[1:].lstrip()
        if lx.QUOTE_HEADER_LINE.match(body) and not lx.QUOTE_SUBJECT_LINE.match(body):
            continue
        if any(p.match(body) for _n, p in lx.QUOTE_START):
            continue
        out.append(body)
    return "\n".join(out)
