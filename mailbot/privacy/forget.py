"""``mailbot forget EMAIL``: erase a person (Art. 17 DSGVO).

In this order: find what concerns the person (:mod:`matching`), delete mailbot's IMAP
copies of those mails (before the database forgets their Message-IDs; if the server
cannot be reached nothing is erased and the command says so), erase the rows in one
transaction (:mod:`erase`), and rewrite the database files (:mod:`compact`). Running it
again finds nothing and changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mailbot.config import Settings
from mailbot.config.models import secret
from mailbot.privacy.compact import compact
from mailbot.privacy.erase import Erased, erase
from mailbot.privacy.imap import delete_copies, own_folder
from mailbot.privacy.matching import person, select_person
from mailbot.store import schema


@dataclass(frozen=True)
class Forgotten:
    erased: Erased
    imap_deleted: int | None  # None: mailbot keeps no IMAP folder of its own
    compacted: bool  # False: the SQLite WAL could not be emptied (run again)


def forget(settings: Settings, env: Mapping[str, str], address: str, *, imap: bool = True,
           full: bool = False) -> Forgotten | None:
    """Erase ``address`` and its names; None when nothing was ever stored."""
    db = schema.reader(settings.database)
    if db is None:
        return None
    try:
        conf = settings.intake.imap
        deleted = None
        if imap and conf is not None and own_folder(conf):
            with db.unit() as session:
                who = person(session, address)
                message_ids = select_person(session, who).message_ids
            deleted = delete_copies(conf, secret(conf, env), message_ids, who.needles())
        with db.unit() as session:
            who = person(session, address)
            erased = erase(session, select_person(session, who), who)
        return Forgotten(erased, deleted, compact(db, full=full))
    finally:
        db.dispose()
