"""German or English: the language to answer in, by the sender's own words.

Counts frequent function words of each language; the subject is a hint that only
decides when the text does not; otherwise the configured default.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"[a-zäöüß']+")
_DE = frozenset("""
ich und der die das nicht mit für fuer ist sie mich wir uns zum zur bitte gerne gern vielen
dank danke grüße gruesse hiermit anmeldung anmelden melde veranstaltung teilnehmen komme kommen
bin sind ein eine einen meine meiner mein auch noch leider wird werde kann möchte moechte würde
wuerde sehr geehrte geehrter damen herren hallo liebe lieber freundlichen herzliche viele im
am auf bei von aus dem den des habe haben oder aber wie gibt es ob dass frage absagen muss
""".split())
_EN = frozenset("""
i and the to of is are you my me we us please would like thank thanks regards dear hello hi
attend register registration join will be there can could not for with this that event our
your have has am sorry unfortunately cancel best kind question any also sign up do does
""".split())


def _score(text: str) -> int:
    """Positive: German; negative: English."""
    score = 0
    for w in _WORD.findall(text.lower()[:20_000]):
        if w in _DE:
            score += 1
        elif w in _EN:
            score -= 1
    score += 2 * len(re.findall(r"[äöüß]", text[:20_000]))
    return score


def detect(new_text: str, subject: str, default: str) -> str:
    """ "de" or "en" for the reply."""
    score = _score(new_text)
    if abs(score) < 2:
        score = score * 2 + _score(subject)
    if score > 0:
        return "de"
    if score < 0:
        return "en"
    return default if default in ("de", "en") else "de"
