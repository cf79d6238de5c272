-- Conversations, the transcript, reports with their status history, and engine events.
CREATE TABLE conversations (
  user_id       TEXT PRIMARY KEY,
  channel       TEXT NOT NULL,
  state         TEXT NOT NULL,
  updated_at_ms INTEGER NOT NULL
) WITHOUT ROWID;

-- Rows are appended in id order; the index keeps one user's lines together for reading back.
CREATE TABLE transcript (
  id        INTEGER PRIMARY KEY,
  user_id   TEXT NOT NULL,
  direction TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  channel   TEXT NOT NULL,
  text      TEXT NOT NULL,
  at_ms     INTEGER NOT NULL
);
CREATE INDEX transcript_by_user ON transcript (user_id, id);

CREATE TABLE reports (
  ticket             TEXT PRIMARY KEY,
  form_id            TEXT NOT NULL,
  user_id            TEXT NOT NULL,
  channel            TEXT NOT NULL,
  status             TEXT NOT NULL DEFAULT 'new'
                     CHECK (status IN ('new', 'accepted', 'in_progress', 'closed', 'returned')),
  created_at_ms      INTEGER NOT NULL,
  company_name       TEXT NOT NULL,
  credit_code        TEXT NOT NULL,
  province           TEXT NOT NULL,
  city               TEXT NOT NULL,
  industry_code      TEXT NOT NULL,
  industry           TEXT NOT NULL,
  employees          INTEGER NOT NULL,
  returned_employees INTEGER NOT NULL,
  resumption_status  TEXT NOT NULL,
  difficulties       TEXT NOT NULL,  -- JSON array of category names
  funding_gap_wan    REAL,
  labor_gap          INTEGER,
  description        TEXT NOT NULL,
  help_wanted        TEXT,
  contact_name       TEXT NOT NULL,
  contact_phone      TEXT NOT NULL,
  -- One filling of the form is one report, however often its confirmation arrives.
  UNIQUE (user_id, form_id)
);
CREATE INDEX reports_by_user ON reports (user_id, created_at_ms);

-- Status changes are appended, never overwritten.
CREATE TABLE report_history (
  id     INTEGER PRIMARY KEY,
  ticket TEXT NOT NULL REFERENCES reports (ticket),
  status TEXT NOT NULL,
  note   TEXT NOT NULL DEFAULT '',
  actor  TEXT NOT NULL,
  at_ms  INTEGER NOT NULL
);
CREATE INDEX report_history_by_ticket ON report_history (ticket, id);

CREATE TABLE events (
  id      INTEGER PRIMARY KEY,
  user_id TEXT NOT NULL,
  type    TEXT NOT NULL,
  payload TEXT NOT NULL,
  at_ms   INTEGER NOT NULL
);
