"""Words of a text as comparable keys: umlauts folded, spelling normalised, Snowball stems,
tokens (with the German word added for an English one).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import Stemmer

from mailbot.understand import lexicon as lx

MAX_SCAN = 20_000  # characters of one source that are looked at
MAX_WORD = 40  # longer "words" are not compared (junk, base64, a row of letters)
_TOKEN = re.compile(r"[A-Za-zÄÖÜäöüßéèàáóúñç0-9]+(?:-[A-Za-zÄÖÜäöüß]+)*")
_STEMMER = Stemmer.Stemmer("german")
_UMLAUT = str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss", "é": "e", "è": "e",
                         "à": "a", "á": "a", "ó": "o", "ú": "u", "ñ": "n", "ç": "c"})
_DIGRAPH = re.compile(r"ae|oe|ue")
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "é": "e", "è": "e"})


def fold(text: str) -> str:
    """Lower case, umlauts written out ("Mobilität" -> "mobilitaet")."""
    return text.lower().translate(_FOLD)


@lru_cache(maxsize=100_000)
def norm(word: str) -> str:
    """The spelling-neutral form of a word: "Mobilität", "Mobilitaet" -> "mobilitat"."""
    w = word.lower().replace("-", "")
    w = _DIGRAPH.sub(lambda m: m.group(0)[0], w)
    return w.translate(_UMLAUT)


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """Snowball German stem of a normalised word; English plural -s as well."""
    s: str = _STEMMER.stemWord(word)
    if len(s) > 4 and s.endswith("s") and not s.endswith("ss"):
        s = s[:-1]  # plural -s the German stemmer keeps ("Workshops", "Lounges")
    return s


def key(word: str) -> str:
    return stem(norm(word))


# --------------------------------------------------------------------------- tokens


@dataclass(frozen=True)
class Token:
    text: str  # as written
    norm: str
    key: str
    upper: bool  # written in capitals (an acronym candidate)


def tokenize(text: str, whole: bool = True) -> list[Token]:
    """The words of ``text`` (hyphenated compounds kept whole and also split), with the
    German word added for an English one ("mobility" -> "Mobilität")."""
    out: list[Token] = []
    for m in _TOKEN.finditer(text[:MAX_SCAN]):
        raw = m.group(0)
        parts = [raw] if "-" not in raw else [*([raw] if whole else []), *raw.split("-")]
        for part in parts:
            if not part or part.isdigit() or len(part) > MAX_WORD:
                continue  # no word of any language is that long
            n = norm(part)
            out.append(Token(part, n, stem(n), part.isupper() and 2 <= len(part) <= 5))
            for de in lx.EN_DE.get(fold(part), ()):
                dn = norm(de)
                out.append(Token(part, dn, stem(dn), False))
    return out


def meaningful(tok: Token) -> bool:
    return len(tok.norm) >= 3 and tok.norm not in lx.EVENT_STOPWORDS
