"""A reply plan -> the finished message: rendered body, headers, a deterministic Message-ID.

The Message-ID is derived from the incoming mail's source key, the reply's position and
kind and its recipient, so deciding a mail again writes the very same replies (and the
outbox's unique Message-ID keeps a second copy out). With the key of
:mod:`mailbot.identity` it also carries an HMAC of the recipient: a reply to it proves
that it comes from that recipient (without a key, an id that proves nothing).
"""

from __future__ import annotations

from mailbot.config import Settings
from mailbot.identity import keyed_message_id
from mailbot.replies.assemble import Reply
from mailbot.replies.compose import compose, message_id, reply_subject, to_bytes
from mailbot.replies.render import Rendered, Renderer
from mailbot.store.tables import utcnow


class Writer:
    def __init__(self, settings: Settings, renderer: Renderer):
        self.settings = settings
        self.renderer = renderer

    def body(self, reply: Reply) -> Rendered:
        return self.renderer.render(reply.kind, reply.lang, reply.context)

    def subject(self, reply: Reply, body: Rendered) -> str:
        if reply.subject:
            return reply.subject
        return reply_subject(reply.answering.subject if reply.answering else "", body.lang)

    def write(self, reply: Reply, source_key: str, index: int,
              key: bytes | None = None) -> tuple[str, bytes]:
        """(Message-ID, the message as SMTP bytes) of reply number ``index`` to the mail
        stored under ``source_key``; ``key``: the Message-ID key (identity.key)."""
        body = self.body(reply)
        settings = self.settings
        parts = (source_key, index, reply.kind, reply.to)
        msgid = keyed_message_id(key, settings.domain, reply.to, *parts) if key else \
            message_id(settings.domain, *parts)
        msg = compose(
            sender=settings.address, sender_name=None, to=[(reply.to, reply.to_name)],
            subject=self.subject(reply, body), body=body, msgid=msgid,
            date=utcnow().astimezone(settings.tz), answering=reply.answering,
            reply_to=reply.reply_to, attach=reply.attach,
            auto="auto-generated" if reply.organiser else "auto-replied",
        )
        return msgid, to_bytes(msg)
