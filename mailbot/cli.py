"""The ``mailbot`` command: parse arguments, call the app. Nothing else lives here."""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from mailbot.config import ConfigError, Settings, config_path, load_config

log = logging.getLogger("mailbot")


def _settings(args: argparse.Namespace) -> Settings:
    return load_config(config_path(args.config, os.environ))


def cmd_check_config(args: argparse.Namespace) -> int:
    path = config_path(args.config, os.environ)
    settings = load_config(path)
    print(f"{path}: OK ({len(settings.events)} events)")
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    from mailbot.app import App

    app = App(_settings(args), os.environ)
    try:
        if args.once:
            summary = app.run_once()
            d = summary.delivery
            print(f"fetched {summary.fetched}, processed {summary.processed}, "
                  f"sent {d.sent if d else 0}, retry {d.retried if d else 0}, "
                  f"failed {d.failed if d else 0}")
        else:
            app.run_forever()
            return 1 if app.failed else 0
    finally:
        app.close()
    return 0


def _registrations(settings: Settings, event_id: str) -> list[dict[str, Any]]:
    from sqlmodel import col, select

    from mailbot.booking.service import positions
    from mailbot.store.db import Database
    from mailbot.store.tables import Registration

    event = settings.event(event_id)
    if event is None:
        raise SystemExit(f"mailbot: no event with id {event_id!r} "
                         f"(known: {', '.join(e.id for e in settings.events)})")
    db = Database(settings.database)
    db.create()
    rows: list[dict[str, Any]] = []
    try:
        with db.unit() as session:
            regs = session.exec(select(Registration).where(Registration.event_id == event_id)
                                .order_by(col(Registration.arrived_at), col(Registration.id))
                                ).all()
            for reg in regs:
                units = positions(session, event, reg)
                waiting = [p for st, p in units.values() if st == "waitlisted" and p]
                rows.append({
                    "email": reg.email, "name": reg.name, "organisation": reg.organisation,
                    "status": reg.status,
                    "waitlist_position": min(waiting) if reg.status == "waitlisted" and waiting
                    else None,
                    "seats": reg.seats,
                    "sessions": [u for u, (st, _p) in units.items()
                                 if u and st in ("confirmed", "waitlisted")],
                    "attendees": [p.get("name") for p in json.loads(reg.attendees)],
                    "contact_name": reg.contact_name,
                    "reason": reg.reason,
                    "arrived_at": reg.arrived_at.astimezone(settings.tz).isoformat(),
                })
    finally:
        db.dispose()
    return rows


def cmd_registrations(args: argparse.Namespace) -> int:
    rows = _registrations(_settings(args), args.event)
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["email"])
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ";".join(map(str, v)) if isinstance(v, list) else v
                             for k, v in row.items()})
    else:
        cols = ["status", "waitlist_position", "seats", "name", "email", "organisation",
                "arrived_at"]
        table = [[("" if r[c] is None else str(r[c])) for c in cols] for r in rows]
        widths = [max([len(c)] + [len(t[i]) for t in table]) for i, c in enumerate(cols)]
        print("  ".join(c.ljust(w) for c, w in zip(cols, widths, strict=True)))
        for t in table:
            print("  ".join(v.ljust(w) for v, w in zip(t, widths, strict=True)))
        print(f"({len(rows)} registrations)")
    return 0


def cmd_inbox(args: argparse.Namespace) -> int:
    """Every stored mail with the state it ended in: nothing is dropped silently."""
    from sqlmodel import col, select

    from mailbot.store.db import Database
    from mailbot.store.tables import InboxMail, OutgoingMail

    settings = _settings(args)
    db = Database(settings.database)
    db.create()
    try:
        with db.unit() as session:
            mails = session.exec(select(InboxMail).order_by(col(InboxMail.arrived_at),
                                                            col(InboxMail.id))).all()
            sent: dict[int | None, list[dict[str, Any]]] = {}
            for out in session.exec(select(OutgoingMail)).all():
                sent.setdefault(out.inbox_id, []).append(
                    {"kind": out.kind, "to": out.recipient, "state": out.state,
                     "error": out.last_error})
            rows: list[dict[str, Any]] = [{
                "id": m.id, "arrived_at": m.arrived_at.astimezone(settings.tz).isoformat(),
                "source": m.source, "uid": m.uid, "from": m.sender, "subject": m.subject,
                "state": m.state, "outcome": m.outcome, "reason": m.reason,
                "replies": sent.get(m.id, []),
            } for m in mails]
    finally:
        db.dispose()
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for r in rows:
        replies = ", ".join(f"{x['kind']}->{x['to']} ({x['state']})" for x in r["replies"])
        print(f"{r['id']:>5}  {r['arrived_at']}  {r['state']:<4}  {r['outcome'] or '-':<8}  "
              f"{(r['from'] or '?')[:40]:<40}  {r['reason'] or ''}"
              + (f"  [{replies}]" if replies else ""))
    print(f"({len(rows)} mails)")
    return 0


def _mail_files(path: Path) -> Iterator[Path]:
    if path.is_dir():
        yield from sorted(p for p in path.rglob("*") if p.is_file())
    else:
        yield path


def _arrival(raw: bytes, at: str | None, settings: Settings) -> datetime:
    """--at (local to the configured zone unless it has an offset), else the topmost
    Received: (arrival at the server), else Date:, else now."""
    if at:
        value = datetime.fromisoformat(at)
        return value if value.tzinfo else value.replace(tzinfo=settings.tz)
    from mailbot.understand.mime import parse

    mail = parse(raw)
    return mail.received or mail.date or datetime.now(UTC)


def cmd_preview(args: argparse.Namespace) -> int:
    from sqlalchemy import inspect

    from mailbot.handler import Handler
    from mailbot.preview import preview
    from mailbot.runtime import Runtime
    from mailbot.store.db import Database

    settings = _settings(args)
    url = settings.database
    if url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        url = "sqlite://"  # nothing stored yet: judge against an empty, throwaway database
    db = Database(url)
    if url != "sqlite://" and not inspect(db.engine).has_table("inbox"):
        db.dispose()  # a database without mailbot's tables: leave it untouched
        db = Database("sqlite://")
    db.create()
    handler = Handler(Runtime.build(settings))
    path = Path(args.mail)
    many = path.is_dir()
    try:
        for file in _mail_files(path):
            raw = file.read_bytes()
            result = preview(handler, db, raw, _arrival(raw, args.at, settings))
            if many:
                result = {"file": str(file), **result}
            if not args.explain:
                result.pop("evidence", None)
                result.pop("new_text", None)
            if args.json:
                print(json.dumps(result, ensure_ascii=False, indent=None if many else 2))
            else:
                _print_preview(result)
                if args.explain:
                    _print_explain(result)
    finally:
        db.dispose()
    return 0


def _print_preview(r: dict[str, Any]) -> None:
    if "file" in r:
        print(f"== {r['file']}")
    auto = r["automatic"]
    print(f"intent:     {r['intent']}" + (f"  (automatic: {auto['reason']})" if auto else ""))
    print(f"event:      {r['event']}" + (f"  sessions: {', '.join(r['sessions'])}"
                                         if r["sessions"] else ""))
    people = ", ".join(f"{p['name'] or '?'}" + (f" <{p['email']}>" if p["email"] else "")
                       for p in r["attendees"])
    print(f"attendees:  {people or '-'}  (seats: {r['seats']})")
    print(f"outcome:    {r['outcome']}: {r['reason']}")
    if r["reply"]:
        print(f"reply to:   {r['reply']['to']}\nsubject:    {r['reply']['subject']}\n")
        print(r["reply"]["text"])
    else:
        print("reply:      (none)")
    print()


def _print_explain(r: dict[str, Any]) -> None:
    """What decided: the sender's own words, then every piece of evidence by question."""
    print("why:")
    text = " ".join((r.get("new_text") or "").split())
    print(f"  the sender's own words: {text[:300]!r}" + (" …" if len(text) > 300 else ""))
    groups: dict[str, list[dict[str, Any]]] = {}
    for e in r.get("evidence") or []:
        kind = ("event" if e["source"] == "decision" or e["rule"].split(":")[0] in _EVENT_RULES
                else "spam" if e["rule"] == "spam-signal"
                else "people" if e["source"] == "people" else "intent")
        groups.setdefault(kind, []).append(e)
    for kind in ("intent", "event", "people", "spam"):
        if kind not in groups:
            continue
        print(f"  {kind}:")
        if kind == "people":
            for e in groups[kind]:
                print(f"    {e['span']}: {e['target']}")
            continue
        for e in sorted(groups[kind], key=lambda e: (e["source"] == "decision", -e["weight"])):
            if e["source"] == "decision":
                print(f"    => {e['target']} (decided by: {e['span']})")
            else:
                print(f"    {e['weight']:6.2f}  {e['target']:<28} {e['rule']:<28} "
                      f"[{e['source']}] {e['span']!r}")
    print()


_EVENT_RULES = {"word", "stem", "compound", "modified", "head", "fuzzy", "acronym", "phrase",
                "date", "weekday", "month", "time", "plus-address"}


def cmd_inject(args: argparse.Namespace) -> int:
    """Store mail files as if they had just arrived (or at --at), for `run --once`."""
    from mailbot.intake.inbox import Arrival, store
    from mailbot.store.db import Database

    settings = _settings(args)
    db = Database(settings.database)
    db.create()
    try:
        count = 0
        for file in _mail_files(Path(args.mail)):
            raw = file.read_bytes()
            at = datetime.fromisoformat(args.at) if args.at else datetime.now(UTC)
            with db.unit(durable=True) as session:
                if store(session, Arrival(raw=raw, arrived_at=at if at.tzinfo else
                                          at.replace(tzinfo=settings.tz), source="inject"),
                         settings.limits.max_mail_bytes) is not None:
                    count += 1
        print(f"stored {count} mail(s)")
    finally:
        db.dispose()
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="mailbot", description=__doc__)
    p.add_argument("--config", help="configuration file (default: $MAILBOT_CONFIG or "
                   "config/mailbot.yaml)")
    p.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = p.add_subparsers(dest="command", required=True)

    s = sub.add_parser("run", help="watch the mailbox and answer registrations")
    s.add_argument("--once", action="store_true",
                   help="process everything waiting, deliver pending replies, exit")
    s.set_defaults(func=cmd_run)

    s = sub.add_parser("check-config", help="validate the configuration file")
    s.set_defaults(func=cmd_check_config)

    s = sub.add_parser("registrations", help="list the registrations of an event")
    s.add_argument("event")
    s.add_argument("--format", choices=("table", "csv", "json"), default="table")
    s.set_defaults(func=cmd_registrations)

    s = sub.add_parser("inbox", help="list received mails and what became of each")
    s.add_argument("--format", choices=("table", "json"), default="table")
    s.set_defaults(func=cmd_inbox)

    s = sub.add_parser("preview", help="show what mailbot would understand and answer")
    s.add_argument("mail", help="a saved mail (.eml) or a folder of them")
    s.add_argument("--json", action="store_true", help="JSON (one object per line for a folder)")
    s.add_argument("--at", help="arrival time to judge the mail at (ISO 8601)")
    s.add_argument("--explain", action="store_true",
                   help="also show what decided: the words, dates and references that voted "
                        "for each event and intent, with their weights")
    s.set_defaults(func=cmd_preview)

    s = sub.add_parser("inject", help="store saved mails as arrived, for `run --once`")
    s.add_argument("mail", help="a saved mail (.eml) or a folder of them")
    s.add_argument("--at", help="arrival time (ISO 8601; default now)")
    s.set_defaults(func=cmd_inject)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd: one line per connection
    try:
        return int(args.func(args))
    except ConfigError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"mailbot: configuration is invalid ({len(exc.problems)} problem(s))",
              file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
