"""Intake: mail in from IMAP, SMTP/LMTP or the command line, stored before it is acknowledged."""
