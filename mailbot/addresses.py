"""Strict parsing of e-mail addresses from hostile header values.

CPython 3.11's ``email.utils`` predates the fix for CVE-2023-27043 (``parseaddr`` and
``getaddresses`` disagree on ``alice@x)<bob@y>``), so we accept an address only when the
parse is unambiguous: exactly one mailbox, a plain addr-spec, nothing left over.
"""

from __future__ import annotations

import re
from email.utils import getaddresses

_ADDR_SPEC = re.compile(
    r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*"
    r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$"
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def is_addr_spec(value: str) -> bool:
    return len(value) <= 254 and _ADDR_SPEC.match(value) is not None


def parse_mailbox(value: str | None) -> tuple[str, str] | None:
    """``(display name, address)`` of a single-mailbox header value, or None if unsure."""
    if not value or _CONTROL.search(value.replace("\t", " ")) or len(value) > 2000:
        return None
    value = value.strip()
    pairs = getaddresses([value])
    if len(pairs) != 1:
        return None
    name, addr = pairs[0]
    if not is_addr_spec(addr):
        return None
    # The addr-spec must be exactly what stands in <...> (or the whole value): this rejects
    # the CVE-2023-27043 shapes where parsers disagree about which address is meant.
    if "<" in value:
        inner = value[value.rfind("<") + 1:]
        if not inner.endswith(">") or inner[:-1].strip() != addr:
            return None
        if value.count("@") - value[: value.rfind("<")].count("@") != 1:
            return None
    elif value != addr:
        return None
    return name.strip(), addr


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
