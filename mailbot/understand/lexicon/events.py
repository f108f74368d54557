"""The words for events and sessions: stop words, compound heads, acronyms, English
words for German titles, "alle Workshops", ordinals, and where a sender works.
"""

from __future__ import annotations

from typing import Final

from mailbot.understand.lexicon.base import c as _c
from mailbot.understand.lexicon.dates import (
    MONTHS_DE,
    MONTHS_EN,
    MONTHS_IN_SESSIONS,
    WEEKDAYS_DE,
    WEEKDAYS_EN,
    alternation,
)

# --------------------------------------------------------------------------- sessions

# English words for the German words event titles are made of (events are configured in
# German; English writers name them in English). Folded German, as in events.fold().
EN_DE: Final[dict[str, tuple[str, ...]]] = {
    "health": ("gesundheit",), "healthcare": ("gesundheit",), "housing": ("wohnumfeld",),
    "culture": ("kultur",), "community": ("zusammenleben",), "living": ("wohnumfeld",),
    "funding": ("foerdermittel", "foerderung"), "grant": ("foerderung",),
    "grants": ("foerderung",), "subsidies": ("foerdermittel",),
    "mobility": ("mobilitaet",), "transport": ("mobilitaet",), "administration": ("verwaltung",),
    "government": ("verwaltung",), "economy": ("wirtschaft",), "business": ("wirtschaft",),
    "commerce": ("handel",), "trade": ("handel",), "retail": ("handel",),
    "energy": ("energie",), "climate": ("klima",), "education": ("bildung",),
    "digital": ("digitale",), "exchange": ("austausch",), "intermunicipal": ("interkommunal",),
    "inter-municipal": ("interkommunal",), "municipal": ("interkommunal",),
    "series": ("workshopreihe",), "meeting": ("treffen",), "town": ("rathaus",),
    "city": ("city",), "region": ("region",), "online": ("online",),
    "video": ("videokonferenz",), "videoconference": ("videokonferenz",),
}
# "alle Workshops im März": the sessions of one month.
IN_MONTH: Final = _c(
    r"\b(?:im|in|during|for)\s+(" + alternation(MONTHS_IN_SESSIONS) + r")\b")

ALL_SESSIONS: Final = _c(
    r"\b(?:alle[nr]?|s[äa]mtliche[nr]?)\s+(?:\w+\s+){0,2}?(?:workshops?|termine[n]?|veranstaltungen|"
    r"module[n]?|sitzungen|sessions|teile[n]?|treffen|einheiten)\b|"
    r"\b(?:die|der|zur|zu\s+der|an\s+der|f[üu]r\s+die)\s+(?:gesamte[n]?|ganze[n]?|komplette[n]?|"
    r"vollst[äa]ndige[n]?)\s+(?:workshop)?reihe\b|\bgesamte[n]?\s+reihe\b|\bganze[n]?\s+reihe\b|"
    r"\ball\s+(?:\w+\s+){0,2}?(?:workshops|sessions|dates|meetings|parts|modules)\b|"
    r"\b(?:the\s+)?(?:whole|entire|complete|full)\s+(?:workshop\s+)?series\b")
# Words for counting sessions ("die ersten beiden Termine", "the first two sessions").
ORDINAL_FIRST: Final = _c(
    r"\b(?:die|den|zu\s+den|the)?\s*(?:ersten|first)\s+(?:(\w+)\s+)?(?:workshops?|termine?n?|"
    r"veranstaltungen|sitzungen|sessions?|module?n?|treffen|dates?)\b")
ORDINAL_LAST: Final = _c(
    r"\b(?:die|den|zu\s+den|the)?\s*(?:letzten|last)\s+(?:(\w+)\s+)?(?:workshops?|termine?n?|"
    r"veranstaltungen|sitzungen|sessions?|module?n?|treffen|dates?)\b")
ORDINAL_NTH: Final = _c(
    r"\b(?:den|dem|zum|am|the)\s+(zweiten|dritten|vierten|f[üu]nften|second|third|fourth|fifth)\s+"
    r"(?:workshops?|termine?n?|veranstaltung|sitzung|session|modul|treffen|date)\b")
NTH: Final[dict[str, int]] = {
    "zweiten": 2, "dritten": 3, "vierten": 4, "fünften": 5, "funften": 5,
    "second": 2, "third": 3, "fourth": 4, "fifth": 5,
}
EXCEPT: Final = _c(r"\b(?:au(?:ß|ss)er|ohne|except|but\s+not|bis\s+auf)\b")

# --------------------------------------------------------------------------- event words

_PLAIN = str.maketrans({"ä": "a", "ö": "o", "ü": "u"})

# Words that never name an event, whatever the titles say: function words, greetings,
# the words of every mail, the names of months and weekdays. Umlauts folded away ("marz").
EVENT_STOPWORDS: Final = frozenset("""
der die das den dem des ein eine einer eines einem einen und oder fur zum zur zu im in
am an auf aus bei mit von vom nach uber unter the a an of for to at on in and or with
from by is are was sie ich wir uns mich mir dich ihr ihre ihren ihnen nicht auch noch bitte
herr herrn frau gerne hiermit sehr geehrte geehrter geehrtes damen herren hallo liebe lieber
liebes dear hello grusse grussen gruss mein meine meinen meiner unser unsere dass dass wie was
wer wo wann kann konnen werde werden wird bin ist sind hat habe haben this that these will
would please dank danke vielen thank thanks uhr saal raum strasse str nr anmeldung anmelden
teilnahme teilnehmen melde veranstaltung event einladung invitation termin platz platze
den dort hier ihrem ihres ihrer unserem unseres ab bis als beim stadt gemeinde kreis mfg
""".split()) | {w.translate(_PLAIN) for w in (*MONTHS_DE, *MONTHS_EN, *WEEKDAYS_DE, *WEEKDAYS_EN)}

# Generic nouns that may follow a vocabulary word in a compound ("Mobilitätsworkshop").
COMPOUND_TAILS: Final = frozenset("""
workshop workshops termin termine treffen veranstaltung runde abend tag event session
sitzung modul reihe lounge forum austausch gesprach dialog konferenz tagung thema
""".split())

# Abbreviations people use for the words events are named with ("der AK", "IC").
ACRONYMS: Final[dict[str, tuple[str, ...]]] = {
    "AK": ("Arbeitskreis",), "AG": ("Arbeitsgruppe", "Arbeitsgemeinschaft"),
    "IC": ("Innovators Club",), "WIFO": ("Wirtschaftsförderung",),
    "WIFÖ": ("Wirtschaftsförderung",), "DSTGB": ("Städte- und Gemeindebund",),
    "OEPNV": ("ÖPNV",), "ÖPNV": ("ÖPNV",),
}

# Where the sender works, in the text or a signature the splitter missed: "Stabsstelle
# Smart City", "Amt für Wirtschaftsförderung", "Leiterin des Projektbüros Digitalisierung".
# These words say nothing about the event meant and are not scored.
ORG_PHRASE: Final = _c(
    r"\b(?:stabsstelle|amt\s+f[üu]r|[äa]mter\s+f[üu]r|fachbereich|fachdienst|fachgebiet|referat|"
    r"abteilung|dezernat|sachgebiet|gesch[äa]ftsstelle|gesch[äa]ftsbereich|projektb[üu]ro|"
    r"stabsstelle|(?:leiter|leiterin|leitung|referent|referentin|beauftragter?|koordinator|"
    r"koordinatorin|manager|managerin|sachbearbeiter|sachbearbeiterin|mitarbeiter|"
    r"mitarbeiterin)\s+(?:des|der|f[üu]r|im|in\s+der)|head\s+of|department\s+(?:of|for)|"
    r"office\s+(?:of|for)|ausschuss(?:es)?\s+f[üu]r|committee\s+(?:on|for))\b[^\n,.;:()!?]{0,60}")

# Common words of event titles that say little about which event is meant, whatever the
# spread across this programme's titles ("ein Thema für die Wirtschaftsförderung?",
# "Strategie", "Kommune"). Their weight is scaled by GENERIC_FACTOR. Normalised spelling.
GENERIC_WORDS: Final = frozenset("""
thema themen frage fragen strategie strategien kommune kommunen kommunal kommunale stadt
stadte gemeinde gemeinden smart smarter city cities digital digitale digitalisierung zukunft
innovation innovativ projekt projekte praxis erfahrung erfahrungen netzwerk region regional
veranstaltung veranstaltungen online virtuell virtuelle neue neu ein eine einer erste ersten
zweite leben mensch menschen burger burgerinnen gesprach diskussion impuls impulse ideen
club gast thema topic topics strategy community municipal municipality
""".split())
GENERIC_FACTOR: Final = 0.3

# Words that call the bot itself by name ("Liebes Smart-City-Team", "Büro Smart City").
BOT_TEAM_WORDS = (r"(?:team|b[üu]ro|buero|office|mailbox|postfach|orga|organisation|"
                  r"organisationsteam)")
