"""Render reply bodies from the templates in ``templates/{lang}/{kind}.txt|.html``.

Everything that comes from a mail (names, subjects, organisations, question text)
is hostile input.  It is only ever passed to a template as *data* in the context
and never compiled as a template; templates are loaded from files only.  The
``.html`` templates autoescape, the ``.txt`` ones do not (plain text shows the
value as written).  Header lines (Subject, To, ...) are not built here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import FileSystemLoader, StrictUndefined, pass_eval_context, select_autoescape
from jinja2.nodes import EvalContext
from jinja2.sandbox import SandboxedEnvironment
from markupsafe import Markup, escape

__all__ = ["DEFAULT_LANG", "Rendered", "Renderer", "UnknownKindError"]

DEFAULT_LANG = "de"

# Keys every template may use.  Missing ones are filled with these defaults, so a
# caller may leave out what does not apply to a kind; attribute typos inside the
# templates still fail loudly (StrictUndefined).
_CONTEXT_DEFAULTS: dict[str, Any] = {
    "name": None,
    "addressee": None,  # a PersonView: how to greet the reader, when the mail said (issue 7)
    "event": None,
    "registration": None,
    "open_events": (),
    "max_seats": None,
    "reason": None,
    "question": None,
    "sender": None,
    "subject": None,
    "bot": None,
    "intent": None,  # what the person asked for: register | cancel | status | ...
    "question_forwarded": False,  # a question in the mail went to the organisers
}

_KIND_RE = re.compile(r"[a-z][a-z0-9_]*")
_LANG_RE = re.compile(r"[a-z]{2,3}")
# Bidi embeddings/overrides/isolates: could make hostile text read differently.
_BIDI = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))
_LINE_DEFAULT_MAX = 200


class UnknownKindError(KeyError, ValueError):
    """No template for this reply kind (catch as KeyError or ValueError)."""

    def __str__(self) -> str:  # KeyError would show the repr of the argument
        return str(self.args[0]) if self.args else "unknown reply kind"


@dataclass(frozen=True)
class Rendered:
    text: str
    html: str | None
    lang: str = DEFAULT_LANG  # language actually used (after fallback to "de")


def _clean_char(ch: str, keep_newlines: bool) -> str:
    if ch in "\r\n\v\f\x1c\x1d\x1e\x85\u2028\u2029":
        return "\n" if keep_newlines else " "
    if ch == "\t":
        return "\t" if keep_newlines else " "
    if unicodedata.category(ch) == "Cc":
        return ""
    return ch


def one_line(value: Any, max_len: int = _LINE_DEFAULT_MAX) -> str:
    """Filter ``line``: a mail-supplied value as one tidy line.

    Line breaks and tabs become spaces, control and bidi-override characters are
    dropped, runs of spaces collapse, and overlong values are cut with "…", so a
    hostile name cannot add lines of its own to the reply.
    """
    if value is None:
        return ""
    text = str(value).translate(_BIDI)
    text = "".join(_clean_char(ch, keep_newlines=False) for ch in text)
    text = " ".join(text.split())
    if max_len and len(text) > max_len:
        text = text[: max_len - 1].rstrip() + "\u2026"
    return text


def multi_line(value: Any) -> str:
    """Filter ``block``: mail-supplied text keeping its lines (question bodies).

    CRLF/CR become LF, control and bidi-override characters are dropped, trailing
    spaces are removed and runs of blank lines collapse to one.
    """
    if value is None:
        return ""
    text = str(value).replace("\r\n", "\n").translate(_BIDI)
    text = "".join(_clean_char(ch, keep_newlines=True) for ch in text)
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return re.sub(r"\n{3,}", "\n\n", text).strip("\n")


@pass_eval_context
def _nl2br(eval_ctx: EvalContext, value: Any) -> str:
    """Filter ``nl2br``: like ``block``, with <br> between lines in HTML templates."""
    text = multi_line(value)
    if not eval_ctx.autoescape:
        return text
    return Markup("<br>\n").join(escape(line) for line in text.split("\n"))


def _is_web_url(value: Any) -> bool:
    """Test ``web_url``: only http(s) links are made clickable in HTML."""
    return isinstance(value, str) and re.match(r"https?://[^\s\"'<>]+\Z", value) is not None


def _attr(obj: Any, name: str) -> Any:
    if isinstance(obj, Mapping):
        return obj.get(name)
    return getattr(obj, name, None)


def _organiser_contact(event: Any, bot: Any) -> str | None:
    """Template variable ``contact``: the organisers' address from ``event.contact``.

    None when unknown, and also when it is the bot's own address: "write to the
    organisers at <this very address>" would only send people back to the bot.
    """
    contact = _attr(event, "contact") if event is not None else None
    if not contact or not isinstance(contact, str):
        return None
    own = _attr(bot, "address") if bot is not None else None
    if isinstance(own, str) and own.strip().lower() == contact.strip().lower():
        return None
    return contact


def _tidy_text(text: str) -> str:
    """Trailing spaces off, at most one blank line in a row, exactly one final newline."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n")]
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(lines))
    return text.strip("\n") + "\n"


class Renderer:
    """Reply bodies by kind and language.

    ``templates_dir`` holds one folder per language (``de`` is required and is the
    fallback).  A kind is a ``{kind}.txt`` file in ``de``; ``{kind}.html`` is
    optional.  Files starting with "_" are shared parts, not kinds.
    """

    def __init__(self, templates_dir: Path) -> None:
        self.templates_dir = Path(templates_dir)
        default_dir = self.templates_dir / DEFAULT_LANG
        if not default_dir.is_dir():
            raise FileNotFoundError(f"no {DEFAULT_LANG!r} templates in {self.templates_dir}")
        self._kinds = frozenset(
            p.stem
            for p in default_dir.glob("*.txt")
            if not p.name.startswith("_") and _KIND_RE.fullmatch(p.stem)
        )
        self._files: dict[str, bool] = {}
        self.env = SandboxedEnvironment(
            loader=FileSystemLoader(str(self.templates_dir)),
            autoescape=select_autoescape(["html"]),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            # The templates are read once per runtime (a reload builds a new one): no
            # stat() of each template file before every render.
            auto_reload=False,
        )
        self.env.filters["line"] = one_line
        self.env.filters["block"] = multi_line
        self.env.filters["nl2br"] = _nl2br
        self.env.tests["web_url"] = _is_web_url

    def kinds(self) -> set[str]:
        return set(self._kinds)

    def languages(self) -> set[str]:
        return {
            p.name
            for p in self.templates_dir.iterdir()
            if p.is_dir() and _LANG_RE.fullmatch(p.name)
        }

    def resolve_lang(self, kind: str, lang: str | None) -> str:
        """The language whose templates will be used for ``kind``."""
        code = (lang or "").strip().lower().replace("_", "-").split("-")[0]
        if _LANG_RE.fullmatch(code) and self._exists(f"{code}/{kind}.txt"):
            return code
        return DEFAULT_LANG

    def _exists(self, name: str) -> bool:
        """Which template files exist, looked up once (the set of files is read at start,
        like the kinds and the templates themselves)."""
        known = self._files.get(name)
        if known is None:
            known = self._files[name] = (self.templates_dir / name).is_file()
        return known

    def render(self, kind: str, lang: str, context: Mapping[str, Any]) -> Rendered:
        if kind not in self._kinds:
            raise UnknownKindError(f"unknown reply kind {kind!r}")
        code = self.resolve_lang(kind, lang)
        data = {**_CONTEXT_DEFAULTS, **dict(context), "lang": code}
        data.setdefault("contact", _organiser_contact(data["event"], data["bot"]))

        text = _tidy_text(self.env.get_template(f"{code}/{kind}.txt").render(data))
        html: str | None = None
        if self._exists(f"{code}/{kind}.html"):
            html = self.env.get_template(f"{code}/{kind}.html").render(data)
        return Rendered(text=text, html=html, lang=code)
