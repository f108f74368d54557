"""Strict parsing of e-mail addresses from hostile header values.

CPython 3.11's ``email.utils`` predates the fix for CVE-2023-27043 (``parseaddr`` and
``getaddresses`` disagree on ``alice@x)<bob@y>``), so we accept an address only when the
parse is unambiguous: exactly one mailbox, a plain addr-spec, nothing left over.
"""

from __future__ import annotations

import re

_ADDR_SPEC = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def is_addr_spec(value: str) -> bool:
    return len(value) <= 254 and _ADDR_SPEC.match(value) is not None


_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
_ENCODED = re.compile(r"=\?[^?\s]+\?[bBqQ]\?[^?\s]*\?=")
_COMMENT = re.compile(r"\s*\([^()]*\)\s*$")


def parse_mailbox(value: str | None) -> tuple[str, str] | None:
    """``(display name, address)`` of a single-mailbox header value, or None if unsure.

    Accepts exactly ``addr``, ``addr (comment)`` and ``name <addr>``. The display name may
    hold quoted strings and RFC 2047 encoded words (returned undecoded); anything else
    that could make two parsers disagree about the address (CVE-2023-27043) is refused.
    """
    if not value or _CONTROL.search(value.replace("\t", " ")) or len(value) > 2000:
        return None
    value = value.strip()
    if value.endswith(">") and "<" in value:
        at = value.rfind("<")
        addr, name = value[at + 1:-1].strip(), value[:at].strip()
        bare = _ENCODED.sub("", _QUOTED.sub("", name))
        if any(ch in bare for ch in '@<>;:"') or not is_addr_spec(addr):
            return None
        if name.startswith('"') and name.endswith('"') and _QUOTED.fullmatch(name):
            name = re.sub(r"\\(.)", r"\1", name[1:-1])
        return name.strip(), addr
    comment = _COMMENT.search(value)
    name = ""
    if comment:
        name = comment.group(0).strip()[1:-1]
        value = value[: comment.start()]
    return (name.strip(), value) if is_addr_spec(value) else None


def parse_address(value: str | None) -> str | None:
    """The bare address of a single mailbox, lower-cased domain; None if not unambiguous."""
    parsed = parse_mailbox(value)
    if parsed is None:
        return None
    local, _, domain = parsed[1].rpartition("@")
    return f"{local}@{domain.lower()}"


def normalise(addr: str) -> str:
    """The identity of an attendee: case-insensitive, plus-tag kept (it is another inbox)."""
    return addr.strip().lower()


def base_address(addr: str) -> str:
    """``smartcity+austausch@x`` -> ``smartcity@x`` (RFC 5233 sub-addressing)."""
    local, _, domain = addr.rpartition("@")
    return f"{local.split('+', 1)[0]}@{domain}".lower()


def plus_tag(addr: str) -> str | None:
    local = addr.rpartition("@")[0]
    return local.split("+", 1)[1].lower() if "+" in local else None
