"""Reply bodies: templated texts (plain text and HTML) and date formatting."""

from mailbot.replies.dates import (
    format_date_local,
    format_datetime_local,
    format_when,
    reply_language,
)
from mailbot.replies.render import DEFAULT_LANG, Rendered, Renderer, UnknownKindError

__all__ = [
    "DEFAULT_LANG",
    "Rendered",
    "Renderer",
    "UnknownKindError",
    "format_date_local",
    "format_datetime_local",
    "format_when",
    "reply_language",
]
