"""Is the mail for us at all? Spam and out-of-scope mail get no automatic answer.

Answering marketing, phishing or a citizen's complaint that reached the smart-city address
with our event list is backscatter at best. Two rules, both data in :mod:`lexicon`:

- *spam*: the weighted signals of :data:`lexicon.SPAM_SIGNALS` (SEO offers, "your mailbox
  is full", attendee-list sellers, payment scams, cold marketing) reach
  :data:`lexicon.SPAM_THRESHOLD` in the subject and the sender's own words. Ignored with the
  signals as the reason. A mail that clearly books, cancels or asks about one of our
  events is never spam.
- *out of scope*: a human wrote it, but it names none of our events (no evidence in new
  text, subject or quote) and speaks of no event at all (:data:`lexicon.EVENT_DOMAIN`):
  held for a person, no reply.
"""

from __future__ import annotations

from mailbot.understand import lexicon as lx
from mailbot.understand.evidence import Evidence, short


def spam_evidence(text: str, subject: str) -> list[Evidence]:
    out = []
    for weight, pattern in lx.SPAM_SIGNALS:
        for source, where in (("subject", subject), ("new", text[:20_000])):
            m = pattern.search(where)
            if m:
                out.append(Evidence(source, short(m.group(0)), "spam-signal", "spam", weight))
                break
    return out


def is_spam(evidence: list[Evidence]) -> bool:
    return sum(e.weight for e in evidence) >= lx.SPAM_THRESHOLD


def about_events(text: str, subject: str) -> bool:
    """Does the mail speak of an event at all (registering, a programme, the venue)?"""
    return bool(lx.EVENT_DOMAIN.search(subject) or lx.EVENT_DOMAIN.search(text[:20_000]))
