"""What changes the intent a sentence states: negation, condition, history, a question
form, a contrast, politeness, thanks and acknowledgements.
"""

from __future__ import annotations

import re
from typing import Final

from mailbot.understand.lexicon.base import c as _c

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
