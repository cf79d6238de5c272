-- Messages for an owner that staff produced outside the conversation: a report's status change, a
-- staff reply, a handoff closed by staff. Delivered at once over a connected WebSocket, otherwise
-- with the owner's next message on any channel; delivered_at_ms records which.
CREATE TABLE notifications (
  id              INTEGER PRIMARY KEY,
  user_id         TEXT NOT NULL,
  kind            TEXT NOT NULL CHECK (kind IN ('status', 'staff_reply', 'handoff_closed')),
  ticket          TEXT,
  status          TEXT,
  text            TEXT NOT NULL DEFAULT '',
  actor           TEXT NOT NULL,
  created_at_ms   INTEGER NOT NULL,
  delivered_at_ms INTEGER
);
CREATE INDEX notifications_pending ON notifications (user_id, id) WHERE delivered_at_ms IS NULL;

-- Who said a line: empty for the owner and the bot, the staff member's name for staff replies.
ALTER TABLE transcript ADD COLUMN actor TEXT NOT NULL DEFAULT '';

-- Full-text search over the transcript for staff. The runtime indexes each line as search terms
-- (Han character bigrams and words, see bot/text/search_terms.h), because SQLite's tokenizers do
-- not split Chinese; rowid = transcript.id.
CREATE VIRTUAL TABLE transcript_search USING fts5(terms, content = '', tokenize = 'unicode61');
