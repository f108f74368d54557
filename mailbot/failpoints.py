"""Named crash points for the crash-safety tests: ``MAILBOT_FAILPOINT=NAME`` kills the
process with SIGKILL at that point, exactly as a power cut or OOM kill would.

Points: ``after-store`` (mail committed, IMAP not yet acknowledged), ``after-commit``
(decision and replies committed, nothing sent), ``before-send``, ``after-send`` (reply
handed to the server, not yet marked sent). Unset in production: a no-op.
"""

from __future__ import annotations

import os
import signal


def failpoint(name: str, parent: int | None = None) -> None:
    """``parent``: a helper process (the courier) takes its parent down with it, as a power
    cut would take down both."""
    if os.environ.get("MAILBOT_FAILPOINT") == name:
        if parent is not None:
            os.kill(parent, signal.SIGKILL)
        os.kill(os.getpid(), signal.SIGKILL)
