"""`mailbot preview`: what mailbot understood and would answer, changing nothing; over a
folder one JSON object per line; saved mails are judged at their arrival time."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from tests.support import event, mail, mailbot, write_config

BERLIN = ZoneInfo("Europe/Berlin")
STARTS = datetime(2018, 3, 8, 10, 0, tzinfo=BERLIN)


def saved(folder: Path, name: str, received: str | None, date: str, body: str) -> Path:
    raw = mail("anna@stadt.example", body, name="Anna Alt", subject="Anmeldung Austausch")
    head = f"Received: from mx.stadt.example by mail.example.org; {received}\r\n" \
        if received else ""
    raw = head.encode() + raw.replace(b"Subject:", f"Date: {date}\r\nSubject:".encode(), 1)
    path = folder / name
    path.write_bytes(raw)
    return path


def test_preview_folder_judges_each_mail_at_its_arrival(tmp_path: Path) -> None:
    cfg = write_config(
        tmp_path / "mailbot.yaml",
        events=[event("austausch", "Interkommunaler Austausch", STARTS,
                      keywords=["Austausch"], deadline=datetime(2018, 3, 1, 18, 0, tzinfo=BERLIN))],
        intake={"smtp": {"port": 2598}}, outgoing={"maildir": str(tmp_path / "out")})
    folder = tmp_path / "saved"
    folder.mkdir()
    body = "Hiermit melde ich mich zum Interkommunalen Austausch an."
    # Received (arrival at the server) wins over a misleading Date: header
    saved(folder, "a-on-time.eml", "Tue, 20 Feb 2018 09:00:00 +0100",
          "Mon, 05 Mar 2018 09:00:00 +0100", body)
    saved(folder, "b-late.eml", "Mon, 05 Mar 2018 09:00:00 +0100",
          "Tue, 20 Feb 2018 09:00:00 +0100", body)
    saved(folder, "c-date-only.eml", None, "Wed, 28 Feb 2018 12:00:00 +0100", body)
    out = mailbot(cfg, "preview", str(folder), "--json").stdout.splitlines()
    results = {Path(r["file"]).name: r for r in map(json.loads, out)}
    assert list(results) == ["a-on-time.eml", "b-late.eml", "c-date-only.eml"]
    for r in results.values():  # understanding does not depend on the time
        assert (r["intent"], r["event"], r["seats"]) == ("register", "austausch", 1)
        assert r["attendees"] == [{"name": "Anna Alt", "email": "anna@stadt.example"}]
        assert r["automatic"] is None
    assert "bestätigen" in results["a-on-time.eml"]["reply"]["text"]
    assert "Anmeldeschluss" in results["b-late.eml"]["reply"]["text"]
    assert results["c-date-only.eml"]["arrived_at"].startswith("2018-02-28T12:00:00")
    # --at overrides; nothing was stored by any preview
    late = json.loads(mailbot(cfg, "preview", str(folder / "a-on-time.eml"), "--json",
                              "--at", "2018-03-02T08:00:00+01:00").stdout)
    assert late["reply"]["to"] == "anna@stadt.example"
    assert "Anmeldeschluss" in late["reply"]["text"]
    assert not (tmp_path / "mailbot.db").exists()


def test_preview_of_automatic_mail_has_no_reply(tmp_path: Path) -> None:
    cfg = write_config(tmp_path / "mailbot.yaml",
                       events=[event("austausch", "Austausch", STARTS)],
                       intake={"smtp": {"port": 2598}}, outgoing={"maildir": "out"})
    path = tmp_path / "ooo.eml"
    path.write_bytes(mail("away@stadt.example", "Ich bin bis 12.3. nicht im Büro.",
                          subject="Abwesenheitsnotiz: Anmeldung",
                          headers={"Auto-Submitted": "auto-replied"}))
    result = json.loads(mailbot(cfg, "preview", str(path), "--json").stdout)
    assert result["reply"] is None
    assert "Auto-Submitted" in result["automatic"]["reason"]
    human = mailbot(cfg, "preview", str(path)).stdout
    assert "automatic" in human and "reply:      (none)" in human
