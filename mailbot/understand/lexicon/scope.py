"""Mail that is not for us: spam signals, off-topic subjects, and the words of events
at all (:mod:`mailbot.understand.scope`).
"""

from __future__ import annotations

import re
from typing import Final

from mailbot.understand.lexicon.base import c as _c

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
