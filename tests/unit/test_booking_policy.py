"""The booking policy over plain values, without a database or a mail server (issue 12):
what a registration repeats and what is new, the refusal order, promotion before a
newcomer is placed, which booking (and whom of it) a cancellation means, and the ledger
of seats a transaction keeps."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mailbot.booking import attendees
from mailbot.booking.booked import Booking
from mailbot.booking.cancellation import NoCancel, Release, Shrink, plan_cancellation
from mailbot.booking.ledger import Ledger
from mailbot.booking.model import Hold, Status, Unit
from mailbot.booking.outcome import Kind
from mailbot.booking.policy import (
    admit,
    derived_status,
    needs_promotion,
    placed,
    plan_registration,
    refusal,
)
from mailbot.config import EventSpec
from mailbot.understand.request import Intent, Person, Request

T0 = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)
EVENT = EventSpec(id="lounge", title="Lounge", starts=T0 + timedelta(days=30), capacity=3,
                  waitlist=3, deadline=T0 + timedelta(days=20))
CARL = Person("Carl Chef", "chef@kreis.example")
ANNA = Person("Anna Schmidt", None, "Frau", "Dr.")
PETER = Person("Peter Maier")
C, W, X = Status.CONFIRMED, Status.WAITLISTED, Status.CANCELLED


def order(i: int) -> tuple[datetime, int]:
    return (T0 + timedelta(minutes=i), i)


def booking(id_: int, *people: Person, units: dict[str, Status] | None = None,
            seats: int | None = None) -> Booking:
    n = seats if seats is not None else len(people)
    held = {key: Hold(id_, n, st, order(id_)) for key, st in (units or {"": C}).items()}
    return Booking(id_, people, n, held)


def register(*people: Person, contact: Person = CARL, seats: int | None = None,
             sessions: tuple[str, ...] = ()) -> Request:
    return Request(Intent.REGISTER, "de", contact, "lounge", sessions=sessions,
                   attendees=people or (contact,), seats=len(people) or 1 if seats is None
                   else seats)


def cancel(*people: Person, contact: Person = CARL, seats: int | None = None) -> Request:
    return Request(Intent.CANCEL, "de", contact, "lounge", attendees=people,
                   seats=len(people) if seats is None else seats)


# --------------------------------------------------------------------------- registering

def test_a_first_registration_is_a_booking_of_its_own_for_everyone_named() -> None:
    plan = plan_registration([], register(CARL, ANNA), [""])
    assert plan.extend is None and not plan.repeats
    assert (plan.people, plan.row_seats, plan.seats, plan.units) == ((CARL, ANNA), 2, 2, ("",))


def test_no_seat_asked_for_is_still_one_seat() -> None:
    plan = plan_registration([], register(CARL, seats=0), [""])
    assert (plan.row_seats, plan.seats) == (1, 1)


def test_the_same_people_again_repeat_the_booking() -> None:
    mine = booking(7, CARL, ANNA)
    # "Frau Dr. Schmidt" is the "Anna Schmidt" booked; the sender is known by address
    plan = plan_registration([mine], register(Person("Chef", CARL.email),
                                              Person("Schmidt", None, "Frau", "Dr.")), [""])
    assert plan.repeats and plan.extend == mine


def test_more_sessions_extend_the_booking_with_its_group_size() -> None:
    mine = booking(7, CARL, ANNA, units={"a": C, "b": X})
    plan = plan_registration([mine], register(CARL, seats=5), ["a", "b", "c"])
    # "b" was cancelled earlier: it may be booked again
    assert plan.extend == mine and plan.units == ("b", "c") and plan.seats == 2


def test_a_new_colleague_after_booking_oneself_gets_a_booking_of_her_own() -> None:
    mine = booking(7, CARL)
    plan = plan_registration([mine], register(CARL, ANNA), [""])
    assert plan.extend is None
    assert (plan.people, plan.row_seats, plan.seats) == ((ANNA,), 1, 1)


def test_an_assistant_booking_one_colleague_after_another() -> None:
    desk = Person("Vorzimmer", "buero@kreis.example")
    first = booking(7, ANNA)
    plan = plan_registration([first], register(PETER, contact=desk), [""])
    assert plan.extend is None and plan.people == (PETER,)
    # seats say more than the new names: the rest comes with the new people
    plan = plan_registration([first], register(ANNA, PETER, contact=desk, seats=4), [""])
    assert plan.people == (PETER,) and plan.seats == 3


def test_with_several_bookings_the_person_named_picks_the_one_repeated() -> None:
    desk = Person("Vorzimmer", "buero@kreis.example")
    anna, peter = booking(7, ANNA, units={"a": C}), booking(8, PETER, units={"a": C})
    plan = plan_registration([anna, peter], register(PETER, contact=desk), ["a", "b"])
    assert plan.extend == peter and plan.units == ("b",)
    # nobody named: the oldest booking, and sessions held by any of them are held
    unnamed = Person(None, desk.email)
    plan = plan_registration([anna, peter], register(contact=unnamed), ["a", "b"])
    assert plan.extend == anna and plan.units == ("b",)


def test_too_many_seats_comes_before_the_window() -> None:
    late = T0 + timedelta(days=25)
    assert refusal(12, max_seats=10, arrived_at=late, event=EVENT) is Kind.TOO_MANY_SEATS
    assert refusal(2, max_seats=10, arrived_at=late, event=EVENT) is Kind.CLOSED
    assert refusal(10, max_seats=10, arrived_at=T0, event=EVENT) is None


def test_the_window_goes_by_arrival_time() -> None:
    soon = EVENT.model_copy(update={"opens": T0 + timedelta(days=1)})
    assert refusal(1, max_seats=10, arrived_at=T0, event=soon) is Kind.NOT_OPEN
    on_time = EVENT.deadline + timedelta(seconds=59)  # the whole minute of the deadline
    assert refusal(1, max_seats=10, arrived_at=on_time, event=EVENT) is None
    assert refusal(1, max_seats=10, arrived_at=on_time + timedelta(seconds=1),
                   event=EVENT) is Kind.CLOSED


def test_capacity_raised_while_people_wait_promotes_them_before_the_newcomer() -> None:
    # capacity was 1 (one confirmed, two waiting) and is 3 now
    unit = Unit("", capacity=3, waitlist=3, confirmed=1,
                waiting=[Hold(2, 1, W, order(2)), Hold(3, 1, W, order(3))])
    assert needs_promotion(unit)
    moved, status = admit(unit, 9, 1, order(9))
    assert moved == [2, 3] and status is W  # the two who came first got the seats
    assert unit.position(9) == 1 and unit.confirmed == 3


def test_a_group_that_does_not_fit_keeps_its_place_when_promoting_first() -> None:
    unit = Unit("", capacity=3, waitlist=5, confirmed=1,
                waiting=[Hold(2, 3, W, order(2)), Hold(3, 1, W, order(3))])
    moved, status = admit(unit, 9, 1, order(9))
    assert moved == [3] and status is C
    assert unit.position(2) == 1


def test_no_promotion_without_free_seats_or_without_anyone_waiting() -> None:
    full = Unit("", capacity=1, waitlist=3, confirmed=1, waitlisted=2)
    assert not needs_promotion(full)
    assert admit(full, 9, 1, order(9)) == ([], W)
    empty = Unit("", capacity=3, waitlist=3, confirmed=1, waitlisted=0)
    assert not needs_promotion(empty) and admit(empty, 9, 1, order(9)) == ([], C)


def test_promotion_refuses_a_unit_read_as_sums_only() -> None:
    unit = Unit("", capacity=3, waitlist=3, confirmed=1, waitlisted=2)
    with pytest.raises(ValueError, match="waitlisted holds"):
        admit(unit, 9, 1, order(9))


def test_any_confirmed_seat_makes_the_registration_confirmed() -> None:
    assert placed([W, C]) is Kind.CONFIRMED
    assert placed([W]) is Kind.WAITLISTED
    assert placed([]) is Kind.FULLY_BOOKED
    assert derived_status(["waitlisted", "confirmed"]) is C
    assert derived_status(["cancelled", "waitlisted"]) is W
    assert derived_status(["cancelled"]) is X and derived_status([]) is X


# --------------------------------------------------------------------------- cancelling

def test_nothing_to_cancel_without_an_active_booking() -> None:
    assert plan_cancellation([], cancel(), None, None) == NoCancel(Kind.NOT_REGISTERED)


def test_a_reply_to_a_booking_no_longer_active_cancels_no_other() -> None:
    other = booking(8, CARL)
    assert plan_cancellation([other], cancel(), 7, None) == NoCancel(Kind.NOT_REGISTERED)


def test_a_reply_to_one_of_several_bookings_cancels_that_one() -> None:
    first, second = booking(7, CARL), booking(8, PETER)
    plan = plan_cancellation([first, second], cancel(), 8, None)
    assert isinstance(plan, Release) and plan.booking == second


def test_several_bookings_and_nothing_to_tell_them_apart_is_for_a_person() -> None:
    plan = plan_cancellation([booking(7, CARL), booking(8, PETER)], cancel(), None, None)
    assert isinstance(plan, NoCancel) and plan.kind is Kind.HOLD
    assert "several registrations" in (plan.reason or "")


def test_the_person_named_tells_several_bookings_apart() -> None:
    first, second = booking(7, CARL), booking(8, PETER)
    plan = plan_cancellation([first, second], cancel(Person("Otto Maier")), None, None)
    assert isinstance(plan, NoCancel)  # Otto Maier is no one we booked...
    plan = plan_cancellation([first, second], cancel(Person("Maier")), None, None)
    assert isinstance(plan, Release) and plan.booking == second  # ...but Maier is


@pytest.mark.parametrize(("people", "reason"), [
    ((Person("Otto Nemo", None, "Herr"),), "Otto Nemo is not in the booking"),
    ((Person("Schmidt", None, "Herr"),), "not in the booking"),  # she is "Frau" Schmidt
])
def test_a_named_person_not_booked_is_for_a_person(people, reason) -> None:
    plan = plan_cancellation([booking(7, CARL, ANNA)], cancel(*people), None, None)
    assert isinstance(plan, NoCancel) and plan.kind is Kind.HOLD and reason in (plan.reason or "")


def test_a_name_that_could_be_two_booked_people_is_for_a_person() -> None:
    mine = booking(7, CARL, ANNA, Person("Peter Schmidt", None, "Herr"))
    plan = plan_cancellation([mine], cancel(Person("Schmidt")), None, None)
    assert isinstance(plan, NoCancel) and "more than one" in (plan.reason or "")


def test_people_named_from_two_bookings_is_for_a_person() -> None:
    plan = plan_cancellation([booking(7, CARL, ANNA), booking(8, PETER)],
                             cancel(ANNA, PETER), None, None)
    assert isinstance(plan, NoCancel) and "several registrations" in (plan.reason or "")


def test_an_unnamed_companion_who_cancels_is_for_a_person() -> None:
    plan = plan_cancellation([booking(7, CARL, ANNA)], cancel(seats=1), None, None)
    assert isinstance(plan, NoCancel) and "not named" in (plan.reason or "")


def test_the_contact_alone_cancels_the_whole_booking() -> None:
    mine = booking(7, CARL, ANNA)
    plan = plan_cancellation([mine], cancel(CARL), None, None)
    assert plan == Release(mine, (("", mine.units[""]),))


def test_one_person_of_a_group_leaves_and_the_rest_keep_their_seats() -> None:
    mine = booking(7, CARL, ANNA, PETER)
    plan = plan_cancellation([mine], cancel(Person("Schmidt", None, "Frau", "Dr.")), None, None)
    assert isinstance(plan, Shrink)
    assert (plan.kept, plan.gone, plan.seats) == ((CARL, PETER), (ANNA,), 2)
    assert plan.takes == (("", mine.units[""], 1),)


def test_the_contact_cancelling_with_a_colleague_leaves_with_her() -> None:
    mine = booking(7, CARL, ANNA, PETER)
    plan = plan_cancellation([mine], cancel(CARL, Person("Schmidt", None, "Frau")), None, None)
    assert isinstance(plan, Shrink)
    assert (plan.kept, plan.gone, plan.seats) == ((PETER,), (CARL, ANNA), 1)


def test_naming_everyone_of_the_group_cancels_the_whole_booking() -> None:
    mine = booking(7, CARL, ANNA)
    plan = plan_cancellation([mine], cancel(CARL, Person("Anna Schmidt")), None, None)
    assert isinstance(plan, Release) and plan.booking == mine


def test_who_remains_keeps_at_least_one_seat() -> None:
    # three people booked on two seats: two leave, one seat goes back
    mine = booking(7, CARL, ANNA, PETER, seats=2)
    plan = plan_cancellation([mine], cancel(ANNA, PETER), None, None)
    assert isinstance(plan, Shrink) and plan.seats == 1
    assert [take for _key, _hold, take in plan.takes] == [1]


def test_some_sessions_release_only_those_and_never_a_cancelled_one() -> None:
    mine = booking(7, CARL, units={"a": C, "b": W, "c": X})
    plan = plan_cancellation([mine], cancel(), None, {"b", "c"})
    assert isinstance(plan, Release) and [key for key, _ in plan.holds] == ["b"]
    plan = plan_cancellation([mine], cancel(), None, None)
    assert isinstance(plan, Release) and [key for key, _ in plan.holds] == ["a", "b"]
    plan = plan_cancellation([mine], cancel(), None, {"d"})
    assert isinstance(plan, Release) and plan.holds == ()  # a session never booked


def test_one_person_cancelling_some_sessions_only_is_for_a_person() -> None:
    mine = booking(7, CARL, ANNA, units={"a": C, "b": C})
    plan = plan_cancellation([mine], cancel(ANNA), None, {"a"})
    assert isinstance(plan, NoCancel) and "some sessions" in (plan.reason or "")
    plan = plan_cancellation([mine], cancel(ANNA), None, {"a", "b"})
    assert isinstance(plan, Shrink) and [key for key, *_ in plan.takes] == ["a", "b"]


def test_a_group_shrinking_on_the_waitlist_keeps_its_place_and_may_fit_now() -> None:
    mine = booking(2, CARL, ANNA, units={"": W})
    plan = plan_cancellation([mine], cancel(ANNA), None, None)
    assert isinstance(plan, Shrink)
    ((key, hold, take),) = plan.takes
    # one seat free, the group of two waits first, a single behind it
    unit = Unit(key, capacity=2, waitlist=5, confirmed=1,
                waiting=[hold, Hold(3, 1, W, order(3))])
    assert unit.shrink(hold, take) == [2]  # it fits now and moves up before the single
    assert unit.position(3) == 1 and unit.confirmed == 2


# --------------------------------------------------------------------------- the rest

def test_the_ledger_keeps_units_until_told_to_forget() -> None:
    ledger = Ledger()
    a, b = Unit("a", 3, 3), Unit("b", 3, 3)
    ledger.keep("lounge", a)
    ledger.keep("lounge", b)
    ledger.keep("other", Unit("a", 1, 1))
    assert ledger.get("lounge", "a") is a and ledger.get("lounge", "c") is None
    ledger.forget("lounge", "a")
    assert ledger.get("lounge", "a") is None and ledger.get("lounge", "b") is b
    ledger.forget("lounge")
    assert ledger.get("lounge", "b") is None and ledger.get("other", "a") is not None
    ledger.forget()
    assert ledger.get("other", "a") is None


def test_attendees_keep_their_forms_of_address_and_leave_out_what_is_unknown() -> None:
    text = attendees.dump([CARL, ANNA, Person("Ülrich Öz", None, "")])
    assert '"salutation": ""' not in text and "Ülrich" in text  # not escaped
    assert attendees.load(text) == (CARL, ANNA, Person("Ülrich Öz"))


def test_a_kind_is_its_string() -> None:
    assert Kind.HOLD == "hold" and f"register: {Kind.CONFIRMED}" == "register: confirmed"
