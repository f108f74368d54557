"""After an erasure: no byte of the erased data left in the database's files.

SQLite: the erasing transaction runs with ``secure_delete`` (freed space is zeroed); then
the WAL is checkpointed into the database file and truncated, ``VACUUM`` rewrites the
file from the live rows only (every page is written anew and the file cut to its new
size), and the WAL it wrote is checkpointed and truncated again. The ``-shm`` file holds
only the WAL's index (page numbers), never row data. A checkpoint cannot finish while
another process reads an older snapshot; it is retried for a while, and if it still
cannot finish :func:`compact` says so (run the command again).

PostgreSQL: the rows are updated in place, so their old versions are dead tuples;
``VACUUM`` makes their space reusable and removes them from the indexes, but it does not
overwrite the bytes: they may stay in the table files until the space is reused, in the
write-ahead log until its segments are recycled, and in any base backup or WAL archive.
``VACUUM FULL`` (``--full``) writes new table files, but the old files are unlinked, not
shredded. What PostgreSQL can promise is that no query, dump or replica made afterwards
sees the data; erasing backups is the operator's part (document it in the processing
record: Art. 30).
"""

from __future__ import annotations

import logging
import time
from typing import Any

from mailbot.store.db import Database

log = logging.getLogger(__name__)

TABLES = ("inbox", "registration", "outgoing")


def compact(db: Database, full: bool = False, patience: float = 30.0) -> bool:
    """Rewrite the storage of the erased rows; False if the SQLite WAL could not be emptied
    (another process held an old snapshot the whole time)."""
    if db.engine.dialect.name == "sqlite":
        return _sqlite(db, patience)
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql(("VACUUM (FULL, ANALYZE) " if full else "VACUUM (ANALYZE) ")
                                 + ", ".join(TABLES))
    return True


def _sqlite(db: Database, patience: float) -> bool:
    raw: Any = db.engine.raw_connection()
    try:
        cur = raw.cursor()
        cur.execute("PRAGMA secure_delete=ON")
        done = _checkpoint(cur, patience)
        cur.execute("VACUUM")
        done = _checkpoint(cur, patience) and done
        cur.close()
        return done
    finally:
        raw.close()


def _checkpoint(cur: Any, patience: float) -> bool:
    deadline = time.monotonic() + patience
    while True:
        busy = cur.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
        if not busy:
            return True
        if time.monotonic() > deadline:
            log.warning("the database's WAL could not be emptied: another process keeps "
                        "an old snapshot open; run the command again")
            return False
        time.sleep(0.2)
