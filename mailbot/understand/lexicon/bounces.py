"""How mail servers word a delivery failure that is not an RFC 3464 report, as data.

Read by :mod:`mailbot.bounces`. The subjects and senders say "this is a bounce"; the
phrases in the text say whether the failure is final (hard) or only a delay (soft); the
markers say where the server's own words end and the returned original begins. German
first (Exchange's "Unzustellbar", GMX/1&1/Telekom), then English (Postfix, Exim, qmail,
Sendmail, Exchange/Office 365, Notes, Gmail, Yahoo).
"""

from __future__ import annotations

import re

_I = re.IGNORECASE
_IM = re.IGNORECASE | re.MULTILINE

# The subject of a bounce (any language); a delay warning has one of these too.
BOUNCE_SUBJECT = re.compile(
    r"unzustellbar|nicht zustellbar|nicht zugestellt|zustellung fehlgeschlagen|"
    r"fehlgeschlagene zustellung|zustellungsfehler|unzustellbare nachricht|"
    r"undeliver(?:able|ed)|undelivered mail|returned mail|returning message to sender|"
    r"mail delivery (?:failed|failure|problem|status|subsystem)|"
    r"delivery (?:status notification|failure|failed|has failed|notification|problem)|"
    r"(?:permanent |failed |failure )delivery|delivery(?: report)?: ?(?:error|failure)|"
    r"failure notice|failed delivery|non[- ]?delivery|could not be delivered|"
    r"mail failure|mail system error|message status - undeliverable|"
    r"warning: could not send|could not send mail|delayed mail|delivery delayed|"
    r"there was an error sending your mail|nondeliverable|rejected message", _I)

# Local parts of the addresses bounces come from.
DAEMON_LOCAL = re.compile(
    r"^(?:mailer-daemon|mail-daemon|mailerdaemon|maildaemon|postmaster|post_master|"
    r"mail\.delivery\.system|mail-delivery(?:-system)?|mdaemon|mmsc|sysadmin|"
    r"bounces?|double-bounce|noreply|no-reply|microsoftexchange[0-9a-f]{32})$", _I)

# Words of the server that make a failure final.
HARD = re.compile(
    r"\b5\.\d{1,3}\.\d{1,3}\b|(?:^|[\s(\[#:-])5[0-5]\d(?=[\s:-])|"
    r"permanent(?:ly)?|fatal error|"
    r"user unknown|unknown user|no such (?:user|mailbox|recipient|address)|"
    r"mailbox (?:unavailable|not found|does not exist|is disabled)|"
    r"(?:address|recipient|user|account) (?:does not exist|rejected|not found|unknown|"
    r"is (?:unknown|disabled|inactive))|does not exist|doesn't have a .{1,40} account|"
    r"unrouteable|host unknown|domain (?:not found|does not exist)|"
    r"could not be delivered|could not deliver|delivery (?:has )?failed|"
    r"did not reach (?:some or all of )?the (?:intended|following) recipient|"
    r"unknown recipient|recipient name is not recognized|was not delivered to|"
    r"not listed in|hat (?:den|die folgenden) empfänger nicht erreicht|"
    r"failed permanently|giving up|i'm not going to try again|"
    r"unzustellbar|nicht zugestellt werden|konnte nicht zugestellt|existiert nicht|"
    r"unbekannt|dauerhaft|endgültig", _IM)

# Words of a delay warning: the server is still trying (a soft failure).
SOFT = re.compile(
    r"\bdelayed\b|delivery (?:has been|is) delayed|has not (?:yet )?been delivered|"
    r"not (?:yet )?been delivered|still (?:being )?(?:retried|trying)|will (?:continue to )?"
    r"(?:retry|try)|will be retried|warning:? (?:message|could not)|\bdeferred\b|"
    r"no action is required|this is a warning|temporar(?:y|ily)|"
    r"verzögert|wird (?:weiterhin|erneut) versucht|noch nicht zugestellt", _I)
SOFT_STATUS = re.compile(r"\b4\.\d{1,3}\.\d{1,3}\b")
HARD_STATUS = re.compile(r"\b5\.\d{1,3}\.\d{1,3}\b")

# Where the returned original begins in a text bounce (what follows is not the report).
ORIGINAL_STARTS = re.compile(
    r"^[ \t>]*(?:-{2,}[ \t]*)?(?:"
    r"below this line is a copy of the message|this is a copy of the message|"
    r"original message(?: follows)?|the original message|returned message|"
    r"undelivered message|unsent message below|message headers follow|"
    r"ursprüngliche nachricht|die ursprüngliche nachricht|originalnachricht|"
    r"kopf der nachricht|header der nachricht)|"
    r"^(?:Received|Return-Path|DKIM-Signature|X-Original-To|Delivered-To):", _IM)

# "Message-ID: <...>" in the quoted headers of the original (text bounces quote them).
QUOTED_MESSAGE_ID = re.compile(r"^[ \t>]*message-id:[ \t]*(<[^<>\s]{3,250}>)", _IM)
