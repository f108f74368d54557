"""Data protection, the pure parts: requests about one's data are recognised (and
look-alikes are not), the log filter, the retention settings."""

from __future__ import annotations

import logging
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

from mailbot.config import parse_config
from mailbot.jobs.retention import due, event_end
from mailbot.privacy.logs import Redact, redact
from mailbot.understand.privacy import hold_reason, kinds

ROOT = Path(__file__).resolve().parents[2]

REQUESTS = [
    ("Bitte löschen Sie alle meine Daten (Art. 17 DSGVO).", {"erasure"}),
    ("Auskunft nach Art. 15 DSGVO", {"access"}),
    ("Please remove all my personal data.", {"erasure"}),
    ("Hiermit melde ich mich ab. Außerdem bitte ich um Löschung meiner personenbezogenen "
     "Daten.", {"erasure"}),
    ("Ich bitte um Auskunft über die zu meiner Person gespeicherten Daten.", {"access"}),
    ("Welche Daten haben Sie über mich gespeichert?", {"access"}),
    ("I would like to exercise my right to erasure under Article 17 GDPR.", {"erasure"}),
    ("What personal data do you hold about me?", {"access"}),
    ("Gemäß Art. 15 DSGVO ersuche ich Sie um Auskunft.", {"access"}),
    ("Ich widerrufe meine Einwilligung zur Verarbeitung meiner Daten.", {"other"}),
    ("ich widerspreche hiermit der weiteren Verarbeitung meiner\npersonenbezogenen Daten.",
     {"other"}),
    ("Bitte löschen Sie den Eintrag und alle Daten, die\nSie zu mir gespeichert haben.",
     {"erasure"}),
    ("Abmeldung und Löschung aller Daten", {"erasure"}),
]
LOOK_ALIKES = [
    "Bitte löschen Sie meine Anmeldung.",
    "Sie haben das Recht auf Auskunft und Löschung nach Art. 15 und 17 DSGVO.",
    "Ich bitte um Auskunft, ob noch Plätze frei sind.",
    "Mit der Verarbeitung meiner Daten gemäß Art. 6 DSGVO bin ich einverstanden.",
    "Please remove me from the attendee list, I can't make it.",
    "Meine Daten: Anna Schmidt, Stadt Ulm",
    "Could you please delete my registration for the forum?",
    "Bitte streichen Sie mich von der Liste.",
    "Meine Daten dürfen Sie für die Teilnehmerliste verwenden.",
]


@pytest.mark.parametrize(("text", "want"), REQUESTS)
def test_requests_about_ones_data_are_recognised(text: str, want: set[str]) -> None:
    assert kinds(text) == want
    assert hold_reason(text) is not None


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes_are_not_data_protection_requests(text: str) -> None:
    assert kinds(text) == set(), text


def test_the_subject_alone_can_be_the_request() -> None:
    reason = hold_reason("Sehr geehrte Damen und Herren,\nvielen Dank.",
                         "Auskunftsersuchen nach Art. 15 DSGVO")
    assert reason is not None and "Art. 15" in reason


def test_blind6_requests_are_held_and_nothing_else_is() -> None:
    """tests/data/blind6 (written blind, see tests/data/README.md): every `privacy` mail is
    held with nothing booked and no reply; no other mail is held as such a request."""
    sys.path.insert(0, str(ROOT / "bench"))
    from understanding import evaluate, load_labels, preview_all

    folder = ROOT / "tests" / "data" / "blind6"
    config = ROOT / "config" / "mailbot.yaml"
    score = evaluate(folder, config=config)
    assert score.share("privacy") == 1.0, "\n".join(score.misses)
    labels = load_labels(folder / "labels.yaml")
    results = preview_all(folder, config, labels)
    wrong = [str(label["file"]) for label in labels if label["intent"] != "privacy"
             and (results[str(label["file"])]["reason"] or "").startswith(
                 "a data protection request")]
    assert wrong == []


def test_redact_removes_addresses_sql_parameters_and_postgres_details() -> None:
    text = ('(psycopg.errors.UniqueViolation) duplicate key value violates unique constraint\n'
            'DETAIL:  Key (name)=(Anna Schmidt) already exists.\n'
            "[SQL: INSERT INTO registration (email) VALUES (%(email)s)]\n"
            "[parameters: {'email': 'anna@stadt.example', 'name': 'Anna Schmidt'}]")
    out = redact(text)
    assert "Anna" not in out and "anna@" not in out
    assert "INSERT INTO registration" in out and "DETAIL: [hidden]" in out


def test_the_log_filter_redacts_messages_and_tracebacks_at_info(
        caplog: pytest.LogCaptureFixture) -> None:
    record = logging.LogRecord("mailbot", logging.ERROR, __file__, 1,
                               "not replying to %s", ("anna@stadt.example",), None)
    try:
        raise ValueError("mail from bernd@stadt.example")
    except ValueError:
        record.exc_info = sys.exc_info()
    Redact().filter(record)
    formatted = logging.Formatter().format(record)
    assert "@stadt.example" not in formatted and "<address>" in formatted
    assert "ValueError" in formatted
    debug = logging.LogRecord("mailbot", logging.DEBUG, __file__, 1, "to %s",
                              ("anna@stadt.example",), None)
    Redact().filter(debug)
    assert debug.getMessage() == "to anna@stadt.example"  # --verbose is for developers


def _settings(retention: str = "", event_retention: str = "") -> object:
    return parse_config(f"""
address: smartcity@example.org
intake: {{smtp: {{}}}}
outgoing: {{maildir: var/outbox}}
{retention}
events:
  - id: a
    title: Alt
    starts: 2026-01-10T10:00
    venue: Rathaus
    capacity: 5
    sessions:
      - {{id: s1, title: Eins, starts: 2026-02-01T10:00, ends: 2026-02-01T12:00}}
{event_retention}
  - id: b
    title: Neu
    starts: 2026-06-01T10:00
    venue: Rathaus
    capacity: 5
""", "mailbot.yaml", env={})


def test_retention_counts_from_the_last_session_and_events_override_the_default() -> None:
    settings = _settings("retention: {days_after_event: 90}")
    a = settings.events[0]  # type: ignore[attr-defined]
    assert event_end(a) == datetime(2026, 2, 1, 12, tzinfo=a.starts.tzinfo)
    assert [e.id for e in due(settings, datetime(2026, 5, 1, 12, tzinfo=UTC))] == []  # type: ignore[arg-type]
    assert [e.id for e in due(settings, datetime(2026, 5, 3, tzinfo=UTC))] == ["a"]  # type: ignore[arg-type]
    longer = _settings("retention: {days_after_event: 90}",
                       "    retention: {days_after_event: 365}")
    assert due(longer, datetime(2026, 5, 3, tzinfo=UTC)) == []  # type: ignore[arg-type]
    assert due(_settings(), datetime(2030, 1, 1, tzinfo=UTC)) == []  # type: ignore[arg-type]


def test_a_person_is_matched_as_whole_words_only() -> None:
    from mailbot.privacy.matching import Person, contains, fold, text_of

    who = Person("p17@stadt.example", frozenset({"anna schmidt"}))
    assert contains(fold("From: p17@stadt.example"), who)
    assert not contains(fold("From: p117@stadt.example, xp17@stadt.example.org"), who)
    assert contains(fold("mit Frau Anna\n  Schmidt aus Ulm"), who)
    assert not contains(fold("Johanna Schmidtke"), who)
    encoded = (b"From: =?utf-8?q?Anna_Schmidt?= <x@y.example>\r\nContent-Type: text/plain; "
               b"charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
               b"cDE3QHN0YWR0LmV4YW1wbGU=\r\n")  # "p17@stadt.example"
    blob = text_of(encoded)
    assert "anna schmidt" in blob and "p17@stadt.example" in blob
