"""Dates, months, weekdays and clock times as people write them (German and English).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from mailbot.understand.lexicon.base import c as _c

# The months, each once: German and English names, other spellings, abbreviations. Every
# list of month words in the lexicon (the date patterns, "im März", the words that are no
# name and no event word, the dots that end no sentence) is derived from these.
MONTH_NAMES: Final[dict[int, tuple[str, str]]] = {  # (German, English)
    1: ("januar", "january"), 2: ("februar", "february"), 3: ("märz", "march"),
    4: ("april", "april"), 5: ("mai", "may"), 6: ("juni", "june"), 7: ("juli", "july"),
    8: ("august", "august"), 9: ("september", "september"), 10: ("oktober", "october"),
    11: ("november", "november"), 12: ("dezember", "december"),
}
MONTH_SPELLINGS: Final[dict[str, int]] = {"jänner": 1, "maerz": 3, "marz": 3}
MONTH_ABBREVIATIONS_DE: Final[dict[str, int]] = {
    "jan": 1, "feb": 2, "mär": 3, "mrz": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "okt": 10, "nov": 11, "dez": 12,
}
MONTH_ABBREVIATIONS_EN: Final[dict[str, int]] = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}
MONTHS_DE: Final = frozenset(de for de, _en in MONTH_NAMES.values())
MONTHS_EN: Final = frozenset(en for _de, en in MONTH_NAMES.values())
# Every word for a month, with its number.
MONTHS: Final[dict[str, int]] = {
    **{word: n for n, names in MONTH_NAMES.items() for word in names}, **MONTH_SPELLINGS,
    **MONTH_ABBREVIATIONS_DE, **MONTH_ABBREVIATIONS_EN,
}
# A number's dot before a month ("4. März", "1. Feb") ends no sentence: the first three
# letters of each name.
MONTH_PREFIXES: Final = tuple(dict.fromkeys(w[:3] for names in MONTH_NAMES.values()
                                            for w in names))
# "Dr.", "Feb.": the German abbreviations whose dot ends no sentence (not "Mrz.").
MONTH_ABBREVIATIONS_DOTTED: Final = tuple(w for w in MONTH_ABBREVIATIONS_DE if w != "mrz")
# The month words read in "alle Workshops im März" (not "Jänner", nor the short forms
# "Mär", "Mrz", "Mar", "Jun", "Jul").
MONTHS_IN_SESSIONS: Final = tuple(
    w for w in MONTHS if w not in ("jänner", "mär", "mrz", "mar", "jun", "jul"))


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first (so a prefix never wins)."""
    return "|".join(sorted(words, key=len, reverse=True))


_MONTH_RE = alternation(MONTHS)
DATE_NUMERIC: Final = re.compile(
    r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.?(?:\s?(\d{4}|\d{2})(?!\d))?(?![\d])")
DATE_ISO: Final = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
DATE_DAY_MONTH: Final = _c(
    r"(?<!\d)(\d{1,2})(?:\.|st|nd|rd|th)?\s*(?:of\s+)?(" + _MONTH_RE
    + r")\b\.?(?:\s*,?\s*(\d{4}))?")
DATE_MONTH_DAY: Final = _c(
    r"\b(" + _MONTH_RE + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:\s*,?\s*(\d{4}))?")
# The weekdays, each once: German and English names, and the German short forms.
WEEKDAY_NAMES: Final[dict[int, tuple[str, str]]] = {  # (German, English)
    0: ("montag", "monday"), 1: ("dienstag", "tuesday"), 2: ("mittwoch", "wednesday"),
    3: ("donnerstag", "thursday"), 4: ("freitag", "friday"), 5: ("samstag", "saturday"),
    6: ("sonntag", "sunday"),
}
WEEKDAY_ABBREVIATIONS_DE: Final[dict[str, int]] = {"mo": 0, "di": 1, "mi": 2, "do": 3, "fr": 4}
WEEKDAYS_DE: Final = frozenset(de for de, _en in WEEKDAY_NAMES.values())
WEEKDAYS_EN: Final = frozenset(en for _de, en in WEEKDAY_NAMES.values())
WEEKDAYS: Final[dict[str, int]] = {
    **{de: n for n, (de, _en) in WEEKDAY_NAMES.items()},
    **{en: n for n, (_de, en) in WEEKDAY_NAMES.items()}, **WEEKDAY_ABBREVIATIONS_DE,
}
WEEKDAY: Final = _c(r"\b(" + "|".join([*(de for de, _en in WEEKDAY_NAMES.values()),
                                       *(en for _de, en in WEEKDAY_NAMES.values())])
                    + r")s?\b")
# A month alone ("die Lounge im April", "the forum in June").
IN_MONTH_ONLY: Final = _c(
    r"\b(?:im|in|ab|during|for|anfang|mitte|ende|early|mid|late)\s+(" + _MONTH_RE + r")\b"
    r"(?!\s*\d)")
# A clock time ("um 16 Uhr", "16:00", "18.30 Uhr", "4 pm" is not handled).
CLOCK: Final = _c(r"\b([01]?\d|2[0-3])(?::([0-5]\d)(?:\s*uhr)?|\.([0-5]\d)\s*uhr|\s*uhr)\b")
