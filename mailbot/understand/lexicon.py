"""The German and English words mailbot understands, as data: ordered tables of patterns.

Everything language-specific lives here so that adding a phrase never means touching
logic. Patterns are compiled once at import (plain ``re``: no backtracking traps, every
repetition is bounded or over a class that cannot overlap its neighbour).
"""

from __future__ import annotations

import re
from typing import Final

from mailbot.understand.request import Intent

_I = re.IGNORECASE
_IM = re.IGNORECASE | re.MULTILINE


def _c(pattern: str, flags: int = _I) -> re.Pattern[str]:
    return re.compile(pattern, flags)


# --------------------------------------------------------------------------- quotes

# A line that starts the quoted or forwarded part: everything from it on is not new text.
QUOTE_START: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    ("outlook-separator", _c(
        r"^\s*[-_=*]{2,}\s*(?:urspr[üu]ngliche\s+nachricht|original\s+message|"
        r"original-nachricht|weitergeleitete\s+nachricht|forwarded\s+message|"
        r"message\s+d'origine|mensaje\s+original|messaggio\s+originale|"
        r"weitergeleitete\s+mail|begin\s+forwarded\s+message)\s*[-_=*]{0,}\s*$")),
    ("forward-marker", _c(
        r"^\s*(?:anfang\s+der\s+weitergeleiteten\s+(?:nachricht|e-?mail)|"
        r"begin\s+forwarded\s+message|weitergeleitete\s+nachricht|"
        r"forwarded\s+message|-+\s*forwarded\s+by\b)\s*:?\s*-*\s*$")),
    ("am-schrieb", _c(
        r"^\s*(?:am|on|le|el|il|op|den)\s.{3,200}?\b(?:schrieb|wrote|a\s+[ée]crit|escribi[óo]|"
        r"ha\s+scritto|schreef|skrev)\b.{0,200}?:\s*$")),
    ("schrieb-am", _c(r"^.{1,120}?\bschrieb\s+am\s.{3,120}?:\s*$")),
    ("name-schrieb", _c(r"^.{0,120}?<[^<>\s]{1,100}@[^<>\s]{1,100}>\s*(?:schrieb|wrote)\s*:\s*$")),
    ("zitat-von", _c(r"^\s*(?:zitat\s+von|quoting)\s.{1,120}:\s*$")),
    ("zoho", _c(r"^\s*-{2,}\s*(?:on|am)\s.{3,200}?\b(?:wrote|schrieb)\s*-{2,}\s*$")),
    ("one-line-header", _c(
        r"^\s*\**(?:von|from)\s*:\**\s.{1,200}?\**(?:gesendet|sent|datum|date)\s*:\**\s")),
    ("gt", _c(r"^\s*>")),
)

# "Am Montag, 1. Februar 2027 um 10:00 schrieb" + next line "Max <max@x.de>:" (wrapped).
# Attribution lines wrapped over up to three lines: joined, they must look like one.
ATTRIBUTION_VERB: Final = _c(
    r"\b(?:schrieb|wrote|a\s+[ée]crit|ha\s+scritto|escribi[óo]|schreef|skrev|kirjoitti|"
    r"napisa[łl]|[íi]rta|escreveu)\b")
_VERBS = (r"(?:schrieb|wrote|a\s+[ée]crit|ha\s+scritto|escribi[óo]|schreef|skrev|kirjoitti|"
          r"napisa[łl]|[íi]rta|escreveu)")
WRAPPED_ATTRIBUTION: Final = _c(
    r"^\s*(?:(?:am|on|le|il|el|op|den|em)\s[^\n]{3,300}?|[^\n]{0,300}?\d[^\n]{0,300}?)\b"
    + _VERBS + r"\b[^\n]{0,200}?:\s*$")

# A header line of a quoted Outlook/Notes/Apple block ("Von: …", "*Gesendet:* …").
QUOTE_HEADER_LINE: Final = _c(
    r"^\s*\**(?:von|from|gesendet|sent|datum|date|an|to|cc|kopie|betreff|subject|"
    r"objet|de|envoy[ée](?:\s+le)?|[àa]|antwort\s+an|reply-to|wichtigkeit|importance)\s*:\**(?:\s|$)")
QUOTE_SUBJECT_LINE: Final = _c(r"^\s*\**(?:betreff|subject|objet)\s*:")
QUOTE_HEADER_FROM: Final = _c(r"^\s*\**(?:von|from|de)\s*:\**(?:\s|$)")
UNDERSCORE_LINE: Final = _c(r"^\s*(?:_{5,}|-{5,})\s*$")

# --------------------------------------------------------------------------- signatures

SIG_DASHES: Final = _c(r"^--\s?$|^—+\s*$|^-{2}\s*$")
# A closing formula. Only whole short lines count; the part before it may be kept.
CLOSING: Final = _c(
    r"(?:^|[,;.!]\s*|\b(?:und|and)\s+)("
    r"mit\s+(?:den\s+)?(?:besten\s+|freundlichen\s+|kollegialen\s+|herzlichen\s+|"
    r"sonnigen\s+|vielen\s+)*gr[üu](?:ß|ss)en|"
    r"(?:(?:viele|beste|freundliche|herzliche|liebe|sch[öo]ne|sonnige|kollegiale|"
    r"vielen|besten|freundlichen|herzlichen)\s+)?gr[üu](?:ß|ss)e?"
    r"(?:\s+(?:aus|nach|von|in|vom)\s+(?:dem\s+|der\s+)?\S+(?:\s+\S+)?)?|"
    r"mfg|lg|vg|"
    r"(?:best|kind|warm|warmest|many)\s+(?:regards|wishes)|regards|best|cheers|"
    r"sincerely|yours\s+sincerely|yours\s+faithfully|all\s+the\s+best|thanks\s+and\s+regards"
    r")\s*[,.!]?[^\w\n]{0,6}"
    r"(?:\s*(?-i:[A-ZÄÖÜ][\w.'’-]{1,30}(?:\s+(?:von\s+|van\s+|de\s+)?[A-ZÄÖÜ][\w.'’-]{1,30}){0,3}"
    r"))?\s*$")
CLOSING_MAX_LINE: Final = 70
MOBILE_FOOTER: Final = _c(
    r"^\s*(?:sent\s+from\s+my\s+[\w -]{1,40}$|von\s+meinem\s+\S+(?:\s+\S+)?\s+gesendet|"
    r"gesendet\s+(?:von|mit)\s+(?:meinem|der|dem)?\s*\S+|get\s+outlook\s+for\s+\S+|"
    r"sent\s+from\s+(?:outlook|mail|yahoo|samsung)\b.*|diese\s+nachricht\s+wurde\s+von\s+"
    r"meinem\s+\S+\s+gesendet)\b.*$")
DISCLAIMER: Final = _c(
    r"^\s*(?:diese\s+(?:e-?mail|nachricht)\s+(?:enth[äa]lt|kann|ist)|"
    r"this\s+(?:e-?mail|message)\s+(?:and\s+any\s+attachments?\s+)?(?:contains?|may|is\s+"
    r"intended|is\s+confidential)|"
    r"wenn\s+sie\s+nicht\s+der\s+richtige\s+adressat|"
    r"vertraulichkeitshinweis|disclaimer\b|haftungsausschluss|"
    r"bitte\s+denken\s+sie\s+an\s+die\s+umwelt|please\s+consider\s+the\s+environment|"
    r"informationen\s+zum\s+datenschutz|hinweis\s+zum\s+datenschutz|"
    r"confidentiality\s+notice)")

# Lines in a signature block that are not a name: phone, address, web, mail, legal.
CONTACT_LINE: Final = _c(
    r"(?:\b(?:tel|telefon|fon|phone|fax|mobil|mobile|handy|e-?mail|mail|web|www|internet|"
    r"http|https)\b\.?\s*:?|\+?\d[\d ()/.-]{5,}\d|@|\bstr(?:a(?:ß|ss)e|\.)\s*\d|"
    r"\b\d{5}\s+\S|\bpostfach\b|\bzimmer\b|\braum\b|\bgeb[äa]ude\b)")

# A text paragraph speaks in the first person; a signature paragraph does not.
FIRST_PERSON: Final = _c(
    r"\b(?:ich|wir|mich|uns|mir|meine[nmrs]?|i|we|me|my|us|our|bitte|please)\b")
# "i. A." / "Im Auftrag" / "i. V." before a name in a signature.
IA_PREFIX: Final = _c(
    r"^\s*(?:i\.\s?a\.|i\.\s?v\.|ppa\.|pp\.|gez\.|im\s+auftrag|in\s+vertretung)\s*,?\s*")

# --------------------------------------------------------------------------- subjects

# Reply and forward prefixes, in the languages German offices meet.
REPLY_PREFIX: Final = _c(
    r"^\s*(?:\[[^\]]{0,40}\]\s*)?(?:re|aw|antw|antwort|sv|vs|ref|r|rif|odp|ynt|"
    r"wg|fw|fwd|wtrlt|tr|rv|enc|doorst|vs)\s*(?:\[\d{1,3}\]|\(\d{1,3}\))?\s*:")
FORWARD_PREFIX: Final = _c(r"^\s*(?:wg|fw|fwd|wtrlt|tr|enc|doorst|rv)\s*:", _I)

# --------------------------------------------------------------------------- intents

# Addresses and links are replaced by a neutral word before intents are read: their dots
# would end a sentence ("melden Sie Herrn X (x@stadt.de) an"), their words are no intent.
ADDRESS_OR_URL: Final = _c(
    r"(?:mailto:)?[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}|"
    r"\b(?:https?://|www\.)[^\s<>()\[\]\"']{0,300}[^\s<>()\[\]\"'.,;:!?]")
PLACEHOLDER: Final = "xlinkx"

# Sentences are the unit for intents: a negation in one sentence does not touch another.
SENTENCE_SPLIT: Final = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n(?=\s*[-*•]\s)|\n(?=[A-ZÄÖÜ])")


def _separable(verbs: str, particles: str, words: int = 16) -> str:
    """A German separable verb in any word order: the finite verb, up to ``words`` words
    ("tragen Sie mich bitte für diesen Termin"), the particle closing the clause ("aus")."""
    return (r"\b(?:" + verbs + r")\b(?:[\s,]+[^\s.!?,]+){0," + str(words) + r"}?[\s,]+(?:"
            + particles + r")\b(?=\s*(?:[.!?,;:)]|$))")


# A finite verb of coming or managing, with "nicht" later in the clause
# ("am 2.3. schaffe ich es leider nicht", "komme ich doch nicht").
_ATTEND_VERBS = r"komme|kommen|schaffe|schaffen|packe|packen"

# Seats asked for: "einen Platz", "zwei Plätze", "3 Sitzplätze".
_PLACES = (r"(?:einen|ein|\d{1,2}|zwei|drei|vier|f[üu]nf|sechs|sieben|acht|neun|zehn)\s+"
           r"(?:weitere[n]?\s+|freie[n]?\s+)?(?:sitz|teilnehmer|teilnahme)?pl[äa]tze?\b")

# Ordered (intent, strength, pattern). Strength 2 = a clear statement of what the sender
# wants; 1 = a word that only hints at it ("Anmeldung" as a noun).
INTENT_PATTERNS: Final[tuple[tuple[Intent, int, re.Pattern[str]], ...]] = (
    # cancel --------------------------------------------------------------------------
    (Intent.CANCEL, 2, _c(r"\b(?:absag|abgesagt|abmeld|abgemeldet|storn|r[üu]ckzieh|zur[üu]ckzieh|"
                          r"zur[üu]ckgezogen|austrag|ausgetragen)")),
    (Intent.CANCEL, 2, _c(r"\bsage\b[^.!?\n]{0,60}\bab\b|"
                          + _separable(r"sage[nt]?|melde[nt]?|meldet", "ab") + "|"
                          + _separable(r"trag|trage[nt]?|tragt", "aus"))),
    (Intent.CANCEL, 2, _c(r"\b(?:" + _ATTEND_VERBS + r")\s+(?:ich|wir)\b"
                          r"(?:\s+[^\s.!?]+){0,6}?\s+(?:leider\s+)?(?:doch\s+)?nicht\b"
                          r"(?!\s+nur\b)")),
    (Intent.CANCEL, 2, _c(r"\b(?:streichen|l[öo]schen|entfernen|herausnehmen|rausnehmen)\b"
                          r"[^.!?\n]{0,40}(?:\bsie\b|\bmich\b|\buns\b|anmeldung|teilnahme|liste)"
                          r"|\b(?:mich|uns|meine\s+anmeldung|meine\s+teilnahme)\b[^.!?\n]{0,40}"
                          r"\b(?:streichen|l[öo]schen|entfernen|herausnehmen|rausnehmen)\b")),
    (Intent.CANCEL, 2, _c(r"\b(?:nicht|doch\s+nicht|nicht\s+mehr|keine?\s+zeit|leider\s+nicht)\b"
                          r"[^.!?\n]{0,50}\b(?:teilnehmen|teilnahme|kommen|dabei\s+sein|"
                          r"erscheinen|wahrnehmen|da\s+sein|anwesend|mitmachen|schaffen)\b")),
    (Intent.CANCEL, 2, _c(r"\b(?:kann|k[öo]nnen|werde|werden|muss|m[üu]ssen)\b(?:\s+\w+){0,3}\s+"
                          r"(?:leider\s+)?(?:doch\s+)?nicht\s*(?:mehr\s*)?(?:[.!,;]|$)")),
    (Intent.CANCEL, 2, _c(r"\bnicht\s+mehr\s+(?:zu[mr]?|an|am|bei|f[üu]r)\b|\bnicht\b[^.!?\n]{0,20}"
                          r"\bdabei\b|\bnot\s+(?:be\s+)?(?:attending|coming|joining)\b")),
    (Intent.CANCEL, 2, _c(r"\b(?:komme|kommen|nehme|nehmen)\b[^.!?\n]{0,40}\bnicht\b"
                          r"(?!\s+nur\b)")),
    (Intent.CANCEL, 2, _c(r"\b(?:bin|sind)\b[^.!?\n]{0,30}\bverhindert\b|\bverhindert\b")),
    (Intent.CANCEL, 2, _c(r"\b(?:cancel|cancell?ation|cancell?ed|unregister|deregister|withdraw|"
                          r"withdrawn)\b|\b(?:drop|dropping|pull|pulling|back|backing)\s+out\b")),
    (Intent.CANCEL, 2, _c(r"\bzieh\w*\b[^.!?\n]{0,120}\bzur[üu]ck\b")),
    (Intent.CANCEL, 2, _c(r"\b(?:can\s*not|can't|cannot|won't|will\s+not|unable\s+to|"
                          r"not\s+be\s+able\s+"
                          r"to|no\s+longer|not\s+going\s+to|couldn't|could\s+not)\b[^.!?\n]{0,40}"
                          r"\b(?:attend|come|make\s+it|join|participate|be\s+there)\b")),
    (Intent.CANCEL, 2, _c(r"\b(?:remove|take)\s+(?:me|us|my\s+name|him|her)\b[^.!?\n]{0,30}"
                          r"\b(?:from|off)\b|\bfree\s+up\s+my\s+(?:seat|place|spot)\b")),
    # status --------------------------------------------------------------------------
    (Intent.STATUS, 2, _c(r"\b(?:bin|sind|ist|stehe|stehen|steht)\s+(?:ich|wir|er|sie|meine\s+"
                          r"kolleg\w*|mein\s+kolleg\w*)\b[^.!?\n]{0,120}?\b(?:angemeldet|"
                          r"registriert|eingetragen|gebucht|vorgemerkt|(?:teilnehmer|warte)liste|"
                          r"dabei)\b[^.!\n]{0,80}\?")),
    (Intent.STATUS, 2, _c(r"\b(?:ob|dass)\s+(?:ich|wir|(?:meine|unsere)\s+anmeldung(?:en)?)\b"
                          r"[^.!?\n]{0,100}?\b(?:angemeldet|registriert|eingetragen|gebucht|"
                          r"eingegangen|angekommen|best[äa]tigt|(?:teilnehmer|warte)liste|"
                          r"geklappt|funktioniert|nachr[üu]cke\w*)\b")),
    (Intent.STATUS, 2, _c(r"\bnachr[üu]ck\w*|\br[üu]cke[n]?\s+(?:ich|wir)\b[^.!?\n]{0,40}\bnach\b|"
                          r"\b(?:haben|hätten|haetten)\s+sie\s+(?:meine|unsere)\s+(?:anmeldung|mail|"
                          r"e-mail|nachricht)\b[^.!\n]{0,40}(?:erhalten|bekommen)")),
    (Intent.STATUS, 2, _c(r"\b(?:ist|sind|wurden?|hat|haben)\s+(?:meine|unsere|die)\s+"
                          r"anmeldung(?:en)?\b[^.!?\n]{0,60}"
                          r"(?:eingegangen|angekommen|bestätigt|best[äa]tigt|erfolgreich|geklappt|"
                          r"funktioniert|registriert|erfasst|durchgegangen)[^.!\n]{0,40}\?")),
    (Intent.STATUS, 2, _c(r"\b(?:stand|status)\s+(?:meiner|unserer|der)\s+anmeldung(?:en)?\b|"
                          r"\bwelchen?\s+platz\b[^.!?\n]{0,40}warteliste|"
                          r"\bwarteliste\b[^.!\n]{0,60}\bplatz\b[^.!\n]{0,30}\?|"
                          r"\b(?:noch\s+)?keine\s+(?:anmelde)?best[äa]tigung\s+(?:erhalten|bekommen)")),
    (Intent.STATUS, 2, _c(r"\b(?:am\s+i|are\s+we|is\s+(?:my|our)\s+(?:registration|booking|seat))\b"
                          r"[^.!?\n]{0,40}\b(?:registered|signed\s+up|booked|on\s+the\s+(?:list|"
                          r"waiting\s+list|waitlist)|confirmed|received)\b|"
                          r"\bregistration\s+status\b|\bstatus\s+of\s+(?:my|our)\s+registration\b|"
                          r"\b(?:haven't|have\s+not|did\s+not|didn't)\s+(?:yet\s+)?(?:received|got|"
                          r"get)\s+(?:a|any|the)?\s*confirmation\b|"
                          r"\b(?:whether|if)\s+(?:i\s+am|i'm|we\s+are|we're|my\s+registration|our\s+"
                          r"registration)\b[^.!?\n]{0,100}?\b(?:registered|booked|confirmed|"
                          r"went\s+through|received|on\s+the\s+(?:list|waiting\s+list))\b|"
                          r"\b(?:did|have)\s+you\s+(?:\w+\s+)?(?:receive|received|get|got)\s+(?:my|our)\s+"
                          r"(?:registration|sign-?up|booking|e-?mail|reply)\b|"
                          r"\b(?:haven't|have\s+not|hasn't|did\s+not|didn't)\s+(?:yet\s+)?(?:had|received|"
                          r"got|get|gotten)\s+(?:a|any|the)?\s*(?:confirmation|reply)\b|"
                          r"\bmove\s+up\b[^.!?\n]{0,40}\b(?:waiting\s+list|waitlist)\b")),
    # register ------------------------------------------------------------------------
    (Intent.REGISTER, 2, _c(r"\bmelde[nt]?\b[^.!?\n]{0,120}\ban\b"
                            r"(?!\s+(?:die|den|der|das|dem)\b)")),
    (Intent.REGISTER, 2, _c(r"\b(?:anmelden|anmelde|registrieren|eintragen|vormerken|"
                            r"reservieren|buchen)\b")),
    (Intent.REGISTER, 2, _c(r"\b(?:nehme|nehmen|nimmt)\b[^.!?\n]{0,120}\bteil\b|\bteilnehmen\b|"
                            r"\bteilnahme\b[^.!?\n]{0,40}\b(?:zu|best[äa]tig|anmeld|an)\w*|"
                            r"\b(?:best[äa]tig|zusag)\w*\b[^.!?\n]{0,40}\bteilnahme\b|"
                            r"\bzusage\b|\bsage\b[^.!?\n]{0,40}\bzu\b")),
    # "tragen Sie zusätzlich meine Kolleginnen … ein": only with a person to enter
    (Intent.REGISTER, 2, _c(_separable(r"(?:trag|trage[nt]?|tragt|nehmen|setzen)\s+sie\s+"
                                       r"(?:\w+\s+){0,3}?(?:mich|uns|ihn|meine[nmr]?|"
                                       r"unsere[nmr]?|herrn?|frau|kolleg\w*|dr)",
                                       "ein|auf"))),
    # inverted order: "gerne komme ich mit …", "am 4.3. kommen wir zu dritt"
    (Intent.REGISTER, 2, _c(r"\bgerne?\s+(?:\w+\s+){0,2}?(?:komme|kommen|bin|sind)\s+"
                            r"(?:ich|wir)\b|"
                            r"\b(?:komme|kommen)\s+(?:ich|wir)\b(?:\s+(?!nicht\b)[^\s.!?]+){0,6}?\s+"
                            r"(?:gerne?|dabei|mit|vorbei|zu[mr]|zu\s+(?:zweit|dritt|viert))\b")),
    (Intent.REGISTER, 2, _c(r"\b(?:ich|wir)\s+(?:\w+\s+){0,2}?(?:komme|kommen|bin|sind)\b"
                            r"[^.!?\n]{0,40}"
                            r"\b(?:gerne?|dabei|mit|vorbei|zu\s+(?:zweit|dritt|viert|f[üu]nft))\b|"
                            r"\b(?:komme|kommen)\s+(?:gerne?|sehr\s+gerne?)\b|"
                            r"\b(?:bin|sind)\s+(?:gerne?\s+|sehr\s+gerne?\s+)?dabei\b|\bgerne\s+dabei\b"
                            r"|\b(?:ich|wir)\s+(?:komme|kommen)\s*[.!]|\bdabei\s+sein\b")),
    (Intent.REGISTER, 2, _c(r"\b(?:w[äa]re|w[äa]ren|sei|bin|sind)\b[^.!?\n]{0,60}\bdabei\b|"
                            r"\b(?:setzen|nehmen|tragen)\s+sie\s+(?:\w+\s+){0,3}?(?:mich|uns|ihn|sie|"
                            r"herrn?|frau)\b[^.!?\n]{0,60}(?:\bliste\b|liste\b|\bein\b|\bauf\b)")),
    (Intent.REGISTER, 2, _c(r"\b(?:register|registration|sign\s+(?:me|us|him|her)\s+up|sign\s+up|"
                            r"count\s+(?:me|us)\s+in|book\s+(?:me|us|a\s+(?:seat|place))|"
                            r"reserve\s+(?:me\s+)?a\s+(?:seat|place|spot)|rsvp)\b")),
    (Intent.REGISTER, 2, _c(r"\b(?:i|we|he|she)(?:'ll|'d|\s+will|\s+would|\s+shall)?\s+"
                            r"(?:\w+\s+){0,3}?"
                            r"(?:attend|join|participate|come|be\s+there)\b|"
                            r"\b(?:like|love|happy|glad|want)\s+to\s+(?:attend|join|participate|come)\b|"
                            r"\b(?:i|we)\s+(?:accept|confirm)\b")),
    # a wish for a place: "für beide Abende hätte ich gern einen Platz", "ich möchte zwei
    # Plätze", "planen Sie bitte zwei Plätze ein", "sichern Sie uns drei Plätze"
    (Intent.REGISTER, 2, _c(r"\b(?:h[äa]tte|h[äa]tten|m[öo]chte|m[öo]chten|w[üu]rde|w[üu]rden|"
                            r"brauche|brauchen|br[äa]uchte|br[äa]uchten|ben[öo]tige|ben[öo]tigen|w[üu]nsche|"
                            r"w[üu]nschen)\b[^.!?\n]{0,80}?\b" + _PLACES + r"(?!\s+(?:frei|"
                            r"abgeben|freigeben|weitergeben|[üu]bertragen|[üu]berlassen)\b)|"
                            r"\b(?:sichern|reservieren|buchen|planen|halten|merken)\s+sie\s+"
                            r"(?:\w+\s+){0,4}?" + _PLACES)),
    # joining an online event: "wir würden uns gern zu dritt einwählen" (not "konnte mich
    # nicht einwählen": a wish or a plan, with no "nicht" before the verb)
    (Intent.REGISTER, 2, _c(r"\b(?:m[öo]chte|m[öo]chten|w[üu]rde|w[üu]rden|werde|werden|will|"
                            r"wollen|gerne?)\b(?:(?!\bnicht\b|\bkein)[^.!?\n]){0,100}?"
                            r"\beinw[äa]hlen\b|\bw[äa]hlen?\s+(?:ich|wir)\s+(?:uns|mich)\b"
                            r"(?:(?!\bnicht\b)[^.!?\n]){0,60}\bein\b(?=\s*(?:[.!,;]|$))")),
    # "please book four places for us", "save us two seats", "we'd like to dial in",
    # "we'll be a group of four coming to …"
    (Intent.REGISTER, 2, _c(r"\b(?:book|reserve|save|hold|keep)\s+(?:me\s+|us\s+|him\s+|her\s+)?"
                            r"(?:a|one|an?\s+extra|\d{1,2}|two|three|four|five|six|seven|eight|nine|"
                            r"ten)\s+(?:more\s+|extra\s+)?(?:seats?|places?|spots?|tickets?)\b|"
                            r"\b(?:like|love|want|plan|planning|going)\s+to\s+(?:dial\s+in|join\s+"
                            r"(?:online|remotely|virtually))\b|\b(?:i|we)(?:'ll|'d|\s+will|\s+would)"
                            r"\s+(?:\w+\s+){0,2}?(?:dial\s+in|join\s+(?:online|remotely))\b|"
                            r"\b(?:i|we)(?:'ll|'re|'m|\s+will|\s+are|\s+am|\s+shall)?\s+"
                            r"(?:(?!(?:they|he|she|you|who|others|many)\b)\w+\s+){0,6}?"
                            r"(?:coming|attending|joining)\b"
                            r"(?!\s+(?:another|other|a\s+different|an\s+external)\b)")),
    (Intent.REGISTER, 1, _c(r"\b(?:anmeldung|angemeldet|teilnehmer|teilnahme|registrierung|"
                            r"participation|attendance)\b")),
    (Intent.REGISTER, 1, _c(r"^\s*(?:ja|yes|gerne|gern|sehr\s+gerne|klar|okay|ok)\s*[,.!]?\s*"
                            r"(?:gerne|gern|bitte|please)?\s*[.!]?\s*$")),
    # thanks ---------------------------------------------------------------------------
    (Intent.THANKS, 1, _c(r"\b(?:danke|dank|bedanke|thank|thanks|thx|merci)\b")),
)

# Whether to register is still open ("That would decide whether I register", "ob ich mich
# anmelde, hängt davon ab"): the clause is no registration ("ob ich mich noch anmelden
# kann" asks for a place and is left alone). (A condition on the event -
# "falls es noch Plätze gibt, würde ich mich anmelden" - still is one.)
UNDECIDED: Final = _c(
    r"\b(?:ob|whether)\s+(?:ich|wir|i|we)\b(?![^.!?\n,;]{0,40}\b(?:noch|still)\b)"
    r"[^.!?\n,;]{0,60}?\b(?:anmelde|anmelden|registriere|"
    r"registrieren|teilnehme|teilnehmen|komme|kommen|buche|buchen|register|attend|come|join|"
    r"participate|sign\s+up|book)\b[^.!?\n,;]{0,30}|"
    r"\bwhether\s+(?:or\s+not\s+)?to\s+(?:register|attend|come|join|participate|sign\s+up|book)"
    r"\b[^.!?\n,;]{0,30}|"
    r"\bif\s+(?:i|we)\s+(?:should|shall)\s+(?:register|attend|come|join|sign\s+up)\b[^.!?\n,;]{0,30}")

# Questions that are really a request to be registered ("Kann ich mich noch anmelden?").
REGISTER_QUESTION: Final = _c(
    r"\b(?:kann|k[öo]nnte|darf|d[üu]rfte)\s+(?:ich|wir)\s+(?:mich|uns)\s+(?:\w+\s+){0,6}?"
    r"(?:anmelden|registrieren|eintragen)\b|"
    r"\b(?:k[öo]nnen|k[öo]nnten|w[üu]rden|w[äa]ren)\s+sie\s+(?:\w+\s+){0,6}?"
    r"(?:anmelden|registrieren|eintragen|vormerken|reservieren)\b|"
    r"\b(?:could|can|would|will)\s+you\s+(?:please\s+)?(?:register|sign\s+up|book|add|reserve|"
    r"save|hold)\b|"
    r"\b(?:can|could|may)\s+(?:i|we)\s+(?:still\s+)?(?:register|sign\s+up)\b|"
    r"\bob\s+(?:ich|wir)\s+(?:mich|uns)\s+(?:\w+\s+){0,4}?(?:anmelden|registrieren|eintragen)\s+"
    r"(?:kann|k[öo]nnen|darf|d[üu]rfen)\b|"
    r"\b(?:whether|if)\s+(?:i|we)\s+(?:can|could|may)\s+(?:still\s+)?(?:register|sign\s+up)\b|"
    r"\bist\s+(?:eine\s+)?anmeldung\s+(?:noch\s+)?m[öo]glich")
# A cancel that is history, not a wish ("beim letzten Mal musste ich absagen").
PAST_CANCEL: Final = _c(
    r"\b(?:musste|mussten|konnte|konnten)\b[^.!?\n]{0,60}\b(?:absagen|abmelden|stornieren)\b|"
    r"\b(?:hatte|hatten|habe|haben)\b[^.!?\n]{0,60}\b(?:abgesagt|abgemeldet|storniert)\b|"
    r"\b(?:letzte[ns]?|vorige[ns]?|beim\s+letzten)\s+mal\b|\bdamals\b|\blast\s+(?:time|year)\b|"
    r"\bvoriges\s+jahr\b|\bletztes\s+jahr\b")
# Keeping what is booked is no new registration ("Mobilität bleibt", "I will still attend").
# ("if there are still places" is no keeping: "still" only with coming or being booked.)
KEEP: Final = _c(
    r"\b(?:bleibt|bleiben|bleibe|weiterhin|nach\s+wie\s+vor|remain|remains|keep)\b|"
    r"\bstill\s+(?:\w+\s+)?(?:attend|attending|come|coming|join|joining|participate|be\s+there|"
    r"be\s+(?:attending|coming|joining)|registered|booked|signed\s+up|on\s+the\s+list|want|"
    r"planning|plan)\b|\b(?:i|we)(?:'ll|\s+will|'m|\s+am|'re|\s+are)\s+still\b")
# The sender is not coming, while registering others ("ich selbst bin verhindert", "ich
# selbst bin nur für die Organisation zuständig", "I will not attend myself").
SELF_EXCLUDED: Final = _c(
    r"\bich\s+selbst\b[^.!?\n]{0,60}\b(?:nicht|verhindert|kann\s+leider)\b|"
    r"\bich\s+(?:selbst\s+|pers[öo]nlich\s+)?(?:bin|k[üu]mmere\s+mich)\s+(?:\w+\s+){0,2}?(?:nur|lediglich|ausschlie(?:ß|ss)lich)\s+"
    r"(?:f[üu]r\s+die\s+|um\s+die\s+)?(?:organisation|organisatorische|koordination|anmeldung|"
    r"zust[äa]ndig)|"
    r"\b(?:komme\s+ich|ich\s+komme)\s+(?:selbst\s+|pers[öo]nlich\s+)?(?:aber\s+)?nicht\s+mit\b|"
    r"\b(?:ich|wir)\b[^.!?\n]{0,40}\bnicht\s+(?:mit\s+)?begleite|"
    r"\b(?:i'm|i\s+am)\s+(?:\w+\s+){0,2}?(?:only|just|merely)\s+(?:organi[sz]ing|coordinating|"
    r"handling|responsible|in\s+charge)\b|"
    r"\b(?:not|n't)\s+(?:be\s+)?(?:attend|attending|come|coming|join|joining|there)\s+"
    r"(?:\w+\s+){0,3}?myself\b|\b(?:won't|will\s+not|not)\s+(?:be\s+)?(?:accompany|"
    r"accompanying|joining)\s+(?:them|him|her)\b|"
    r"\b(?:statt|anstelle|anstatt)\s+(?:mir|meiner)\b|\ban\s+meiner\s+stelle\b|"
    r"\bohne\s+mich\b|\binstead\s+of\s+me\b|\bi\s+myself\b[^.!?\n]{0,40}\b(?:not|unable|can't|"
    r"cannot|won't)\b|\bnot\s+(?:attending|coming)\s+myself\b")
# Sentences that are only friendly noise around a thank-you.
PLEASANTRY: Final = _c(
    r"^\s*(?:(?:ich\s+)?freue?\s+mich|wir\s+freuen\s+uns|bis\s+(?:dann|bald|zum|morgen)|"
    r"(?:i\s+am|i'm|we\s+are|we're)?\s*looking\s+forward|see\s+you|sch[öo]nen?\s+(?:tag|abend|"
    r"wochenende)|alles\s+klar|super|prima|perfekt|toll|great|wonderful|ok|okay|have\s+a\s+"
    r"(?:nice|good|great))\b")
# Questions that are really a request to be taken off the list.
CANCEL_QUESTION: Final = _c(
    r"\b(?:k[öo]nnen|k[öo]nnten|w[üu]rden|w[äa]ren)\s+sie\s+(?:\w+\s+){0,6}?"
    r"(?:abmelden|stornieren|streichen|l[öo]schen|austragen|absagen)\b|"
    r"\b(?:could|can|would|will)\s+you\s+(?:please\s+)?(?:cancel|remove|unregister)\b")
# "Falls ich nicht kommen kann, sage ich ab": a cancel only if it happens.
CONDITIONAL: Final = _c(
    r"\b(?:falls|sofern|sollte[n]?\s+(?:ich|wir|es)|wenn\s+(?:ich|wir|es)|if\s+(?:i|we|it)|"
    r"in\s+case|gegebenenfalls|ggf|im\s+fall(?:e)?)\b")
# A sentence that asks something without a question mark.
INDIRECT_QUESTION: Final = _c(
    r"\b(?:ich\s+(?:w[üu]rde|m[öo]chte|wollte)\s+(?:\w+\s+){0,2}?(?:gerne?\s+)?(?:wissen|fragen|"
    r"nachfragen|erfragen)|ich\s+frage\s+mich|meine\s+frage|frage\s*:|"
    r"(?:i\s+would|i'd)\s+like\s+to\s+know|i\s+wonder(?:ed)?|i\s+was\s+wondering|"
    r"could\s+you\s+(?:please\s+)?(?:tell|let)\s+me)\b")
# A line that only thanks, closing a mail before the name ("Many thanks,\nRachel").
THANKS_LINE: Final = _c(
    r"^\s*(?:(?:vielen|herzlichen|besten|recht\s+herzlichen|many|thank\s+you|thanks)\s+)?"
    r"(?:dank|danke|thanks|thank\s+you)(?:\s+(?:sch[öo]n|ihnen|you|again|in\s+advance|"
    r"im\s+voraus))?\s*[,.!]?\s*$")
# Questions that are only polite noise ("Wie geht es Ihnen?").
SMALL_TALK_QUESTION: Final = _c(r"\bwie\s+geht\s+es\b|\bhow\s+are\s+you\b")
# Thanks that are the whole point ("Vielen Dank für die Bestätigung").
THANKS_FOR: Final = _c(
    r"\b(?:danke|dank|thanks?|thank\s+you)\b[^.!?\n]{0,40}\b(?:best[äa]tigung|info|"
    r"information|r[üu]ckmeldung|nachricht|mail|antwort|confirmation|reply|message|"
    r"einladung|invitation)")

# Subject lines that by themselves state an intent (only for mail that is not a reply).
SUBJECT_PATTERNS: Final[tuple[tuple[Intent, re.Pattern[str]], ...]] = (
    (Intent.CANCEL, _c(r"\b(?:absage|abmeldung|stornierung|storno|cancel\w*|withdraw\w*)\b")),
    (Intent.STATUS, _c(r"\b(?:status|anmeldestatus)\b|\bbin\s+ich\s+angemeldet")),
    (Intent.REGISTER, _c(r"\b(?:anmeldung|anmelden|registrierung|zusage|teilnahme|"
                         r"registration|register|rsvp|sign[\s-]?up)\b")),
)

# --------------------------------------------------------------------------- sessions

# English words for the German words event titles are made of (events are configured in
# German; English writers name them in English). Folded German, as in events.fold().
EN_DE: Final[dict[str, tuple[str, ...]]] = {
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
    r"\b(?:im|in|during|for)\s+(januar|jan|january|februar|feb|february|m[äa]rz|maerz|march|"
    r"april|apr|mai|may|juni|june|juli|july|august|aug|september|sept?|oktober|october|okt|oct|"
    r"november|nov|dezember|december|dez|dec)\b")

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
    ("total", 0, _c(r"\b" + _NUM + r"\s+(?:personen|teilnehmende|teilnehmer(?:innen)?|leute|"
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
    r"ing\.?|mba|ll\.?m\.?|b\.?\s?a\.?|m\.?\s?a\.?|m\.?\s?sc\.?|b\.?\s?sc\.?|"
    r"ober)?(?:b[üu]rgermeister(?:in)?|landr[äa]t(?:in)?|stadtr[äa]t(?:in)?|beigeordnete[rn]?|"
    r"dezernent(?:in)?|amtsleiter(?:in)?|kreisdirektor(?:in)?|ob|ministerialrat|"
    r"mr\.?|mrs\.?|ms\.?|miss|sir|mayor|councillor|councilor)?$", _I)
TITLE_WORD: Final = _c(
    r"(?:herrn?|frau|fr\.|hr\.|dr\.|dr|prof\.|prof|professor(?:in)?|dipl\.-\w+\.?|"
    r"(?:ober)?b[üu]rgermeister(?:in)?|landr[äa]t(?:in)?|stadtr[äa]t(?:in)?|beigeordnete[rn]?|"
    r"dezernent(?:in)?|amtsleiter(?:in)?|kreisdirektor(?:in)?|mr\.|mrs\.|ms\.|mr|mrs|ms|"
    r"mayor|councillor|councilor)")
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
    r"e\.\s?v\.|ag|kg|ug|se|eg|a[öo]r|landesamt|beh[öo]rde|senatsverwaltung|"
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
    r"fachbereichsleiter(?:in)?|dezernent(?:in)?|beigeordnete[nr]?|mayor|stadtr[äa]t(?:in)?))"
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
# Capitalised words that end a name ("Herrn Weber Ende Februar" -> "Weber").
NOT_NAME_WORDS: Final = frozenset("""
und oder ich wir sie er es zum zur am im an in für bei mit von aus auf bitte danke vielen
teilnahme anmeldung veranstaltung workshop workshops termin termine treffen event die der das
den dem ein eine hiermit gerne leider als ab ob wenn falls auch noch ende anfang mitte januar
februar märz april mai juni juli august september oktober november dezember montag dienstag
mittwoch donnerstag freitag samstag sonntag stadt gemeinde kreis landkreis amt rathaus and
the i we he she for of to at on with from please thanks regards mr mrs ms dr prof herr herrn frau
""".split())
# The sender takes part too: stated outright ...
SELF_EXPLICIT: Final = _c(
    r"\b(?:und|sowie)\s+ich\b|\bich\s+(?:und|sowie|selbst)\b|\bmich\s+(?:und|sowie|selbst)\b|"
    r"\b(?:und|sowie)\s+mich\b|\bmelde\s+mich\b|\bmich\b[^.!?\n]{0,60}\ban\b|"
    r"\bich\s+(?:\w+\s+){0,3}?(?:mit|zusammen\s+mit|gemeinsam\s+mit)\s+(?:meine|unsere|herrn?|frau)|"
    r"\bzusammen\s+mit\b|\bgemeinsam\s+mit\b|\b(?:ich|wir)\s+(?:\w+\s+){0,6}?begleite[n]?\b|"
    r"\bvon\s+mir\s+begleitet\b|\bwerde\s+(?:\w+\s+){0,5}?begleiten\b|\bbegleite\s+ich\b|"
    r"\b(?:and|&)\s+(?:i|me|myself)\b|\b(?:i|me|myself)\s+and\b|\bmyself\b|\bregister\s+me\b|"
    r"\btogether\s+with\b|\baccompan\w*|\bi\s+(?:\w+\s+){0,3}?with\s+my\b|"
    r"\bmit\s+(?:meiner|meinem|unserer|unserem)\s+(?:\w+\s+)?(?:kolleg|mitarbeiter|chef|stellvertret)")
# ... or only implied (then "Ich melde Herrn Weber an" still means: Weber only).
SELF_WEAK: Final = _c(
    r"\bwir\b|\buns\b|\bwe\b|\bus\b|"
    r"\bich\s+(?:\w+\s+){0,3}?(?:komme|nehme|bin\s+dabei|teilnehmen|dabei\s+sein)\b|"
    r"\bi(?:'ll|\s+will|\s+would|'d)?\s+(?:\w+\s+){0,2}?(?:attend|come|join|participate)\b")
ON_BEHALF: Final = _c(
    r"\bim\s+(?:auftrag|namen)\s+(?:von|des|der|meine[rs]?|unsere[rs]?)\b|\bon\s+behalf\s+of\b|"
    r"\bin\s+vertretung\b|\bi\.\s?a\.\s|\bmelde\b[^.!?\n]{0,30}\b(?:herrn?|frau|meinen|meine|unseren|"
    r"unsere)\b|\b(?:nimmt|wird)\b[^.!?\n]{0,60}\bteil(?:nehmen)?\b|\bwill\s+(?:attend|come|join)\b|"
    r"\bregister\s+(?:mr|mrs|ms|dr|my|our)\b|\banmelden\s+(?:herrn?|frau)\b|"
    r"\b(?:herrn?|frau)\b[^.!?\n]{0,50}\banmelden\b")
