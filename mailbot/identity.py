"""Who a mail proves to come from (issue 10): the address whose booking it may change.

A From header is a claim anyone can write, and Reply-To only says where answers go. A
mail proves that it comes from its From address when

- it replies (In-Reply-To/References) to one of mailbot's own mails *to that address*:
  our Message-IDs carry an HMAC of their recipient under a key only mailbot knows
  (``trust.secret`` or ``trust.secret_file``, else a random key made once and kept in the
  database), so nobody can make one up, nor use one we sent to somebody else; or
- the topmost ``Authentication-Results`` headers of an MTA the config trusts
  (``trust.authserv_id``, RFC 8601) say ``dkim=pass`` for the From domain (or a parent
  domain of it), or ``dmarc=pass`` for it. Headers of other authserv-ids, and trusted
  ones below an untrusted one, are the sender's own words and count for nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from mailbot.addresses import normalise
from mailbot.config import Settings
from mailbot.store.tables import TrustSecret, utcnow
from mailbot.understand.mime import Mail

KEY_ROW = "message-id"  # the name of the key's row in trust_secret
_CACHE = "mailbot.identity.key"  # the key, kept in the session's info for its lifetime
_KEYED = re.compile(r"^<mailbot\.([0-9a-f]{16})\.([0-9a-f]{24})@([^<>@\s]+)>$")


@dataclass(frozen=True)
class Trust:
    """What one mail proves about its sender."""

    proven: str | None = None  # the (normalised) address the mail proves it comes from
    how: str = ""  # "reply to our mail" | "dkim" | "dmarc"
    claimed: tuple[str, ...] = ()  # From, then Reply-To (normalised): whose booking it names
    pending: int | None = None  # the pending act this mail confirms
    referenced: int | None = None  # the booking that act is about
    asked_at: datetime | None = None  # when that act was asked (the registration window)

    @property
    def owner(self) -> str | None:
        """The address whose bookings an act of this mail is looked up by."""
        return self.proven or (self.claimed[0] if self.claimed else None)


# -- the key -----------------------------------------------------------------------------

def key(session: Session, settings: Settings) -> bytes:
    """The Message-ID key: the config's, else the database's (made on first use)."""
    cached = session.info.get(_CACHE)
    if isinstance(cached, bytes):
        return cached
    trust = settings.trust
    if trust.secret:
        value = trust.secret.encode()
    elif trust.secret_file:
        value = Path(trust.secret_file).read_bytes().strip()
        if len(value) < 16:
            raise ValueError("trust.secret_file holds fewer than 16 bytes")
    else:
        value = bytes.fromhex(_stored_secret(session))
    session.info[_CACHE] = value
    return value


def _stored_secret(session: Session) -> str:
    """The key the migration made (made here only if that row was deleted)."""
    row = session.get(TrustSecret, KEY_ROW)
    if row is not None:
        return row.value
    fresh = TrustSecret(name=KEY_ROW, value=secrets.token_hex(32), created_at=utcnow())
    try:
        with session.begin_nested():
            session.add(fresh)
    except IntegrityError:  # another process made it first: use theirs
        row = session.get(TrustSecret, KEY_ROW)
        assert row is not None
        return row.value
    return fresh.value


# -- keyed Message-IDs -------------------------------------------------------------------

def _mac(secret: bytes, nonce: str, recipient: str) -> str:
    data = f"{nonce}\x1f{normalise(recipient)}".encode()
    return hmac.new(secret, data, hashlib.sha256).hexdigest()[:24]


def keyed_message_id(secret: bytes, domain: str, recipient: str, *parts: object) -> str:
    """A Message-ID for a mail to ``recipient``: the same parts give the same id (so
    deciding a mail again writes the very same replies), and only the key's holder can
    make one that :func:`proves` accepts for that recipient."""
    nonce = hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:16]
    return f"<mailbot.{nonce}.{_mac(secret, nonce, recipient)}@{domain}>"


def proves(secret: bytes, domain: str, message_id: str, address: str) -> bool:
    """Is ``message_id`` one of ours, made for a mail to ``address``?"""
    m = _KEYED.match(message_id)
    if m is None or m.group(3).lower() != domain.lower():
        return False
    return hmac.compare_digest(m.group(2), _mac(secret, m.group(1), address))


def our_replies(secret: bytes, domain: str, mail: Mail, address: str) -> list[str]:
    """The ids this mail refers to that we made for mails to ``address``."""
    refs = dict.fromkeys((*mail.in_reply_to, *mail.references))
    return [r for r in refs if proves(secret, domain, r, address)]


# -- Authentication-Results (RFC 8601) ---------------------------------------------------

@dataclass(frozen=True)
class Result:
    method: str  # "dkim", "dmarc", "spf", ...
    result: str  # "pass", "fail", ...
    props: dict[str, str]  # "header.d" -> "example.org"


def _uncomment(value: str) -> str:
    """The header without its (nested) comments; quoted strings are kept."""
    out, depth, quoted = [], 0, False
    for ch in value:
        if ch == '"' and depth == 0:
            quoted = not quoted
        elif not quoted and ch == "(":
            depth += 1
            continue
        elif not quoted and ch == ")" and depth:
            depth -= 1
            continue
        if depth == 0:
            out.append(ch)
    return "".join(out)


def parse_results(value: str) -> tuple[str, list[Result]]:
    """(authserv-id, the results) of one Authentication-Results header value."""
    parts = [p.strip() for p in _uncomment(value).split(";")]
    head = parts[0].split()
    authserv = head[0].lower() if head else ""
    results = []
    for part in parts[1:]:
        tokens = part.split()
        if not tokens or "=" not in tokens[0]:
            continue
        method, _, result = tokens[0].partition("=")
        props = {}
        for token in tokens[1:]:
            name, eq, val = token.partition("=")
            if eq:
                props[name.lower()] = val.strip('"').lower()
        results.append(Result(method.split("/")[0].lower(), result.lower(), props))
    return authserv, results


def trusted_results(mail: Mail, authserv_ids: list[str]) -> list[Result]:
    """The results of the topmost Authentication-Results headers of a trusted authserv-id:
    our MTA adds its own above everything the sender wrote, so the first header of any
    other authserv-id ends what can be believed."""
    trusted = {a.lower() for a in authserv_ids}
    out: list[Result] = []
    for value in mail.headers.get("authentication-results", ()):
        authserv, results = parse_results(value)
        if authserv not in trusted:
            break
        out += results
    return out


def _domain_of(value: str) -> str:
    return value.rpartition("@")[2].strip(".").lower()


def _aligned(signer: str, from_domain: str) -> bool:
    """DKIM relaxed alignment as far as it can be told without the public suffix list:
    the signing domain is the From domain or a parent domain of it (never a bare TLD)."""
    return "." in signer and (from_domain == signer or from_domain.endswith("." + signer))


def authenticated(results: list[Result], from_addr: str) -> str | None:
    """"dkim" or "dmarc" when a result vouches for the From domain, else None."""
    domain = _domain_of(from_addr)
    for r in results:
        if r.method == "dmarc" and r.result == "pass" and \
                _domain_of(r.props.get("header.from", "")) == domain:
            return "dmarc"
    for r in results:
        signer = _domain_of(r.props.get("header.d") or r.props.get("header.i", ""))
        if r.method == "dkim" and r.result == "pass" and _aligned(signer, domain):
            return "dkim"
    return None


# -- the proof of one mail ---------------------------------------------------------------

def claimed(mail: Mail) -> tuple[str, ...]:
    """The addresses a mail names as its sender: From, then Reply-To."""
    return tuple(dict.fromkeys(normalise(a) for a in (mail.from_addr, mail.reply_to) if a))


def establish(session: Session, settings: Settings, mail: Mail) -> Trust:
    """What ``mail`` proves: its From address, by a reply to our mail to it or by a
    trusted Authentication-Results header; else nothing (only what it claims)."""
    names = claimed(mail)
    sender = normalise(mail.from_addr) if mail.from_addr else None
    if sender is None:
        return Trust(claimed=names)
    refs = [*mail.in_reply_to, *mail.references]
    if any(r.startswith("<mailbot.") for r in refs) and our_replies(
            key(session, settings), settings.domain, mail, sender):
        return Trust(sender, "reply to our mail", names)
    how = authenticated(trusted_results(mail, settings.trust.authserv_id), sender) \
        if settings.trust.authserv_id else None
    return Trust(sender, how, names) if how else Trust(claimed=names)
