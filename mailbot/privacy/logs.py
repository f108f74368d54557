"""No personal data in the logs at INFO and above.

mailbot's own log calls name mails and replies by their ids (inbox 17, reply 42), never by
address, name or subject. This filter is the safety net for what others put into a
message, above all exceptions: on every record of level INFO or higher it

formats the message and the traceback itself, then removes e-mail addresses
(``<address>``), the SQL parameters of SQLAlchemy errors (``[parameters: ...]``; the
engine also has ``hide_parameters``, so they are not even in the exception) and the
``DETAIL:``/``HINT:``/``CONTEXT:`` lines of PostgreSQL errors, which repeat the values
of a row (``Key (name)=(Anna Schmidt) already exists``). What it cannot know is a name
or subject that some code puts into an exception message of its own: mailbot's code
does not (tests/e2e/test_privacy_logs.py runs bursts with a failing database and
checks the log for every address, name and subject of the mails).

DEBUG records are left as they are (``--verbose`` is for a developer at a test system).
"""

from __future__ import annotations

import logging
import re
import traceback
from types import TracebackType
from typing import Any

ADDRESS = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
PARAMETERS = re.compile(r"\[parameters: .*?\](?=\n|$)", re.DOTALL)
DETAIL = re.compile(r"^(\s*)(DETAIL|HINT|CONTEXT|WHERE):.*$", re.MULTILINE)


def redact(text: str) -> str:
    text = PARAMETERS.sub("[parameters hidden]", text)
    text = DETAIL.sub(r"\1\2: [hidden]", text)
    return ADDRESS.sub("<address>", text)


def format_exception(exc_info: tuple[type[BaseException], BaseException,
                                     TracebackType | None]) -> str:
    """The traceback (with chained exceptions), redacted."""
    return redact("".join(traceback.format_exception(*exc_info)).rstrip("\n"))


class Redact(logging.Filter):
    """Redacts every record of level INFO or higher (see the module docstring)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.INFO:
            return True
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a broken format string: keep the template
            message = str(record.msg)
        record.msg, record.args = redact(message), None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = format_exception(record.exc_info)  # type: ignore[arg-type]
            record.exc_info = None
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def install(*handlers: Any) -> None:
    """Put the filter on ``handlers`` (default: the root logger's handlers)."""
    for handler in handlers or logging.getLogger().handlers:
        if not any(isinstance(f, Redact) for f in handler.filters):
            handler.addFilter(Redact())
