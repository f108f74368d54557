"""Where a signature starts and what its lines are: closings, phone footers, contacts.

Used by :mod:`mailbot.understand.signatures` and :mod:`mailbot.understand.people`.
"""

from __future__ import annotations

from typing import Final

from mailbot.understand.lexicon.base import c as _c

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
