"""Requests about one's own personal data (DSGVO/GDPR Art. 15-21), German and English.

Read on the sender's own words and the subject (never the quoted text or the signature,
where privacy notices live). ``STRONG`` patterns are a request on their own ("Bitte
löschen Sie alle meine Daten", "Auskunft nach Art. 15 DSGVO", "remove all my personal
data"). ``FIRST_PERSON`` patterns (an article of the GDPR, "Recht auf Löschung", a
withdrawn consent) count only on a line that speaks in the first person and is not a
privacy notice ("Sie haben das Recht auf ..."). Each pattern carries its kind: erasure
(Art. 17), access (Art. 15) or another right (objection, withdrawn consent).
"""

from __future__ import annotations

import re

from mailbot.understand.lexicon.base import c

ERASURE, ACCESS, OTHER = "erasure", "access", "other"

_GAP = r"[^!?\n]{0,80}?"  # within one sentence (a "." would cut "Art. 17")
_SHORT = r"[^!?\n]{0,40}?"
_MY = r"(?:mein|meine|meiner|meinen|meinem|unsere?|unserer|unseren)"
_DATA_DE = (r"(?:daten|datensätze|personendaten|kontaktdaten|personalien"
            r"|e-?mail-?adressen?|adressdaten)")
_ERASE_DE = r"(?:\w*lösch\w*|entfern\w*|vernicht\w*|tilg\w*)"
_DATA_EN = (r"(?:personal\s+(?:data|information|details)|data|records"
            r"|(?:e-?mail\s+)?address(?:es)?)")
_ERASE_EN = r"(?:delete|remove|erase|purge|wipe|destroy)"
_ERASED_EN = r"(?:deleted|removed|erased|purged|wiped|destroyed)"
# "dass meine Daten gelöscht wurden", "my data was deleted": done, not asked for.
_NOT_DONE_DE = r"(?!\s+(?:wurden|wurde|worden|sind|ist|haben|hat)\b)"
_NOT_DONE_EN = r"(?:(?!\b(?:was|were|has|have|had|is|are)\b)[^!?\n]){0,40}?"
_ME_EN = r"(?:about|on|of|concerning|regarding)\s+me\b"
_ME_DE = r"(?:über\s+mich|von\s+mir|zu\s+mir|zu\s+meiner\s+person|meine\w*|bezüglich\s+meiner)"
_ART = (r"\bart(?:ikel|icle|\.)?\s*(?P<art>1[5-8]|2[01])\b(?:\s*abs(?:atz|\.)?\s*\d\w*)?"
        r"\s*(?:der\s+|of\s+the\s+|of\s+)?(?:eu-?)?(?:dsgvo|ds-gvo|gdpr|dsg-?vo)")

STRONG: tuple[tuple[str, re.Pattern[str]], ...] = (
    # German: erasure
    (ERASURE, c(rf"\b{_ERASE_DE}\b{_GAP}\b{_MY}\s+(?:\w+\s+){{0,3}}?{_DATA_DE}\b")),
    (ERASURE, c(rf"\b{_MY}\s+(?:\w+\s+){{0,3}}?{_DATA_DE}\b{_GAP}{_ERASE_DE}\b{_NOT_DONE_DE}")),
    (ERASURE, c(rf"\blöschung\s+(?:aller\s+|sämtlicher\s+)?(?:{_MY}\b|der\s+(?:über\s+mich|"
                rf"von\s+mir|zu\s+meiner\s+person|mich\s+betreffenden)|(?:aller\s+|der\s+)?"
                r"(?:personenbezogene[nr]?\s+)?daten\b)")),
    (ERASURE, c(r"\bdatenlöschung\b")),
    (ERASURE, c(rf"\b{_ERASE_DE}\b{_GAP}\b(?:alle|sämtliche|die|jegliche)\s+(?:\w+\s+){{0,2}}?"
                rf"{_DATA_DE}\b{_SHORT}(?:{_ME_DE}|\bmich\b|\bmir\b)")),
    (ERASURE, c(r"\brecht\s+auf\s+vergessen(?:werden|\s+werden)?\b")),
    # German: access
    (ACCESS, c(r"\b(?:datenauskunft|selbstauskunft|auskunftsersuchen|auskunftsanfrage"
               r"|auskunftsantrag|auskunftsverlangen)\b")),
    (ACCESS, c(r"\bauskunft\w*\s+(?:nach|gemäß|gemäss|gem\.|laut|entsprechend|im\s+sinne"
               r"\s+von|i\.\s?s\.\s?v\.)\s+(?:art(?:ikel|\.)?\s*15|(?:der\s+)?(?:eu-?)?"
               r"(?:dsgvo|ds-gvo))")),
    (ACCESS, c(rf"\bauskunft\w*\b{_GAP}\b(?:personenbezogen\w*\s+)?daten\b{_SHORT}"
               rf"(?:\b{_ME_DE}|\bmich\b|\bmir\b)")),
    (ACCESS, c(rf"\bauskunft\w*\b{_SHORT}\b(?:{_ME_DE})\s+(?:\w+\s+){{0,3}}?"
               r"(?:personenbezogen\w*\s+)?daten\b")),
    (ACCESS, c(rf"\bwelche\s+(?:\w+\s+){{0,3}}?daten\b{_GAP}(?:{_ME_DE}|\bmich\b|\bmir\b)")),
    (ACCESS, c(rf"\bkopie\s+(?:aller\s+|sämtlicher\s+|der\s+)?(?:{_MY}\s+)?(?:\w+\s+){{0,2}}?"
               r"(?:personenbezogenen\s+)?daten\b")),
    # English: erasure
    (ERASURE, c(rf"\b{_ERASE_EN}\b{_GAP}\b(?:my|our)\b\s+(?:\w+\s+){{0,2}}?{_DATA_EN}\b")),
    (ERASURE, c(rf"\b{_ERASE_EN}\s+all\s+(?:of\s+)?(?:the\s+)?(?:personal\s+)?"
                rf"(?:data|information|details)\b{_SHORT}\b(?:{_ME_EN}|you\s+(?:hold|have"
                r"|store|keep))")),
    (ERASURE, c(rf"\b(?:my|our)\s+(?:\w+\s+){{0,2}}?{_DATA_EN}\b{_NOT_DONE_EN}\b{_ERASED_EN}\b")),
    (ERASURE, c(r"\b(?:erasure|deletion)\s+of\s+(?:all\s+)?(?:my|our)\b")),
    (ERASURE, c(r"\bright\s+to\s+be\s+forgotten\b")),
    # English: access
    (ACCESS, c(r"\b(?:data\s+)?subject\s+access\s+request\b|\bdsar\b")),
    (ACCESS, c(rf"\bwhat\s+(?:\w+\s+){{0,2}}?(?:data|information)\b{_SHORT}\b(?:{_ME_EN}"
               r"|you\s+(?:hold|have|store|keep|process)\s+(?:on|about)\s+me)")),
    (ACCESS, c(rf"\b(?:copy|access\s+to|an\s+overview)\s+of\s+(?:all\s+)?(?:the\s+)?(?:my\s+)?"
               rf"(?:personal\s+)?(?:data|information)\b{_SHORT}(?:\b{_ME_EN}|you\s+(?:hold"
               r"|have|store|keep|process))")),
    (ACCESS, c(r"\b(?:copy|access\s+to)\s+(?:of\s+)?(?:all\s+)?my\s+(?:personal\s+)?"
               r"(?:data|information)\b")),
)

FIRST_PERSON_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("article", c(_ART)),
    (ERASURE, c(r"\brecht\s+auf\s+löschung\b|\bright\s+to\s+(?:erasure|deletion)\b")),
    (ACCESS, c(r"\b(?:recht\s+auf\s+auskunft|auskunftsrecht|right\s+of\s+access"
               r"|right\s+to\s+access)\b")),
    (OTHER, c(rf"\bwiderruf\w*\b{_GAP}\beinwilligung|\beinwilligung\b{_GAP}\bwiderruf\w*")),
    (OTHER, c(rf"\bwiderspr\w*\b{_GAP}\bverarbeitung\b{_GAP}\bdaten\b")),
    (OTHER, c(rf"\bwithdraw\w*\b{_SHORT}\bconsent\b|\bobject\w*\s+to\s+(?:the\s+)?"
              r"processing\b")),
)

FIRST_PERSON = c(r"\b(?:ich|mein\w*|mich|mir|wir|uns|unser\w*|i|my|me|we|our)\b")
# A line of a privacy notice, not a request: "Sie haben das Recht auf Auskunft ...".
NOTICE = c(r"\b(?:sie\s+haben\s+(?:das|ein|jederzeit)|haben\s+sie\s+das\s+recht|betroffene"
           r"|informationen\s+zu(?:m|r)?\s+(?:datenschutz|verarbeitung)|datenschutzhinweis"
           r"|datenschutzerklärung|you\s+have\s+the\s+right|privacy\s+(?:notice|policy))")
ARTICLE_KIND = {"15": ACCESS, "17": ERASURE}
