"""How the lexicon's patterns are compiled: once, at import, case-insensitive by default.

Plain ``re``: no backtracking traps, every repetition is bounded or over a class that
cannot overlap its neighbour.
"""

from __future__ import annotations

import re

I = re.IGNORECASE  # noqa: E741 - the flag's own name
IM = re.IGNORECASE | re.MULTILINE


def c(pattern: str, flags: int = I) -> re.Pattern[str]:
    return re.compile(pattern, flags)
