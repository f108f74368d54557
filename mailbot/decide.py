"""What becomes of one understood mail: an ordered table of (name, applies, action).

The first step whose ``applies`` holds decides (as GNU Mailman's chains): the order is
data, readable in one place, and each step is tested on its own. Every mail ends in a
recorded outcome: booked, answered, ignored (with the reason) or held for a person.
Actions book through ``booking.service`` and plan replies through the assembler; nothing
here sends or commits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

from sqlmodel import Session

from mailbot import bounced, confirm
from mailbot.booking import service as booking
from mailbot.booking.policy import Window, window
from mailbot.config import EventSpec
from mailbot.identity import Trust
from mailbot.replies.assemble import Booked, Reply
from mailbot.replies.kinds import Kind
from mailbot.runtime import Runtime
from mailbot.store.tables import InboxMail
from mailbot.understand.mime import Mail
from mailbot.understand.request import Intent, Request


class Outcome(StrEnum):
    BOOKED = "booked"  # seats taken or given back
    ANSWERED = "answered"  # a reply, nothing booked
    IGNORED = "ignored"  # nothing to do, with the reason (never answered)
    HELD = "held"  # a person must decide; the organisers have the mail


@dataclass
class Decision:
    outcome: Outcome
    reason: str
    replies: list[Reply] = field(default_factory=list)


@dataclass(frozen=True)
class Case:
    """One mail as the decision sees it, with the transaction it may book in."""

    runtime: Runtime
    session: Session
    ledger: booking.Ledger  # the seats as this transaction left them
    row: InboxMail
    mail: Mail
    request: Request | None  # None: not understood (too large to read)
    referenced: int | None = None  # the registration a reply to our mail is about
    trust: Trust = Trust()  # what the mail proves about its sender (identity.py)

    @property
    def req(self) -> Request:
        assert self.request is not None, "a step after 'too-large' needs the request"
        return self.request

    @property
    def event(self) -> EventSpec | None:
        return self.runtime.event(self.request.event_id) if self.request else None


@dataclass(frozen=True)
class Step:
    name: str
    applies: Callable[[Case], bool]
    action: Callable[[Case], Decision]


def held(case: Case, reason: str) -> Decision:
    """Held for a person: the organisers get the mail attached, the sender nothing yet."""
    notes = case.runtime.assembler.organiser_notes(case.event, Kind.ORGANISER_HELD, case.mail,
                                                   case.row.raw, reason)
    return Decision(Outcome.HELD, reason, notes)


def _too_large(case: Case) -> Decision:
    return held(case, f"mail too large ({case.row.size} bytes); only its headers were kept")


def _spam(case: Case) -> Decision:
    signals = "; ".join(e.span for e in case.req.evidence if e.rule == "spam-signal")
    return Decision(Outcome.IGNORED, f"spam, not answered ({signals})")


def _question(case: Case) -> Decision:
    req, assembler = case.req, case.runtime.assembler
    decision = Decision(Outcome.ANSWERED, "question forwarded to the organisers")
    decision.replies += assembler.organiser_notes(
        case.event, Kind.ORGANISER_QUESTION, case.mail, case.row.raw, None,
        question=req.question or req.new_text)
    decision.replies.append(assembler.reply(Kind.QUESTION_RECEIVED, req, case.mail,
                                            case.event))
    return decision


def _open_events(case: Case) -> list[EventSpec]:
    return [e for e in case.runtime.settings.events
            if window(case.row.arrived_at, opens=e.opens, deadline=e.deadline,
                      starts=e.starts) is Window.OPEN]


def _unclear(case: Case) -> Decision:
    req = case.req
    what = "what is meant" if req.intent is Intent.UNCLEAR else "which event is meant"
    named = [e for e in map(case.runtime.event, req.candidates) if e]
    reply = case.runtime.assembler.reply(Kind.UNCLEAR, req, case.mail, case.event,
                                         open_events=named or _open_events(case),
                                         candidates=bool(named))
    return Decision(Outcome.ANSWERED, f"unclear {what}; asked back", [reply])


def _max_seats(case: Case, event: EventSpec) -> int:
    return event.max_seats or case.runtime.settings.limits.max_seats


def _book(case: Case) -> Decision:
    """Register, cancel or answer a status question for the one event that is meant."""
    req, event = case.req, case.event
    assert event is not None
    max_seats, owner = _max_seats(case, event), case.trust.owner
    if req.intent is Intent.REGISTER:
        out = booking.register(case.session, event, req, inbox_id=case.row.id or 0,
                               arrived_at=case.row.arrived_at, max_seats=max_seats,
                               ledger=case.ledger, owner=owner, asked_at=case.trust.asked_at)
    elif req.intent is Intent.CANCEL:
        out = booking.cancel(case.session, event, req, case.referenced, ledger=case.ledger,
                             owner=owner)
    else:
        out = booking.status(case.session, event, req, owner)
    if out.kind == "hold":
        return held(case, out.reason or "a person must decide")
    return _booked(case, event, out, max_seats)


def _booked(case: Case, event: EventSpec, out: booking.Outcome, max_seats: int) -> Decision:
    req, assembler, session = case.req, case.runtime.assembler, case.session
    changed = out.kind in (Kind.CONFIRMED, Kind.WAITLISTED, Kind.CANCELLED)
    decision = Decision(Outcome.BOOKED if changed else Outcome.ANSWERED,
                        f"{req.intent.value}: {out.kind}")
    booked = Booked(out.registration, out.units, tuple(out.full),
                    tuple(out.released.items()), tuple(out.removed))
    decision.replies.append(assembler.reply(out.kind, req, case.mail, event, session=session,
                                            booked=booked, max_seats=max_seats))
    for other in out.others:  # one status mail per booking of this address
        decision.replies.append(assembler.reply(out.kind, req, case.mail, event,
                                                session=session, booked=Booked(other),
                                                max_seats=max_seats))
    for reg_id in out.promoted:
        decision.replies.append(assembler.moved_up(session, event, reg_id))
    if req.question and req.intent is Intent.REGISTER:
        # "Ich melde mich an. Gibt es Parkplätze?": booked, and a person answers the rest
        decision.reason += "; question forwarded to the organisers"
        decision.replies += assembler.organiser_notes(event, Kind.ORGANISER_QUESTION,
                                                      case.mail, case.row.raw, None,
                                                      question=req.question)
    return decision


def _bounce(case: Case) -> Decision:
    """A hard bounce for one of our mails: the address is marked undeliverable and the
    organisers are told; the bounce itself is never answered."""
    reason, notices = bounced.act(case)
    return Decision(Outcome.IGNORED, reason, notices)
def _outcome_of(asked: tuple[str, str, list[Reply]]) -> tuple[Outcome, str, list[Reply]]:
    return Outcome(asked[0]), asked[1], asked[2]


def _ignore(reason: str) -> Callable[[Case], Decision]:
    return lambda case: Decision(Outcome.IGNORED, reason)


def _intent(*intents: Intent) -> Callable[[Case], bool]:
    return lambda case: case.req.intent in intents


# The order is the policy: a bounce of our own mail marks its address (and is never
# answered); never answer automatic mail, thanks or spam; without an
# address nothing can be answered; what a person must see is held before anything is
# booked; questions go to a person; without one event and a clear intent, ask back;
# nobody changes or sees a booking without proving it is theirs.
TABLE: tuple[Step, ...] = (
    Step("bounce", lambda c: bool(bounced.hits(c)), _bounce),
    Step("too-large", lambda c: c.row.truncated, _too_large),
    Step("automatic", lambda c: bool(c.req.automatic),
         lambda c: Decision(Outcome.IGNORED, c.req.automatic or "")),
    Step("thanks", _intent(Intent.THANKS),
         _ignore("a thank-you note: nothing to do, no reply")),
    Step("spam", _intent(Intent.SPAM), _spam),
    Step("no-address", lambda c: not c.req.contact.email, _ignore("no address to reply to")),
    Step("hold", lambda c: bool(c.req.hold), lambda c: held(c, c.req.hold or "")),
    Step("out-of-scope", _intent(Intent.OUT_OF_SCOPE),
         lambda c: held(c, "not about any of our events: a person should read it "
                           "(no automatic reply)")),
    Step("question", _intent(Intent.QUESTION), _question),
    Step("unclear", lambda c: c.event is None or c.req.intent is Intent.UNCLEAR, _unclear),
    Step("identity", confirm.needs_proof,
         lambda c: Decision(*_outcome_of(confirm.ask(c)))),
    Step("book", _intent(Intent.REGISTER, Intent.CANCEL, Intent.STATUS), _book),
)


def decide(case: Case, table: tuple[Step, ...] = TABLE) -> tuple[str, Decision]:
    """The name of the step that decided, and its decision."""
    for step in table:
        if step.applies(case):
            return step.name, step.action(case)
    # Unreachable with TABLE (every intent is covered); a person looks at anything else.
    return "fallback", held(case, "no rule applied")
