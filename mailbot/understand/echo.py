"""Is this mail an echo of one of our own replies? Then it is automatic: never answered.

An auto-responder without any header that says so (no ``Auto-Submitted``, no
``In-Reply-To``) may send our text back as its own, or quote it in full under a fixed
text of its own; answering it starts a loop. The marker of our text is the text itself:
the words of the replies we sent to this address lately (``Context.own_texts``, read by
``context.py``), compared as overlapping runs of words (shingles), so that line breaks,
quote marks, HTML turned into text and a changed template wording do not matter.

A mail is an echo when

* its new text is mostly one of our replies (most of its words in runs of our reply, and
  most of that reply there): our text sent back unquoted, maybe under a line of its own;
* it quotes one of our replies and adds no word of its own; or
* it quotes one of our replies and its new text is mostly in the quote as well: a
  full-quote loop that sends the same text again with the thread below it.

A person who writes a few words over a full quote of our reply ("Ich storniere.") is no
echo: their words are their own. Pure: no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from email import message_from_bytes
from email.policy import compat32

from mailbot.understand.quotes import Parts

RUN = 4  # words per shingle
MIN_RUNS = 6  # fewer runs (about nine words) are too little to tell
MOSTLY = 0.6  # share of the mail's runs that are ours
COVERS = 0.5  # share of our reply's runs found in the mail
MAX_TEXT = 20_000  # characters compared, of the mail and of each reply

_WORD = re.compile(r"\w+")
_MARK = re.compile(r"^[ \t>|]+", re.MULTILINE)

Runs = frozenset[tuple[str, ...]]


def _words(text: str) -> list[str]:
    return _WORD.findall(_MARK.sub("", text[:MAX_TEXT]).casefold())


def runs(text: str) -> Runs:
    words = _words(text)
    return frozenset(tuple(words[i:i + RUN]) for i in range(len(words) - RUN + 1))


def plain_text(raw: bytes) -> str:
    """The plain-text body of one of our own replies (as the outbox holds it)."""
    msg = message_from_bytes(raw[:200_000], policy=compat32)
    for part in msg.walk():
        if part.get_content_type() == "text/plain":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes):
                return payload.decode(part.get_content_charset() or "utf-8", "replace")
    return ""


def _share(part: Runs, whole: Runs) -> float:
    return len(part & whole) / len(part) if part else 0.0


def echo_reason(parts: Parts, own_texts: Sequence[str]) -> str | None:
    """Why this mail is an echo of our own reply, or None."""
    ours = [r for r in map(runs, own_texts) if len(r) >= MIN_RUNS]
    if not ours:
        return None
    new = runs(parts.new)
    if len(new) >= MIN_RUNS and any(
            _share(new, o) >= MOSTLY and _share(o, new) >= COVERS for o in ours):
        return "an echo of mailbot's own reply (its text is mostly ours)"
    if not parts.has_quote:
        return None
    quoted = runs(parts.quoted)
    if not any(_share(o, quoted) >= COVERS for o in ours):
        return None
    if not _words(parts.new):
        return "a quote of mailbot's own reply with no word of its own"
    if len(new) >= MIN_RUNS and _share(new, quoted) >= MOSTLY:
        return "a full-quote loop: it repeats its quoted text over mailbot's own reply"
    return None
