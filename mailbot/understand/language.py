"""German or English: the language to answer in, by the sender's own words.

Counts frequent function words of each language; the subject is a hint that only
decides when the text does not; otherwise the configured default.
"""

from __future__ import annotations

import re

from mailbot.understand import lexicon as lx

_WORD = re.compile(r"[a-zäöüß']+")
def _score(text: str) -> int:
    """Positive: German; negative: English."""
    score = 0
    for w in _WORD.findall(text.lower()[:20_000]):
        if w in lx.FUNCTION_WORDS_DE:
            score += 1
        elif w in lx.FUNCTION_WORDS_EN:
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
