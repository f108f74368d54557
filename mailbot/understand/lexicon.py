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

# "wrote" in the languages of the clients people use (Thunderbird, Gmail, Apple Mail, Notes).
_VERBS = (r"(?:schrieb|wrote|a\s+[ée]crit|ha\s+scritto|escribi[óo]|schreef|skrev|kirjoitti|"
          r"napisa[łl](?:\(a\))?|napsal(?:\(a\)|a)?|pisze|[íi]rta|escreveu|написал[аи]?|"
          r"yazd[ıi]|scrise|het\s+volgende\s+geschreven|写道|작성|のメッセージ)")
_ADDR = r"<[^<>\s]{1,100}@[^<>\s]{1,100}>"
_DASH_RUN = r"[-_=*]{2,40}"

# Where the quoted or forwarded part starts. Three kinds (see quotes.py for the rule):
# a separator (everything after it is the old mail), an attribution line ("Am … schrieb
# …:"; the quote under it ends where its ">" lines end, if it has any), and ">" lines.
QUOTE_SEPARATOR: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    ("outlook-separator", _c(
        r"^\s*" + _DASH_RUN + r"\s*(?:urspr[üu]ngliche\s+nachricht|original-?\s?nachricht|"
        r"originalnachricht|original\s+message|weitergeleitete\s+(?:nachricht|e-?mail)|"
        r"forwarded\s+message|begin\s+forwarded\s+message|"
        r"message\s+d'origine|message\s+original|message\s+transf[ée]r[ée]|"
        r"mensaje\s+original|mensaje\s+reenviado|messaggio\s+originale|messaggio\s+inoltrato|"
        r"oorspronkelijk\s+bericht|origineel\s+bericht|doorgestuurd\s+bericht|"
        r"mensagem\s+original|mensagem\s+encaminhada|"
        r"oryginalna\s+wiadomo[śs][ćc]|wiadomo[śs][ćc]\s+oryginalna|"
        r"wiadomo[śs][ćc]\s+przekazana|ursprungligt\s+meddelande|"
        r"vidarebefordrat\s+meddelande|oprindelig\s+(?:meddelelse|besked)|"
        r"videresendt\s+(?:meddelelse|besked|melding)|opprinnelig\s+melding|"
        r"alkuper[äa]inen\s+viesti|v[äa]litetty\s+viesti|p[ůu]vodn[íi]\s+zpr[áa]va|"
        r"eredeti\s+[üu]zenet|исходное\s+сообщение|пересылаемое\s+сообщение|"
        r"orijinal\s+ileti|[öo]zg[üu]n\s+ileti|mesaj\s+original)"
        r"\s*:?\s*(?:[-_=*]{0,40})\s*$")),
    ("forward-marker", _c(
        r"^\s*(?:anfang\s+der\s+weitergeleiteten\s+(?:nachricht|e-?mail)|"
        r"begin\s+forwarded\s+message|weitergeleitete\s+nachricht|"
        r"forwarded\s+message|-{1,40}\s*forwarded\s+by\b[^\n]{0,200}|"
        r"d[ée]but\s+du\s+message\s+r[ée]exp[ée]di[ée]|inizio\s+messaggio\s+inoltrato|"
        r"comienzo\s+del\s+mensaje\s+reenviado|begin\s+doorgestuurd\s+bericht|"
        r"in[íi]cio\s+da\s+mensagem\s+(?:re)?encaminhada)\s*:?\s*-{0,40}\s*$")),
    ("one-line-header", _c(
        r"^\s*\**(?:von|from|de|da|van|od)\s*:\**\s[^\n]{1,200}?\**(?:gesendet|sent|datum|date|"
        r"envoy[ée]|inviato|enviado|verzonden|wys[łl]ano)\s*:\**\s")),
)
QUOTE_ATTRIBUTION: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    ("am-schrieb", _c(
        r"^\s*(?:am|on|le|el|il|op|den|em)\s[^\n]{3,200}?\b" + _VERBS
        + r"(?!\w)[^\n]{0,200}?[:：]\s*$")),
    # "On Wed, 14 Nov 2018 08:14:43 -0200 John Doe <john@doe.com> wrote" (no colon)
    ("am-schrieb-address", _c(
        r"^\s*(?:am|on|le|el|il|op|den|em)\s[^\n]{3,200}?@[^\n]{1,200}?\b" + _VERBS
        + r"\s*$")),
    ("schrieb-am", _c(r"^[^\n]{1,120}?\bschrieb\s+am\s[^\n]{3,120}?:\s*$")),
    # Gmail in German: "Am Mo., 1. Feb. 2027 um 10:00 Uhr hat Team <t@x.de> geschrieben:"
    ("am-hat-geschrieben", _c(
        r"^\s*am\s[^\n]{3,200}?\bhat\s[^\n]{0,120}?" + _ADDR + r"\s*geschrieben\s*:\s*$")),
    ("name-schrieb", _c(
        r"^\s*-{0,10}\s*[^\n]{0,120}?" + _ADDR + r"\s*" + _VERBS + r"\s*[:：]\s*-{0,10}\s*$")),
    ("zitat-von", _c(r"^\s*(?:zitat\s+von|quoting)\s[^\n]{1,120}:\s*$")),
    # mutt: "* Smart City <smartcity@example.org> [08.12.2026 09:44]:"
    ("mutt", _c(r"^\s*\*?\s?[^\n<>]{0,120}" + _ADDR + r"\s*\[[^\]\n]{1,40}\]\s*[:：]\s*$")),
    ("zoho", _c(r"^\s*-{2,10}\s*(?:on|am)\s[^\n]{3,200}?\b(?:wrote|schrieb)\s*-{2,10}\s*$")),
    # Gmail and Apple Mail without a verb: "2017-11-24 16:32 GMT+01:00 Name <a@b.c>:",
    # "30.09.2017, 18.30, "Name" <a@b.c>:", "вс, 30 апр. 2025 г. в 15:19, Name <a@b.c>:".
    # It starts with a date (or a short weekday) and names a year or a clock time.
    ("date-address", _c(
        r"^\s*(?:[^\W\d]{1,12}\.?,?\s{1,3})?\d(?=[^\n<>]{0,160}?(?:\b(?:19|20)\d\d|"
        r"\d[:.]\d\d))[^\n<>]{0,200}?" + _ADDR + r"\s*(?:[^\s<>]{1,12}\s*)?[:：]\s*$")),
)
# The same without the colon ("2013/7/20 Name <a@b.c>"): only when ">" lines follow.
DATE_ADDRESS_BARE: Final = _c(
    r"^\s*(?:[^\W\d]{1,12}\.?,?\s{1,3})?\d(?=[^\n<>]{0,160}?(?:\b(?:19|20)\d\d|\d[:.]\d\d))"
    r"[^\n<>]{0,200}?" + _ADDR + r"\s*$")
# "Marc Slemko wrote:", "Sie schrieben:": only when ">" lines follow.
NAME_WROTE_BARE: Final = _c(r"^\s*[^\n:]{1,80}?\s" + _VERBS + r"\s*[:：]\s*$")
# A line marked as quoted: "> …" (any depth) or "| …" (a table row "| a | b |" is not).
QUOTE_MARK: Final = _c(r"^\s*(?:>|\|(?![^\n]{0,400}\|\s*$))")
QUOTE_START: Final[tuple[tuple[str, re.Pattern[str]], ...]] = (
    QUOTE_SEPARATOR + QUOTE_ATTRIBUTION + (("gt", QUOTE_MARK),))

# "Am Montag, 1. Februar 2027 um 10:00 schrieb" + next line "Max <max@x.de>:" (wrapped).
# Attribution lines wrapped over up to three lines: joined, they end with ":", and before
# their (last) verb they open like one ("On …") or hold the date (quotes.py checks).
ATTRIBUTION_VERB: Final = _c(r"\b(?:" + _VERBS + r"|geschrieben)(?!\w)")
# Substrings one of which every verb above contains: a cheap test before the regex.
ATTRIBUTION_VERB_HINTS: Final = (
    "schrieb", "wrote", "crit", "scritto", "escribi", "schreef", "skrev", "kirjoitti",
    "napisa", "napsal", "pisze", "rta", "escreveu", "написал", "yazd", "scrise", "geschre",
    "写道", "작성", "のメッセージ")
_ATTRIBUTION_OPENER = r"(?:am|on|le|il|el|op|den|em|w\s+dniu|dnia|in\s+data)\s"
ATTRIBUTION_OPENER: Final = _c(r"^\s*" + _ATTRIBUTION_OPENER)
ATTRIBUTION_FIRST: Final = _c(r"^\s*(?:" + _ATTRIBUTION_OPENER + r"|[^\n]{0,300}?\d)")

# The header lines of a quoted Outlook/Notes/Apple/webmail block ("Von: …", "*Gesendet:* …",
# "Envoyé le :jeudi …"), in the languages of the clients. Only a block of them counts
# (quotes.py); single words like "An:" or "Data:" say nothing alone.
_HEADER_FROM = (r"von|from|de|de\s+la|da|van|od|fr[åa]n|fra|l[äa]hett[äa]j[äa]|felad[óo]|"
                r"kimden|от|发件人|寄件者|差出人|보낸\s?사람")
_HEADER_SUBJECT = (r"betreff|subject|objet|sujet|oggetto|asunto|assunto|onderwerp|temat|"
                   r"[äa]mne|emne|aihe|p[řr]edm[ěe]t|t[áa]rgy|konu|тема|subiect|thema|"
                   r"主题|主旨|件名|제목")
_HEADER_OTHER = (r"gesendet|sent|datum|date|envoy[ée](?:\s+le)?|message\s+du|inviato(?:\s+il)?|"
                 r"data|enviad[oa](?:\s+(?:el|em))?|fecha|verzonden|verstuurd|wys[łl]an[eo]|"
                 r"skickat|sendt|dato|l[äa]hetetty|p[äa]iv[äa]m[äa][äa]r[äa]|odesl[áa]no|"
                 r"elk[üu]ldve|d[áa]tum|g[öo]nderildi|g[öo]nderilme\s+tarihi|tarih|"
                 r"отправлено|дата|trimis|发送时间|日期|送信日時|날짜|보낸\s?날짜|"
                 r"an|to|[àa]|para|aan|do|till|til|vastaanottaja|komu|c[íi]mzett|kime|кому|"
                 r"c[ăa]tre|收件人|宛先|받는\s?사람|"
                 r"cc|bcc|kopie|copie(?:\s+[àa])?|kopia|kopio|kopi|dw|bilgi|копия|"
                 r"m[áa]solat(?:ot\s+kap)?|抄送|"
                 r"antwort\s+an|reply-to|wichtigkeit|importance|r[ée]pondre\s+[àa]|priorit[äa]t")
QUOTE_HEADER_LINE: Final = _c(
    r"^\s*\**\s?(?:" + _HEADER_FROM + "|" + _HEADER_SUBJECT + "|" + _HEADER_OTHER
    + r")\s?\**\s*[:：]")
QUOTE_SUBJECT_LINE: Final = _c(r"^\s*\**\s?(?:" + _HEADER_SUBJECT + r")\s?\**\s*[:：]")
QUOTE_HEADER_FROM: Final = _c(r"^\s*\**\s?(?:" + _HEADER_FROM + r")\s?\**\s*[:：]")
# A rule above a header block: "________", "-----", "====", " -----------------------".
UNDERSCORE_LINE: Final = _c(r"^\s*(?:_{5,}|-{5,}|={4,}|\*{5,})\s*$")

# --------------------------------------------------------------------------- signatures

SIG_DASHES: Final = _c(r"^--\s?$|^—+\s*$|^-{2}\s*$")
# A rule that opens a block under the quote: "-- ", "__" (a list footer), "———".
SIG_RULE: Final = _c(r"^\s*(?:_{2,80}|-{2,80}|—{1,40})\s*$")
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
    r"sincerely|yours\s+sincerely|yours\s+faithfully|all\s+the\s+best|thanks\s+and\s+regards|"
    # the closings of neighbours who write in German, and of their bilingual signatures
    r"(?:cordiali|distinti)\s+saluti|(?:bien\s+)?cordialement|(?:un\s+)?saludos?(?:\s+cordiales)?|"
    r"atentamente|atenciosamente|cumprimentos|met\s+vriendelijke\s+groet(?:en)?|"
    r"(?:hartelijke\s+)?groet(?:en)?|pozdrawiam|z\s+powa[żz]aniem|"
    r"med\s+v[äa]nliga\s+h[äa]lsningar|mvh|venlig\s+hilsen|ystav[äa]llisin\s+terveisin|"
    r"s\s+pozdravem|[üu]dv[öo]zlettel|sayg[ıi]lar[ıi]mla"
    r")(?:\s*/\s*[^\n/]{1,40}?)?\s*[,.!]?[^\w\n]{0,6}"
    r"(?:\s*(?-i:[A-ZÄÖÜ][\w.'’-]{1,30}(?:\s+(?:von\s+|van\s+|de\s+)?[A-ZÄÖÜ][\w.'’-]{1,30}){0,3}"
    r"))?\s*$")
CLOSING_MAX_LINE: Final = 70
# The footer a phone or mail app writes under the text ("Von meinem iPhone gesendet",
# "Envoyé de mon iPad", "Get Outlook for Android<https://aka.ms/…>"). A whole short line:
# "Sent" + "from" + "my …" or an app/device word, or the verb last; a link may follow.
_FOOTER_SENT = (r"sent|gesendet|envoy[ée]|enviad[oa]|inviat[oa]|verstuurd|verzonden|"
                r"wys[łl]an[eo]|skickat|sendt|l[äa]hetetty|odesl[áa]no|отправлено|trimis|"
                r"k[üu]ldve|g[öo]nderildi")
_FOOTER_FROM = (r"from|with|via|using|on|von|mit|[üu]ber|de|depuis|[àa]\s+partir\s+d[e']|"
                r"avec|desde|con|do|da|dal|dalla|vanaf|van|met|z|ze|przez|fr[åa]n|med|fra|"
                r"с|de\s+pe|din|iz")
_FOOTER_MY = (r"my|mein(?:em|er)?|mon|ma|mes|mi|mis|mio|mia|il\s+mio|la\s+mia|meu|minha|"
              r"o\s+meu|a\s+minha|mijn|mojego|mojej|m[éé]g|min|mitt|mine|моего|моей")
_FOOTER_APP = (r"i?phone|ipad|ipod|android|outlook|mail|yahoo|aol|gmx|web\.de|t-online|"
               r"samsung|galaxy|huawei|xiaomi|motorola|nokia|sony|pixel|oneplus|blackberry|"
               r"mobile|mobil(?:telefon|ger[äa]t)?|handy|smartphone|tablet|app|typeapp|bluemail|spark|"
               r"typeapp|proton\w{0,8}|windows|mac|airmail|newton|edison|gmail|icloud")
_FOOTER_LINK = r"(?:\s*<[^<>\s]{1,300}>|\s*\(\s?https?://[^\s)]{1,300}\s?\)|\s+https?://\S{1,300})?"
MOBILE_FOOTER: Final = _c(
    r"^\s*(?:"
    r"(?:" + _FOOTER_SENT + r")\s+(?:" + _FOOTER_FROM + r")\s+(?:(?:" + _FOOTER_MY
    + r")\s+[\w'’ .+&-]{1,50}?|(?:der\s+|dem\s+|the\s+|l'|la\s+|le\s+|el\s+)?(?=[^\n]{0,40}\b(?:"
    + _FOOTER_APP + r")\b)[\w'’ .+&-]{1,50}?)"
    r"|von\s+mein(?:em|er)\s+[\w'’ .+&-]{1,50}?\s+(?:gesendet|verschickt)"
    r"|vanaf\s+mijn\s+[\w'’ .+&-]{1,40}?\s+(?:verstuurd|verzonden)"
    r"|[\w'’-]{2,30}\s+(?:cihaz[ıi]mdan\s+)?g[öo]nderildi"
    r"|l[äa]hetetty\s+[\w-]{2,30}?(?:sta|st[äa]|lta|lt[äa])"
    r"|(?:get|download|holen\s+sie\s+sich|obtenir|t[ée]l[ée]charger|scarica|obt[ée]n|"
    r"obtener|descargar|baixe|baixar|downloaden|pobierz|h[äa]mta)\s+outlook\s+(?:for|f[üu]r|"
    r"pour|per|para|voor|dla|f[öo]r)\s+\w{2,12}"
    r"|outlook\s+f[üu]r\s+\w{2,12}\s+herunterladen"
    r"|diese\s+nachricht\s+wurde\s+(?:von|mit)\s+(?:meinem|meiner|dem|der)\s+[^\n.]{1,80}?"
    r"(?:gesendet|verschickt)"
    r")" + _FOOTER_LINK + r"\s*[.!]?\s*$")
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

# Whether to register is still open ("That would decide whether I register", "ob ich mich
# anmelde, hängt davon ab"): the clause is no registration ("ob ich mich noch anmelden
# kann" asks for a place and is left alone). (A condition on the event -
# "falls es noch Plätze gibt, würde ich mich anmelden" - still is one.)
UNDECIDED: Final = _c(
    r"\b(?:ob|whether)\s+(?:ich|wir|i|we)\b[^.!?\n,;]{0,60}?\b(?:absagen|abmelden|stornieren|"
    r"cancel)\w*\b[^.!?\n,;]{0,30}|"
    r"\b(?:would|will|might)\s+consider\s+(?:coming|attending|joining|registering|signing)\b"
    r"[^.!?\n,;]{0,40}|\b(?:[üu]berlege|[üu]berlegen|erw[äa]ge|erw[äa]gen)\b[^.!?\n,;]{0,60}|"
    r"\b(?:bevor|ehe|before)\s+(?:ich|wir|i|we)\b[^.!?\n,;]{0,60}?\b(?:anmelde|anmelden|"
    r"registriere|buche|zusage|register|sign\s+up|book|commit)\w*\b|"
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
    r"\b(?:wurde|wurden|ist|sind|war|waren)\s+(?:\w+\s+){0,3}?(?:abgesagt|storniert|verschoben|"
    r"gestrichen|cancell?ed|called\s+off)\b|\b(?:was|were|has\s+been|have\s+been)\s+"
    r"(?:cancell?ed|called\s+off|postponed)\b|"
    r"\b(?:hatte|hatten|habe|haben)\b[^.!?\n]{0,40}\b(?:gesagt|angek[üu]ndigt|geschrieben|"
    r"erw[äa]hnt|gemeint)\b|\b(?:in\s+der|in\s+dem|worin)\s+es\s+um\b|\bes\s+(?:ging|geht)\s+um\b|"
    r"\b(?:musste|mussten|konnte|konnten)\b[^.!?\n]{0,60}\b(?:absagen|abmelden|stornieren)\b|"
    r"\b(?:hatte|hatten|habe|haben|hat)\b[^.!?\n]{0,60}\b(?:abgesagt|abgemeldet|storniert)\b|"
    r"\b(?:letzte[ns]?|vorige[ns]?|beim\s+letzten)\s+mal\b|\bdamals\b|\blast\s+(?:time|year)\b|"
    r"\bvoriges\s+jahr\b|\bletztes\s+jahr\b")
# Keeping what is booked is no new registration ("Mobilität bleibt", "I will still attend").
# ("if there are still places" is no keeping: "still" only with coming or being booked.)
KEEP: Final = _c(
    r"\b(?:bleibt|bleiben|bleibe|weiterhin|nach\s+wie\s+vor|remain|remains|keep|stays?|"
    r"wie\s+(?:angemeldet|geplant|gebucht|vereinbart)|as\s+(?:planned|registered|booked)|"
    r"unchanged|unver[äa]ndert)\b|"
    r"\bstill\s+(?:\w+\s+)?(?:attend|attending|come|coming|join|joining|participate|be\s+there|"
    r"be\s+(?:attending|coming|joining)|registered|booked|signed\s+up|on\s+the\s+list|want|"
    r"planning|plan)\b|\b(?:i|we)(?:'ll|\s+will|'m|\s+am|'re|\s+are)\s+still\b")
# The sender is not coming, while registering others ("ich selbst bin verhindert", "ich
# selbst bin nur für die Organisation zuständig", "I will not attend myself").
SELF_EXCLUDED: Final = _c(
    r"\bich\s+(?:selbst\s+)?bin\s+(?:\w+\s+)?(?:bereits|schon)\s+(?:angemeldet|registriert|"
    r"eingetragen)\b|\b(?:i\s+am|i'm)\s+already\s+(?:registered|signed\s+up|booked)\b|"
    r"\b(?:not|n't)\s+(?:be\s+)?(?:travel(?:l)?ing|going|attending|coming)\s+(?:\w+\s+){0,2}?"
    r"myself\b|\bwill\s+not\s+(?:be\s+)?(?:travel|go|attend|come)\s+myself\b|"
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
    r"(?:nice|good|great)|(?:habe|hab|haben)\s+(?:\w+\s+){0,2}?(?:erhalten|bekommen)|"
    r"(?:received|got)\s+(?:it|the\s+\w+)|(?:ist|sind)\s+angekommen|"
    r"(?:well|safely|all)\s+received|gut\s+angekommen)\b")
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
    r"\b(?:(?:ich\s+)?(?:w[üu]rde|m[öo]chte|wollte)\s+(?:\w+\s+){0,3}?(?:gerne?\s+)?(?:wissen|fragen|"
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
    r"einladung|invitation|link|zugangsdaten|zugang|details|unterlagen|agenda|programm|"
    r"folien|slides|access|materials?)")

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

# --------------------------------------------------------------------------- event words

# Words that never name an event, whatever the titles say: function words, greetings,
# the words of every mail. Normalised as vocabulary.norm() does (umlauts folded away).
EVENT_STOPWORDS: Final = frozenset("""
der die das den dem des ein eine einer eines einem einen und oder fur zum zur zu im in
am an auf aus bei mit von vom nach uber unter the a an of for to at on in and or with
from by is are was sie ich wir uns mich mir dich ihr ihre ihren ihnen nicht auch noch bitte
herr herrn frau gerne hiermit sehr geehrte geehrter geehrtes damen herren hallo liebe lieber
liebes dear hello grusse grussen gruss mein meine meinen meiner unser unsere dass dass wie was
wer wo wann kann konnen werde werden wird bin ist sind hat habe haben this that these will
would please dank danke vielen thank thanks uhr saal raum strasse str nr anmeldung anmelden
teilnahme teilnehmen melde veranstaltung event einladung invitation termin platz platze
mittwoch montag dienstag donnerstag freitag samstag sonntag monday tuesday wednesday thursday
friday saturday sunday januar februar marz april mai juni juli august september oktober
november dezember january february march may june july october december den dort hier
ihrem ihres ihrer unserem unseres ab bis als beim stadt gemeinde kreis mfg
""".split())

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

# --------------------------------------------------------------------------- dates

MONTHS: Final[dict[str, int]] = {
    "januar": 1, "jan": 1, "january": 1, "jänner": 1, "februar": 2, "feb": 2, "february": 2,
    "märz": 3, "maerz": 3, "marz": 3, "mär": 3, "mrz": 3, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "mai": 5, "may": 5, "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7, "august": 8, "aug": 8, "september": 9, "sep": 9,
    "sept": 9, "oktober": 10, "okt": 10, "october": 10, "oct": 10, "november": 11, "nov": 11,
    "dezember": 12, "dez": 12, "december": 12, "dec": 12,
}
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
DATE_NUMERIC: Final = re.compile(
    r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.?(?:\s?(\d{4}|\d{2})(?!\d))?(?![\d])")
DATE_ISO: Final = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
DATE_DAY_MONTH: Final = _c(
    r"(?<!\d)(\d{1,2})(?:\.|st|nd|rd|th)?\s*(?:of\s+)?(" + _MONTH_RE
    + r")\b\.?(?:\s*,?\s*(\d{4}))?")
DATE_MONTH_DAY: Final = _c(
    r"\b(" + _MONTH_RE + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:\s*,?\s*(\d{4}))?")
WEEKDAYS: Final[dict[str, int]] = {
    "montag": 0, "dienstag": 1, "mittwoch": 2, "donnerstag": 3, "freitag": 4, "samstag": 5,
    "sonntag": 6, "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6, "mo": 0, "di": 1, "mi": 2, "do": 3, "fr": 4,
}
WEEKDAY: Final = _c(r"\b(montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag|monday|"
                    r"tuesday|wednesday|thursday|friday|saturday|sunday)s?\b")
# A month alone ("die Lounge im April", "the forum in June").
IN_MONTH_ONLY: Final = _c(
    r"\b(?:im|in|ab|during|for|anfang|mitte|ende|early|mid|late)\s+(" + _MONTH_RE + r")\b"
    r"(?!\s*\d)")
# A clock time ("um 16 Uhr", "16:00", "18.30 Uhr", "4 pm" is not handled).
CLOCK: Final = _c(r"\b([01]?\d|2[0-3])(?::([0-5]\d)(?:\s*uhr)?|\.([0-5]\d)\s*uhr|\s*uhr)\b")

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

# A cancel verb in the scope of a negation or reassurance: "ich sage nicht ab", "Keine
# Sorge, ich storniere nicht", "I will not cancel", "no need to cancel", "kein Grund
# abzusagen", "ich melde mich nicht ab". Not a cancellation; the booking stays.
NEGATED_CANCEL: Final = _c(
    r"\b(?:nicht|nie|niemals|keineswegs|keinesfalls|auf\s+keinen\s+fall)\s+"
    r"(?:(?!(?:und|aber|oder|sondern|daher|deshalb|also|bitte)\b)\w+\s+){0,3}?"
    r"(?:absagen|abmelden|stornieren|zur[üu]ckziehen|austragen|ab\b)|"
    r"\b(?:sage|sagen|melde|melden|storniere|stornieren|ziehe|ziehen)\s+(?:ich|wir)?\s*"
    r"(?:\w+\s+){0,3}?(?:nicht|nie|keineswegs)\s+(?:ab|zur[üu]ck|aus)?\b(?!\s*(?:an|teil))|"
    r"\bkein(?:en|e)?\s+(?:absage|stornierung|abmeldung)\b|"
    r"\b(?:kein(?:en|e)?\s+(?:grund|anlass)|keine\s+sorge)\b[^.!?\n]{0,40}?\b(?:absag|abmeld|"
    r"storn|zur[üu]ckzieh|abzusagen|abzumelden)\w*|"
    r"(?:\bnot|\bnever|n't|\bno\s+need\s+to|\bno\s+reason\s+to)\s+(?:\w+\s+){0,2}?"
    r"(?:cancel|cancelling|canceling|withdraw|withdrawing|unregister|drop\s+out)\b|"
    r"\bno\s+(?:cancellation|need\s+to\s+worry)\b|"
    r"\b(?:absagen|abmelden|stornieren)\s+(?:will|werde|m[öo]chte|muss|m[öo]chten|wollen|"
    r"werden|m[üu]ssen)\s+(?:ich|wir)\s+(?:\w+\s+){0,4}?(?:nicht|nie)\b|"
    r"\b(?:nicht|nie|keineswegs)\s+(?:\w+\s+){0,2}?(?:storniert|abgesagt|abgemeldet)\b|"
    r"\bmuss\s+ich\s+aber\s+nicht\b|"
    r"\b(?:vergessen|ignorieren|betrachten)\s+sie\s+(?:bitte\s+)?(?:meine|unsere|die)\s+"
    r"(?:absage|abmeldung|stornierung)\w*(?:[^.!?\n]{0,40}\b(?:gegenstandslos|hinf[äa]llig))?|"
    r"\b(?:meine|unsere|die)\s+(?:absage|abmeldung|stornierung)\b[^.!?\n]{0,40}\b(?:hinf[äa]llig|"
    r"gegenstandslos|zur[üu]ck|widerrufe\w*|ist\s+erledigt)\b|"
    r"\b(?:disregard|ignore|forget)\s+my\s+(?:earlier\s+|previous\s+)?(?:cancellation|"
    r"cancel\w*)\b")

# Indirect acceptance and additions phrased as a request: "ich wäre gern mit von der
# Partie", "wir kommen", "die Einladung nehme ich gerne an", "Könnten Sie meine Kollegin
# noch mit aufnehmen?", "I accept the invitation", "count me in".
INDIRECT_REGISTER: Final = _c(
    r"\bmit\s+von\s+der\s+partie\b|\bbin\s+(?:auf\s+jeden\s+fall\s+|sicher\s+|gern\s+)?dabei\b|"
    r"\b(?:nehme|nehmen)\b[^.!?\n]{0,40}\beinladung\b[^.!?\n]{0,30}\ban\b|"
    r"\beinladung\b[^.!?\n]{0,40}\b(?:nehme|nehmen)\b[^.!?\n]{0,20}\ban\b|"
    r"\b(?:mit\s+)?(?:aufnehmen|hinzuf[üu]gen|dazunehmen|dazu\s+nehmen|erg[äa]nzen|nachmelden|"
    r"nachtragen|mit\s+anmelden|mit\s+eintragen)\b|"
    r"\b(?:wir|ich)\s+(?:\w+\s+){0,2}?(?:komme|kommen)\s+(?:gerne?\s+|sehr\s+gerne?\s+)?"
    r"(?:vorbei|mit|hin)\b|\b(?:wir|ich)\s+(?:sind|bin)\s+(?:\w+\s+){0,2}?(?:gerne?\s+)?"
    r"(?:mit\s+)?dabei\b|"
    r"\b(?:accept|accepting)\s+(?:your|the)\s+(?:kind\s+)?invitation\b|\bcount\s+(?:me|us)\s+in\b|"
    r"\b(?:add|include)\s+(?:me|us|my\s+colleague|him|her)\b|\bi'm\s+in\b|"
    r"\b(?:we|i)\s+(?:will|'ll|shall)\s+be\s+there\b|"
    r"\bput\s+(?:me|us|him|her|them)\s+down\b|\bput\s+(?:my|our|his|her)\s+names?\s+down\b|"
    r"\badd\s+(?:me|us)\s+to\s+the\s+(?:list|attendees)\b|"
    r"\b(?:einladung|angebot)\b[^.!?\n]{0,60}\b(?:annehme|annehmen|nehme\s+(?:\w+\s+){0,3}?an|"
    r"folge|folgen)\b|\b(?:folge|folgen)\s+(?:ich|wir)\b[^.!?\n]{0,40}\beinladung\b|"
    r"\b(?:nehme|nehmen)\b(?:\s+(?!nicht\b)[^\s.!?,]+){0,8}?\s+wahr\b(?=\s*(?:[.!?,;]|$))|"
    r"\bwahrnehmen\b|"
    r"\b(?:delighted|happy|glad|pleased|honou?red)\s+to\s+(?:accept|attend|join|participate|come|"
    r"be\s+there|take\s+part)\b|\bi\s+(?:gladly\s+|happily\s+)?accept\b|"
    r"\b(?:will|shall|'ll)\s+(?:gladly|happily|definitely|certainly)\s+(?:attend|join|come|be\s+there)\b|"
    r"\blook(?:ing)?\s+forward\s+to\s+(?:attending|joining|taking\s+part|participating)\b|"
    r"\b(?:take|taking)\s+part\b(?![^.!?\n]{0,20}\b(?:not|n't)\b)|"
    r"\b(?:ausgef[üu]llte[sn]?|beigef[üu]gte[sn]?)\s+(?:anmelde)?formular\b|\banmeldeformular\b"
    r"[^.!?\n]{0,40}\b(?:anbei|im\s+anhang|beigef[üu]gt)|\b(?:filled[-\s]in|completed)\s+"
    r"(?:registration\s+)?form\b|"
    r"\b(?:w[üu]rde|w[üu]rden|w[üu]rd|m[öo]chte|m[öo]chten|m[öo]cht|will|wollen)\b"
    r"(?:(?!\b(?:nicht|kein\w*|ob|falls|wenn)\b)[^.!?\n]){0,80}?"
    r"\b(?:kommen|teilnehmen|dabei\s+sein|vorbeikommen|mitmachen|besuchen|einw[äa]hlen|"
    r"mitkommen|hinkommen)\b")

# Mail that nobody should answer: marketing, SEO offers, phishing, scams. Weighted
# signals; two weak ones or one strong one make spam (mailbot.understand.scope).
SPAM_SIGNALS: tuple[tuple[float, re.Pattern[str]], ...] = (
    (2.0, _c(r"\b(?:ihr|dein|your)\s+(?:e-?mail-?)?(?:postfach|mailbox|konto|account|"
             r"speicher(?:platz)?|quota)\b[^.!?\n]{0,60}\b(?:voll|full|gesperrt|suspended|"
             r"deaktiviert|deactivated|expire|abgelaufen|l[äa]uft\s+ab|verify|verifizieren|"
             r"best[äa]tigen|upgrade)")),
    (2.0, _c(r"\b(?:verify|confirm|validate|update)\s+your\s+(?:account|password|mailbox|"
             r"e-?mail|login|credentials)\b|\b(?:passwort|kennwort|zugangsdaten)\b[^.!?\n]{0,60}"
             r"\b(?:best[äa]tigen|verifizieren|aktualisieren|l[äa]uft\s+ab|abgelaufen|eingeben)")),
    (1.5, _c(r"\b(?:seo|suchmaschinenoptimierung|search\s+engine\s+optimi[sz]ation|backlinks?|"
             r"google[-\s]?ranking|erste[nr]?\s+(?:seite|platz)\s+(?:bei|in|von)\s+google|"
             r"first\s+page\s+(?:of|on)\s+google|guest\s+posts?|sponsored\s+(?:post|article)|"
             r"domain\s+authority|organic\s+traffic|lead\s?generation|leadgenerierung)\b")),
    (1.5, _c(r"\b(?:attendee|attendees|participant|delegate|visitor)\s+(?:list|lists|data|"
             r"database|contacts)\b[^.!?\n]{0,80}\b(?:purchase|acquire|acquiring|buy|offer|"
             r"available|interested|price|cost)|\b(?:conference|events?|expo|trade\s+show)\s+"
             r"(?:listings?|director(?:y|ies)|guides?)\b|\bteilnehmer(?:listen|daten|adressen)\b"
             r"[^.!?\n]{0,60}\b(?:kaufen|erwerben|angebot|preis)")),
    (1.5, _c(r"\b(?:bitcoin|krypto|crypto|wire\s+transfer|western\s+union|gift\s+cards?|"
             r"gutscheinkarten|lottery|lotterie|gewinnspiel|you\s+have\s+won|sie\s+haben\s+"
             r"gewonnen|inheritance|erbschaft|beneficiary)\b")),
    (1.0, _c(r"\b(?:unverbindliche[ns]?|kostenlose[ns]?|kostenfreie[ns]?|gratis|free)\s+"
             r"(?:angebot|analyse|erstberatung|beratung|audit|quote|demo|trial|consultation|"
             r"website[-\s]?check)\b")),
    (1.0, _c(r"\b(?:webdesign|website[-\s]?relaunch|online[-\s]?marketing|social[-\s]media[-\s]"
             r"marketing|newsletter[-\s]?marketing|app[-\s]?entwicklung|app\s+development|"
             r"web\s+development|digital\s+marketing|marketing\s+agency|marketingagentur|"
             r"werbeagentur|reichweite\s+steigern|umsatz\s+steigern|increase\s+your\s+"
             r"(?:sales|traffic|revenue))\b")),
    (1.0, _c(r"\b(?:klicken\s+sie\s+(?:hier|auf\s+den\s+(?:link|button))|click\s+(?:here|the\s+"
             r"link|below)|jetzt\s+(?:handeln|bestellen|sichern)|act\s+now|limited\s+time\s+offer|"
             r"nur\s+noch\s+heute|exklusives\s+angebot|special\s+offer|sonderangebot|rabatt\s+von|"
             r"\d{1,2}\s?%\s+rabatt|\d{1,2}\s?%\s+(?:off|discount))\b")),
    (1.0, _c(r"\b(?:rechnung|invoice|zahlungserinnerung|mahnung|payment\s+(?:overdue|due|"
             r"reminder))\b[^\n]{0,80}\b(?:anbei|attached|im\s+anhang|offen|overdue|"
             r"umgehend|sofort|immediately|link)\b")),
    (0.7, _c(r"\b(?:i\s+hope\s+this\s+(?:e-?mail|message)\s+finds\s+you\s+well|we\s+are\s+a\s+"
             r"leading|wir\s+sind\s+(?:eine?|ihr)\s+(?:f[üu]hrende[rs]?|erfahrene[rs]?)|"
             r"(?:ich|wir)\s+(?:bin|sind)\s+auf\s+ihre\s+(?:webseite|website|homepage)\s+"
             r"(?:gesto(?:ß|ss)en|aufmerksam)|came\s+across\s+your\s+(?:website|site)|"
             r"(?:abmelden|unsubscribe)\s+(?:sie\s+sich\s+)?(?:hier|here)|"
             r"to\s+unsubscribe|kurzes?\s+(?:telefonat|gespr[äa]ch)\s+von\s+\d+\s+minuten|"
             r"quick\s+(?:call|chat))\b|\b\d{1,2}[-\s]?min(?:ute|ütig|uetig)\w*")),
)
SPAM_THRESHOLD: Final = 2.0
# Cold sales and listing scams, the signals they share whatever they sell.
SPAM_SIGNALS += (
    (2.0, _c(r"\b(?:best[äa]tigung|best[äa]tigen|verifizierung|verifizieren|confirm|verify)\s+"
             r"(?:sie\s+)?(?:ihres|ihr|ihre|ihren|your)\s+(?:postfach\w*|kontos?|zugang\w*|"
             r"mailbox|account|zugangsdaten)\b|\b(?:postfach|konto|account)\s+(?:jetzt\s+)?"
             r"(?:best[äa]tigen|verifizieren|verify|confirm)\b")),
    (1.0, _c(r"\b(?:geb[üu]hr|kosten|betrag|fee|amount)\b[^.!?\n]{0,60}\b(?:eintragung|eintrag|"
             r"listing|registrierung|verzeichnis|directory)\b|\b(?:begleichen|[üu]berweisen|"
             r"bezahlen|pay)\s+(?:sie\s+)?(?:den|die|the)?\s*(?:betrag|rechnung|summe|amount|"
             r"invoice)\b")),
    (2.0, _c(r"\b(?:postfach|mailbox|konto|account|e-?mail-?konto)\b[^.!?\n]{0,80}\b(?:speicher\w*|"
             r"quota|storage|kapazit[äa]t\w*)\b")),
    (1.0, _c(r"\binnerhalb\s+(?:von\s+|der\s+n[äa]chsten\s+)?\d{1,3}\s+(?:stunden|std|tagen)\b|"
             r"\bwithin\s+(?:the\s+next\s+)?\d{1,3}\s+(?:hours|days)\b|\b(?:nachrichten|e-?mails|"
             r"messages)\b[^.!?\n]{0,60}\b(?:abgewiesen|gel[öo]scht|rejected|deleted|bounced)\b")),
    (1.5, _c(r"\b(?:update|renew|confirm|verify)\s+your\s+(?:event\s+|company\s+)?(?:details|"
             r"listing|entry|profile)\b|\b(?:eintrag\w*|listing|entry)\b[^.!?\n]{0,140}\b(?:\w*verzeichnis|"
             r"\w*kalender|directory|portal|datenbank|register)\b")),
    (1.0, _c(r"\b(?:zahlungseingang|zahlungsfrist|mahngeb[üu]hr\w*|inkasso|iban|bic|"
             r"rechnungsnummer|kundennummer|invoice\s+number|amount\s+due)\b")),
    (1.0, _c(r"\b(?:unsere[rmns]?|our)\s+(?:[\w-]+\s+){0,2}?[\w-]*(?:l[öo]sung|plattform|software|"
             r"tool|app|produkt|dienstleistung|agentur|solution|platform|product|agency|"
             r"services?)(?:en|e|s)?\b")),
    (1.0, _c(r"\b(?:sonderpreis|sonderkonditionen|einf[üu]hrungsangebot|einf[üu]hrungspreis|"
             r"netto\s+statt|statt\s+\d|special\s+price|discounted)\b|\b(?:bestellen|ordern|"
             r"sichern|buchen)\s+sie\s+(?:sich\s+)?(?:jetzt|noch\s+heute|einfach|direkt)\b|"
             r"\border\s+(?:now|today)\b")),
    (1.0, _c(r"\b(?:kurze[sn]?\s+(?:telefonat|gespr[äa]ch|call|videocall|kennenlernen)|"
             r"(?:unverbindlichen?\s+)?termin\s+(?:vereinbaren|f[üu]r\s+eine\s+demo)|"
             r"(?:book|schedule)\s+a\s+(?:call|demo|meeting)|live-?demo|kostenlose[ns]?\s+"
             r"(?:demo|webinar)|free\s+(?:demo|webinar))\b")),
    (1.0, _c(r"\b(?:entscheider\w*|decision[-\s]makers?|datens[äa]tze|kontaktdaten\s+von|"
             r"adressdaten|adresslisten|leads|neukunden|mehr\s+(?:teilnehmer\w*|kunden|besucher)\s+"
             r"(?:gewinnen|erreichen)|reach\s+more)\b")),
    (0.7, _c(r"\bauf\s+ihre?\s+[\w-]+\s+(?:aufmerksam\s+geworden|gesto(?:ß|ss)en)\b|"
             r"\b(?:noticed|found)\s+your\s+(?:website|event|events|listing)\b")),
    (0.5, _c(r"\b\d{1,3}(?:[.,]\d{3})*(?:,\d{2}|,-)?\s?(?:€|eur\b|euro\b)|€\s?\d|\$\s?\d")),
)
# Topics a human may write to the smart-city address that are not about our events: a
# complaint for the town hall, a job application, a press enquiry (held for a person).
OFF_TOPIC: Final = _c(
    r"\b(?:bewerb\w*|lebenslauf|initiativbewerbung|stellenanzeige|job\s+application|"
    r"curriculum\s+vitae|presseanfrage|press\s+(?:inquiry|enquiry)|interviewanfrage|"
    r"beschwerde|straßenlaterne|strassenlaterne|laterne|schlagloch|m[üu]llabfuhr|"
    r"sperrm[üu]ll|fahrplan|busverbindung|personalausweis|reisepass|b[üu]rgeramt|"
    r"falschparker|l[äa]rmbel[äa]stigung|complaint|street\s*light|pothole)\b")

# Words that show a mail is about an event at all (registering, attending, a programme,
# the practical side). A human mail with none of them, and no word of any event, is out
# of scope: a person reads it, the bot does not answer (mailbot.understand.scope).
EVENT_DOMAIN: Final = _c(
    r"\b(?:anmeld\w*|abmeld\w*|angemeldet|registrier\w*|teilnahme\w*|teilnehm\w*|teilnimmt|"
    r"veranstaltung\w*|event\w*|workshop\w*|lounge\w*|forum\w*|tagung\w*|konferenz\w*|"
    r"termin\w*|einladung\w*|eingeladen|programm\w*|agenda|tagesordnung|referent\w*|vortr[äa]g\w*|"
    r"vortrag\w*|impuls\w*|folien|pr[äa]sentation\w*|unterlagen|parkpl[äa]tz\w*|parken|anreise|"
    r"barrierefrei\w*|rollstuhl\w*|einwahl\w*|einw[äa]hl\w*|zugangslink|zoom|webex|"
    r"videokonferenz\w*|warteliste\w*|sitzpl[äa]tz\w*|pl[äa]tze?|storn\w*|absag\w*|zusag\w*|"
    r"catering|verpflegung|mittagessen|register\w*|attend\w*|participa\w*|"
    r"invitation\w*|invited|meeting|seminar|session\w*|seat\w*|waitlist|waiting\s+list|cancel\w*|"
    r"agenda|slides|speaker\w*|venue|parking|wheelchair|dial[-\s]in|rsvp|"
    r"anmeldeschluss|frist|interesse|interessiert|interest|interested)\b")

# A question that is a polite request to register or to cancel: "Könnten Sie meine Kollegin
# noch mit aufnehmen?", "Could you sign me up for that one?", "…, geht das?".
REQUEST_FORM: Final = _c(
    r"[,\s](?:geht|ginge|klappt)\s+das(?:\s+noch)?\s*\?\s*$|\b(?:ist|w[äa]re)\s+das\s+(?:noch\s+)?"
    r"(?:m[öo]glich|okay|ok|in\s+ordnung)\s*\?\s*$|\b(?:is\s+that|would\s+that\s+be)\s+"
    r"(?:possible|ok|okay|alright|fine)\s*\?\s*$|"
    r"^\s*(?:(?:und|also|dann|oder)\s+)?(?:k[öo]nnten|k[öo]nnen|w[üu]rden|w[äa]ren|d[üu]rfte|"
    r"darf|m[öo]chten)\s+(?:sie|ich|wir)\b|^\s*(?:(?:and|so)\s+)?(?:could|can|would|will|may)\s+"
    r"(?:you|i|we)\b|\b(?:bitte|please)\b|\b(?:could|can|would|will)\s+you\b|"
    r"\bk[öo]nnten\s+sie\b|\bk[öo]nnen\s+sie\b|\bw[üu]rden\s+sie\b")
# A registration that waits for an answer to the sender's own question ("Ist der Saal
# barrierefrei? Dann melde ich mich an.", "Wenn ja, komme ich", "If so, I'll register").
REGISTER_IF_ANSWERED: Final = _c(
    r"^\s*(?:dann|wenn\s+ja|falls\s+ja|in\s+diesem\s+fall|if\s+so|if\s+yes|in\s+that\s+case|"
    r"then|wenn|falls|sofern|if|provided)\b|\b(?:sobald|once|wenn\s+das\s+(?:gekl[äa]rt|klar)|"
    r"dann\s+sp[äa]ter)\b|\b(?:wenn|falls|sobald|if|once)\s+(?:das|dies|es|ja|that|this|so)\s+"
    r"(?:geht|m[öo]glich\s+ist|klappt|passt|zutrifft|der\s+fall\s+ist|is\s+(?:possible|the\s+"
    r"case|ok))\b")
# Explicit cancel verbs (as opposed to only declining: "schaffe ich nicht").
EXPLICIT_CANCEL: Final = _c(
    r"\b(?:absag|abgesagt|abmeld|abgemeldet|storn|austrag|ausgetragen|cancel|unregister|"
    r"zur[üu]ckzieh|zur[üu]ckgezogen|r[üu]ckzieh|"
    r"withdraw)\w*|\bsage\b[^.!?\n]{0,60}\bab\b|\bmelde[nt]?\b[^.!?\n]{0,60}\bab\b")
# Where a sentence turns ("…, aber …", "…, sondern …", "…, but …"): the parts are read as
# clauses of their own, so "Norderstedt schaffe ich nicht, aber in Ulm bin ich dabei"
# declines one event and registers for another.
CONTRAST: Final = _c(r",?\s+(?:aber|sondern|jedoch|allerdings|but|however)\s+|;\s+|\s+[–—]\s+")

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

# A word in quotation marks is mentioned, not used: "eine Mail mit dem Betreff „Absage“".
MENTION: Final = re.compile(r"[„\"“»«][^„\"“”»«\n]{1,40}[“”\"«»]")
# "Ich bin für den Austausch angemeldet und wollte nur fragen, …": already registered.
ALREADY_REGISTERED: Final = _c(
    r"\b(?:ich\s+bin|wir\s+sind|bin\s+ich|sind\s+wir)\b[^.!?\n]{0,80}\b(?:angemeldet|"
    r"registriert|eingetragen)\b(?![^.!?\n]{0,80}\?)|\b(?:i\s+am|i'm|we\s+are|we're)\s+"
    r"(?:already\s+)?(?:registered|signed\s+up|booked)\b(?![^.!?\n]{0,80}\?)")

# A reply that only acknowledges ("👍", "Ok, passt!", "Perfekt, bis dann", "Noted, thanks"):
# nothing to do. Consent words ("Ja, gerne") are kept apart: to a forwarded invitation
# they accept; to one of mailbot's own mails they only acknowledge (pipeline).
ACK_WORDS: Final = frozenset("""
ok okay oke passt perfekt prima super top toll klasse wunderbar schön schon alles klar
verstanden erhalten angekommen danke dank vielen herzlichen schön sehr great perfect cool fine
noted got it sounds good thanks thank you thx merci bis dann bald zum see there lg vg gruß
gruss grüße cheers
""".split())
ACK_MAX: Final = 120  # characters: a longer text says more than an acknowledgement
ACK_MAX_WORDS: Final = 8
CONSENT_ONLY: Final = _c(
    r"^\s*(?:(?:ja|gerne?|yes|sehr\s+gerne?|klar|selbstverst[äa]ndlich|of\s+course|sure)"
    r"[\s,.!]{0,4}){1,3}$")

# An inline answer that repeats the one before ("Hier auch.", "Me too", "ebenso").
TOO: Final = _c(r"\b(?:auch|ebenfalls|ebenso|dito|too|as\s+well|same\s+here)\b")

# Registration said with a registration verb (not only a wish to come).
EXPLICIT_REGISTER: Final = _c(
    r"\b(?:(?:vor|nach|mit)?anmeld\w*|angemeldet|registrier\w*|eintrag\w*|zusag\w*|buchen|"
    r"reservier\w*|register\w*|sign\s+(?:me|us)?\s*up|book\w*)\b|\bmelde\w*\b[^.!?\n]{0,80}\ban\b")

# A registration for another time is none now ("Beim nächsten Austausch bin ich wieder dabei").
NOT_THIS_TIME: Final = _c(
    r"\b(?:beim|zum|f[üu]r\s+den|f[üu]r\s+das)\s+n[äa]chsten\s+(?:mal|austausch|termin|treffen|"
    r"veranstaltung|lounge|workshop|forum|jahr)\b|\bn[äa]chstes\s+(?:mal|jahr)\b|\bnext\s+"
    r"(?:time|year)\b|\bhoffentlich\s+wieder\b|\bin\s+(?:the\s+)?future\b|\bein\s+andermal\b")
# What a decline next to a registration is about: the other dates ("an den anderen Abenden").
THE_OTHERS: Final = _c(
    r"\b(?:andere[nm]?|[üu]brige[nm]?|restliche[nm]?|sonstige[nm]?|weitere[nm]?|other|others|rest)\b")
