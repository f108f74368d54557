"""Configuration: the shipped file is valid; every problem names FILE:LINE: field."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from mailbot.booking.policy import Window, window
from mailbot.config import ConfigError, load_config, parse_config
from tests.support import ROOT

GOOD = """\
address: smartcity@example.org
timezone: Europe/Berlin
language: de
database: sqlite:///var/mailbot.db
intake:
  smtp: {host: 127.0.0.1, port: 2525}
outgoing:
  maildir: var/outbox
events:
  - id: austausch
    title: Interkommunaler Austausch
    starts: 2027-03-04T10:00
    venue: Dortmund
    capacity: 40
    deadline: 2027-02-25T18:00
"""


def problems(text: str, env: dict[str, str] | None = None) -> list[str]:
    with pytest.raises(ConfigError) as info:
        parse_config(text, "mailbot.yaml", env or {})
    return [str(p) for p in info.value.problems]


def test_shipped_config_is_valid_and_open_now() -> None:
    settings = load_config(ROOT / "config" / "mailbot.yaml", env={})
    assert settings.intake.smtp is not None and settings.intake.smtp.port == 2525
    assert settings.outgoing.maildir == "var/outbox"
    # modelled on the five invitations in shared/seeds: six events, one series
    assert {e.id for e in settings.events} == {
        "lounge-norderstedt", "interkommunaler-austausch", "ak-wirtschaftsfoerderung",
        "pinneberg-workshops", "lounge-ulm", "deutschlandforum"}
    series = settings.event("pinneberg-workshops")
    assert series is not None and len(series.sessions) == 5
    now = datetime(2026, 12, 2, 12, 0, tzinfo=settings.tz)
    assert all(window(now, opens=e.opens, deadline=e.deadline, starts=e.starts) is Window.OPEN
               for e in settings.events)


def test_times_without_offset_are_local_to_the_timezone() -> None:
    settings = parse_config(GOOD, "x.yaml", {})
    starts = settings.events[0].starts
    assert starts.utcoffset() is not None and starts.utcoffset().total_seconds() == 3600


def test_unknown_key_and_wrong_type_name_line_and_field() -> None:
    text = GOOD.replace("    capacity: 40\n", "    capacity: vierzig\n    colour: blue\n")
    found = problems(text)
    assert "mailbot.yaml:14: events[0](austausch).capacity: Input should be a valid integer, " \
           "unable to parse string as an integer" in found
    assert "mailbot.yaml:15: events[0](austausch).colour: unknown key" in found


def test_settings_nothing_reads_are_unknown_keys_with_their_line() -> None:
    """``digest``, ``limits.max_mime_parts`` and ``outgoing.parallel_from`` were accepted
    once and never used: an admin's file that still has them is told where they are."""
    text = GOOD.replace("language: de\n", "language: de\ndigest: \"07:00\"\n")
    text = text.replace("  maildir: var/outbox\n",
                        "  maildir: var/outbox\n  parallel_from: 200\nlimits:\n"
                        "  max_mime_parts: 200\n")
    assert problems(text) == ["mailbot.yaml:4: digest: unknown key",
                              "mailbot.yaml:10: outgoing.parallel_from: unknown key",
                              "mailbot.yaml:12: limits.max_mime_parts: unknown key"]


def test_deadline_after_start_and_duplicate_ids() -> None:
    text = GOOD.replace("deadline: 2027-02-25T18:00", "deadline: 2027-03-05T18:00")
    text += text[text.index("  - id: austausch"):]
    found = problems(text)
    assert any(p.startswith("mailbot.yaml:15: events[0](austausch).deadline: deadline is after")
               for p in found), found
    assert any(":16: events[1](austausch).id: duplicate event id 'austausch'" in p
               for p in found), found


def test_missing_password_variable() -> None:
    text = GOOD.replace("  smtp: {host: 127.0.0.1, port: 2525}\n",
                        "  imap:\n    host: mail.example.org\n    username: bot\n"
                        "    password_env: MAILBOT_IMAP_PASSWORD\n")
    assert problems(text) == [
        "mailbot.yaml:9: intake.imap.password_env: environment variable "
        "MAILBOT_IMAP_PASSWORD is not set"]
    assert parse_config(text, "x", {"MAILBOT_IMAP_PASSWORD": "s3cret"}).intake.imap is not None


def test_missing_required_and_bad_address_and_yaml_syntax() -> None:
    found = problems(GOOD.replace("address: smartcity@example.org", "address: not-an-address")
                     .replace("    capacity: 40\n", ""))
    assert "mailbot.yaml:1: address: not a valid e-mail address: 'not-an-address'" in found
    assert "mailbot.yaml:10: events[0](austausch).capacity: required key is missing" in found
    syntax = problems("events: [\n  - id: x\n")
    assert len(syntax) == 1 and syntax[0].startswith("mailbot.yaml:2: (syntax): invalid YAML")


def test_check_config_command_prints_every_problem(tmp_path: Path) -> None:
    from tests.support import mailbot

    bad = tmp_path / "bad.yaml"
    bad.write_text(GOOD.replace("language: de", "language: fr").replace("capacity: 40",
                                                                        "capacity: -1"))
    proc = mailbot(bad, "check-config", check=False)
    assert proc.returncode != 0
    assert f"{bad}:3: language: Input should be 'de' or 'en'" in proc.stderr
    assert f"{bad}:14: events[0](austausch).capacity: Input should be greater than or equal to 0" \
        in proc.stderr
    ok = tmp_path / "ok.yaml"
    ok.write_text(GOOD)
    assert mailbot(ok, "check-config").returncode == 0
    # the daemon refuses to start on invalid config, with the same messages
    proc = mailbot(bad, "run", "--once", check=False)
    assert proc.returncode != 0 and f"{bad}:3: language:" in proc.stderr
