"""Where the sender's signature starts in their new text, and what a name line looks like.

A closing formula ("Mit freundlichen Grüßen"), a "-- " line, a phone footer or a
disclaimer starts it; without one, trailing paragraphs of name and contact lines, or a
name right under the last sentence, are the signature. The patterns are in
:mod:`mailbot.understand.lexicon.signatures`; this module only walks lines.
"""

from __future__ import annotations

from mailbot.understand import lexicon as lx


def signature_only(piece: list[str]) -> bool:
    """A piece under a quote that holds only a signature: "-- " block, list footer, phone
    footer, disclaimer, or contact lines."""
    body = [x.strip() for x in piece if x.strip()]
    if not body:
        return True
    first = body[0]
    if lx.SIG_DASHES.match(first) or lx.SIG_RULE.match(first) or lx.UNDERSCORE_LINE.match(first) \
            or lx.MOBILE_FOOTER.match(first) or lx.DISCLAIMER.match(first):
        return True
    return all(lx.CONTACT_LINE.search(x) and not lx.FIRST_PERSON.search(x) for x in body)


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
    if k >= 1 and len(last) == 1 and (_first_name(last[0]) or _lower_case_name(last[0])):
        start, k = paragraphs[k][0], k - 1  # "…\n\nLars", "…\n\njens hollmann"
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


def _lower_case_name(line: str) -> bool:
    """A name written in lower case, alone on the last line: "jens hollmann"."""
    words = line.split()
    return (line.islower() and 2 <= len(words) <= 3 and all(w.isalpha() for w in words)
            and not any(w in lx.NOT_NAME_WORDS for w in words) and looks_like_name(line.title()))


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
