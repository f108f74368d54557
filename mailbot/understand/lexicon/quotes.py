"""Where a quoted or forwarded part starts: separators, attributions, header blocks.

Used by :mod:`mailbot.understand.quotes`, in the languages of the mail clients people use.
"""

from __future__ import annotations

import re
from typing import Final

from mailbot.understand.lexicon.base import c as _c

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
