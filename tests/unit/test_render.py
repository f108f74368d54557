"""Reply texts: every kind renders in German and English, dates read right, and
values taken from mails can neither run as template code nor inject HTML."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace as NS
from zoneinfo import ZoneInfo

import pytest

from mailbot.replies import (
    Rendered,
    Renderer,
    UnknownKindError,
    format_date_local,
    format_datetime_local,
    format_when,
)

TEMPLATES = Path(__file__).parents[2] / "templates"
BERLIN = ZoneInfo("Europe/Berlin")
LANGS = ("de", "en")
KINDS = {
    "confirmed",
    "waitlisted",
    "moved_up",
    "fully_booked",
    "closed",
    "not_open",
    "already_registered",
    "cancelled",
    "not_registered",
    "status",
    "unclear",
    "question_received",
    "too_many_seats",
    "organiser_question",
    "organiser_held",
    "organiser_bounce",
    "confirm_request",
}
HOSTILE = "<script>alert(1)</script>{{ 7*7 }}{% raw %}\"'&"


def berlin(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=BERLIN)


@pytest.fixture(scope="module")
def renderer() -> Renderer:
    return Renderer(TEMPLATES)


def make_event(lang: str, **overrides: object) -> NS:
    fields: dict[str, object] = dict(
        title="Interkommunaler Austausch Smart City",
        when=format_when(berlin(2027, 3, 4, 10), berlin(2027, 3, 4, 13), lang),
        venue="Westfalenhallen Dortmund, Saal 9 und 10",
        online_url=None,
        deadline=format_datetime_local(berlin(2027, 2, 25, 18), lang),
        opens=format_datetime_local(berlin(2026, 11, 1, 9), lang),
        contact="veranstaltungen@stadt-beispiel.de",
    )
    fields.update(overrides)
    return NS(**fields)


def make_registration(**overrides: object) -> NS:
    fields: dict[str, object] = dict(
        status="confirmed",
        seats=2,
        waitlist_position=None,
        attendees=["Anna Schmidt", "Jonas Weber"],
        sessions=[],
        full=[],
        was_waitlisted=False,
    )
    fields.update(overrides)
    return NS(**fields)


def full_context(lang: str, **overrides: object) -> dict[str, object]:
    online = make_event(
        lang,
        title="Online-Erfahrungsaustausch Digitale Verwaltung",
        when=format_when(berlin(2027, 1, 20, 14), berlin(2027, 1, 20, 15, 30), lang),
        venue=None,
        online_url="https://meet.example.org/erfahrungsaustausch",
    )
    ctx: dict[str, object] = dict(
        name="Dr. Anna Schmidt",
        event=make_event(lang),
        registration=make_registration(),
        open_events=[make_event(lang), online],
        max_seats=4,
        reason="Anmeldung für mehrere Veranstaltungen in einer E-Mail",
        question="Gibt es Parkplätze am Veranstaltungsort?\n\nViele Grüße\nAnna Schmidt",
        sender="anna.schmidt@stadt-beispiel.de",
        subject="Frage zur Anreise",
        bot=NS(address="smartcity@example.org", signature=None),
    )
    ctx.update(overrides)
    return ctx


def minimal_context() -> dict[str, object]:
    return dict(
        name=None,
        event=None,
        registration=None,
        open_events=[],
        max_seats=None,
        reason=None,
        question=None,
        sender=None,
        subject=None,
        bot=NS(address="smartcity@example.org", signature=None),
    )


def visible(html: str) -> str:
    """Roughly what a reader sees in the HTML part: tags dropped, entities decoded."""
    import html as html_lib

    text = re.sub(r"</?(?:strong|a)\b[^>]*>", "", html)
    text = re.sub(r"<[^>]+>", " ", text)
    return " ".join(html_lib.unescape(text).split())


# --- dates -------------------------------------------------------------------


def test_german_dates_for_known_days() -> None:
    assert format_date_local(berlin(2027, 3, 4, 10), "de") == "Donnerstag, 4. März 2027"
    assert format_datetime_local(berlin(2027, 2, 25, 18), "de") == (
        "Donnerstag, 25. Februar 2027, 18:00 Uhr"
    )
    assert format_when(berlin(2027, 3, 4, 10), berlin(2027, 3, 4, 13), "de") == (
        "Donnerstag, 4. März 2027, 10:00 bis 13:00 Uhr"
    )
    assert format_when(berlin(2027, 2, 2, 17), berlin(2027, 3, 30, 19), "de") == (
        "Dienstag, 2. Februar 2027, 17:00 Uhr bis Dienstag, 30. März 2027, 19:00 Uhr"
    )


def test_english_dates() -> None:
    assert format_when(berlin(2027, 3, 4, 10), berlin(2027, 3, 4, 13), "en") == (
        "Thursday, 4 March 2027, 10:00\u201313:00"
    )
    assert format_when(berlin(2027, 2, 2, 17), berlin(2027, 3, 30, 19), "en") == (
        "Tuesday, 2 February 2027, 17:00 \u2013 Tuesday, 30 March 2027, 19:00"
    )
    assert format_datetime_local(berlin(2027, 2, 25, 18), "en-GB") == (
        "Thursday, 25 February 2027, 18:00"
    )


def test_when_without_end_and_evening_until_midnight() -> None:
    assert format_when(berlin(2027, 2, 10, 18), None, "de") == (
        "Mittwoch, 10. Februar 2027, 18:00 Uhr"
    )
    assert format_when(berlin(2027, 2, 10, 18), berlin(2027, 2, 11, 0), "de") == (
        "Mittwoch, 10. Februar 2027, 18:00 bis 24:00 Uhr"
    )


def test_dates_show_the_wall_clock_time_they_are_given() -> None:
    # Pure: no conversion. The caller converts to the event zone first.
    utc = datetime(2027, 3, 4, 9, 0, tzinfo=UTC)
    assert format_datetime_local(utc, "de").endswith("09:00 Uhr")
    assert format_datetime_local(utc.astimezone(BERLIN), "de").endswith("10:00 Uhr")
    # Summer time: 30 March 2027 is CEST (UTC+2).
    summer = datetime(2027, 3, 30, 15, 0, tzinfo=UTC).astimezone(BERLIN)
    assert format_datetime_local(summer, "de") == "Dienstag, 30. März 2027, 17:00 Uhr"


def test_naive_or_reversed_times_are_refused() -> None:
    with pytest.raises(ValueError, match="naive"):
        format_datetime_local(datetime(2027, 3, 4, 10), "de")
    with pytest.raises(ValueError, match="before"):
        format_when(berlin(2027, 3, 4, 13), berlin(2027, 3, 4, 10), "de")


# --- renderer basics ---------------------------------------------------------


def test_kinds_are_the_documented_ones(renderer: Renderer) -> None:
    assert renderer.kinds() == KINDS


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_has_text_and_html_in_both_languages(lang: str, kind: str) -> None:
    assert (TEMPLATES / lang / f"{kind}.txt").is_file()
    assert (TEMPLATES / lang / f"{kind}.html").is_file()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_renders_with_full_context(renderer: Renderer, kind: str, lang: str) -> None:
    out = renderer.render(kind, lang, full_context(lang))
    assert isinstance(out, Rendered)
    assert out.lang == lang
    greeting = "Guten Tag Dr. Anna Schmidt," if lang == "de" else "Dear Dr. Anna Schmidt,"
    assert out.text.startswith(greeting + "\n\n")
    assert "Interkommunaler Austausch Smart City" in out.text
    assert out.html is not None
    assert out.html.lstrip().startswith("<!DOCTYPE html>")
    assert f'<html lang="{lang}">' in out.html
    assert greeting in visible(out.html)
    for body in (out.text, visible(out.html)):
        assert "None" not in body
        assert "Undefined" not in body


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("context", ["all_none", "empty"])
def test_every_kind_renders_with_minimal_context(
    renderer: Renderer, kind: str, lang: str, context: str
) -> None:
    ctx = minimal_context() if context == "all_none" else {}
    out = renderer.render(kind, lang, ctx)
    greeting = "Guten Tag," if lang == "de" else "Hello,"
    assert out.text.startswith(greeting + "\n\n")
    assert out.html is not None and greeting in visible(out.html)
    for body in (out.text, visible(out.html)):
        assert "None" not in body
        assert "„“" not in body and "“”" not in body  # no empty quoted title


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_text_is_tidy(renderer: Renderer, kind: str, lang: str) -> None:
    for ctx in (full_context(lang), {}):
        text = renderer.render(kind, lang, ctx).text
        assert text.endswith("\n") and not text.endswith("\n\n")
        assert "\n\n\n" not in text
        assert not re.search(r"[ \t]$", text, re.M)


def test_participant_replies_are_signed_and_name_the_contact(renderer: Renderer) -> None:
    de = renderer.render("confirmed", "de", full_context("de")).text
    assert de.endswith("Mit freundlichen Grüßen\nIhr Anmeldeteam\n")
    assert "Bei Fragen erreichen Sie das Organisationsteam unter veranstaltungen@stadt-beispiel.de." in de
    en = renderer.render("confirmed", "en", full_context("en")).text
    assert en.endswith("Kind regards,\nYour registration team\n")

    signed = full_context("de", bot=NS(address="a@b.de", signature="Stadt Norderstedt\nAmt 12"))
    out = renderer.render("confirmed", "de", signed)
    assert out.text.endswith("Mit freundlichen Grüßen\nStadt Norderstedt\nAmt 12\n")
    assert "Stadt Norderstedt<br>" in (out.html or "")


def test_contact_is_named_once(renderer: Renderer) -> None:
    for kind in ("closed", "too_many_seats", "already_registered", "question_received"):
        for lang in LANGS:
            out = renderer.render(kind, lang, full_context(lang))
            assert out.text.count("veranstaltungen@stadt-beispiel.de") == 1, (kind, lang)
            assert visible(out.html or "").count("veranstaltungen@stadt-beispiel.de") == 1


@pytest.mark.parametrize("contact", [None, "SmartCity@example.org"])
def test_without_a_separate_contact_people_are_asked_to_reply(
    renderer: Renderer, contact: str | None
) -> None:
    # The example config lists the bot's own address as organiser: pointing
    # people "to the organisers at <this address>" would only loop back.
    ctx = full_context("de", event=make_event("de", contact=contact))
    for kind in ("closed", "confirmed", "too_many_seats"):
        out = renderer.render(kind, "de", ctx)
        assert "Organisationsteam unter" not in out.text
        assert "Bei Fragen antworten Sie einfach auf diese E-Mail." in out.text
        assert "mailto:" not in (out.html or "")
        assert "Bei Fragen antworten Sie einfach auf diese E-Mail." in visible(out.html or "")
    out = renderer.render("question_received", "en", full_context(
        "en", event=make_event("en", contact=contact)))
    assert "simply reply" not in out.text and "organisers directly" not in out.text


# --- languages and kinds -----------------------------------------------------


@pytest.mark.parametrize(
    ("asked", "used"),
    [("de", "de"), ("en", "en"), ("EN", "en"), ("en-GB", "en"), ("en_US", "en"),
     ("fr", "de"), ("", "de"), ("../en", "de"), ("de/../../etc", "de")],
)
def test_language_falls_back_to_german(renderer: Renderer, asked: str, used: str) -> None:
    out = renderer.render("confirmed", asked, {})
    assert out.lang == used
    assert out.text.startswith("Guten Tag," if used == "de" else "Hello,")


def test_missing_english_template_falls_back_to_german_for_both_parts(tmp_path: Path) -> None:
    (tmp_path / "de").mkdir()
    (tmp_path / "en").mkdir()
    (tmp_path / "de" / "ping.txt").write_text("Hallo {{ name }}\n")
    (tmp_path / "de" / "ping.html").write_text("<p>Hallo {{ name }}</p>\n")
    (tmp_path / "en" / "other.txt").write_text("x\n")
    r = Renderer(tmp_path)
    assert r.kinds() == {"ping"}
    out = r.render("ping", "en", {"name": "<Eva>"})
    assert out == Rendered(text="Hallo <Eva>\n", html="<p>Hallo &lt;Eva&gt;</p>\n", lang="de")


@pytest.mark.parametrize("kind", ["nope", "_base", "_footer", "_macros", "../de/confirmed", ""])
def test_unknown_kind_is_an_error(renderer: Renderer, kind: str) -> None:
    with pytest.raises(KeyError):
        renderer.render(kind, "de", {})
    with pytest.raises(ValueError):
        renderer.render(kind, "de", {})
    with pytest.raises(UnknownKindError, match="unknown reply kind"):
        renderer.render(kind, "de", {})


# --- hostile input -----------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_template_syntax_in_a_name_is_shown_literally(renderer: Renderer, lang: str) -> None:
    out = renderer.render("confirmed", lang, full_context(lang, name="{{ 7*7 }}"))
    assert "{{ 7*7 }}" in out.text
    assert "{{ 7*7 }}" in (out.html or "")
    assert "49" not in out.text and "49" not in (out.html or "")


@pytest.mark.parametrize("lang", LANGS)
def test_script_is_escaped_in_html_and_kept_in_text(renderer: Renderer, lang: str) -> None:
    out = renderer.render("confirmed", lang, full_context(lang, name="<script>x()</script>"))
    assert "<script>x()</script>" in out.text
    assert out.html is not None
    assert "<script" not in out.html
    assert "&lt;script&gt;x()&lt;/script&gt;" in out.html


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_hostile_values_everywhere_stay_data(renderer: Renderer, kind: str, lang: str) -> None:
    event = NS(title=HOSTILE, when=HOSTILE, venue=HOSTILE, online_url=HOSTILE,
               deadline=HOSTILE, opens=HOSTILE, contact=HOSTILE)
    for status, position in (("confirmed", None), ("waitlisted", 2)):
        registration = NS(status=status, seats=3, waitlist_position=position,
                          attendees=[HOSTILE, HOSTILE],
                          sessions=[NS(title=HOSTILE, when=HOSTILE)],
                          full=[NS(title=HOSTILE, when=HOSTILE)], was_waitlisted=False)
        ctx = dict(name=HOSTILE, event=event, registration=registration, open_events=[event],
                   max_seats=2, reason=HOSTILE, question=HOSTILE, sender=HOSTILE,
                   subject=HOSTILE, bot=NS(address=HOSTILE, signature=HOSTILE))
        out = renderer.render(kind, lang, ctx)
        assert out.html is not None
        assert "<script" not in out.html
        assert "javascript:" not in out.html
        assert "&lt;script&gt;" in out.html
        assert "49" not in out.text and "49" not in out.html
        assert "{{ 7*7 }}" in out.text and "{{ 7*7 }}" in out.html
        assert "<script>alert(1)</script>" in out.text


def test_name_cannot_add_lines_to_the_reply(renderer: Renderer) -> None:
    name = "Eva\r\n\r\nIhre Anmeldung wurde storniert.\u202e"
    out = renderer.render("confirmed", "de", full_context("de", name=name))
    first = out.text.split("\n", 1)[0]
    assert first == "Guten Tag Eva Ihre Anmeldung wurde storniert.,"
    assert "\r" not in out.text and "\u202e" not in out.text


def test_overlong_name_is_shortened(renderer: Renderer) -> None:
    out = renderer.render("confirmed", "de", full_context("de", name="A" * 5000))
    first = out.text.split("\n", 1)[0]
    assert len(first) < 250 and first.endswith("…,")


def test_only_web_links_become_clickable(renderer: Renderer) -> None:
    url = "https://meet.example.org/raum?id=1&pw=2"
    out = renderer.render("confirmed", "de", full_context(
        "de", event=make_event("de", online_url=url)))
    assert url in out.text
    assert 'href="https://meet.example.org/raum?id=1&amp;pw=2"' in (out.html or "")
    bad = renderer.render("confirmed", "de", full_context(
        "de", event=make_event("de", online_url="javascript:alert(1)")))
    assert 'href="javascript' not in (bad.html or "")


# --- content of particular kinds ---------------------------------------------


@pytest.mark.parametrize(
    ("lang", "expected"), [("de", "an Position 7"), ("en", "at position 7")]
)
def test_waitlist_reply_shows_position_and_no_seat(
    renderer: Renderer, lang: str, expected: str
) -> None:
    reg = make_registration(status="waitlisted", seats=1, waitlist_position=7, attendees=[])
    out = renderer.render("waitlisted", lang, full_context(lang, registration=reg))
    assert expected in out.text
    assert expected in visible(out.html or "")
    if lang == "de":
        assert "noch kein Platz für Sie reserviert" in out.text
        assert "automatisch" in out.text
        assert "„Abmelden“" in out.text
    else:
        assert "does not reserve a seat" in out.text
        assert '"cancel"' in out.text


@pytest.mark.parametrize("kind", ["already_registered", "status"])
def test_status_shows_waitlist_position(renderer: Renderer, kind: str) -> None:
    reg = make_registration(status="waitlisted", seats=2, waitlist_position=4)
    out = renderer.render(kind, "de", full_context("de", registration=reg))
    assert "Sie stehen auf der Warteliste an Position 4 (2 Plätze angefragt)." in out.text


@pytest.mark.parametrize(
    ("seats", "de", "en"), [(1, "1 Platz", "1 seat"), (3, "3 Plätze", "3 seats")]
)
def test_seats_singular_and_plural(renderer: Renderer, seats: int, de: str, en: str) -> None:
    for kind in ("confirmed", "moved_up", "status"):
        reg = make_registration(seats=seats)
        de_out = renderer.render(kind, "de", full_context("de", registration=reg))
        en_out = renderer.render(kind, "en", full_context("en", registration=reg))
        assert de in de_out.text and de in visible(de_out.html or ""), kind
        assert en in en_out.text and en in visible(en_out.html or ""), kind
        assert "1 Plätze" not in de_out.text and "1 seats" not in en_out.text


def test_confirmed_text_reads_right(renderer: Renderer) -> None:
    text = renderer.render("confirmed", "de", full_context("de")).text
    assert "Gern bestätigen wir Ihnen 2 Plätze für folgende Veranstaltung:" in text
    assert "Termin: Donnerstag, 4. März 2027, 10:00 bis 13:00 Uhr" in text
    assert "Ort: Westfalenhallen Dortmund, Saal 9 und 10" in text
    assert "Teilnehmende: Anna Schmidt, Jonas Weber" in text
    assert "antworten Sie bitte einfach auf diese E-Mail mit „Abmelden“" in text
    en = renderer.render("confirmed", "en", full_context("en")).text
    assert "Date: Thursday, 4 March 2027, 10:00\u201313:00" in en
    assert 'reply to this email with "cancel"' in en


def test_online_event_shows_link(renderer: Renderer) -> None:
    ev = make_event("de", venue=None, online_url="https://meet.example.org/x")
    text = renderer.render("confirmed", "de", full_context("de", event=ev)).text
    assert "Online-Zugang: https://meet.example.org/x" in text
    assert "Ort:" not in text


@pytest.mark.parametrize("lang", LANGS)
def test_unclear_lists_all_open_events(renderer: Renderer, lang: str) -> None:
    ctx = full_context(lang, event=None)  # which event is meant: unknown
    out = renderer.render("unclear", lang, ctx)
    events = ctx["open_events"]
    assert isinstance(events, list) and len(events) == 2
    for ev in events:
        for body in (out.text, visible(out.html or "")):
            assert ev.title in body
            assert ev.when in body
    assert ("nichts gebucht" if lang == "de" else "nothing has been booked") in out.text


def test_unclear_without_open_events(renderer: Renderer) -> None:
    out = renderer.render("unclear", "de", full_context("de", event=None, open_events=[]))
    assert "Derzeit ist für keine Veranstaltung eine Anmeldung möglich." in out.text
    assert "nennen Sie die gewünschte Veranstaltung" not in out.text


def test_closed_gives_deadline_and_not_open_gives_opening(renderer: Renderer) -> None:
    closed = renderer.render("closed", "de", full_context("de")).text
    assert "(Anmeldeschluss: Donnerstag, 25. Februar 2027, 18:00 Uhr)" in closed
    not_open = renderer.render("not_open", "de", full_context("de")).text
    assert "sie beginnt am Sonntag, 1. November 2026, 09:00 Uhr" in not_open
    en = renderer.render("closed", "en", full_context("en")).text
    assert "(deadline: Thursday, 25 February 2027, 18:00)" in en


def test_too_many_seats_names_the_limit(renderer: Renderer) -> None:
    reg = make_registration(status="refused", seats=6)
    text = renderer.render("too_many_seats", "de", full_context("de", registration=reg)).text
    assert "Pro Anmeldung können höchstens 4 Plätze reserviert werden" in text
    assert "angefragt hatten Sie 6 Plätze" in text
    assert "mit höchstens 4 Plätzen an" in text
    assert "nichts gebucht" in text
    one = renderer.render("too_many_seats", "de", full_context("de", max_seats=1)).text
    assert "Pro Anmeldung kann höchstens 1 Platz reserviert werden" in one
    assert "mit höchstens 1 Platz an" in one


def test_partial_series_cancellation_lists_remaining_sessions(renderer: Renderer) -> None:
    sessions = [
        NS(title="Mobilität",
           when=format_when(berlin(2027, 2, 2, 17), berlin(2027, 2, 2, 19), "de")),
        NS(title="Bildung",
           when=format_when(berlin(2027, 3, 30, 17), berlin(2027, 3, 30, 19), "de")),
    ]
    reg = make_registration(seats=1, sessions=sessions)
    text = renderer.render("cancelled", "de", full_context("de", registration=reg)).text
    assert "von den genannten Terminen" in text
    assert "- Mobilität: Dienstag, 2. Februar 2027, 17:00 bis 19:00 Uhr" in text
    assert "- Bildung: Dienstag, 30. März 2027, 17:00 bis 19:00 Uhr" in text
    assert "Abmeldung von" not in text


def test_series_sessions_show_their_waitlist_place_when_given(renderer: Renderer) -> None:
    sessions = [
        NS(id="mobilitaet", title="Mobilität", when="Dienstag, 2. Februar 2027, 17:00 bis 19:00 Uhr",
           status="confirmed", waitlist_position=None),
        NS(id="bildung", title="Bildung", when="Dienstag, 30. März 2027, 17:00 bis 19:00 Uhr",
           status="waitlisted", waitlist_position=2),
    ]
    reg = make_registration(seats=1, sessions=sessions)
    out = renderer.render("confirmed", "de", full_context("de", registration=reg))
    assert "- Mobilität: Dienstag, 2. Februar 2027, 17:00 bis 19:00 Uhr\n" in out.text
    assert "- Bildung: Dienstag, 30. März 2027, 17:00 bis 19:00 Uhr (Warteliste, Position 2)\n" in out.text
    assert "Bildung: Dienstag, 30. März 2027, 17:00 bis 19:00 Uhr (Warteliste, Position 2)" in visible(out.html or "")
    assert "Möchten Sie nur einzelne Termine absagen" in out.text
    en = renderer.render("status", "en", full_context("en", registration=reg))
    assert "(waiting list, position 2)" in en.text


def test_series_event_shows_its_period(renderer: Renderer) -> None:
    when = format_when(berlin(2027, 2, 2, 17), berlin(2027, 3, 30, 19), "de")
    series = make_event("de", title="Workshopreihe Smart Region", when=when,
                        sessions=[NS(title="Mobilität", when="…")])
    text = renderer.render("confirmed", "de", full_context("de", event=series)).text
    assert f"Zeitraum: {when}" in text
    single = renderer.render("confirmed", "de", full_context("de")).text
    assert "Termin: Donnerstag, 4. März 2027" in single


def test_full_cancellation_releases_the_seat(renderer: Renderer) -> None:
    reg = make_registration(status="cancelled", seats=1)
    text = renderer.render("cancelled", "de", full_context("de", registration=reg)).text
    assert "hiermit bestätigen wir Ihre Abmeldung von „Interkommunaler Austausch" in text
    assert "der Platz ist wieder frei" in text
    en = renderer.render("cancelled", "en", full_context("en", registration=reg)).text
    assert "released your seat" in en


@pytest.mark.parametrize("lang", LANGS)
def test_organiser_question_shows_sender_subject_and_question(
    renderer: Renderer, lang: str
) -> None:
    question = "Zeile eins <b>\n\nZeile drei {{ x }}"
    out = renderer.render("organiser_question", lang, full_context(lang, question=question))
    assert "anna.schmidt@stadt-beispiel.de" in out.text
    assert "Frage zur Anreise" in out.text
    assert "Zeile eins <b>\n\nZeile drei {{ x }}" in out.text
    assert "Zeile eins &lt;b&gt;<br>" in (out.html or "")
    assert "Zeile drei {{ x }}" in (out.html or "")


def test_organiser_held_gives_reason(renderer: Renderer) -> None:
    out = renderer.render("organiser_held", "de", full_context("de"))
    assert "Grund: Anmeldung für mehrere Veranstaltungen in einer E-Mail" in out.text
    assert "automatisch vom Anmeldesystem (smartcity@example.org)" in out.text


def test_unclear_about_a_known_event_asks_what_is_wanted(renderer: Renderer) -> None:
    text = renderer.render("unclear", "de", full_context("de")).text
    assert "Ihre Nachricht zu „Interkommunaler Austausch Smart City“" in text
    assert "anmelden (mit wie vielen Personen?), sich abmelden" in text
    assert "Derzeit ist die Anmeldung" not in text  # no list of other events


def test_not_registered_and_question_received(renderer: Renderer) -> None:
    text = renderer.render("not_registered", "de", full_context("de", intent="cancel")).text
    assert "keine Anmeldung vor" in text and "nichts abzumelden" in text
    asked = renderer.render("not_registered", "de", full_context("de", intent="status")).text
    assert "keine Anmeldung vor" in asked and "abzumelden" not in asked
    text = renderer.render("question_received", "en", full_context("en")).text
    assert "forwarded your question to the organisers" in text


def test_full_sessions_are_named_and_waitlist_cancel_frees_no_seat(renderer: Renderer) -> None:
    reg = make_registration(seats=1, sessions=[NS(title="Mobilität", when="Di")],
                            full=[NS(title="Energie und Klima", when="Di")])
    text = renderer.render("confirmed", "de", full_context("de", registration=reg)).text
    assert "Für diesen Termin ist leider kein Platz mehr frei" in text
    assert "Energie und Klima" in text
    en = renderer.render("confirmed", "en", full_context("en", registration=reg)).text
    assert "this session is fully booked" in en
    gone = make_registration(status="cancelled", seats=1, was_waitlisted=True)
    text = renderer.render("cancelled", "de", full_context("de", registration=gone)).text
    assert "storniert" in text and "wieder frei" not in text
    seat = make_registration(status="cancelled", seats=1)
    assert "der Platz ist wieder frei" in renderer.render(
        "cancelled", "de", full_context("de", registration=seat)).text


def test_seats_beyond_the_names_and_forwarded_question_are_mentioned(renderer: Renderer) -> None:
    reg = make_registration(seats=4, attendees=["Ralf Pietsch"])
    text = renderer.render("confirmed", "de", full_context(
        "de", registration=reg, question_forwarded=True)).text
    assert "Teilnehmende: Ralf Pietsch (sowie 3 weitere Personen)" in text
    assert "Ihre Frage haben wir an das Organisationsteam weitergeleitet" in text
    en = renderer.render("confirmed", "en", full_context("en", registration=reg)).text
    assert "Attendees: Ralf Pietsch (and 3 more people)" in en
    assert "passed your question" not in en


# --- forms of address and one person cancelled (issue 7) ----------------------


def _person(name: str, salutation: str | None = None, title: str | None = None):
    from mailbot.replies.views import person_view
    from mailbot.understand.request import Person

    return person_view(Person(name, None, salutation, title))


@pytest.mark.parametrize(("addressee", "de", "en"), [
    (("Anna Schmidt", "Frau", "Dr."), "Sehr geehrte Frau Dr. Schmidt,", "Dear Dr Schmidt,"),
    (("Klaus Weber", "Herr", "Prof. Dr."), "Sehr geehrter Herr Prof. Dr. Weber,",
     "Dear Professor Weber,"),
    (("Ursula von der Leyen", "Frau", None), "Sehr geehrte Frau von der Leyen,",
     "Dear Ms von der Leyen,"),
    (("Ada Quinn", "Mrs", None), "Sehr geehrte Frau Quinn,", "Dear Mrs Quinn,"),
    (("Jane Doe", None, "Dr."), "Guten Tag Dr. Jane Doe,", "Dear Dr Doe,"),
    (("Jane Doe", None, None), "Guten Tag Jane Doe,", "Dear Jane Doe,"),
])
@pytest.mark.parametrize("kind", ["confirmed", "cancelled", "moved_up", "unclear"])
def test_the_greeting_uses_the_salutation_and_title_when_known(
        renderer: Renderer, kind: str, addressee: tuple[str, str | None, str | None], de: str,
        en: str) -> None:
    for lang, greeting in (("de", de), ("en", en)):
        view = _person(*addressee)
        out = renderer.render(kind, lang, full_context(lang, name=view.name, addressee=view))
        assert out.text.startswith(greeting + "\n\n")
        assert out.html is not None and greeting in visible(out.html)


def test_a_hostile_surname_in_the_greeting_is_only_text(renderer: Renderer) -> None:
    view = _person("Anna " + HOSTILE.replace(" ", ""), "Frau")
    out = renderer.render("confirmed", "de", full_context("de", name=view.name, addressee=view))
    assert "<script>" not in (out.html or "") and "49" not in out.text.split("\n")[0]


@pytest.mark.parametrize("lang", LANGS)
def test_cancelling_one_person_says_who_left_and_who_remains(renderer: Renderer,
                                                              lang: str) -> None:
    reg = make_registration(seats=1, attendees=["Carl Chef"],
                            removed=(_person("Anna Schmidt", "Frau", "Dr."),))
    out = renderer.render("cancelled", lang, full_context(lang, name="Carl Chef",
                                                          registration=reg))
    if lang == "de":
        said = ("wie gewünscht haben wir Frau Dr. Anna Schmidt von „Interkommunaler Austausch "
                "Smart City“ abgemeldet. Für Carl Chef bleibt die Anmeldung bestehen.")
        assert "Ihre Anmeldung ist bestätigt (1 Platz)." in out.text
    else:
        said = ("As requested, we have cancelled the registration of Dr Anna Schmidt for "
                "“Interkommunaler Austausch Smart City”. The registration remains in place "
                "for Carl Chef.")
        assert "Your registration is confirmed (1 seat)." in out.text
    assert said in out.text and said in visible(out.html or "")
    # two removed, two remaining; a man in the accusative
    reg = make_registration(seats=2, attendees=["Carl Chef", "Ina Roth"], removed=(
        _person("Anna Schmidt", "Frau", "Dr."), _person("Klaus Weber", "Herr")))
    out = renderer.render("cancelled", "de", full_context("de", registration=reg))
    assert "Frau Dr. Anna Schmidt und Herrn Klaus Weber" in out.text
    assert "Für Carl Chef und Ina Roth bleibt" in out.text
