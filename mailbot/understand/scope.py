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

SHORT = 400  # characters: a clear booking this short is not read for spam signals
SCAN = 8_000  # characters of the sender's own words read for spam signals
MIN_WORDS = 25  # of the sender's own words, for "out of scope" without an off-topic word


def spam_evidence(text: str, subject: str) -> list[Evidence]:
    out = []
    for weight, pattern in lx.SPAM_SIGNALS:
        for source, where in (("subject", subject), ("new", text[:SCAN])):
            m = pattern.search(where)
            if m:
                out.append(Evidence(source, short(m.group(0)), "spam-signal", "spam", weight))
                break
    return out


def is_spam(evidence: list[Evidence]) -> bool:
    return sum(e.weight for e in evidence) >= lx.SPAM_THRESHOLD


def spam_overrides(evidence: list[Evidence]) -> bool:
    """So many signals that even a mail that seems to register is spam (an SEO offer
    quoting "innovators lounge registration" as a search term)."""
    return sum(e.weight for e in evidence) >= lx.SPAM_THRESHOLD + 1.0


def out_of_scope(text: str, subject: str, names_event: bool) -> bool:
    """A human mail (question or unclear) that is not about our events."""
    text = text[:20_000]
    if lx.OFF_TOPIC.search(subject) or lx.OFF_TOPIC.search(text):
        return True
    # A short mail without an event word ("Ich hätte Interesse.", "Bitte um Rückruf") is
    # asked back; one with something to say that is not about events goes to a person.
    return not names_event and len(text.split()) >= MIN_WORDS \
        and not about_events(text, subject)


def about_events(text: str, subject: str) -> bool:
    """Does the mail speak of an event at all (registering, a programme, the venue)? A
    topic of the town hall's (a complaint, a job application) outweighs such words."""
    text = text[:20_000]
    if lx.OFF_TOPIC.search(subject) or lx.OFF_TOPIC.search(text):
        return False
    return bool(lx.EVENT_DOMAIN.search(subject) or lx.EVENT_DOMAIN.search(text))
