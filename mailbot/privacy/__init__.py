"""Data protection (DSGVO): erase a person (Art. 17), export a person's data (Art. 15),
erase everyone's data of past events (retention, Art. 5(1)(e)), and keep personal data
out of the logs.

- :mod:`matching`: which rows concern a person (the selection ``forget`` erases and
  ``export-person`` shows: the same rows);
- :mod:`erase`: anonymise registrations and erase mails and replies, keeping seats,
  states and arrival times, so capacities and the waiting-list order do not change;
- :mod:`compact`: afterwards, no byte of the erased data left in the database files
  (SQLite ``VACUUM`` and WAL checkpoint; PostgreSQL ``VACUUM``);
- :mod:`imap`: delete the copies mailbot moved to a folder of its own (``after: move:``);
- :mod:`export`: a person's data as JSON;
- :mod:`forget`: the ``mailbot forget`` act, putting these together;
- :mod:`logs`: the log filter that redacts addresses and database error details.
"""
