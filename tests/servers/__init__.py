"""Test-server harnesses (Dovecot IMAP, PostgreSQL) started by the test suite on loopback."""
