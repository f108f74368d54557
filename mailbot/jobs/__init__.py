"""Scheduled jobs, one module a job: each recomputes from the database what is due, so it
is safe to run twice, late, or on two hosts (docs/ARCHITECTURE.md)."""
