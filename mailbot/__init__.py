"""mailbot: an email-driven registration bot for events."""
