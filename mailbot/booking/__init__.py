"""Booking: pure domain rules for seats, waitlists and windows (no I/O)."""
