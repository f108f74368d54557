"""The reply-kind registry against the templates and the throttle: a kind that is sent
has its texts in both languages, and the daily limit never holds back news of a booking."""

from __future__ import annotations

from mailbot.replies.kinds import KINDS, UNTHROTTLED, Audience, Kind, organiser_subject
from mailbot.replies.render import Renderer
from mailbot.runtime import PACKAGE_TEMPLATES


def test_every_registered_kind_has_templates_in_german_and_english_and_no_other() -> None:
    renderer = Renderer(PACKAGE_TEMPLATES)
    assert renderer.kinds() == {k.value for k in KINDS}
    assert {"de", "en"} <= set(renderer.languages())


def test_news_of_a_booking_and_refusals_are_never_throttled_asking_back_is() -> None:
    for kind in (Kind.CONFIRMED, Kind.WAITLISTED, Kind.MOVED_UP, Kind.CANCELLED,
                 Kind.FULLY_BOOKED, Kind.CLOSED, Kind.NOT_OPEN, Kind.TOO_MANY_SEATS):
        assert not KINDS[kind].throttled and kind in UNTHROTTLED
    for kind in (Kind.UNCLEAR, Kind.STATUS, Kind.ALREADY_REGISTERED, Kind.NOT_REGISTERED,
                 Kind.QUESTION_RECEIVED):
        assert KINDS[kind].throttled and kind not in UNTHROTTLED


def test_organiser_notices_have_their_own_subject_in_each_language() -> None:
    organiser = [k for k, info in KINDS.items() if info.audience is Audience.ORGANISER]
    assert organiser == [Kind.ORGANISER_QUESTION, Kind.ORGANISER_HELD, Kind.ORGANISER_BOUNCE]
    assert organiser_subject(Kind.ORGANISER_HELD, "de", "Innovators Lounge") == \
        "Bitte prüfen: Nachricht zu Innovators Lounge"
    assert organiser_subject(Kind.ORGANISER_QUESTION, "en", None) == \
        "Question about registrations"
