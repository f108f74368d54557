"""Subjects of automatic mail (out-of-office notes, bounces, read receipts) in the
languages mailbot meets: such a mail is never answered (RFC 3834 where headers are missing)."""

from __future__ import annotations

import re

OUT_OF_OFFICE_SUBJECT = re.compile(
    r"^\s*(?:\[[^\]]*\]\s*)?(?:"
    r"abwesenheitsnotiz|abwesend|automatische\s+antwort|automatische\s+r[üu]ckantwort|"
    r"auto(?:matic)?[\s_-]*(?:reply|response|antwort)|out\s+of\s+(?:the\s+)?office|"
    r"ooo\b|away\s+from|on\s+vacation|vacation\s+(?:reply|notice)|urlaub|"
    r"(?:ich\s+bin\s+)?nicht\s+im\s+b[üu]ro|office\s+closed|abwesenheit|"
    r"r[ée]ponse\s+automatique|absence|risposta\s+automatica|"
    r"automatyczna\s+odpowied[źz]|\(automatic\s+response\)|delivery\s+status\s+notification|"
    r"undeliver(?:ed|able)|unzustellbar|nicht\s+zustellbar|returned\s+mail|"
    r"mail\s+delivery\s+(?:failed|failure|system)|failure\s+notice|delivery\s+failure|"
    r"zustellung\s+fehlgeschlagen|warning:\s+could\s+not\s+send|"
    r"(?:lesebest[äa]tigung|gelesen|read|read\s+receipt|return\s+receipt)\s*:|"
    r"auto\s*:|"  # Lotus Notes: "AUTO: Smith, John is out of the office"
    r"[^\n]{0,80}\b(?:is|ist)\s+(?:out\s+of\s+(?:the\s+)?office|nicht\s+im\s+b[üu]ro|abwesend)\b"
    r")",
    re.IGNORECASE,
)
