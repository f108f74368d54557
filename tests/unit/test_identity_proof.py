"""Issue 10.1: keyed Message-IDs and the reading of Authentication-Results (RFC 8601)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sqlalchemy import create_engine
from sqlmodel import Session

from mailbot.config import ConfigError, Settings, parse_config
from mailbot.identity import (
    authenticated,
    claimed,
    key,
    keyed_message_id,
    parse_results,
    proves,
    trusted_results,
)
from mailbot.replies.compose import message_id
from mailbot.understand.mime import parse
from tests.support import mail
from tests.unit.test_config import GOOD

KEY = b"k" * 32
DOMAIN = "example.org"


def test_a_keyed_id_is_the_same_for_the_same_reply_and_proves_only_its_recipient() -> None:
    one = keyed_message_id(KEY, DOMAIN, "alice@stadt.example", "src", 0, "confirmed")
    assert one == keyed_message_id(KEY, DOMAIN, "alice@stadt.example", "src", 0, "confirmed")
    assert re.fullmatch(r"<mailbot\.[0-9a-f]{16}\.[0-9a-f]{24}@example\.org>", one)
    assert proves(KEY, DOMAIN, one, "alice@stadt.example")
    assert proves(KEY, DOMAIN, one, "Alice@Stadt.Example")  # addresses are normalised
    assert not proves(KEY, DOMAIN, one, "mallory@evil.example")  # made for someone else
    assert not proves(b"x" * 32, DOMAIN, one, "alice@stadt.example")  # another key
    assert not proves(KEY, "evil.example", one, "alice@stadt.example")
    assert not proves(KEY, DOMAIN, one.replace("@example.org", "@evil.example"),
                      "alice@stadt.example")


def test_the_old_deterministic_form_and_altered_ids_prove_nothing() -> None:
    keyed = keyed_message_id(KEY, DOMAIN, "alice@stadt.example", "src", 0, "confirmed", "a")
    old = message_id(DOMAIN, "src", 0, "confirmed", "a")  # what mailbot wrote before
    assert old == "<mailbot." + keyed.split(".")[1] + "@example.org>"  # the same nonce
    assert not proves(KEY, DOMAIN, old, "alice@stadt.example")
    nonce, mac = keyed[len("<mailbot."):].split("@")[0].split(".")
    flipped = mac[:-1] + ("0" if mac[-1] != "0" else "1")
    assert not proves(KEY, DOMAIN, f"<mailbot.{nonce}.{flipped}@{DOMAIN}>",
                      "alice@stadt.example")
    assert not proves(KEY, DOMAIN, f"<mailbot.{nonce}.{mac.upper()}@{DOMAIN}>",
                      "alice@stadt.example")
    assert not proves(KEY, DOMAIN, "<garbage>", "alice@stadt.example")


def test_parse_results_reads_methods_properties_versions_and_skips_comments() -> None:
    authserv, results = parse_results(
        'mx.example.org 1; dkim=pass (2048-bit key; secure) header.d=Stadt.Example '
        'header.s="sel 1" header.b=abc; spf=pass smtp.mailfrom=x@stadt.example; '
        'dmarc/1=pass (p=none) header.from=stadt.example')
    assert authserv == "mx.example.org"
    assert [(r.method, r.result) for r in results] == [("dkim", "pass"), ("spf", "pass"),
                                                         ("dmarc", "pass")]
    assert results[0].props["header.d"] == "stadt.example"
    assert results[2].props == {"header.from": "stadt.example"}
    assert parse_results("mx.example.org; none") == ("mx.example.org", [])
    assert parse_results("") == ("", [])
    # a comment cannot smuggle in a result of its own
    _, results = parse_results("mx.example.org; spf=fail (dkim=pass header.d=stadt.example)")
    assert [(r.method, r.result) for r in results] == [("spf", "fail")]


@pytest.mark.parametrize(("header", "verdict"), [
    ("mx.example.org; dkim=pass header.d=stadt.example", "dkim"),
    ("mx.example.org; dkim=pass header.i=@stadt.example", "dkim"),
    ("mx.example.org; dkim=pass header.d=example", None),  # never a bare TLD
    ("mx.example.org; dkim=pass header.d=evil.example", None),  # not aligned with From
    ("mx.example.org; dkim=pass header.d=mail.stadt.example", None),  # stricter than DMARC
    ("mx.example.org; dkim=fail header.d=stadt.example", None),
    ("mx.example.org; dkim=pass header.d=evil-stadt.example", None),
    ("mx.example.org; dmarc=pass header.from=stadt.example", "dmarc"),
    ("mx.example.org; dmarc=pass header.from=evil.example", None),
    ("mx.example.org; dmarc=fail header.from=stadt.example", None),
])
def test_dkim_or_dmarc_pass_counts_only_when_aligned_with_from(header: str,
                                                               verdict: str | None) -> None:
    _, results = parse_results(header)
    assert authenticated(results, "anna@stadt.example") == verdict


def test_dkim_of_a_parent_domain_is_aligned() -> None:
    _, results = parse_results("mx.example.org; dkim=pass header.d=stadt.example")
    assert authenticated(results, "anna@rathaus.stadt.example") == "dkim"


def _with_results(*values: str) -> bytes:
    head = "".join(f"Authentication-Results: {v}\n" for v in values).encode()
    return head + mail("anna@stadt.example", "Ich sage ab.")


def test_only_the_topmost_headers_of_a_trusted_authserv_id_are_believed() -> None:
    ok = "mx.example.org; dkim=pass header.d=stadt.example"
    trusted = ["MX.example.org"]
    assert trusted_results(parse(_with_results(ok)), trusted)
    assert trusted_results(parse(_with_results("filter.example.org; none", ok)),
                           [*trusted, "filter.example.org"])
    # below another authserv-id (the sender wrote it), or no trusted one at all: nothing
    assert trusted_results(parse(_with_results("evil.example; none", ok)), trusted) == []
    assert trusted_results(parse(_with_results(ok.replace("mx.", "mx2."))), trusted) == []
    assert trusted_results(parse(_with_results(ok)), []) == []


def test_claimed_names_from_then_reply_to() -> None:
    msg = parse(mail("Anna@Stadt.Example", "x", headers={"Reply-To": "chef@stadt.example"}))
    assert claimed(msg) == ("anna@stadt.example", "chef@stadt.example")


def _settings(trust: str) -> Settings:
    return parse_config(GOOD + trust, "mailbot.yaml", {})


def test_the_configured_secret_or_secret_file_is_the_key(tmp_path: Path) -> None:
    settings = _settings("trust: {authserv_id: mx.example.org, secret: 0123456789abcdef0}\n")
    assert settings.trust.authserv_id == ["mx.example.org"]
    with Session(create_engine("sqlite://")) as session:  # no table is read
        assert key(session, settings) == b"0123456789abcdef0"
    secret = tmp_path / "secret"
    secret.write_text("a-long-random-secret-from-a-file\n")
    with Session(create_engine("sqlite://")) as session:
        assert key(session, _settings(f"trust: {{secret_file: {secret}}}\n")) == \
            b"a-long-random-secret-from-a-file"


@pytest.mark.parametrize("trust", [
    "trust: {secret: short}\n",
    "trust: {secret: 0123456789abcdef0, secret_file: /etc/x}\n",
    "trust: {authserv: mx.example.org}\n",
])
def test_a_bad_trust_section_is_a_config_error(trust: str) -> None:
    with pytest.raises(ConfigError) as info:
        _settings(trust)
    assert all("trust" in str(p) for p in info.value.problems)
