"""Delete the copies of erased mails that mailbot keeps on the IMAP server.

With ``after: move:FOLDER`` mailbot moves every stored mail into a folder of its own:
those copies are mailbot's, and erasing a person deletes theirs there (found by the
Message-IDs of the erased mails, and by a server-side search for the address and the
full names). With ``after: flag`` or ``after: none`` the mails stay in the folder people
read (the mailbox owner's, not mailbot's): mailbot deletes nothing there, and the report
says so.
"""

from __future__ import annotations

import ssl
from collections.abc import Iterable

from imapclient import IMAPClient

from mailbot.config.models import ImapIntake


def own_folder(conf: ImapIntake | None) -> str | None:
    """The folder mailbot moves stored mail into, if it does."""
    if conf is None or not conf.after.startswith("move:"):
        return None
    return conf.after.split(":", 1)[1]


def delete_copies(conf: ImapIntake, password: str | None, message_ids: Iterable[str],
                  needles: Iterable[str] = ()) -> int:
    """Delete (and expunge) the mails in mailbot's own folder that have one of
    ``message_ids`` or contain one of ``needles`` (an address, a full name). Returns how
    many. Raises on network or login errors (the caller reports them)."""
    folder = own_folder(conf)
    if folder is None:
        return 0
    context = ssl.create_default_context() if (conf.ssl or conf.starttls) else None
    client = IMAPClient(conf.host, port=conf.port, ssl=conf.ssl, ssl_context=context,
                        timeout=conf.timeout, use_uid=True)
    try:
        if conf.starttls and not conf.ssl:
            client.starttls(context)
        client.login(conf.username, password or "")
        if not client.folder_exists(folder):
            return 0
        client.select_folder(folder)
        uids: set[int] = set()
        for mid in message_ids:
            uids.update(client.search(["HEADER", "Message-ID", _clean(mid)]))
        for needle in needles:
            text = _clean(needle)
            uids.update(client.search(["TEXT", text],
                                      charset=None if text.isascii() else "UTF-8"))
        if uids:
            client.delete_messages(sorted(uids), silent=True)
            if client.has_capability("UIDPLUS"):
                client.uid_expunge(sorted(uids))
            else:
                client.expunge()
        return len(uids)
    finally:
        try:
            client.logout()
        except Exception:  # noqa: BLE001 - the link may be dead already
            client.shutdown()


def _clean(value: str) -> str:
    """A search string without CR/LF or quotes (it came from a mail)."""
    return "".join(ch for ch in value if ch not in '\r\n"\\')[:200]
