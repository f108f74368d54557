"""The words for people: numbers and seats, titles and salutations, roles and
organisations, colleagues, relatives, lists of names, and the sender taking part.
"""

from __future__ import annotations

import re
from typing import Final

from mailbot.understand.lexicon.base import IM as _IM
from mailbot.understand.lexicon.base import I as _I
from mailbot.understand.lexicon.base import c as _c
from mailbot.understand.lexicon.dates import MONTHS_DE, WEEKDAYS_DE

# --------------------------------------------------------------------------- numbers

NUMBER_WORDS: Final[dict[str, int]] = {
    "ein": 1, "eine": 1, "einer": 1, "einem": 1, "einen": 1, "one": 1,
    "zwei": 2, "beide": 2, "beiden": 2, "two": 2, "both": 2,
    "drei": 3, "three": 3, "vier": 4, "four": 4, "fünf": 5, "funf": 5, "five": 5,
    "sechs": 6, "six": 6, "sieben": 7, "seven": 7, "acht": 8, "eight": 8,
    "neun": 9, "nine": 9, "zehn": 10, "ten": 10,
    "zweit": 2, "dritt": 3, "viert": 4, "fünft": 5, "sechst": 6,
}
_NUM = r"(\d{1,2}|ein|eine|einer|einem|zwei|drei|vier|f[üu]nf|sechs|sieben|acht|neun|zehn|" \
       r"one|two|three|four|five|six|seven|eight|nine|ten)"
# Ordered (pattern, extra): the number found, plus ``extra`` (the sender, for "mit 2 Kollegen").
# kind: "total" (the number is all seats), "plus-sender" ("mit 2 Kollegen": and me),
# "others" ("meine zwei Kolleginnen": and me if I come), "fixed" (no number: the value given).
SEAT_PATTERNS: Final[tuple[tuple[str, int, re.Pattern[str]], ...]] = (
    ("total", 0, _c(r"\bzu\s+(zweit|dritt|viert|f[üu]nft|sechst)\b")),
    ("total", 0, _c(r"\b(?:mit|zu|f[üu]r|for|of)\s+" + _NUM + r"\s+(?:personen|teilnehmenden|"
                    r"teilnehmer(?:innen)?|leuten|pl[äa]tze[n]?|persons|people|seats|places|"
                    r"attendees|participants)\b")),
    ("total", 0, _c(r"\b" + _NUM + r"\s+(?:angemeldete[n]?\s+|registered\s+)?"
                    r"(?:personen|teilnehmende|teilnehmer(?:innen)?|leute|"
                    r"pl[äa]tze|persons|people|seats|places|attendees|participants|tickets)\b")),
    ("total", 0, _c(r"\b(?:there\s+will\s+be|we\s+are|we'll\s+be|we\s+will\s+be)\s+" + _NUM +
                    r"\b(?!\s*(?:[.:]\s*\d|minutes|min|hours))")),
    ("total", 0, _c(r"\b" + _NUM + r"\s+of\s+us\b|\b(?:party|group|team)\s+of\s+" + _NUM +
                    r"\b|\b(?:gruppe|team)\s+von\s+" + _NUM + r"\b(?!\s*(?:[.:]\s*\d|uhr))")),
    ("total", 0, _c(r"\bwir\s+(?:sind|werden|kommen\s+mit|kommen\s+zu)\s+" + _NUM +
                    r"\b(?!\s*(?:[.:]\s*\d|minuten|min|stunden|uhr))")),
    ("plus-sender", 0, _c(r"\b(?:mit|with|plus|und|and|sowie|samt|nebst)\s+" + _NUM +
                          r"\s+(?:weiteren?\s+|further\s+|other\s+|additional\s+)?"
                          r"(?:kolleg(?:en|innen)|kolleg\*innen|kolleg:innen|mitarbeiter(?:innen)?|"
                          r"mitarbeitenden|colleagues|coworkers|co-workers|begleitpersonen|"
                          r"begleitungen|guests|g[äa]sten)\b")),
    ("plus-sender", 0, _c(r"\b(?:mit|with|plus|und|and|sowie)\s+" + _NUM +
                          r"\s+(?:weiteren|further|other|additional|more)\s+(?:personen|people|"
                          r"persons|teilnehmer(?:innen|n)?|teilnehmenden|participants)\b")),
    ("others", 0, _c(r"\b(?:meine|unsere|my|our)\s+" + _NUM + r"\s+(?:kolleg(?:en|innen)|"
                     r"kolleg\*innen|mitarbeiter(?:innen)?|mitarbeitenden|colleagues)\b")),
    ("fixed", 2, _c(r"\b(?:mit|with|plus|und|and)\s+(?:einer?|einem|one|a)\s+(?:weiteren?\s+)?"
                    r"(?:begleitung|begleitperson|guest|gast|plus[\s-]one)\b|\bmit\s+begleitung\b|"
                    r"(?<![\w+])\+\s?1\b(?!\s*\d)")),
)

# --------------------------------------------------------------------------- people

# Words in front of a name that are not part of it.
TITLES: Final = _c(
    r"^(?:herrn?|frau|fr\.|hr\.|dr\.?|prof\.?|professor(?:in)?|dipl\.?-?\s?\w+\.?|mag\.?|"
    r"dr\.?-(?:ing|med|phil|rer|jur|oec)\.?|med\.?|phil\.?|ir\.?|rer\.?|nat\.?|jur\.?|"
    r"ing\.?|mba|ll\.?m\.?|b\.?\s?a\.?|m\.?\s?a\.?|m\.?\s?sc\.?|b\.?\s?sc\.?|"
    r"ober)?(?:b[üu]rgermeister(?:in)?|landr[äa]t(?:in)?|stadtr[äa]t(?:in)?|beigeordnete[rn]?|"
    r"dezernent(?:in)?|amtsleiter(?:in)?|kreisdirektor(?:in)?|ob|ministerialrat|erste[rn]?|"
    r"stellvertretende[rn]?|"
    r"mr\.?|mrs\.?|ms\.?|miss|sir|mayor|councillor|councilor)?$", _I)
TITLE_WORD: Final = _c(
    r"(?:herrn?|frau|fr\.|hr\.|dr\.|dr|prof\.|prof|professor(?:in)?|dipl\.-\w+\.?|"
    r"(?:ober)?b[üu]rgermeister(?:in)?|landr[äa]t(?:in)?|stadtr[äa]t(?:in)?|beigeordnete[rn]?|"
    r"dezernent(?:in)?|amtsleiter(?:in)?|kreisdirektor(?:in)?|mr\.|mrs\.|ms\.|mr|mrs|ms|"
    r"mayor|councillor|councilor|erste[rn]?(?=\s+(?:ober)?b[üu]rgermeister|\s+stadtr[äa]t|"
    r"\s+beigeordnete)|stellvertretende[rn]?)")
NAME_PARTICLES: Final = frozenset({"von", "van", "de", "der", "den", "zu", "vom", "di", "da",
                                   "del", "le", "la", "ten", "ter", "auf"})
# Display names that are a role or an office, not a person.
ROLE_NAME: Final = _c(
    r"\b(?:info|infos|kontakt|contact|office|b[üu]ro|sekretariat|poststelle|postfach|rathaus|"
    r"stadt|gemeinde|kreis|landkreis|amt|verwaltung|stadtverwaltung|kreisverwaltung|team|"
    r"service|bürgerbüro|buergerbuero|vorzimmer|zentrale|mailbox|noreply|no-reply|admin|"
    r"webmaster|support|presse|redaktion|empfang|geschäftsstelle|geschaeftsstelle|"
    r"gmbh|e\.\s?v\.|ag|mbh|ministerium|universit[äa]t|hochschule|digital\w*|smart\s*city|"
    r"abteilung|fachbereich|fachdienst|referat|dezernat|stabsstelle|bezirksamt|"
    r"landratsamt|kommune|council|city\s+of|department|municipality)\b", _I)
# Lines that name an organisation (signature, display name).
ORG_LINE: Final = _c(
    r"\b(?:stadt|gemeinde|kreis|landkreis|kreisstadt|hansestadt|landeshauptstadt|amt|"
    r"stadtverwaltung|kreisverwaltung|gemeindeverwaltung|bezirksamt|landratsamt|"
    r"samtgemeinde|verbandsgemeinde|marktgemeinde|markt|zweckverband|kommunalverband|"
    r"stadtwerke|ministerium|universit[äa]t|hochschule|fachhochschule|institut|gmbh|mbh|"
    r"e\.\s?v\.|e\.\s?v\b|\w*verein|\w*verband|ag|kg|ug|se|eg|a[öo]r|landesamt|beh[öo]rde|"
    r"senatsverwaltung|"
    r"region|regionalverband|landschaftsverband|city\s+of|county|council|municipality|"
    r"university|ltd|inc|llc)\b", _I)
# Free mail providers: their domain says nothing about an organisation.
FREEMAIL: Final = frozenset({
    "gmail.com", "googlemail.com", "web.de", "gmx.de", "gmx.net", "gmx.at", "gmx.ch", "gmx.com",
    "t-online.de", "outlook.com", "outlook.de", "hotmail.com", "hotmail.de", "live.com", "live.de",
    "msn.com", "yahoo.com", "yahoo.de", "ymail.com", "icloud.com", "me.com", "mac.com",
    "aol.com", "aol.de", "freenet.de", "posteo.de", "posteo.net", "mailbox.org", "arcor.de",
    "online.de", "email.de", "proton.me", "protonmail.com", "protonmail.ch", "kabelmail.de",
    "vodafonemail.de", "1und1.de", "ionos.de", "gmx.org", "web.com", "mail.de", "example.com",
    "example.org", "example.net",
})

# Other attendees named in the text, each pattern giving the name in group "name".
_NAME = (r"(?P<name>(?:(?i:" + TITLE_WORD.pattern + r")\.?\s+){0,3}"
         r"[A-ZÄÖÜ][\w'’-]{1,30}(?:\s+(?:von|van|de|der|zu|vom)?\s*[A-ZÄÖÜ][\w'’-]{1,30}){0,3})")
COLLEAGUE: Final = re.compile(
    r"(?i:\b(?:mein(?:e[nmr]?)?|unser(?:e[nmr]?)?|my|our|the|die|den)\s+(?:\w+\s+)?"
    r"(?:kolleg(?:e|en|in|innen)|kolleg\*innen|kolleg:innen|mitarbeiter(?:in|innen)?|"
    r"mitarbeitenden|colleagues|chef(?:in)?|vorgesetzte[nr]?|stellvertret(?:er|erin)|"
    r"vertreter(?:in)?|colleague|deputy|boss|manager|assistant|assistentin|assistenten|"
    r"b[üu]rgermeister(?:in)?|oberb[üu]rgermeister(?:in)?|landr[äa]t(?:in)?|amtsleiter(?:in)?|"
    r"fachbereichsleiter(?:in)?|dezernent(?:in)?|beigeordnete[nr]?|mayor|stadtr[äa]t(?:in)?|"
    r"auszubildende[nr]?|azubi|praktikant(?:in)?|referendar(?:in)?|trainee|intern|werkstudent(?:in)?|"
    r"referent(?:in)?|sachbearbeiter(?:in)?|projektleiter(?:in)?|advisor|adviser))"
    r",?\s+" + _NAME)
# More names after the first of a plural ("meine Kolleginnen Petra Lindner und Sabine
# Oster", "my colleagues A, B and C"): each follows a comma, "und", "and" or "sowie".
NAME_LIST_NEXT: Final = re.compile(
    r"(?:[ \t]*,[ \t]*(?:(?i:und|and|sowie)\s+)?|\s+(?i:und|and|sowie|&)\s+)" + _NAME)
TITLED_NAME: Final = re.compile(
    r"(?i:\b(?:herrn?|frau|mr\.?|mrs\.?|ms\.?|dr\.|prof\.|(?:ober)?b[üu]rgermeister(?:in)?|"
    r"landr[äa]t(?:in)?|mayor|councillor|councilor))\s+" + _NAME)
# A line of a list of attendees: "- Anna Schmidt", "1. Anna Schmidt (Stadt X)", "Name: …".
LIST_NAME_LINE: Final = re.compile(
    r"^[ \t]*(?:[-*•–][ \t]|\d{1,2}[.)][ \t]|"
    r"(?i:name|teilnehmer(?:in)?|teilnehmende[r]?|participant|"
    r"attendee|person)[ \t]*\d{0,2}[ \t]*:[ \t]*)[ \t]*" + _NAME.replace(r"\s", r"[ \t]")
    + r"[ \t]*(?:[,(<;/|–-].{0,150})?$", re.MULTILINE)
EMAIL: Final = re.compile(r"(?:mailto:)?([\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8})")
# Greetings name the reader, not an attendee: "Sehr geehrte Frau Schulz," is dropped.
SALUTATION: Final = _c(
    r"^\s*(?:sehr\s+geehrte[rs]?|liebe[rs]?|hallo|guten\s+(?:tag|morgen|abend)|moin|servus|"
    r"dear|hi|hello|good\s+(?:morning|afternoon))\b[^\n]{0,120}?(?:,|!|$)", _IM)
# The greeting at the start of a sentence ("Hallo Frau Schulz, ich komme gerne.").
SALUTATION_HEAD: Final = _c(
    r"^\s*(?:sehr\s+geehrte[rs]?|liebe[rs]?|hallo|guten\s+(?:tag|morgen|abend)|moin|servus|"
    r"dear|hi|hello|good\s+(?:morning|afternoon))\b[^,!\n]{0,80}(?:[,!]\s*|$)")
# Capitalised words that end a name ("Herrn Weber Ende Februar" -> "Weber"), German
# months and weekdays among them.
NOT_NAME_WORDS: Final = frozenset("""
und oder ich wir sie er es zum zur am im an in für bei mit von aus auf bitte danke vielen
teilnahme anmeldung veranstaltung workshop workshops termin termine treffen event die der das
den dem ein eine hiermit gerne leider als ab ob wenn falls auch noch ende anfang mitte
stadt gemeinde kreis landkreis amt rathaus and
the i we he she for of to at on with from please thanks regards mr mrs ms dr prof herr herrn frau
""".split()) | MONTHS_DE | WEEKDAYS_DE
# The sender takes part too: stated outright ...
SELF_EXPLICIT: Final = _c(
    r"\b(?:und|sowie)\s+ich\b|\bich\s+(?:und|sowie|selbst)\b|\bmich\s+(?:und|sowie|selbst)\b|"
    r"\b(?:und|sowie)\s+mich\b|\bmelde\s+mich\b|\bbegleite[nt]?\s+mich\b|"
    r"\baccompan(?:y|ies)\s+me\b|"
    r"\bmich\b[^.!?\n]{0,80}\b(?:(?:vor|nach)?anmelden|registrieren|eintragen|vormerken)\b|"
    r"\b(?:i|we)(?:'d|'ll|\s+would|\s+will)?\s+(?:\w+\s+){0,3}?(?:register|sign\s+up)\b"
    r"(?!\s+(?:my|our|his|her|mr|mrs|ms|dr|the|them|him)\b)|\bjoin(?:s|ing)?\s+me\b|"
    r"\bmich\b(?:\s+(?!an\b)[^\s.!?,;]+){0,8}\s+an\b(?=[ \t]*(?:[.!?,;(\n]|$))|"
    r"\bich\s+(?:\w+\s+){0,3}?(?:mit|zusammen\s+mit|gemeinsam\s+mit)\s+(?:meine|unsere|herrn?|frau)|"
    r"\bzusammen\s+mit\b|\bgemeinsam\s+mit\b|\b(?:ich|wir)\s+(?:\w+\s+){0,6}?begleite[n]?\b|"
    r"\bvon\s+mir\s+begleitet\b|\bwerde\s+(?:\w+\s+){0,5}?begleiten\b|\bbegleite\s+ich\b|"
    r"\b(?:and|&)\s+(?:i|me|myself)\b|\b(?:i|me|myself)\s+and\b|\bmyself\b|\bregister\s+me\b|"
    r"\btogether\s+with\b|\baccompan\w*|\bi\s+(?:\w+\s+){0,3}?with\s+my\b|"
    r"\bmit\s+(?:meiner|meinem|unserer|unserem)\s+(?:\w+\s+)?(?:kolleg|mitarbeiter|chef|stellvertret)|"
    # "sowie von mir", "kommt mit mir", "will come with me", "gerne würde ich … teilnehmen"
    r"\b(?:und|sowie)\s+(?:von\s+)?mir\b|\bmit\s+mir\b|\bwith\s+me\b|"
    r"\b(?:w[üu]rde|m[öo]chte|werde)\s+ich\b[^.!?\n]{0,60}\bteilnehmen\b|"
    r"\bich\s+(?:w[üu]rde|m[öo]chte|werde)\b[^.!?\n]{0,60}\bteilnehmen\b|"
    r"\b(?:ich\s+nehme|nehme\s+ich)\b[^.!?\n]{0,60}\bteil\b")
# A late addition to what is booked: the sender is registered already ("Könnten Sie meine
# Kollegin noch mit aufnehmen?", "ich möchte Herrn X nachmelden").
ADDITION: Final = _c(
    r"\bnoch\s+(?:mit\s+)?(?:aufnehmen|nachmelden|dazunehmen|hinzuf[üu]gen|eintragen|"
    r"erg[äa]nzen|dazu\s+anmelden)\b|\bnachmelden\b|\bnachzumelden\b|"
    r"\bzus[äa]tzlich\s+zu\s+(?:mir|meiner\s+(?:eigenen\s+)?anmeldung)\b|"
    r"\badd\b[^.!?\n]{0,40}\bto\s+(?:my|our)\s+(?:registration|booking)\b")
# Where a sentence turns to another person: "Frau Roth kann nicht, dafür kommt Herr Maier".
TURN: Final = _c(
    r",\s*(?=(?:daf[üu]r|stattdessen|statt\s+(?:ihrer|seiner)|an\s+(?:ihrer|seiner)\s+stelle|"
    r"aber|jedoch|sondern|but|instead)\b)|;\s+|\s+[–—]\s+")
# A number said with a doubt is no number of seats: "ggf. mit einem Kollegen".
HEDGE: Final = _c(
    r"\b(?:ggf|gegebenenfalls|eventuell|evtl|vielleicht|m[öo]glicherweise|unter\s+umst[äa]nden|"
    r"maybe|possibly|perhaps)\b\.?[\s,]*$")
# The head of a table of people ("Name    Funktion"): the names follow.
TABLE_HEAD: Final = _c(
    r"^(?:(?:name|vorname|nachname|funktion|position|amt|e-?mail|organisation|institution|"
    r"kommune|titel|anrede|abteilung|dienststelle|role|title|organi[sz]ation)\b"
    r"\s*(?:/\s*\w+\s*)?(?:\t|\s{2,}|\s*[|;,]\s*|$)){1,6}$")
# ... or only implied (then "Ich melde Herrn Weber an" still means: Weber only).
SELF_WEAK: Final = _c(
    r"\bwir\b|\buns\b|\bwe\b|\bus\b|"
    r"\bich\s+(?:\w+\s+){0,3}?(?:komme|nehme|bin\s+dabei|teilnehmen|dabei\s+sein)\b|"
    r"\bi(?:'ll|\s+will|\s+would|'d)?\s+(?:\w+\s+){0,2}?(?:attend|come|join|participate)\b")
ON_BEHALF: Final = _c(
    r"\bf[üu]r\s+(?:herrn?|frau)\b[^.!?\n]{0,80}\b(?:zusage|anmeldung|anmelden|melde)\w*\b|"
    r"\bim\s+(?:auftrag|namen)\s+(?:von|des|der|meine[rs]?|unsere[rs]?)\b|\bon\s+behalf\s+of\b|"
    r"\bin\s+vertretung\b|\bi\.\s?a\.\s|\bmelde\b[^.!?\n]{0,30}\b(?:herrn?|frau|meinen|meine|unseren|"
    r"unsere)\b|\b(?:nimmt|wird)\b[^.!?\n]{0,60}\bteil(?:nehmen)?\b|\bwill\s+(?:attend|come|join)\b|"
    r"\bregister\s+(?:mr|mrs|ms|dr|my|our)\b|\banmelden\s+(?:herrn?|frau)\b|"
    r"\b(?:herrn?|frau)\b[^.!?\n]{0,50}\banmelden\b")

# Forms of address kept with a name (issue 7): the salutation as written, normalised ...
SALUTATION_WORDS: Final[dict[str, str]] = {
    "frau": "Frau", "fr.": "Frau", "herr": "Herr", "herrn": "Herr", "hr.": "Herr",
    "mr": "Mr", "mr.": "Mr", "mrs": "Mrs", "mrs.": "Mrs", "ms": "Ms", "ms.": "Ms", "miss": "Miss",
}
# ... which says whom "Sehr geehrte Frau" / "Sehr geehrter Herr" greets,
SALUTATION_GENDER: Final[dict[str, str]] = {
    "Frau": "f", "Mrs": "f", "Ms": "f", "Miss": "f", "Herr": "m", "Mr": "m"}
# ... the academic titles used in a greeting ("Frau Prof. Dr. Schmidt"),
ACADEMIC_TITLE: Final = _c(r"^(?:prof\.?|professor(?:in)?|dr\.?)$")
# ... and words that give the salutation when none is written: a function or a relation
# in its feminine form ("Bürgermeisterin Roth", "meine Kollegin Anna Schmidt", "(Kämmerin)")
# or an unambiguously masculine singular one ("mein Kollege Tom Sauer", "Landrat Weber").
FEMININE_WORD: Final = _c(
    r"^(?:\w{0,30}(?:kolleg|mitarbeiter|meister|leiter|dezernent|referent|vertreter|"
    r"assistent|sachbearbeiter|direktor|pr[äa]sident|chef|k[äa]mmer|r[äa]t|"
    r"gesch[äa]ftsf[üu]hrer|manager|koordinator|partner|lebensgef[äa]hrt)"
    r"in(?:nen)?|(?:ehe)?frau|gattin|freundin|tochter|wife|daughter)$")
MASCULINE_WORD: Final = _c(
    r"^(?:kollege|chef|\w{0,20}landrat|\w{0,20}stadtrat|k[äa]mmerer|beigeordneter|"
    r"(?:ober)?b[üu]rgermeister|(?:ehe)?mann|gatte|lebensgef[äa]hrte|freund|sohn|husband|"
    r"son)$")
# A spouse, partner or child who comes along ("meine Frau und ich", "mein Mann Peter",
# "unsere zwei Kinder"): one more seat each, named only when a name follows.
RELATIVE: Final = re.compile(
    r"(?i:\b(?:(?:mein(?:e[nmrs]?)?|my)\s+(?P<spouse>ehefrau|frau|ehemann|mann|gattin|gatten?|"
    r"lebenspartner(?:in)?|partner(?:in)?|lebensgef[äa]hrt(?:e|en|in)|wife|husband|spouse|partner)"
    r"|(?:mein(?:e[nmrs]?)?|unser(?:e[nmrs]?)?|my|our)\s+(?:(?P<count>\d{1,2}|zwei|drei|vier|"
    r"f[üu]nf|beiden|two|three|four|five|both)\s+)?(?P<child>tochter|t[öo]chtern?|sohn|"
    r"s[öo]hnen?|kind|kindern?|daughters?|sons?|child|children|kids?))\b)"
    r"(?:,?[ \t]+(?P<name>(?:(?i:" + TITLE_WORD.pattern + r")\.?[ \t]+){0,3}"
    r"[A-ZÄÖÜ][\w'’-]{1,30}(?:[ \t]+[A-ZÄÖÜ][\w'’-]{1,30})?))?")
# The people of a list, one after another on one line: "1. Klaus Weber, 2. Anna Schmidt".
NUMBERED_NAME: Final = re.compile(
    r"(?:^|(?<=[\s,;:]))\d{1,2}[.)][ \t]+" + _NAME.replace(r"\s", r"[ \t]")
    + r"(?P<tail>[ \t]*\([^()\n]{1,80}\))?", re.MULTILINE)
# A function or office after a name in a list ("(Kämmerin)", ", Bürgermeister").
NAME_TAIL: Final = re.compile(
    r"^(?:[ \t]*(?:\(|,|[-–][ \t])|\t|[ ]{2,})[ \t]*(?P<word>[\w-]{2,40})")
# One organisation for all the people of a list: "(alle Kreis Pinneberg)".
ALL_FROM: Final = _c(
    r"\(\s*(?:alle|beide|jeweils|all|both)\s+(?:(?:vom|von\s+der|aus\s+(?:dem|der)|from(?:\s+the)?)"
    r"\s+)?(?P<org>[^()\n]{2,80}?)\s*\)")
# What follows a name in a display name and is not part of it: "| Stadt X", "(Kämmerin)",
# " - Bürgermeister", ", Stadt X".
NAME_SUFFIX: Final = re.compile(
    r"\s*(?:[|(\[/]|\s[-–—]\s|,\s*(?=(?:stadt|gemeinde|kreis|landkreis|amt)\b))"
    r".*$", re.IGNORECASE)
# A signature line that names a municipality (preferred over other organisations).
MUNICIPAL_LINE: Final = re.compile(
    r"^(?:stadt|gemeinde|kreis|landkreis|kreisstadt|hansestadt|landeshauptstadt|universit[äa]tsstadt|"
    r"samtgemeinde|verbandsgemeinde|marktgemeinde|markt|stadtverwaltung|kreisverwaltung|"
    r"gemeindeverwaltung|bezirksamt|landratsamt|city\s+of|county\s+of)\b", re.IGNORECASE)
