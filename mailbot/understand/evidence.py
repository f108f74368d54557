"""Typed evidence: what a rule found in a mail, and for what.

Every rule of understanding that votes (a word for an event, a phrase for an intent, a
line for a name) leaves one :class:`Evidence`. One declarative decision per question reads
them (events: :func:`mailbot.understand.events.decide`; intent:
:func:`mailbot.understand.intent.read`), ``mailbot preview --explain`` prints them, and
they are stored with the mail's outcome, so "why did it book this?" has an answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Evidence:
    source: str  # where: new | subject | quoted | tag | reference | context | signature | from
    span: str  # the words of the mail that fired (shortened)
    rule: str  # which rule: word, stem, compound, head, fuzzy, acronym, phrase, date, ...
    target: str  # what it votes for: an event id, "event.session", an intent, "person"
    weight: float  # how much, after weighting by place and distinctiveness

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source, "span": self.span, "rule": self.rule,
                "target": self.target, "weight": round(self.weight, 3)}


def short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
