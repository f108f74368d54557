"""Named crash points for the crash-safety tests: ``MAILBOT_FAILPOINT=NAME`` kills the
process with SIGKILL at that point, exactly as a power cut or OOM kill would;
``NAME:K`` kills it the K-th time it gets there.

Points: ``after-store`` (mail committed, IMAP not yet acknowledged), ``after-commit``
(decision and replies committed, nothing sent), ``before-send``, ``after-send`` (reply
handed to the server, no receipt yet; in the sending thread, which takes the whole
process down). Unset in production: a no-op.
"""

from __future__ import annotations

import os
import signal
from collections import Counter

_hits: Counter[str] = Counter()


def failpoint(name: str) -> None:
    wanted = os.environ.get("MAILBOT_FAILPOINT")
    if not wanted:
        return
    point, _, count = wanted.partition(":")
    if point != name:
        return
    _hits[name] += 1
    if count and _hits[name] < int(count):
        return
    os.kill(os.getpid(), signal.SIGKILL)
