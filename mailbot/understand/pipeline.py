"""Mail + settings + context -> :class:`Request`: the one entry point of understanding.

Pure: no I/O, no clock (the arrival time comes in the context). The steps, each its own
module: split off quotes and signature (:mod:`quotes`), never-reply checks
(:mod:`automatic`, and :mod:`echo`: our own text sent back), intent from the new text
(:mod:`intent`), the event and sessions (:mod:`events`), the people and seats
(:mod:`people`), the language (:mod:`language`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from mailbot.config import Settings
from mailbot.understand import automatic, echo, events, intent, language, people, quotes, scope
from mailbot.understand import lexicon as lx
from mailbot.understand import privacy as data_protection
from mailbot.understand.evidence import Evidence
from mailbot.understand.mime import Mail
from mailbot.understand.request import Context, Intent, Person, Request

MAX_NEW_TEXT = 20_000  # characters of new text kept in the request
MAX_ANALYSED = 20_000  # characters of new text read for intent, event and people


def understand(mail: Mail, settings: Settings, ctx: Context) -> Request:
    """What ``mail`` asks for. Never raises for a parsed mail."""
    parts = quotes.split(mail.text)
    text = parts.new[:MAX_ANALYSED]
    subject = mail.subject or ""
    replying = intent.is_reply(subject)
    bare_subject = intent.strip_prefixes(subject)

    reason = _never_answer(mail, settings, ctx, parts)
    reading = intent.read(text, bare_subject, is_reply=replying)
    what = reading.intent
    if what is Intent.REGISTER and ctx.referenced_event and not reading.strong \
            and lx.CONSENT_ONLY.match(text.strip()):
        what = Intent.THANKS  # "Ja, gerne!" to our own confirmation only acknowledges it

    choice = events.choose_event(
        settings, new_text=text, subject=bare_subject,
        quoted=quotes.quoted_content(parts.quoted), recipients=mail.to, intent=what,
        referenced=ctx.referenced_event, sender_events=ctx.sender_events,
        arrived_at=ctx.arrived_at, focus=reading.focus)
    sessions = _sessions(settings, choice.event_id, reading, parts, text, what,
                         subject=None if replying else bare_subject)
    what, spam = _in_scope(text, bare_subject, what, reading, choice)
    # Art. 15/17 requests are for a person (a reply's subject is an earlier mail's)
    data_request = data_protection.hold_reason(text, "" if replying else bare_subject)
    if data_request and what in (Intent.THANKS, Intent.SPAM):
        what = Intent.QUESTION  # never ignored: held below

    sender = people.sender(mail.from_name, parts.signature, mail.from_addr)
    contact = replace(sender, email=mail.reply_address)
    attendees, seats = _party(text, sender, what, reading)

    return Request(
        intent=what,
        language=language.detect(text, bare_subject, settings.language),
        contact=contact,
        event_id=choice.event_id,
        sessions=sessions,
        attendees=attendees,
        seats=seats,
        organisation=people.organisation(parts.signature, mail.from_name, mail.from_addr,
                                         text=text),
        automatic=reason,
        candidates=choice.candidates,
        question=reading.question,
        hold=data_request or _hold(reading, what, attendees),
        new_text=parts.new[:MAX_NEW_TEXT],
        evidence=(*reading.evidence, *choice.evidence, *spam, *_people_evidence(
            attendees, seats, sender, bool(parts.signature.strip())), _decision(choice)),
    )


def _never_answer(mail: Mail, settings: Settings, ctx: Context,
                  parts: quotes.Parts) -> str | None:
    """Why the mail must get no reply: automatic mail, or an echo of our own text."""
    return automatic.automatic_reason(mail, automatic.Context(
        bot_address=settings.address, is_own_message_id=ctx.is_own_message_id,
        new_text=parts.new)) or echo.echo_reason(parts, ctx.own_texts)


def _party(text: str, sender: Person, what: Intent,
           reading: intent.Reading) -> tuple[tuple[Person, ...], int]:
    """Attendees and seats of a registration, cancellation or status question; else none."""
    if what in (Intent.REGISTER, Intent.CANCEL, Intent.STATUS):
        party = people.party(text, sender, what, sender_excluded=reading.sender_excluded,
                             focus=reading.focus)
        return _full_names(party.attendees, text), party.seats
    return (), 0


def _hold(reading: intent.Reading, what: Intent, attendees: tuple[Person, ...]) -> str | None:
    """Why a person should look first: contradicting statements, or nobody to register."""
    hold = reading.conflict
    if what is Intent.REGISTER and not attendees:
        hold = hold or "a registration without anyone to register"
    return hold


def _sessions(settings: Settings, event_id: str | None, reading: intent.Reading,
              parts: quotes.Parts, text: str, what: Intent,
              subject: str | None) -> tuple[str, ...]:
    """Sessions are named where the intent is stated ("Mobilität kann ich nicht. Energie
    bleibt." cancels Mobilität only); failing that, in inline answers to the quoted
    sessions, then anywhere in the new text or (``subject``: not for a reply) the subject."""
    sessions = events.choose_sessions(settings, event_id, reading.focus)
    if not sessions and parts.answers and what is Intent.REGISTER:
        sessions = _answered_sessions(settings, event_id, parts.answers)
    if not sessions:
        sessions = events.choose_sessions(
            settings, event_id, text if subject is None else f"{subject}\n{text}")
    return sessions


def _in_scope(text: str, subject: str, what: Intent, reading: intent.Reading,
              choice: events.EventChoice) -> tuple[Intent, list[Evidence]]:
    """The intent once spam and out-of-scope mail are set apart, and the spam evidence."""
    # A short mail that clearly books, cancels or asks about one of our events is not read
    # for spam signals (they are many patterns; marketing and phishing are long).
    clear = (reading.strong and choice.event_id is not None and len(text) < scope.SHORT
             and what in (Intent.REGISTER, Intent.CANCEL, Intent.STATUS))
    spam = [] if clear else scope.spam_evidence(text, subject)
    if scope.is_spam(spam) and (scope.spam_overrides(spam) or not (
            choice.event_id and reading.strong
            and what in (Intent.REGISTER, Intent.CANCEL, Intent.STATUS))):
        what = Intent.SPAM
    elif what in (Intent.QUESTION, Intent.UNCLEAR) and scope.out_of_scope(
            text, subject, bool(choice.event_id or choice.candidates)):
        what = Intent.OUT_OF_SCOPE
    if what is Intent.REGISTER and choice.event_id is None:
        # Wants to register, but for what? Ask back; never book on a guess.
        what = Intent.UNCLEAR
    return what, spam


def _decision(choice: events.EventChoice) -> Evidence:
    """Which layer chose the event, and what it chose, for ``preview --explain``."""
    return Evidence("decision", choice.how or "no evidence", "event",
                    choice.event_id or ("ambiguous: " + ", ".join(choice.candidates)
                                        if choice.candidates else "none"), 0.0)


def _answered_sessions(settings: Settings, event_id: str | None,
                       answers: tuple[tuple[str, str], ...]) -> tuple[str, ...]:
    """Sessions accepted by inline answers: "> • Mobilität – 22.2." / "Ja, hier melde ich
    mich an." / "> • Bildung – 4.3." / "Hier auch." (a "too" repeats the last answer)."""
    chosen: list[str] = []
    last = False
    for quoted, answer in answers:
        reading = intent.read(answer, "", is_reply=True)
        yes = reading.intent is Intent.REGISTER or (last and bool(lx.TOO.search(answer)))
        last = yes
        if yes:
            chosen.extend(events.choose_sessions(settings, event_id, quoted))
    ev = settings.event(event_id) if event_id else None
    return tuple(s.id for s in ev.sessions if s.id in chosen) if ev else ()


def _people_evidence(attendees: tuple[Person, ...], seats: int, sender: Person,
                     signed: bool) -> list[Evidence]:
    """Where the names came from, for ``preview --explain``."""
    out = []
    for p in attendees:
        if p.email and p.email == sender.email:
            where = "the sender (From display name" + (" and signature)" if signed else ")")
        else:
            where = "named in the sender's own words"
        forms = " ".join(x for x in (p.salutation, p.title) if x)
        out.append(Evidence("people", (forms + " " if forms else "") + (p.name or "?"),
                            "attendee", where, 1.0))
    if attendees and seats != len(attendees):
        out.append(Evidence("people", f"{seats} seats", "seats", "stated in the mail", 1.0))
    return out


_NAME_WORD = r"[A-ZÄÖÜ][a-zäöüßéèáàíóúñçøåæ]+(?:-[A-ZÄÖÜ][a-zäöüßéèáàíóúñçøåæ]+)?"


def _full_names(attendees: tuple[Person, ...], text: str) -> tuple[Person, ...]:
    """A surname alone ("Herr Aßmann kann nicht") is the person the mail names in full
    elsewhere ("Herr Florian Aßmann und ich"); names written in lower case are capitalised
    as on a badge."""
    out = []
    for p in attendees:
        name = p.name
        if name and any(w.islower() and w not in lx.NAME_PARTICLES for w in name.split()):
            name = " ".join(w if w in lx.NAME_PARTICLES or not w.islower() else
                            "-".join(part.capitalize() for part in w.split("-"))
                            for w in name.split())
        if name and " " not in name:
            found = {m.group(1) for m in re.finditer(
                r"\b(" + _NAME_WORD + r")\s+" + re.escape(name) + r"\b", text[:MAX_ANALYSED])
                if m.group(1).lower() not in lx.NOT_NAME_WORDS
                and not lx.TITLES.match(m.group(1))}
            if len(found) == 1:
                name = f"{found.pop()} {name}"
        out.append(replace(p, name=name) if name != p.name else p)
    return tuple(out)
