"""Seats, waitlists and registration windows: the pure booking rules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mailbot.booking.model import Hold, Status, Unit
from mailbot.booking.policy import Window, window

T0 = datetime(2027, 1, 10, 9, 0, tzinfo=UTC)


def order(i: int) -> tuple[datetime, int]:
    return (T0 + timedelta(minutes=i), i)


def cancel(unit: Unit, registration: int, seats: int = 1) -> list[int]:
    """Release a registration's hold as the service does: with the status it has now."""
    status = unit.changes.get(registration, Status.WAITLISTED if unit.position(registration)
                              else Status.CANCELLED)
    return unit.release(Hold(registration, seats, status, order(registration)))


def test_capacity_then_waitlist_then_full() -> None:
    unit = Unit("", capacity=2, waitlist=1)
    assert unit.place(1, 1, order(1)) is Status.CONFIRMED
    assert unit.place(2, 1, order(2)) is Status.CONFIRMED
    assert unit.place(3, 1, order(3)) is Status.WAITLISTED
    assert unit.position(3) == 1
    assert unit.place(4, 1, order(4)) is None  # fully booked: nothing held
    assert 4 not in unit.changes and unit.position(4) is None


def test_group_is_never_split() -> None:
    unit = Unit("", capacity=3, waitlist=3)
    assert unit.place(1, 2, order(1)) is Status.CONFIRMED
    # one seat left, three asked for: the whole group waits together
    assert unit.place(2, 3, order(2)) is Status.WAITLISTED
    assert unit.confirmed == 2
    # a group larger than the waitlist room is refused whole
    assert unit.place(3, 2, order(3)) is None


def test_cancel_promotes_first_waiting_and_positions_move_up() -> None:
    unit = Unit("", capacity=1, waitlist=5)
    unit.place(1, 1, order(1))
    unit.place(2, 1, order(2))
    unit.place(3, 1, order(3))
    assert (unit.position(2), unit.position(3)) == (1, 2)
    assert cancel(unit, 1) == [2]
    assert unit.changes[2] is Status.CONFIRMED and unit.changes[1] is Status.CANCELLED
    assert unit.position(3) == 1


def test_promotion_skips_a_group_that_does_not_fit_but_keeps_its_place() -> None:
    unit = Unit("", capacity=2, waitlist=5)
    unit.place(1, 1, order(1))
    unit.place(2, 1, order(2))
    unit.place(3, 2, order(3))  # group of two waits
    unit.place(4, 1, order(4))  # single waits behind it
    assert cancel(unit, 1) == [4]  # one seat free: the group does not fit, the single does
    assert unit.position(3) == 1
    assert cancel(unit, 2) == []  # still only one seat free
    assert cancel(unit, 4) == [3]  # now two: the group moves up together
    assert unit.confirmed == 2


def test_release_of_unknown_registration_changes_nothing() -> None:
    unit = Unit("", capacity=1, waitlist=1)
    unit.place(1, 1, order(1))
    assert unit.release(Hold(99, 1, Status.CANCELLED, order(99))) == []
    assert unit.confirmed == 1


def test_order_is_arrival_not_insertion() -> None:
    unit = Unit("", capacity=1, waitlist=2)
    unit.place(1, 1, order(1))
    unit.place(3, 1, order(5))
    unit.place(2, 1, order(3))  # processed later, but arrived earlier
    assert unit.position(2) == 1 and unit.position(3) == 2


def test_window_by_arrival_time() -> None:
    opens = datetime(2027, 1, 1, 0, 0, tzinfo=UTC)
    deadline = datetime(2027, 2, 1, 18, 0, tzinfo=UTC)
    starts = datetime(2027, 2, 5, 10, 0, tzinfo=UTC)
    w = lambda at: window(at, opens=opens, deadline=deadline, starts=starts)  # noqa: E731
    assert w(opens - timedelta(seconds=1)) is Window.NOT_OPEN
    assert w(opens) is Window.OPEN
    # "Anmeldeschluss 18:00 Uhr" includes the minute 18:00
    assert w(deadline + timedelta(seconds=59)) is Window.OPEN
    assert w(deadline + timedelta(minutes=1)) is Window.CLOSED
    # without a deadline, registration closes when the event starts
    assert window(starts + timedelta(minutes=5), opens=None, deadline=None,
                  starts=starts) is Window.CLOSED


def test_booking_from_sums_alone() -> None:
    """A new arrival is decided from the seat sums; the holds are needed only to promote."""
    unit = Unit("", capacity=40, waitlist=3, confirmed=39, waitlisted=2)
    assert unit.place(1, 2, order(1)) is None  # 1 seat free, 1 waitlist seat left: refused
    assert unit.place(2, 1, order(2)) is Status.CONFIRMED
    assert unit.place(3, 1, order(3)) is Status.WAITLISTED
    assert unit.place(4, 1, order(4)) is None


def test_one_person_of_a_confirmed_group_frees_a_seat_for_the_waitlist() -> None:
    """Issue 7: a group of two becomes one; the freed seat goes to the first waiting."""
    unit = Unit("", capacity=3, waitlist=5)
    unit.place(1, 2, order(1))
    unit.place(2, 1, order(2))
    unit.place(3, 1, order(3))  # waits
    unit.place(4, 2, order(4))  # a group of two waits behind it
    assert unit.shrink(Hold(1, 2, Status.CONFIRMED, order(1)), 1) == [3]
    assert unit.confirmed == 3 and unit.position(4) == 1
    assert unit.changes[1] is Status.CONFIRMED  # the smaller group stays confirmed


def test_a_waiting_group_that_shrinks_keeps_its_place_and_may_fit_now() -> None:
    unit = Unit("", capacity=2, waitlist=5)
    unit.place(1, 1, order(1))
    unit.place(2, 3, order(2))  # three wait, one seat is free
    unit.place(3, 2, order(3))
    assert unit.position(2) == 1
    assert unit.shrink(Hold(2, 3, Status.WAITLISTED, order(2)), 2) == [2]  # one fits
    assert unit.changes[2] is Status.CONFIRMED and unit.position(3) == 1


def test_shrink_takes_fewer_seats_than_the_group_has() -> None:
    unit = Unit("", capacity=3, waitlist=0)
    unit.place(1, 2, order(1))
    for seats in (0, 2, 3):
        try:
            unit.shrink(Hold(1, 2, Status.CONFIRMED, order(1)), seats)
        except ValueError:
            continue
        raise AssertionError(f"shrinking by {seats} should fail")
    assert unit.shrink(Hold(1, 2, Status.CANCELLED, order(1)), 1) == []
