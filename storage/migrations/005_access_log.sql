-- Who looked at an owner's full personal data (a report shown unmasked) and when.
CREATE TABLE access_log (
  id     INTEGER PRIMARY KEY,
  actor  TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  at_ms  INTEGER NOT NULL
);
