"""Shared helpers for the test-server harnesses: free ports, waiting, and the skip/fail rule.

Sole purpose: small utilities used by ``tests/servers/dovecot.py`` and
``tests/servers/postgres.py``; nothing here starts a server by itself.
"""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Callable

import pytest

LOOPBACK = "127.0.0.1"


def in_ci() -> bool:
    """True when running under CI (CI=true), where missing servers are errors, not skips."""
    return os.environ.get("CI", "").strip().lower() == "true"


def require_binary(name: str, found: bool) -> None:
    """Skip the calling test when a server binary is missing -- except under CI.

    Locally a developer may not have Dovecot/PostgreSQL installed, so the tests
    skip with a hint. Under CI=true the binaries must be there (CI installs them
    via ``tests/servers/ensure.sh``), so a missing one is a hard failure: a skip
    there would turn the integration suite silently green without running it.
    """
    if found:
        return
    hint = f"{name} is not installed; run `bash tests/servers/ensure.sh` (as root) to install it"
    if in_ci():
        pytest.fail(f"CI=true but {hint}", pytrace=False)
    pytest.skip(hint)


def free_port(host: str = LOOPBACK) -> int:
    """Return a TCP port that is free right now on ``host``.

    There is an unavoidable race between closing this probe socket and the
    server binding the port; callers retry their start with a new port when
    the server reports the address as taken.
    """
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def wait_until(
    check: Callable[[], bool],
    timeout: float,
    what: str,
    alive: Callable[[], bool] | None = None,
    interval: float = 0.02,
) -> None:
    """Poll ``check`` until it returns True; raise TimeoutError after ``timeout`` seconds.

    ``alive`` (if given) is consulted between polls so that a server process that
    died during startup is reported at once instead of after the full timeout.
    """
    deadline = time.monotonic() + timeout
    while True:
        if check():
            return
        if alive is not None and not alive():
            raise RuntimeError(f"server process exited while waiting for {what}")
        if time.monotonic() >= deadline:
            raise TimeoutError(f"timed out after {timeout:.1f}s waiting for {what}")
        time.sleep(interval)
