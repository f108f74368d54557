"""A private, throw-away PostgreSQL server for the integration tests.

Sole purpose: ``initdb`` a cluster into a temporary directory and run
``postgres`` on 127.0.0.1 at a free port (plus a unix socket in the temp dir),
with trust authentication and durability switched off for speed, then remove
it all again.  No system cluster or config is used or touched.

Usage::

    with Postgres() as pg:
        engine = sqlalchemy.create_engine(pg.url)   # postgresql+psycopg://...

As root, PostgreSQL refuses to run, so initdb and postgres are executed as the
unprivileged ``postgres`` system user (created by the Debian package) via
``subprocess.Popen(user=..., group=...)`` -- no runuser/su in between, so the
pid we hold is the postmaster itself and signals reach it directly.  The temp
dir is owned by that user.  Not running as root, everything runs as the
current user.
"""

from __future__ import annotations

import os
import pwd
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Any

from tests.servers.common import LOOPBACK, free_port, wait_until

if TYPE_CHECKING:
    import psycopg

_PORT_ATTEMPTS = 5


def find_postgres_bindir() -> Path | None:
    """Directory holding ``initdb`` and ``postgres`` (newest Debian version first), or None."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else -1,
        reverse=True,
    )
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    for bindir in candidates:
        if (bindir / "initdb").is_file() and (bindir / "postgres").is_file():
            return bindir
    return None


class Postgres:
    """A private PostgreSQL cluster in a temporary directory; a context manager.

    Attributes:
        host, port: where it listens (TCP, ``127.0.0.1``).
        user: the superuser name (trust auth, no password).
        dbname: the database created at start.
        url: SQLAlchemy URL ``postgresql+psycopg://USER@127.0.0.1:PORT/DB``.
        dsn: libpq conninfo string for psycopg.
        socket_dir: directory of the unix socket (usable as ``host=`` in libpq).
        log_path: the server log (useful when a test fails).
    """

    def __init__(
        self,
        *,
        user: str = "mailbot",
        dbname: str = "mailbot",
        startup_timeout: float = 30.0,
    ) -> None:
        bindir = find_postgres_bindir()
        if bindir is None:
            raise FileNotFoundError(
                "PostgreSQL server binaries not found (Debian package postgresql)"
            )
        for name in (user, dbname):
            # Interpolated into SQL/URLs below; keep them plain identifiers.
            if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
                raise ValueError(f"unsupported identifier: {name!r}")
        self.bindir = bindir
        self.host = LOOPBACK
        self.port = 0
        self.user = user
        self.dbname = dbname
        self.startup_timeout = startup_timeout
        self._proc: subprocess.Popen[bytes] | None = None

        # postgres refuses to run as root; use the package's system user then.
        self._run_as: dict[str, Any] = {}
        os_user = pwd.getpwuid(os.geteuid())
        if os.geteuid() == 0:
            os_user = pwd.getpwnam("postgres")
            self._run_as = {"user": os_user.pw_uid, "group": os_user.pw_gid, "extra_groups": []}

        self.root = Path(tempfile.mkdtemp(prefix="postgres-"))
        self.data_dir = self.root / "data"
        self.socket_dir = self.root / "sock"
        self.socket_dir.mkdir()
        self.log_path = self.root / "postgres.log"
        self.log_path.touch()
        if os.geteuid() == 0:
            for p in (self.root, self.socket_dir, self.log_path):
                os.chown(p, os_user.pw_uid, os_user.pw_gid)
        self._env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.root),
            "LC_ALL": "C",
            "TZ": "UTC",
        }
        self._initdb()

    # ----------------------------------------------------------------- lifecycle

    def __enter__(self) -> Postgres:
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

    @property
    def pid(self) -> int | None:
        """The postmaster's pid while running."""
        return self._proc.pid if self.running and self._proc is not None else None

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{self.dbname}"

    @property
    def dsn(self) -> str:
        return f"host={self.host} port={self.port} user={self.user} dbname={self.dbname}"

    def start(self) -> None:
        """Start the server (free port on first start, same port afterwards) and create the DB."""
        if self.running:
            return
        if self.port:
            self._start_on(self.port)
        else:
            last: Exception | None = None
            for _ in range(_PORT_ATTEMPTS):
                try:
                    self._start_on(free_port(self.host))
                except _PortInUse as e:
                    last = e
                    continue
                break
            else:
                raise RuntimeError(f"could not find a free port for PostgreSQL: {last}")
        self._ensure_database(self.dbname)

    def stop(self, timeout: float = 10.0) -> None:
        """Stop the server: fast shutdown (SIGINT), then SIGQUIT, then SIGKILL to its group."""
        proc, self._proc = self._proc, None
        if proc is None:
            return
        for sig in (signal.SIGINT, signal.SIGQUIT):
            if proc.poll() is not None:
                break
            proc.send_signal(sig)
            try:
                proc.wait(timeout)
                break
            except subprocess.TimeoutExpired:
                continue
        else:
            # Backends are in the postmaster's process group (start_new_session).
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()

    def close(self) -> None:
        """Stop the server and delete its temporary directory."""
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    # ------------------------------------------------------------------- clients

    def connect(self, dbname: str | None = None, **kwargs: Any) -> psycopg.Connection[Any]:
        """A psycopg connection (caller closes it, e.g. ``with pg.connect() as conn``)."""
        import psycopg

        kwargs.setdefault("connect_timeout", 10)
        return psycopg.connect(
            host=self.host, port=self.port, user=self.user, dbname=dbname or self.dbname, **kwargs
        )

    def create_database(self, name: str) -> str:
        """Create another (empty) database, e.g. one per test; return its SQLAlchemy URL."""
        if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
            raise ValueError(f"unsupported database name: {name!r}")
        self._ensure_database(name)
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{name}"

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    # ------------------------------------------------------------------ internal

    def _run(self, *args: str) -> None:
        res = subprocess.run(
            args,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env=self._env,
            cwd=self.root,  # must be accessible to the postgres user
            timeout=120,
            **self._run_as,
        )
        if res.returncode != 0:
            raise RuntimeError(f"{args[0]} failed ({res.returncode}):\n{res.stdout}{res.stderr}")

    def _initdb(self) -> None:
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data_dir),
            "-U",
            self.user,
            "--auth=trust",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",  # test data need not survive a power cut
            "--no-instructions",
        )

    def _start_on(self, port: int) -> None:
        self.port = port
        log_start = self.log_path.stat().st_size
        with open(self.log_path, "ab") as log:
            self._proc = subprocess.Popen(
                [
                    str(self.bindir / "postgres"),
                    "-D",
                    str(self.data_dir),
                    "-h",
                    self.host,
                    "-p",
                    str(port),
                    "-k",
                    str(self.socket_dir),
                    # Speed over durability: a crashed test cluster is discarded anyway.
                    "-c",
                    "fsync=off",
                    "-c",
                    "synchronous_commit=off",
                    "-c",
                    "full_page_writes=off",
                    "-c",
                    "logging_collector=off",
                ],
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
                env=self._env,
                cwd=self.root,
                start_new_session=True,
                **self._run_as,
            )
        try:
            wait_until(
                self._ready,
                self.startup_timeout,
                f"PostgreSQL on {self.host}:{port}",
                alive=lambda: self.running,
            )
        except (RuntimeError, TimeoutError) as e:
            self.stop()
            new_log = self.log_text()[log_start:]
            if "could not bind" in new_log or "Address already in use" in new_log:
                raise _PortInUse(new_log) from e
            raise RuntimeError(f"PostgreSQL failed to start: {e}\n--- log ---\n{new_log}") from e

    def _ready(self) -> bool:
        import psycopg

        try:
            with self.connect("postgres", connect_timeout=2) as conn:
                conn.execute("select 1")
        except psycopg.OperationalError:
            return False  # not listening yet, or "the database system is starting up"
        return True

    def _ensure_database(self, name: str) -> None:
        with self.connect("postgres", autocommit=True) as conn:
            exists = conn.execute(
                "select 1 from pg_database where datname = %s", (name,)
            ).fetchone()
            if exists is None:
                conn.execute(f'create database "{name}"')


class _PortInUse(RuntimeError):
    """postgres could not bind its port (taken between probing and binding)."""
