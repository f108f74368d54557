"""Who comes and how many seats: the party of a registration, cancellation or status question.

The sender is the default attendee (:mod:`sender`). Names written in the new text
(:mod:`mentions`: "meine Kollegin Frau Dr. Anna Schmidt und ich", a numbered or bulleted
list, "mein Mann Peter und ich") add attendees; an assistant who registers someone else
("Ich melde Herrn Bürgermeister Weber an") is the contact but not an attendee. Seats are
the larger of a number stated ("wir kommen zu dritt") and the number of attendees with the
companions left unnamed ("meine Frau und ich": two). The names of :mod:`names` and
:mod:`sender` are re-exported here, the API the rest of mailbot imports.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from mailbot.understand import lexicon as lx
from mailbot.understand.mentions import Mention, mentioned, named_people
from mailbot.understand.names import clean_name, forms, merge, same_person, surname
from mailbot.understand.request import Intent, Person
from mailbot.understand.sender import (
    listed_organisation,
    organisation,
    sender,
    sender_name,
    signature_name,
)

__all__ = ["Party", "clean_name", "forms", "listed_organisation", "merge", "named_people",
           "organisation", "party", "same_person", "sender", "sender_name", "signature_name",
           "stated_seats", "surname"]


def stated_seats(text: str, self_included: bool) -> int:
    """The number of seats the text states, 0 if none."""
    best = 0
    for kind, value, pattern in lx.SEAT_PATTERNS:
        for m in pattern.finditer(text):
            if kind == "fixed":
                n = value
            else:
                word = next((g for g in m.groups() if g), "")
                n = int(word) if word.isdigit() else lx.NUMBER_WORDS.get(word.lower(), 0)
                if kind == "plus-sender" or (kind == "others" and self_included):
                    n += 1
            if 0 < n <= 99 and not lx.HEDGE.search(text[max(0, m.start() - 30):m.start()]):
                best = max(best, n)
    return best


@dataclass(frozen=True)
class Party:
    attendees: tuple[Person, ...]
    seats: int


def _said_of_absence(sentence: str) -> bool:
    """A sentence that says someone is not coming or has cancelled ("Herr Brandt hat
    gestern abgesagt"): who it names is no attendee of a registration."""
    from mailbot.understand.intent import normalise

    norm = normalise(sentence)
    return bool(lx.PAST_CANCEL.search(norm)) or any(
        intent is Intent.CANCEL and pattern.search(norm)
        for intent, _strength, pattern in lx.INTENT_PATTERNS)


def _only_absent(person_: Person, sentences: list[str]) -> bool:
    key = surname(person_.name or "").lower()
    said = [s for s in sentences if key and key in s.lower()]
    return bool(said) and all(_said_of_absence(s) for s in said)


def party(text: str, sender: Person, intent: Intent, *, sender_excluded: bool = False,
          focus: str | None = None) -> Party:
    """Attendees and seats of a registration (or of a cancellation or a status question:
    whom it concerns).

    With other people named (or a companion: "meine Frau"), the sender counts only when
    the text says so: outright ("meine Kollegin und ich"), by naming the sender in a
    list of people, or, for a registration that is not on someone's behalf, gives no
    list and adds no one to a booking, implied ("wir kommen"). Whatever the text says of
    the sender (a title: "Dr. Anna Schmidt" in a list) is added to the sender.

    A cancellation or status question concerns the people named where it is stated
    (``focus``: the sentences that carry the intent, see :class:`intent.Reading`; read
    here when not given), so that "Frau Dr. Schmidt kann leider nicht teilnehmen. Die
    Anmeldungen von Herrn Lang und Herrn Özdemir bleiben bestehen." cancels Dr. Schmidt
    only. A registration leaves out people the text says are not coming."""
    from mailbot.understand.intent import neutralise, normalise, read, sentences

    if intent in (Intent.CANCEL, Intent.STATUS):
        if focus is None:
            focus = read(text, "", is_reply=False).focus
        if focus and mentioned(focus)[0]:
            text = focus
    norm = normalise(neutralise(text))
    mentions, unnamed = mentioned(text)
    if intent is Intent.REGISTER and mentions:
        said = [part for sent in sentences(neutralise(text)) for part in lx.TURN.split(sent)]
        mentions = [m for m in mentions if not _only_absent(m.person, said)]
    me, others, listed_self = _sender_and_others(mentions, sender)
    include_sender = _sender_comes(norm, intent, others, unnamed, sender_excluded=sender_excluded,
                                   listed_self=listed_self,
                                   listed=any(m.kind == "list" for m in mentions))
    attendees = ([me] if include_sender else []) + others
    seats = max(stated_seats(norm, include_sender), len(attendees) + unnamed)
    if intent is Intent.REGISTER:
        seats = max(seats, 1)
    return Party(tuple(attendees), seats)


def _sender_and_others(mentions: list[Mention],
                       sender: Person) -> tuple[Person, list[Person], bool]:
    """The sender with what the text says of them (a title in a list), the other people,
    and whether a list of people names the sender."""
    me = sender
    others: list[Person] = []
    listed_self = False
    for m in mentions:
        if m.kind != "relative" and sender.name and same_person(m.person, sender):
            me = replace(sender, salutation=sender.salutation or m.person.salutation,
                         title=sender.title or m.person.title)
            listed_self = listed_self or m.kind == "list"
        else:
            others.append(m.person)
    return me, others, listed_self


def _sender_comes(norm: str, intent: Intent, others: list[Person], unnamed: int, *,
                  sender_excluded: bool, listed_self: bool, listed: bool) -> bool:
    """Whether the sender is one of the party (the rule in :func:`party`'s docstring)."""
    explicit = bool(lx.SELF_EXPLICIT.search(norm))
    weak = bool(lx.SELF_WEAK.search(norm))
    behalf = bool(lx.ON_BEHALF.search(norm))
    if not others and not unnamed:
        return True
    if sender_excluded:
        return False
    if listed_self:
        return True
    if intent is Intent.REGISTER and lx.ADDITION.search(norm):
        return False  # "Könnten Sie meine Kollegin noch mit aufnehmen?"
    if intent is Intent.REGISTER:
        return explicit or (weak and not behalf and not (listed and len(others) > 1))
    return explicit
