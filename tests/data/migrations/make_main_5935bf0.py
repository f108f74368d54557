"""How main-5935bf0.sql and main-5935bf0.yaml were made (run once, at commit 5935bf0).

The schema and rows of a database written by mailbot as it was before migrations
existed (issue 12): the real `mailbot inject` and `run --once` with today's code, plus one
IMAP cursor row (written by the IMAP intake, which needs a mail server). Kept for the
record; re-running it with later code would no longer give *that* database.

    .venv/bin/python tests/data/migrations/make_main_5935bf0.py
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent.parent))

from tests.support import event, mail, mailbot, write_config  # noqa: E402

T0 = datetime(2034, 5, 2, 8, 0, tzinfo=UTC)
SERIES = event(
    "reihe", "Workshopreihe Smart Region", datetime(2035, 3, 6, 9, tzinfo=UTC), capacity=2,
    waitlist=1, keywords=["Workshopreihe", "Workshop"],
    sessions=[
        {"id": "mobilitaet", "title": "Mobilität", "starts": "2035-03-06T10:00:00+01:00"},
        {"id": "wirtschaft", "title": "Wirtschaft und Handel",
         "starts": "2035-03-20T10:00:00+01:00", "capacity": 1},
    ])
LOUNGE = event("lounge", "Innovators Lounge Norderstedt", datetime(2035, 4, 4, 15, tzinfo=UTC),
               keywords=["Lounge", "Norderstedt"], capacity=3, waitlist=3)
MAILS = [
    mail("anna@stadt.example", "Ich melde mich für die Workshops Mobilität und Wirtschaft "
         "an.\n\nAnna Alt\nStadt Beispiel", name="Anna Alt", subject="Anmeldung Workshopreihe"),
    mail("bert@stadt.example", "Ich nehme an allen Workshops der Workshopreihe teil.",
         name="Bert Brandt"),
    mail("chef@kreis.example", "Hiermit melde ich meine Kollegin Frau Dr. Anna Schmidt und "
         "mich zur Innovators Lounge an.", name="Carl Chef"),
    mail("urlaub@stadt.example", "Ich bin bis Montag nicht im Büro.",
         subject="Abwesenheitsnotiz", headers={"Auto-Submitted": "auto-replied"}),
    mail("anna@stadt.example", "Zum Wirtschafts-Workshop der Workshopreihe kann ich leider "
         "nicht mehr kommen.", subject="Absage"),
]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        cfg = write_config(Path(tmp) / "mailbot.yaml", events=[SERIES, LOUNGE],
                           intake={"smtp": {"port": 2599}},
                           outgoing={"maildir": str(Path(tmp) / "outbox")})
        for n, raw in enumerate(MAILS):
            path = Path(tmp) / f"{n}.eml"
            path.write_bytes(raw)
            at = T0.replace(minute=n)
            mailbot(cfg, "inject", str(path), "--at", at.isoformat())
            mailbot(cfg, "run", "--once")
        db = sqlite3.connect(Path(tmp) / "mailbot.db")
        db.execute("INSERT INTO cursor (key, uid) VALUES "
                   "('bot@imap.example/INBOX/1714636800', 4711)")
        db.commit()
        (HERE / "main-5935bf0.sql").write_text("\n".join(db.iterdump()) + "\n")
        db.close()
        text = cfg.read_text().replace(str(tmp), "TMP")
        (HERE / "main-5935bf0.yaml").write_text(text)


if __name__ == "__main__":
    main()
