"""The phrases that state an intent (register, cancel, status, thanks), in German and
English, in the subject or the text, and the key words whose typos are corrected.
"""

from __future__ import annotations

import re
from typing import Final

from mailbot.understand.lexicon.base import c as _c
from mailbot.understand.lexicon.dates import MONTH_ABBREVIATIONS_DOTTED, MONTH_PREFIXES
from mailbot.understand.request import Intent

# --------------------------------------------------------------------------- subjects

# Reply and forward prefixes, in the languages German offices meet.
REPLY_PREFIX: Final = _c(
    r"^\s*(?:\[[^\]]{0,40}\]\s*)?(?:re|aw|antw|antwort|sv|vs|ref|r|rif|odp|ynt|"
    r"wg|fw|fwd|wtrlt|tr|rv|enc|doorst|vs)\s*(?:\[\d{1,3}\]|\(\d{1,3}\))?\s*:")

# --------------------------------------------------------------------------- intents

# Addresses and links are replaced by a neutral word before intents are read: their dots
# would end a sentence ("melden Sie Herrn X (x@stadt.de) an"), their words are no intent.
ADDRESS_OR_URL: Final = _c(
    r"(?:mailto:)?[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}|"
    r"\b(?:https?://|www\.)[^\s<>()\[\]\"']{0,300}[^\s<>()\[\]\"'.,;:!?]")
PLACEHOLDER: Final = "xlinkx"

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

# Dots that end no sentence: after an abbreviation ("Dr.", "z. B.", "Feb.") ...
ABBREVIATION: Final = re.compile(
    r"\b(dr|prof|hr|fr|nr|bzw|ca|str|st|dipl|ing|inkl|ggf|evtl|usw|vgl|mr|mrs|ms|z\.\s?b|"
    r"u\.\s?a|d\.\s?h|o\.\s?ä|e\.\s?v|i\.\s?a|i\.\s?v|" + "|".join(MONTH_ABBREVIATIONS_DOTTED)
    + r"|tel|abt)\.", re.IGNORECASE)
# ... and after a number inside a sentence: "4.3. an", "4. März", "1.5".
DIGIT_DOT_INSIDE: Final = re.compile(
    r"(\d)\.(?=\d|[ \t]*(?:[a-zäöüß,;:)]|(?i:" + "|".join(MONTH_PREFIXES) + r")))")

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
    (Intent.CANCEL, 2, _c(r"\b(?:remove|delete|take|strike|cross)\s+(?:[\w.'-]+\s+){0,5}?"
                          r"(?:from|off)\s+(?:the|your|our)?\s*(?:list|registration|attendee|"
                          r"guest|participant)|"
                          r"\b(?:streichen|entfernen|austragen|nehmen)\s+sie\s+(?:bitte\s+)?(?:[\w.-]+\s+)"
                          r"{0,5}?(?:von|aus)\s+der\s+(?:teilnehmer)?liste\b")),
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
                          r"\b(?:noch\s+)?keine\s+(?:anmelde)?best[äa]tigung\s+(?:erhalten|bekommen)|"
                          r"\bbest[äa]tigung\b[^.!?\n]{0,40}\b(?:noch\s+)?nicht\s+(?:erhalten|"
                          r"bekommen)\b")),
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
    (Intent.STATUS, 2, _c(r"\b(?:best[äa]tigen|pr[üu]fen|nachsehen|nachschauen|mitteilen|sagen|"
                          r"confirm|check|verify|let\s+me\s+know|tell\s+me)\b[^.!?\n]{0,100}?\b(?:"
                          r"angemeldet|registriert|eingetragen|gebucht|vorgemerkt|vorliegt|vorliegen|"
                          r"eingegangen|angekommen|auf\s+der\s+"
                          r"(?:teilnehmer|warte)?liste|registered|booked|signed\s+up|on\s+the\s+"
                          r"(?:list|waiting\s+list|waitlist))\b")),
    (Intent.STATUS, 2, _c(r"\bob\s+(?:herr|herrn|frau|mein|meine|unser|unsere|die|der|dr|"
                          r"ich|wir)\b[^.!?\n]{0,120}\b(?:angemeldet|registriert|eingetragen|gebucht|"
                          r"vorgemerkt)\s+(?:ist|sind|bin|wurde|wurden|worden)\b|"
                          r"\b(?:eingangs|anmelde)?best[äa]tigung\b[^.!?\n]{0,40}\b(?:liegt|lag)\s+"
                          r"(?:\w+\s+){0,3}?nicht\s+vor\b")),
    # register ------------------------------------------------------------------------
    (Intent.REGISTER, 2, _c(r"\b(?:melde[nt]?|meld)\b[^.!?\n]{0,200}\ban\b"
                            r"(?!\s+(?:die|den|der|das|dem)\b)")),
    (Intent.REGISTER, 2, _c(r"\b(?:(?:vor|nach|mit)?anmelden|(?:vor|nach|mit)?anmelde|voranmeldung|"
                            r"registrieren|eintragen|vormerken|"
                            r"reservieren|buchen)\b")),
    (Intent.REGISTER, 2, _c(r"\b(?:nehme|nehmen|nimmt|nehm)\b[^.!?\n]{0,120}\bteil\b|"
                            r"\bteilnehmen\b|"
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
                            r"(?:gerne?|dabei|mit(?!\s+(?:der|dem|einem|einer)?\s*(?:bahn|zug|auto|"
                            r"rad|fahrrad|bus|pkw|[öo]pnv|s-bahn|u-bahn|taxi|dienstwagen)\b)|vorbei|"
                            r"zu[mr]|zu\s+(?:zweit|dritt|viert))\b")),
    (Intent.REGISTER, 2, _c(r"\b(?:ich|wir)\s+(?:\w+\s+){0,2}?(?:komme|kommen|bin|sind)\b"
                            r"[^.!?\n]{0,40}"
                            r"\b(?:gerne?|dabei|mit(?!\s+(?:der|dem|einem|einer)?\s*(?:bahn|zug|auto|"
                            r"rad|fahrrad|bus|pkw|[öo]pnv|s-bahn|u-bahn|taxi|dienstwagen)\b)|vorbei|"
                            r"zu\s+(?:zweit|dritt|viert|f[üu]nft))\b|"
                            r"\b(?:komme|kommen)\s+(?:gerne?|sehr\s+gerne?)\b|"
                            r"\b(?:bin|sind)\s+(?:gerne?\s+|sehr\s+gerne?\s+)?dabei\b|\bgerne\s+dabei\b"
                            r"|\b(?:ich|wir)\s+(?:komme|kommen)\s*(?:[.!]|$)|\bdabei\s+sein\b")),
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

# Subject lines that by themselves state an intent (only for mail that is not a reply).
SUBJECT_PATTERNS: Final[tuple[tuple[Intent, re.Pattern[str]], ...]] = (
    (Intent.CANCEL, _c(r"\b(?:absage|abmeldung|stornierung|storno|cancel\w*|withdraw\w*)\b")),
    (Intent.STATUS, _c(r"\b(?:status|anmeldestatus)\b|\bbin\s+ich\s+angemeldet")),
    (Intent.REGISTER, _c(r"\b(?:anmeldung|anmelden|registrierung|zusage|teilnahme|"
                         r"registration|register|rsvp|sign[\s-]?up)\b")),
)

# --------------------------------------------------------------------------- intent, round 2

# The key words of intents, for typo tolerance: a word of the mail within a small edit
# distance of one of these (and not itself one of them) is read as it ("anmelen",
# "teilnehemn", "regestrieren", "stornieen"). Folded spelling as written in mails.
KEY_WORDS: Final = tuple("""
anmelden anmelde anmeldung angemeldet abmelden abmelde abmeldung abgemeldet teilnehmen
teilnahme teilnehme teilnehmer registrieren registriere registrierung absagen absage abgesagt
stornieren storniere stornierung storniert zusage zusagen eintragen vormerken reservieren
einwählen dabei register registration attend attending participate participation cancel
cancellation unregister withdraw eingetragen vorgemerkt reserviert gebucht teilgenommen
registriert zugesagt angemeldete abgesagte eintrag eintragung anmeldungen teilnehmende
""".split())
# Participles of separable verbs are words, not typos ("eingetragen", "angemeldet").
KEY_WORD_PARTICIPLE: Final = re.compile(r"^(?:ein|an|ab|vor|teil|zu|aus|mit|nach|auf)ge", re.I)
# Shorter than this, a word is not corrected (too many real words are that close).
KEY_WORD_MIN: Final = 6
