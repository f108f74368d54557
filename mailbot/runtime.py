"""The runtime: everything deciding a mail needs that comes from the configuration.

Built once from validated settings (by ``app.py``, the only wiring place) and never
changed: a new configuration means a new runtime, swapped in whole between two mails, so
no global state has to be reset and a mail is always decided by one configuration.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mailbot.config import EventSpec, Settings
from mailbot.replies.assemble import Assembler
from mailbot.replies.render import Renderer
from mailbot.replies.throttle import Throttle
from mailbot.replies.writer import Writer
from mailbot.understand.events import Index, index_for

PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def templates_dir(settings: Settings) -> Path:
    if settings.templates:
        return Path(settings.templates)
    return PACKAGE_TEMPLATES if PACKAGE_TEMPLATES.is_dir() else Path("templates")


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    events: dict[str, EventSpec]  # id -> event
    # The vocabulary of the events, built here (not at the first mail). Understanding finds
    # it by the settings object it was built from, so a new runtime brings its own.
    index: Index
    assembler: Assembler  # reply plans, with the event views of these settings
    writer: Writer  # rendered and composed messages
    throttle: Throttle

    @classmethod
    def build(cls, settings: Settings, renderer: Renderer | None = None) -> Runtime:
        renderer = renderer or Renderer(templates_dir(settings))
        return cls(
            settings=settings,
            events={e.id: e for e in settings.events},
            index=index_for(settings),
            assembler=Assembler(settings),
            writer=Writer(settings, renderer),
            throttle=Throttle(settings.limits.replies_per_sender_per_day),
        )

    def event(self, event_id: str | None) -> EventSpec | None:
        return self.events.get(event_id) if event_id else None
