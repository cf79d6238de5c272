-- A case is a conversation between the enterprise and the bureau (issue 24): what the owner writes
-- after staff wrote about a case is kept on the case, beside what staff wrote on it, in order. An
-- owner's message is unread until a staff member opens the case or answers it; the inbox lists
-- cases with unread messages, oldest first.
CREATE TABLE case_messages (
  id INTEGER PRIMARY KEY,
  ticket TEXT NOT NULL,
  user_id TEXT NOT NULL,
  author TEXT NOT NULL CHECK (author IN ('owner', 'staff')),
  actor TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  read_at_ms INTEGER
);
CREATE INDEX case_messages_by_ticket ON case_messages (ticket, id);
CREATE INDEX case_messages_unread ON case_messages (ticket) WHERE author = 'owner' AND read_at_ms IS NULL;

-- Staff now end a case's thread (kind 'thread_closed'). Which kinds exist is the engine's business
-- (engine::notice), not storage's: the table is rebuilt without the list of kinds.
CREATE TABLE notifications_rebuilt (
  id              INTEGER PRIMARY KEY,
  user_id         TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind <> ''),
  ticket          TEXT,
  status          TEXT,
  text            TEXT NOT NULL DEFAULT '',
  actor           TEXT NOT NULL,
  created_at_ms   INTEGER NOT NULL,
  delivered_at_ms INTEGER
);
INSERT INTO notifications_rebuilt (id, user_id, kind, ticket, status, text, actor, created_at_ms, delivered_at_ms)
  SELECT id, user_id, kind, ticket, status, text, actor, created_at_ms, delivered_at_ms FROM notifications;
DROP TABLE notifications;
ALTER TABLE notifications_rebuilt RENAME TO notifications;
CREATE INDEX notifications_pending ON notifications (user_id, id) WHERE delivered_at_ms IS NULL;
