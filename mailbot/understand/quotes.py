"""Split a mail body into the sender's new words, their signature and the quoted rest.

Only the new text decides what the sender wants; the quoted invitation below a reply may
still tell which event is meant, and the signature is where a name and an organisation are
when the From header has none. The markers (Outlook, Notes, Apple Mail, Thunderbird, Gmail,
"> " quoting, in the languages of those clients) are patterns in
:mod:`mailbot.understand.lexicon`; this module only walks lines.

Where the new words stand (issue 7). The body is cut into pieces, top to bottom:

* Lines marked ">" or "|" (not a table row "| a | b |") are quoted, and so are the blank
  lines between them and up to two unmarked lines right under a long quoted line (50+
  characters) and right above the next one, if the quoted line breaks off mid-sentence
  or the unmarked one goes on in lower case: a quoted sentence the sender's client
  wrapped. A short quoted question with the answer typed under it is not one. The block
  ends at its last marked line: what follows is the sender's again. So a reply written
  *below* a quote (bottom-posting) or *between* quoted lines (inline replies) is new
  text, in the order it was written (one blank line between the pieces), and
  ``Parts.answers`` pairs each such piece with the quoted lines right above it.
* An attribution line ("Am … schrieb …:", "On … wrote:", "Le … a écrit :", "2017-11-24
  16:32 GMT+01:00 Name <a@b.c>:", wrapped over up to three lines) belongs to the quote
  under it. If ">" lines follow, the quote ends with them as above; if unmarked text
  follows (Gmail's plain text, Outlook on phones), that text has no end marker and
  everything to the end of the body is quoted.
* A separator ("-----Ursprüngliche Nachricht-----", "---------- Forwarded message",
  "Anfang der weitergeleiteten Nachricht:") or an Outlook/Notes header block ("Von: …
  Gesendet: … An: … Betreff: …", any order, three header lines with a From among them,
  maybe under a rule of underscores) starts an unmarked quote: everything after it is
  quoted. Outlook puts the cursor above the quote and marks nothing, so text under such a
  block is the old mail's, never the sender's; the one clear separation is the ">" a
  client puts in front of such a block when it quotes it again, and then the ">" rule
  above applies. A single "Von: Name <address>" line is no header block: registrations
  are written as forms ("Von: …", "Firma: …", "Personen: 2").
* A mobile footer ("Von meinem iPhone gesendet", "Envoyé de mon iPad", "Get Outlook for
  iOS") ends the sender's text; unmarked lines after it are the mail replied to.

A top-posted reply over a full quoted thread therefore reads as before: the thread is one
">" block (or an unmarked quote to the end) and only the text above it is new. Pieces
under the last quote that only hold a signature ("-- " block, a "__" list footer, a
mobile footer, a disclaimer) go to the signature, not the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from mailbot.understand import lexicon as lx
from mailbot.understand.signatures import signature_only, signature_start

MAX_LINES = 4000  # a registration is never longer; bounded work on 200 KB bodies
MAX_LINE = 400  # longer lines are text, never a quote header (and bound the regex work)
_HEADER_LOOKAHEAD = 8
_WRAP_MIN = 50  # a quoted line at least this long may have been wrapped by the client
_WRAP_LINES = 2


@dataclass(frozen=True)
class Parts:
    new: str  # the sender's own words, without signature and quotes
    signature: str  # closing formula and what follows it (name, office, phone, disclaimer)
    quoted: str  # the quoted or forwarded part, header blocks included
    # inline replies: (the quoted lines right above, the sender's words under them), so
    # "Ja, hier melde ich mich an." can be read with the session it answers
    answers: tuple[tuple[str, str], ...] = ()

    @property
    def has_quote(self) -> bool:
        return bool(self.quoted.strip())


def _next_nonblank(lines: list[str], i: int) -> int:
    n = len(lines)
    while i < n and not lines[i].strip():
        i += 1
    return i


def _marked(line: str) -> bool:
    return bool(lx.QUOTE_MARK.match(line))


def _header_block_at(lines: list[str], i: int) -> bool:
    """Does a quoted header block ("Von: … Gesendet: … An: … Betreff: …") start at line i?

    Three header lines, one of them a From, in any order; a value may wrap onto up to two
    lines ("From: Human Resources\n<hr@x.com>"). A block that does not open with From
    must go on at once (no blank line after its first line)."""
    if len(lines[i]) > MAX_LINE or not lx.QUOTE_HEADER_LINE.match(lines[i]):
        return False
    has_from = bool(lx.QUOTE_HEADER_FROM.match(lines[i]))
    if not has_from and (i + 1 >= len(lines) or not lx.QUOTE_HEADER_LINE.match(lines[i + 1])):
        return False
    seen, wrapped = 1, 0
    for line in lines[i + 1: i + 1 + _HEADER_LOOKAHEAD]:
        if not line.strip():
            continue
        if len(line) <= MAX_LINE and lx.QUOTE_HEADER_LINE.match(line):
            seen += 1
            wrapped = 0
            has_from = has_from or bool(lx.QUOTE_HEADER_FROM.match(line))
            if seen >= 3 and has_from:
                return True
        elif wrapped < _WRAP_LINES:
            wrapped += 1
        else:
            break
    return False


def _attribution_end(lines: list[str], i: int) -> int | None:
    """If an attribution ("On … wrote:") starts at line i: the index after its last line."""
    n = len(lines)
    line = lines[i]
    if len(line) > MAX_LINE:
        return None
    colon = line.rstrip().endswith((":", "："))
    if colon or "@" in line or "--" in line:  # every single-line form needs one of them
        for _name, pattern in lx.QUOTE_ATTRIBUTION:
            if pattern.match(line):
                return i + 1
    if ("@" in line and lx.DATE_ADDRESS_BARE.match(line)) \
            or (colon and lx.NAME_WROTE_BARE.match(line)):
        j = _next_nonblank(lines, i + 1)
        if j < n and _marked(lines[j]):
            return i + 1
    # "Am 01.02.2027 um 10:00 schrieb Max Muster\n<max@x.de>:", maybe wrapped
    if len(line) < 300 and not line.rstrip().endswith((".", "?", "!")):
        joined = line.strip()
        for k in (0, 1, 2):
            if k:
                nxt = lines[i + k] if i + k < n else ""
                if not nxt.strip() or len(nxt) > 200 or _marked(nxt) \
                        or (k == 1 and not lx.ATTRIBUTION_FIRST.match(line)) \
                        or (k == 1 and lx.ATTRIBUTION_OPENER.match(nxt)) \
                        or lines[i + k - 1].rstrip().endswith((".", "?", "!")):
                    break
                joined += " " + nxt.strip()
            if joined.endswith((":", "：")) and _wrapped_attribution(joined):
                return i + k + 1
    return None


def _wrapped_attribution(joined: str) -> bool:
    """Does a (joined) line ending in ":" read as an attribution? Its last "wrote" has at
    most 200 characters after it, and before it the line opens like one ("Am …", "On …")
    or holds the date. Done in steps, not one regex: linear on any line."""
    low = joined.lower()
    if not any(hint in low for hint in lx.ATTRIBUTION_VERB_HINTS):
        return False
    verbs = list(lx.ATTRIBUTION_VERB.finditer(joined))
    verb = verbs[-1] if verbs else None
    if verb is None or len(joined) - verb.end() > 200:
        return False
    head = joined[: verb.start()]
    opener = lx.ATTRIBUTION_OPENER.match(head)
    if verb.group(0).lower() == "geschrieben":  # "… hat Team <t@x.de> geschrieben:" (Gmail)
        return opener is not None and "@" in head and " hat " in head
    return (opener is not None and len(head) - opener.end() >= 3) or any(
        c.isdigit() for c in head)


def _separator_at(lines: list[str], i: int) -> bool:
    """Does an unmarked quote (separator line or header block) start at line i?"""
    line = lines[i]
    if len(line) > MAX_LINE:
        return False
    for _name, pattern in lx.QUOTE_SEPARATOR:
        if pattern.match(line):
            return True
    if lx.UNDERSCORE_LINE.match(line):
        j = _next_nonblank(lines, i + 1)
        if j < len(lines) and _header_block_at(lines, j):
            return True
    return _header_block_at(lines, i)


def _wrapped(quoted_line: str, continuation: str) -> bool:
    """Is ``continuation`` the rest of a quoted line the client wrapped without a ">"?"""
    body = quoted_line.strip().lstrip(">| ").rstrip()
    if len(body) < _WRAP_MIN:
        return False
    return not body.endswith((".", "!", "?", ":")) or continuation.lstrip()[:1].islower()


def _marked_end(lines: list[str], i: int) -> int:
    """The index after the ">" block that starts at line i."""
    n = len(lines)
    last, j = i, i + 1
    while j < n:
        line = lines[j]
        if _marked(line):
            last = j
            j += 1
            continue
        if not line.strip():
            j += 1
            continue
        if j == last + 1 and _wrapped(lines[last], line):
            k = j
            while k < n and k - j < _WRAP_LINES and lines[k].strip() and not _marked(lines[k]):
                k += 1
            if k < n and _marked(lines[k]):
                last, j = k, k + 1
                continue
        break
    return last + 1


def _segments(lines: list[str]) -> list[tuple[bool, int, int]]:
    """(quoted, start, end) pieces of the body, in order (see the module docstring)."""
    n = len(lines)
    out: list[tuple[bool, int, int]] = []

    def cut(a: int, b: int, quoted: bool) -> None:
        if b > a:
            out.append((quoted, a, b))

    start = i = 0
    while i < n:
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        if _marked(line):
            end = _marked_end(lines, i)
            cut(start, i, False)
            cut(i, end, True)
            start = i = end
            continue
        after = _attribution_end(lines, i)
        if after is not None:
            j = _next_nonblank(lines, after)
            if j < n and _marked(lines[j]):
                end = _marked_end(lines, j)
                cut(start, i, False)
                cut(i, end, True)
                start = i = end
                continue
            break  # an unmarked quote: to the end
        if _separator_at(lines, i):
            break
        i += 1
    cut(start, i, False)
    cut(i, n, True)
    return out


def _trim(piece: list[str]) -> list[str]:
    a, b = 0, len(piece)
    while a < b and not piece[a].strip():
        a += 1
    while b > a and not piece[b - 1].strip():
        b -= 1
    return piece[a:b]


def _context(quote: list[str], most: int = 3) -> str:
    """The last few lines of what a quoted block said (no markers, headers, attributions)."""
    said = [x for x in quoted_content("\n".join(quote)).split("\n") if x.strip()]
    return "\n".join(x.strip() for x in said[-most:])


def split(text: str) -> Parts:
    """Split ``text`` (a decoded body, LF line ends) into new text, signature and quote."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")[:MAX_LINES]
    own_pieces: list[tuple[list[str], list[str]]] = []  # (the quote right above, lines)
    quoted: list[str] = []
    above: list[str] = []
    for is_quote, a, b in _segments(lines):
        if is_quote:
            quoted.extend(lines[a:b] + [""])
            above = above + lines[a:b]
        elif any(x.strip() for x in lines[a:b]):
            own_pieces.append((above, _trim(lines[a:b])))
            above = []
    tail: list[str] = []  # a signature under the quote ("-- ", list footer)
    while len(own_pieces) > 1 and own_pieces[-1][0] and signature_only(own_pieces[-1][1]):
        tail = own_pieces.pop()[1] + tail
    own: list[str] = []
    spans: list[tuple[list[str], int, int]] = []  # (quote above, start, end) in own
    for quote, piece in own_pieces:
        if own:
            own.append("")
        spans.append((quote, len(own), len(own) + len(piece)))
        own.extend(piece)
    s, keep = signature_start(own)
    new = own[:s] + ([keep] if keep else [])
    signature = own[s:] + tail
    answers = []
    for quote, a, b in spans:
        said = own[a: min(b, s)] + ([keep] if keep and a <= s < b else [])
        if quote and any(x.strip() for x in said):
            answers.append((_context(quote), "\n".join(said).strip()))
    if signature and lx.MOBILE_FOOTER.match(signature[0].strip()):
        # "Gesendet von Outlook für Android" and then, unmarked, the mail replied to
        signature, quoted = signature[:1], signature[1:] + [""] + quoted
    return Parts(new="\n".join(new).strip(), signature="\n".join(signature).strip(),
                 quoted="\n".join(quoted).strip(), answers=tuple(answers))


def _unmark(line: str) -> str:
    body = line.lstrip()
    while body[:1] in (">", "|") and lx.QUOTE_MARK.match(body):
        body = body[1:].lstrip()
    return body


def quoted_content(quoted: str) -> str:
    """The quoted part without header lines and quote markers: what the quoted mail said.

    A header line goes only inside a block of them ("Von: … Gesendet: …"; the subject
    stays): a lone "Datum: 5. Dezember" or "Do: 14 Uhr" in the quoted invitation is content.
    """
    bodies = [_unmark(line) for line in quoted.split("\n")]
    header = [len(b) <= MAX_LINE and bool(lx.QUOTE_HEADER_LINE.match(b)) for b in bodies]
    out = []
    for k, body in enumerate(bodies):
        if header[k] and not lx.QUOTE_SUBJECT_LINE.match(body) \
                and any(header[max(0, k - 2): k] + header[k + 1: k + 3]):
            continue
        if len(body) <= MAX_LINE and (any(
                p.match(body) for _n, p in lx.QUOTE_SEPARATOR + lx.QUOTE_ATTRIBUTION) or (
                body.rstrip().endswith((":", "：")) and (
                    lx.NAME_WROTE_BARE.match(body) or _wrapped_attribution(body.strip())))):
            continue
        out.append(body)
    return "\n".join(out)
