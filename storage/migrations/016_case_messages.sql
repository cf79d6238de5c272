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
