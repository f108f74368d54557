"""The reply-kind registry against the templates and the throttle: a kind that is sent
has its texts in both languages; every reply to an attendee counts against the daily
limit, which never holds back news of a booking, and refusals are sent once a day."""

from __future__ import annotations

from mailbot.replies.kinds import COUNTED, KINDS, Audience, Kind, Limit, organiser_subject
from mailbot.replies.render import Renderer
from mailbot.runtime import PACKAGE_TEMPLATES


def test_every_registered_kind_has_templates_in_german_and_english_and_no_other() -> None:
    renderer = Renderer(PACKAGE_TEMPLATES)
    assert renderer.kinds() == {k.value for k in KINDS}
    assert {"de", "en"} <= set(renderer.languages())


def test_every_attendee_reply_counts_news_of_a_booking_is_never_held_back() -> None:
    # Issue 10 changed this: refusals were exempt from the limit (a responder answering a
    # full event got 271 refusals in 60 s); now they count and are sent once a day.
    for kind in (Kind.CONFIRMED, Kind.WAITLISTED, Kind.MOVED_UP, Kind.CANCELLED):
        assert KINDS[kind].limit is Limit.COUNTED and not KINDS[kind].suppressible
    for kind in (Kind.FULLY_BOOKED, Kind.CLOSED, Kind.NOT_OPEN, Kind.TOO_MANY_SEATS,
                 Kind.ALREADY_REGISTERED, Kind.NOT_REGISTERED):
        assert KINDS[kind].limit is Limit.ONCE and KINDS[kind].suppressible
    for kind in (Kind.UNCLEAR, Kind.STATUS, Kind.QUESTION_RECEIVED):
        assert KINDS[kind].limit is Limit.LIMITED and KINDS[kind].suppressible
    assert set(COUNTED) == {k.value for k, i in KINDS.items()
                            if i.audience is Audience.ATTENDEE}
    assert Kind.ORGANISER_HELD not in COUNTED and Kind.ORGANISER_QUESTION not in COUNTED


def test_organiser_notices_have_their_own_subject_in_each_language() -> None:
    organiser = [k for k, info in KINDS.items() if info.audience is Audience.ORGANISER]
    assert organiser == [Kind.ORGANISER_QUESTION, Kind.ORGANISER_HELD, Kind.ORGANISER_BOUNCE]
    assert organiser_subject(Kind.ORGANISER_HELD, "de", "Innovators Lounge") == \
        "Bitte prüfen: Nachricht zu Innovators Lounge"
    assert organiser_subject(Kind.ORGANISER_QUESTION, "en", None) == \
        "Question about registrations"
