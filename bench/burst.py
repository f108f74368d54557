"""Burst benchmark: N registration mails for one event through Dovecot and `mailbot run --once`.

Usage:  .venv/bin/python bench/burst.py [-n 2000] [--small 500]

Puts N mails (distinct senders, increasing INTERNALDATE) into a private Dovecot, then
runs `mailbot run --once` (fetch, store, understand, book, reply over SMTP to an aiosmtpd
receiver). As the yardstick it runs, in the same process tree and against the same
servers, a plain loop: imapclient fetch, `email` parse, one reply over smtplib, no
booking and no database. Each side runs as its own child process, so its peak memory
(ru_maxrss from wait4) is measured the same way. It also runs mailbot at a smaller N to
show that memory does not grow with N.

Targets: mailbot at least half the yardstick's rate; peak memory flat in N.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import textwrap
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.servers.dovecot import Dovecot, find_dovecot  # noqa: E402
from tests.servers.sink import SmtpSink  # noqa: E402
from tests.support import event, mail, write_config  # noqa: E402

YARDSTICK = textwrap.dedent("""
    import email, email.policy, smtplib, sys
    from email.message import EmailMessage
    from imapclient import IMAPClient
    host, port, user, smtp_port = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])
    imap = IMAPClient(host, port=port, ssl=False, timeout=30)
    imap.login(user, "secret")
    imap.select_folder("INBOX", readonly=True)
    uids = imap.search(["ALL"])
    smtp = smtplib.SMTP("127.0.0.1", smtp_port, timeout=30)
    for i in range(0, len(uids), 250):
        for uid, data in imap.fetch(uids[i:i + 250], ["BODY.PEEK[]", "INTERNALDATE"]).items():
            msg = email.message_from_bytes(data[b"BODY[]"], policy=email.policy.default)
            reply = EmailMessage()
            reply["From"] = "smartcity@example.org"
            reply["To"] = msg["From"].addresses[0].addr_spec
            reply["Subject"] = "Re: " + str(msg["Subject"])
            reply["In-Reply-To"] = msg["Message-ID"]
            reply.set_content("Danke, Ihre Anmeldung ist eingegangen.")
            smtp.send_message(reply, to_addrs=[reply["To"]])
    smtp.quit()
    imap.logout()
""")


def child(args: list[str], env: dict[str, str] | None = None, cwd: Path | None = None
          ) -> tuple[float, int, float]:
    """Run a child; return (seconds, peak RSS in KiB, CPU seconds) of that child (the CPU
    time includes the child's own children, e.g. a sending process)."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - child
        if cwd:
            os.chdir(cwd)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.execve(args[0], args, env or dict(os.environ))
    _, status, usage = os.wait4(pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{args} failed with {os.waitstatus_to_exitcode(status)}")
    return elapsed, usage.ru_maxrss, usage.ru_utime + usage.ru_stime


def fill(dovecot: Dovecot, user: str, n: int) -> None:
    base = datetime.now(UTC) - timedelta(hours=2)
    for i in range(n):
        raw = mail(f"person{i}@stadt{i % 37}.example",
                   "Sehr geehrte Damen und Herren,\n\nhiermit melde ich mich zum "
                   "Interkommunalen Austausch in Dortmund an.\n\nMit freundlichen Grüßen\n"
                   f"Person {i}\nStadt Beispiel {i % 37}", name=f"Person {i}",
                   subject="Anmeldung Interkommunaler Austausch")
        dovecot.append(user, "INBOX", raw, base + timedelta(seconds=i))


def run_mailbot(dovecot: Dovecot, sink: SmtpSink, n: int, workdir: Path
                ) -> tuple[float, int, float]:
    user = f"bench{n}"
    dovecot.add_user(user, "secret")
    fill(dovecot, user, n)
    workdir.mkdir(parents=True, exist_ok=True)
    cfg = write_config(
        workdir / "mailbot.yaml",
        events=[event("austausch", "Interkommunaler Austausch",
                      datetime.now(UTC) + timedelta(days=30), keywords=["Austausch"],
                      capacity=max(1, n // 2), waitlist=n // 4)],
        intake={"imap": {"host": dovecot.host, "port": dovecot.port, "ssl": False,
                         "username": user, "password": "secret"}},
        outgoing={"smtp": {"host": sink.host, "port": sink.port}},
        limits={"replies_per_sender_per_day": 10})
    before = len(sink.received)
    result = child([sys.executable, "-m", "mailbot", "--config", str(cfg), "run", "--once"],
                   cwd=workdir)
    sent = len(sink.received) - before
    if sent != n:
        raise SystemExit(f"mailbot sent {sent} replies for {n} mails")
    dovecot.reset(user)
    return result


def run_yardstick(dovecot: Dovecot, sink: SmtpSink, n: int) -> tuple[float, int, float]:
    user = f"yard{n}"
    dovecot.add_user(user, "secret")
    fill(dovecot, user, n)
    before = len(sink.received)
    result = child([sys.executable, "-c", YARDSTICK, dovecot.host, str(dovecot.port), user,
                    str(sink.port)])
    if len(sink.received) - before != n:
        raise SystemExit("yardstick did not send every reply")
    dovecot.reset(user)
    return result


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-n", type=int, default=2000, help="mails in the burst (default 2000)")
    ap.add_argument("--small", type=int, default=500,
                    help="a smaller burst to compare peak memory with (default 500)")
    args = ap.parse_args()
    if find_dovecot() is None:
        raise SystemExit("Dovecot is not installed: run `bash tests/servers/ensure.sh` as root")
    with tempfile.TemporaryDirectory() as tmp, Dovecot() as dovecot, SmtpSink() as sink:
        y_time, y_rss, y_cpu = run_yardstick(dovecot, sink, args.n)
        m_time, m_rss, m_cpu = run_mailbot(dovecot, sink, args.n, Path(tmp) / "big")
        s_time, s_rss, s_cpu = run_mailbot(dovecot, sink, args.small, Path(tmp) / "small")
    y_rate, m_rate = args.n / y_time, args.n / m_time
    # CPU ms per mail changes far less than the rate when other work loads the machine
    print(f"{'':28}{'mails':>7}{'seconds':>10}{'mails/s':>10}{'CPU ms/mail':>12}"
          f"{'peak MiB':>10}")
    for label, n, sec, cpu, rss in (
            ("yardstick (fetch+parse+send)", args.n, y_time, y_cpu, y_rss),
            ("mailbot run --once", args.n, m_time, m_cpu, m_rss),
            ("mailbot run --once (small)", args.small, s_time, s_cpu, s_rss)):
        print(f"{label:28}{n:>7}{sec:>10.2f}{n / sec:>10.1f}{1000 * cpu / n:>12.2f}"
              f"{rss / 1024:>10.1f}")
    ratio = m_rate / y_rate
    growth = m_rss / s_rss
    print(f"\nmailbot rate / yardstick rate: {ratio:.2f} (target >= 0.50)")
    print(f"peak memory at {args.n} / at {args.small} mails: {growth:.2f} (target: flat, <= 1.25)")
    ok = ratio >= 0.5 and growth <= 1.25
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
