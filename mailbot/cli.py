"""The ``mailbot`` command: parse arguments, call the app or a report, print the result."""

from __future__ import annotations

import argparse
import csv
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mailbot.config import ConfigError, Settings, config_path, load_config
from mailbot.store import SchemaError

if TYPE_CHECKING:
    from sqlmodel import Session

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


def _report(settings: Settings, query: Callable[[Session], list[dict[str, Any]]],
            ) -> list[dict[str, Any]]:
    """The rows of a report, read from the stored database; none (after saying so) when
    nothing was stored yet. Creates no file and no table."""
    from mailbot.store import schema

    db = schema.reader(settings.database)
    if db is None:
        print(f"mailbot: no database yet at {schema.describe(settings.database)}: "
              "nothing received", file=sys.stderr)
        return []
    try:
        with db.unit() as session:
            return query(session)
    finally:
        db.dispose()


def cmd_registrations(args: argparse.Namespace) -> int:
    from mailbot import listing, reports

    settings = _settings(args)
    event = settings.event(args.event)
    if event is None:
        raise SystemExit(f"mailbot: no event with id {args.event!r} "
                         f"(known: {', '.join(e.id for e in settings.events)})")
    rows = _report(settings, lambda session: reports.registrations(session, settings, event))
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        writer = csv.DictWriter(sys.stdout, fieldnames=list(rows[0]) if rows else ["email"])
        writer.writeheader()
        for row in rows:
            writer.writerow({k: ";".join(map(str, v)) if isinstance(v, list) else v
                             for k, v in row.items()})
    else:
        print("\n".join(listing.registrations(rows)))
    return 0


def cmd_inbox(args: argparse.Namespace) -> int:
    from mailbot import listing, reports

    settings = _settings(args)
    rows = _report(settings, lambda session: reports.inbox(session, settings))
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print("\n".join(listing.inbox(rows)))
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from mailbot.store import schema
    from mailbot.store.db import Database

    settings = _settings(args)
    db = Database(settings.database)
    try:
        done = schema.upgrade(db)
    finally:
        db.dispose()
    where = schema.describe(settings.database)
    before, after = done.before, done.after
    if before.state is schema.State.CURRENT:
        print(f"{where}: already current (revision {after})")
    elif before.state is schema.State.EMPTY:
        print(f"{where}: created the tables at revision {after}")
    elif before.state is schema.State.OLD:
        print(f"{where}: tables of mailbot before migrations, marked as revision "
              f"{schema.BASELINE}" + (f", upgraded to revision {after}"
                                      if after != schema.BASELINE else ""))
    else:
        print(f"{where}: upgraded from revision {before.revision} to revision {after}")
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
    from mailbot import listing
    from mailbot.preview import previewer

    settings = _settings(args)
    path = Path(args.mail)
    many = path.is_dir()
    with previewer(settings) as preview:
        for file in _mail_files(path):
            raw = file.read_bytes()
            result = preview(raw, _arrival(raw, args.at, settings))
            if many:
                result = {"file": str(file), **result}
            if not args.explain:
                result.pop("evidence", None)
                result.pop("new_text", None)
            if args.json:
                print(json.dumps(result, ensure_ascii=False, indent=None if many else 2))
            else:
                print("\n".join(listing.preview(result)
                                + (listing.explain(result) if args.explain else [])))
    return 0


def cmd_inject(args: argparse.Namespace) -> int:
    """Store mail files as if they had just arrived (or at --at), for `run --once`."""
    from mailbot.intake.inbox import Arrival, store
    from mailbot.store.db import Database

    settings = _settings(args)
    db = Database(settings.database)
    try:
        db.prepare()
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


def _address(text: str) -> str:
    from mailbot.addresses import parse_address

    address = parse_address(text)
    if address is None:
        raise SystemExit(f"mailbot: not an e-mail address: {text!r}")
    return address


def cmd_forget(args: argparse.Namespace) -> int:
    """Erase a person (Art. 17 DSGVO); see mailbot/privacy/forget.py."""
    from mailbot.intake.imap import NETWORK_ERRORS
    from mailbot.privacy.forget import forget

    address = _address(args.email)
    settings = _settings(args)
    try:
        done = forget(settings, os.environ, address, imap=not args.no_imap, full=args.full)
    except NETWORK_ERRORS as exc:
        print(f"mailbot: the IMAP server could not delete mailbot's copies "
              f"({type(exc).__name__}: {exc}); nothing was erased. Try again, or pass "
              "--no-imap and delete them yourself.", file=sys.stderr)
        return 1
    if done is None:
        print("nothing stored yet: nothing to erase")
        return 0
    print(f"{address}: {done.erased}")
    if done.imap_deleted is not None:
        print(f"IMAP: {done.imap_deleted} copie(s) deleted from mailbot's folder")
    if not done.compacted:
        print("mailbot: the database file could not be rewritten completely (another "
              "process kept it open): run `mailbot forget` again", file=sys.stderr)
        return 1
    return 0


def cmd_export_person(args: argparse.Namespace) -> int:
    """A person's data as JSON (Art. 15 DSGVO); the shape is in README.md."""
    from mailbot.privacy.export import export
    from mailbot.privacy.matching import person

    address = _address(args.email)
    settings = _settings(args)
    rows = _report(settings, lambda session: [export(session, settings,
                                                     person(session, address))])
    data = rows[0] if rows else {"format": 1, "email": address.lower(), "names": [],
                                 "registrations": [], "mails": [], "replies": []}
    print(json.dumps(data, ensure_ascii=False, indent=2))
    return 0


DESCRIPTION = """\
mailbot answers registration mails for events: it reads each mail, books seats strictly
in the order the mails arrived (confirmed, waiting list, or refused) and replies.
The events, the mailbox and where replies go are set in the configuration file."""

EPILOG = """\
examples:
  mailbot check-config                      is the configuration file valid?
  mailbot run                               start the bot (until Ctrl-C or SIGTERM)
  mailbot registrations lounge-norderstedt  who is registered, in arrival order
  mailbot registrations lounge-norderstedt --format csv > lounge.csv
  mailbot inbox                             every mail received and what became of it
  mailbot preview anmeldung.eml             what would mailbot answer to this mail?
  mailbot migrate                           after installing a new mailbot version
  mailbot export-person anna@example.org    what is stored about a person (Art. 15 DSGVO)
  mailbot forget anna@example.org           erase a person (Art. 17 DSGVO)

`mailbot COMMAND --help` tells more about each command."""


def _command(sub: Any, name: str, help: str, description: str) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = sub.add_parser(
        name, help=help, description=description,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    return parser


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="mailbot", description=DESCRIPTION, epilog=EPILOG,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--config", help="configuration file (default: $MAILBOT_CONFIG or "
                   "config/mailbot.yaml)")
    p.add_argument("-v", "--verbose", action="store_true", help="log debug messages")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _running_commands(sub)
    _reading_commands(sub)
    _privacy_commands(sub)
    return p


def _running_commands(sub: Any) -> None:
    s = _command(sub, "run", "watch the mailbox and answer registrations", """\
Receive mail (IMAP, or mailbot's own SMTP/LMTP listener), book and reply, until stopped.
On a new, empty database it first creates the tables; a database of an older mailbot
version is refused until you run `mailbot migrate`.""")
    s.add_argument("--once", action="store_true",
                   help="process everything waiting, deliver pending replies, exit")
    s.set_defaults(func=cmd_run)

    s = _command(sub, "check-config", "validate the configuration file", """\
Read the configuration file and report every problem with its file and line.
Use it after editing the file, before (re)starting mailbot. Touches no database.""")
    s.set_defaults(func=cmd_check_config)

    s = _command(sub, "inject", "store saved mails as arrived, for `run --once`", """\
Store saved mails as if they had just arrived (or at --at), for example mails that
reached another address. The next `mailbot run` (or `run --once`) answers them.""")
    s.add_argument("mail", help="a saved mail (.eml) or a folder of them")
    s.add_argument("--at", help="arrival time (ISO 8601; default now)")
    s.set_defaults(func=cmd_inject)

    s = _command(sub, "migrate", "bring the database up to this mailbot version", """\
Upgrade the database's tables to what this version of mailbot needs, keeping every
registration and mail. Run it once after installing a new mailbot version, while
mailbot is stopped; running it again does nothing. Says from which schema revision
to which it upgraded.""")
    s.set_defaults(func=cmd_migrate)


def _reading_commands(sub: Any) -> None:
    s = _command(sub, "registrations", "list the registrations of an event", """\
List who registered for one event, in order of arrival: status (confirmed, waitlisted,
cancelled, refused), position on the waiting list, seats, name, address, organisation.
Read only: it changes nothing, also while mailbot runs.""")
    s.add_argument("event", help="the event's id from the configuration file")
    s.add_argument("--format", choices=("table", "csv", "json"), default="table",
                   help="table for reading (default), csv for a spreadsheet, json for scripts")
    s.set_defaults(func=cmd_registrations)

    s = _command(sub, "inbox", "list received mails and what became of each", """\
Every mail mailbot received, in order of arrival, with what it did: booked, answered,
ignored (automatic mail such as out-of-office notes) or held for a person to look at,
and the replies it sent. Read only.""")
    s.add_argument("--format", choices=("table", "json"), default="table",
                   help="table for reading (default), json for scripts")
    s.set_defaults(func=cmd_inbox)

    s = _command(sub, "preview", "show what mailbot would understand and answer", """\
Show, for a saved mail, what mailbot understands (event, sessions, attendees, seats) and
the reply it would send, judged against the registrations stored so far. Nothing is
stored or sent. Use it to check a new event's configuration with real mails.""")
    s.add_argument("mail", help="a saved mail (.eml) or a folder of them")
    s.add_argument("--json", action="store_true", help="JSON (one object per line for a folder)")
    s.add_argument("--at", help="arrival time to judge the mail at (ISO 8601)")
    s.add_argument("--explain", action="store_true",
                   help="also show what decided: the words, dates and references that voted "
                        "for each event and intent, with their weights")
    s.set_defaults(func=cmd_preview)


def _privacy_commands(sub: Any) -> None:
    s = _command(sub, "forget", "erase a person's data (Art. 17 DSGVO)", """\
Erase everything stored about a person: their registrations are anonymised (the seats,
states and places on the waiting list stay, so nobody else's booking changes), every
mail that came from the address or names it or the person's full name is erased, and so
are the replies to it and about it; mailbot's IMAP copies (with `after: move:FOLDER`)
are deleted, and the database file is rewritten so that no trace stays in it.
What exactly is erased: README.md, "Data protection". Running it again does nothing.""")
    s.add_argument("email", help="the person's e-mail address")
    s.add_argument("--no-imap", action="store_true",
                   help="do not delete mailbot's IMAP copies (delete them yourself)")
    s.add_argument("--full", action="store_true",
                   help="PostgreSQL: VACUUM FULL (rewrites the tables; locks them meanwhile)")
    s.set_defaults(func=cmd_forget)

    s = _command(sub, "export-person", "a person's data as JSON (Art. 15 DSGVO)", """\
Print everything stored about a person as JSON: their registrations, the mails they sent
or that name them (decoded text), and the replies to and about them; exactly what
`mailbot forget` would erase. The shape is described in README.md. Read only.""")
    s.add_argument("email", help="the person's e-mail address")
    s.set_defaults(func=cmd_export_person)


def main(argv: Sequence[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.DEBUG if args.verbose else logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
                        stream=sys.stderr)
    from mailbot.privacy import logs

    logs.install()  # no addresses, names or SQL parameters at INFO and above
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("alembic").setLevel(logging.WARNING)  # `migrate` says what it did
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd: one line per connection
    try:
        return int(args.func(args))
    except ConfigError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"mailbot: configuration is invalid ({len(exc.problems)} problem(s))",
              file=sys.stderr)
        return 2
    except SchemaError as exc:
        print(f"mailbot: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
