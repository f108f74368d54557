"""The attendees of a stored registration as typed people, and back (issue 12).

The ``registration.attendees`` column holds JSON: ``{"name", "email"}`` always, and
``"salutation"`` and ``"title"`` when the mail gave them (issue 7; kept inside the JSON
so databases made before that need no new column). This module is the only place that
reads or writes that JSON.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from mailbot.store.tables import Registration
from mailbot.understand.request import Person


def load(text: str) -> tuple[Person, ...]:
    """People from the stored JSON, with the forms of address the mail gave."""
    return tuple(Person(p.get("name"), p.get("email"), p.get("salutation"), p.get("title"))
                 for p in json.loads(text))


def dump(people: Iterable[Person]) -> str:
    """People as stored; an absent salutation or title is left out, not written as null."""
    out = []
    for p in people:
        entry: dict[str, str | None] = {"name": p.name, "email": p.email}
        if p.salutation:
            entry["salutation"] = p.salutation
        if p.title:
            entry["title"] = p.title
        out.append(entry)
    return json.dumps(out, ensure_ascii=False)


def of(reg: Registration) -> tuple[Person, ...]:
    """The booked attendees of ``reg``."""
    return load(reg.attendees)


def write(reg: Registration, people: Iterable[Person]) -> None:
    """Store ``people`` as the attendees of ``reg`` (the caller adds ``reg`` to its session)."""
    reg.attendees = dump(people)
