"""Reply language from the sender's own words."""

from __future__ import annotations

import pytest

from mailbot.understand.language import detect


@pytest.mark.parametrize(("text", "subject", "lang"), [
    ("Hiermit melde ich mich an.", "", "de"),
    ("I would like to attend the workshop.", "Anmeldung", "en"),
    ("Count me in!", "Registration", "en"),
    ("Ja!", "Anmeldung", "de"),
    ("", "Registration for the workshop", "en"),
    ("", "", "de"),
    ("Danke!", "", "de"),
])
def test_detect(text, subject, lang):
    assert detect(text, subject, "de") == lang


def test_default_when_nothing_tells():
    assert detect("", "", "en") == "en"
    assert detect("12345", "", "en") == "en"
