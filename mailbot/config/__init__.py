"""The configuration: YAML (loading.py) -> validated, frozen settings (models.py).

Re-exports the names the rest of mailbot imports, so ``from mailbot.config import ...``
does not depend on which module holds what.
"""

from mailbot.config.loading import (
    CONFIG_ENV,
    DEFAULT_CONFIG,
    ConfigError,
    Problem,
    config_path,
    load_config,
    parse_config,
)
from mailbot.config.models import (
    EventSpec,
    ImapIntake,
    Intake,
    Limits,
    Outgoing,
    SessionSpec,
    Settings,
    SmtpIntake,
    SmtpOutgoing,
    secret,
)

__all__ = [
    "CONFIG_ENV",
    "DEFAULT_CONFIG",
    "ConfigError",
    "EventSpec",
    "ImapIntake",
    "Intake",
    "Limits",
    "Outgoing",
    "Problem",
    "SessionSpec",
    "Settings",
    "SmtpIntake",
    "SmtpOutgoing",
    "config_path",
    "load_config",
    "parse_config",
    "secret",
]
