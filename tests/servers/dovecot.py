"""A private, throw-away Dovecot IMAP server for the integration tests.

Sole purpose: start a real Dovecot on 127.0.0.1 (free port, no TLS, plain
passwords) with everything -- config, runtime sockets, state, logs, passwd
file and Maildirs -- inside one temporary directory, so tests never depend on
or touch a system-wide Dovecot configuration.

Usage::

    with Dovecot() as dc:                      # users={"bot": "secret"}
        uid = dc.append("bot", "INBOX", raw, internaldate=aware_dt)
        with dc.client("bot") as imap:
            imap.select_folder("INBOX")

Dovecot quirks this module works around or exposes (Dovecot 2.3, Debian):

* Running as root: Dovecot refuses UID 0 for mail users, so mail processes run
  as an unprivileged system user (``dovecot``, created by the Debian package;
  ``nobody`` as a fallback); the temp dir is made traversable and the mail
  directory is chowned to that user.  Not running as root works too: then all
  Dovecot processes run as the current user and chroots are disabled.
* INTERNALDATE keeps the *instant* exactly (to the second), but Dovecot does
  not store the timezone offset given in APPEND: FETCH INTERNALDATE always
  reports the time in the server process's local zone, which is the ``tz``
  argument here (default UTC).  The offset round-trips only when it is the
  server zone's offset at that instant.
* An APPEND date more than 2 hours in the future is silently replaced by
  "now", so :meth:`Dovecot.append` rejects such dates instead.
"""

from __future__ import annotations

import grp
import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType

from imapclient import IMAPClient

from tests.servers.common import LOOPBACK, free_port, wait_until

# Dovecot's cmd-append.c replaces INTERNALDATEs further in the future than this.
_MAX_FUTURE = timedelta(hours=2)
_PORT_ATTEMPTS = 5


def find_dovecot() -> str | None:
    """Return the path of the ``dovecot`` binary, or None when it is not installed."""
    # /usr/sbin is often not on a non-root PATH, hence the explicit fallback.
    found = shutil.which("dovecot") or shutil.which("dovecot", path="/usr/sbin:/usr/local/sbin")
    return found


def _find_doveadm(dovecot_bin: str) -> str:
    """Locate doveadm: next to dovecot's bin dir on Debian (/usr/bin), else on PATH."""
    prefix = Path(dovecot_bin).resolve().parent.parent
    for cand in (prefix / "bin" / "doveadm", prefix / "sbin" / "doveadm"):
        if cand.exists():
            return str(cand)
    found = shutil.which("doveadm")
    if found is None:
        raise FileNotFoundError("doveadm not found (it ships with dovecot-core)")
    return found


class Dovecot:
    """A private Dovecot instance in a temporary directory; a context manager.

    Attributes:
        host: always ``127.0.0.1``.
        port: the IMAP port (kept across :meth:`stop`/:meth:`start`).
        users: login name -> plain password; use :meth:`add_user` to extend.
        root: the temporary directory holding everything.
        log_path: Dovecot's log file (useful when a test fails).
    """

    def __init__(
        self,
        users: Mapping[str, str] | None = None,
        *,
        tz: str = "UTC",
        idle_notify_interval: int = 1,
        startup_timeout: float = 10.0,
    ) -> None:
        binary = find_dovecot()
        if binary is None:
            raise FileNotFoundError("dovecot is not installed (Debian package dovecot-imapd)")
        self.binary = binary
        self.doveadm_bin = _find_doveadm(binary)
        self.host = LOOPBACK
        self.port = 0
        self.users: dict[str, str] = dict(users if users is not None else {"bot": "secret"})
        self.tz = tz
        self.idle_notify_interval = idle_notify_interval
        self.startup_timeout = startup_timeout
        self._proc: subprocess.Popen[bytes] | None = None

        # Who the Dovecot processes run as.  As root, Dovecot itself drops
        # privileges to these users; otherwise everything is the current user.
        if os.geteuid() == 0:
            self._internal_user = "dovecot" if _user_exists("dovecot") else "nobody"
            self._login_user = "dovenull" if _user_exists("dovenull") else self._internal_user
            self._mail_user = self._internal_user
        else:
            me = pwd.getpwuid(os.geteuid()).pw_name
            self._internal_user = self._login_user = self._mail_user = me
        # Group of the internal sockets (Dovecot's default "dovecot" group would
        # fail with EPERM when not root): the internal user's primary group.
        self._internal_group = grp.getgrgid(pwd.getpwnam(self._internal_user).pw_gid).gr_name
        mail_pw = pwd.getpwnam(self._mail_user)
        self._mail_uid, self._mail_gid = mail_pw.pw_uid, mail_pw.pw_gid

        # Short prefix: unix socket paths under base_dir must stay < 108 bytes.
        self.root = Path(tempfile.mkdtemp(prefix="dovecot-"))
        # mkdtemp gives 0700; the unprivileged auth and mail processes need to
        # traverse it (auth reads the passwd file, imap writes the Maildirs).
        self.root.chmod(0o755)
        self.conf_path = self.root / "dovecot.conf"
        # One passwd-file per user: see add_user() for why.
        self.passwd_dir = self.root / "passwd.d"
        self.log_path = self.root / "dovecot.log"
        self._stderr_path = self.root / "dovecot.stderr"
        self.mail_root = self.root / "mail"
        for sub in ("run", "state", "passwd.d"):
            (self.root / sub).mkdir()
        self.mail_root.mkdir()
        if os.geteuid() == 0:
            os.chown(self.mail_root, self._mail_uid, self._mail_gid)
        for name in self.users:
            self._write_passwd(name)

    # ----------------------------------------------------------------- lifecycle

    def __enter__(self) -> Dovecot:
        try:
            self.start()
        except BaseException:
            self.close()
            raise
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def running(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def start(self) -> None:
        """Start Dovecot and wait until it greets with ``* OK``.

        The first start picks a free port (retrying with another one if it was
        grabbed meanwhile); later starts (after :meth:`stop`) reuse the same
        port and mail store, which is what reconnect tests need.
        """
        if self.running:
            return
        if self.port:
            self._start_on(self.port)
            return
        last: Exception | None = None
        for _ in range(_PORT_ATTEMPTS):
            port = free_port(self.host)
            try:
                self._start_on(port)
            except _PortInUse as e:
                last = e
                continue
            return
        raise RuntimeError(f"could not find a free port for Dovecot: {last}")

    def stop(self, timeout: float = 10.0) -> None:
        """Stop Dovecot and all its child processes; safe to call when not running.

        Dovecot runs in its own process group (``start_new_session``), so one
        SIGTERM to the group reaches the master and every child at once.  (A
        SIGTERM to the master alone also works but takes ~1 s, as the master
        waits for its children.)  SIGKILL follows if anything lingers.
        """
        proc, self._proc = self._proc, None
        if proc is None:
            return
        pgid = proc.pid  # the session leader's pid is its process group id
        _killpg(pgid, signal.SIGTERM)
        try:
            proc.wait(timeout)
        except subprocess.TimeoutExpired:
            _killpg(pgid, signal.SIGKILL)
            proc.wait()
        # Children exit on the SIGTERM too; make sure the port is free before
        # returning so that an immediate start() on it cannot race them.
        try:
            wait_until(lambda: not _accepts(self.host, self.port), 2.0, "Dovecot to stop")
        except TimeoutError:
            _killpg(pgid, signal.SIGKILL)

    def restart(self) -> None:
        """Stop and start again on the same port with the same mail store."""
        self.stop()
        self.start()

    def close(self) -> None:
        """Stop the server and delete its temporary directory."""
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    # --------------------------------------------------------------------- users

    def add_user(self, name: str, password: str = "secret") -> None:
        """Add (or re-password) a user; takes effect at once, also while running.

        Each user has its own passwd file (``%u`` in the passdb path), so a new
        user is a file Dovecot has never cached.  Dovecot re-checks a file it
        did read at most once per second (by mtime and size), hence changing an
        existing user's password waits for second boundaries.
        """
        if not re.fullmatch(r"[A-Za-z0-9._@+-]+", name) or ":" in password or "\n" in password:
            raise ValueError(f"unsupported user name or password: {name!r}")
        changed = name in self.users and self.users[name] != password
        self.users[name] = password
        if changed:
            _sleep_to_next_second()
        self._write_passwd(name)
        if changed:
            _sleep_to_next_second()

    def user_home(self, user: str) -> Path:
        """The user's home; the Maildir is ``<home>/Maildir``."""
        return self.mail_root / user

    def reset(self, user: str) -> None:
        """Delete all mail and folders of ``user`` (kicks its sessions first).

        Sessions are killed before the home is removed so that no imap process
        re-creates half a Maildir; open clients of that user get disconnected.
        """
        self.kick(user)
        wait_until(lambda: user not in self.who(), 5.0, f"sessions of {user} to end")
        shutil.rmtree(self.user_home(user), ignore_errors=True)

    # ------------------------------------------------------------------- clients

    def client(
        self, user: str = "bot", *, password: str | None = None, timeout: float = 10.0
    ) -> IMAPClient:
        """Return an IMAPClient logged in as ``user``; close it with ``with`` or logout().

        ``password`` defaults to the user's registered one (pass another to
        test failed logins: imapclient raises ``LoginError``).  ``timeout``
        applies to connect and every socket read, so a hung server fails a
        test instead of blocking it.
        """
        imap = IMAPClient(self.host, port=self.port, ssl=False, timeout=timeout)
        try:
            imap.login(user, self.users[user] if password is None else password)
        except BaseException:
            imap.shutdown()
            raise
        return imap

    def append(
        self,
        user: str,
        folder: str,
        raw: bytes,
        internaldate: datetime,
        flags: Iterable[str | bytes] = (),
    ) -> int:
        """APPEND ``raw`` to ``folder`` with an explicit INTERNALDATE; return the new UID.

        This is how tests simulate arrival times.  ``folder`` is created if
        missing.  See the module docstring for how Dovecot reports the offset.
        """
        if internaldate.tzinfo is None or internaldate.utcoffset() is None:
            raise ValueError("internaldate must be timezone-aware")
        if internaldate > datetime.now(UTC) + _MAX_FUTURE:
            raise ValueError(
                "Dovecot replaces INTERNALDATEs more than 2h in the future with 'now'; "
                f"use a past date (got {internaldate.isoformat()})"
            )
        with self.client(user) as imap:
            if not imap.folder_exists(folder):
                imap.create_folder(folder)
            resp = imap.append(folder, raw, flags=tuple(flags), msg_time=internaldate)
        text = resp.decode() if isinstance(resp, bytes) else str(resp)
        m = re.search(r"\[APPENDUID \d+ (\d+)\]", text)
        if m is None:
            raise RuntimeError(f"no APPENDUID in APPEND response: {text!r}")
        return int(m.group(1))

    # -------------------------------------------------------------- connections

    def doveadm(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        """Run ``doveadm -c <our config> ARGS`` against this instance."""
        return subprocess.run(
            [self.doveadm_bin, "-c", str(self.conf_path), *args],
            capture_output=True,
            text=True,
            check=check,
            timeout=30,
        )

    def who(self) -> set[str]:
        """Users that currently have an IMAP session (according to Dovecot's anvil)."""
        out = self.doveadm("who", "-1").stdout.splitlines()
        return {line.split()[0] for line in out[1:] if line.strip()}

    def kick(self, user: str | None = None) -> None:
        """Kill the IMAP sessions of ``user`` (all users when None): a dropped connection.

        The killed imap processes close their sockets, so clients see the
        connection drop (imapclient raises ``abort``/``OSError`` on the next
        command).  Returns once no killed session is listed anymore.
        """
        mask = user if user is not None else "*"
        if not (self.who() if user is None else {user} & self.who()):
            return  # nothing to kick; doveadm kick would exit non-zero
        self.doveadm("kick", mask, check=False)
        wait_until(
            lambda: not (self.who() if user is None else {user} & self.who()),
            5.0,
            f"kicked sessions of {mask} to end",
        )

    def drop_connections(self) -> None:
        """Kick every user's sessions (alias of ``kick()``)."""
        self.kick(None)

    def log_text(self) -> str:
        """Dovecot's log so far (for failure messages)."""
        parts = [
            p.read_text(errors="replace") for p in (self.log_path, self._stderr_path) if p.exists()
        ]
        return "".join(parts)

    # ------------------------------------------------------------------ internal

    def _start_on(self, port: int) -> None:
        self.port = port
        self._write_config()
        # Only the log written by this start tells whether the bind failed.
        log_start = self.log_path.stat().st_size if self.log_path.exists() else 0
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "TZ": self.tz}
        with open(self._stderr_path, "ab") as err:
            # -F: stay in the foreground so we own the master's pid and its
            # exit; -c: our config only, never /etc/dovecot.
            self._proc = subprocess.Popen(
                [self.binary, "-F", "-c", str(self.conf_path)],
                stdin=subprocess.DEVNULL,
                stdout=err,
                stderr=err,
                env=env,
                # Own process group: stop() signals master and children at once,
                # and a Ctrl-C meant for pytest does not hit Dovecot half-way.
                start_new_session=True,
            )
        try:
            wait_until(
                lambda: _greets(self.host, port),
                self.startup_timeout,
                f"Dovecot to greet on {self.host}:{port}",
                alive=lambda: self._proc is not None and self._proc.poll() is None,
            )
        except (RuntimeError, TimeoutError) as e:
            self.stop()
            log = self.log_text()
            new_log = (
                self.log_path.read_text(errors="replace")[log_start:]
                if self.log_path.exists()
                else ""
            )
            if "Address already in use" in new_log:
                raise _PortInUse(new_log) from e
            raise RuntimeError(f"Dovecot failed to start: {e}\n--- log ---\n{log}") from e

    def _write_passwd(self, name: str) -> None:
        line = (
            f"{name}:{{PLAIN}}{self.users[name]}:{self._mail_uid}:{self._mail_gid}"
            f"::{self.user_home(name)}::\n"
        )
        # Write-then-rename so the auth process never reads a half-written file.
        path = self.passwd_dir / name
        tmp = path.with_name(f".{name}.tmp")
        tmp.write_text(line)
        tmp.chmod(0o644)
        tmp.replace(path)

    def _write_config(self) -> None:
        r = self.root
        conf = f"""\
# Generated by tests/servers/dovecot.py -- a private test instance.
base_dir = {r}/run
state_dir = {r}/state
instance_name = test-{r.name}
log_path = {self.log_path}
info_log_path = {self.log_path}
protocols = imap
listen = {self.host}
ssl = no
# Dovecot 2.3 spelling; 2.4 renamed it auth_allow_cleartext = yes.
disable_plaintext_auth = no
auth_mechanisms = plain login
# Wrong-password tests should not wait the default 2 s.
auth_failure_delay = 0
default_internal_user = {self._internal_user}
default_internal_group = {self._internal_group}
default_login_user = {self._login_user}
first_valid_uid = {min(self._mail_uid, 500)}
first_valid_gid = {min(self._mail_gid, 1)}
mail_location = maildir:~/Maildir
mail_fsync = never
# Tests open many connections for one user from 127.0.0.1 (default 10).
mail_max_userip_connections = 1000
# IDLE: "* OK Still here" often, and poll the mailbox quickly in case
# inotify is unavailable (the default fallback interval is 30 s).
imap_idle_notify_interval = {self.idle_notify_interval} secs
mailbox_idle_check_interval = 1 secs
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {self.passwd_dir}/%u
}}
userdb {{
  driver = passwd-file
  args = username_format=%u {self.passwd_dir}/%u
}}
service imap-login {{
  # chroot needs root and a prepared dir; pointless for a test server.
  chroot =
  inet_listener imap {{
    address = {self.host}
    port = {self.port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
  # Disable the per-IP auth penalty: after one failed login (a wrong-password
  # test) every later login from 127.0.0.1 would be delayed by 2-15 s.
  unix_listener anvil-auth-penalty {{
    mode = 0
  }}
}}
"""
        self.conf_path.write_text(conf)


class _PortInUse(RuntimeError):
    """Dovecot could not bind its port (taken between probing and binding)."""


def _user_exists(name: str) -> bool:
    try:
        pwd.getpwnam(name)
    except KeyError:
        return False
    return True


def _killpg(pgid: int, sig: int) -> None:
    """Signal our Dovecot's process group; it may already be gone."""
    try:
        os.killpg(pgid, sig)
    except ProcessLookupError:
        pass


def _sleep_to_next_second() -> None:
    time.sleep(1.01 - (time.time() % 1.0))


def _accepts(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def _greets(host: str, port: int) -> bool:
    """True once the server accepts a connection and sends an ``* OK`` greeting."""
    try:
        with socket.create_connection((host, port), timeout=2.0) as s:
            greeting = s.recv(512)
            s.sendall(b"a LOGOUT\r\n")
    except OSError:
        return False
    return greeting.startswith(b"* OK")
