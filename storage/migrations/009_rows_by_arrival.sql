-- Conversations and the owner index are kept in the order owners arrived instead of in the order
-- of their user ids. Keyed by user id, the conversations under way were scattered over the whole
-- table: every turn rewrote a page of its own, written to the WAL and copied again by the
-- checkpoint, half the pages a commit wrote; and a batch of the owner index touched a page per
-- owner (bench/RESULTS.md). The owners talking now are mostly those who arrived recently, so in
-- arrival order their rows share a few pages at the end of each table. The user id indexes are
-- written once per owner, when they arrive.

CREATE TABLE conversations_by_arrival (
  id            INTEGER PRIMARY KEY,
  user_id       TEXT NOT NULL UNIQUE,
  channel       TEXT NOT NULL,
  state         TEXT NOT NULL,
  updated_at_ms INTEGER NOT NULL,
  revision      INTEGER NOT NULL DEFAULT 0
);
INSERT INTO conversations_by_arrival (user_id, channel, state, updated_at_ms, revision)
  SELECT user_id, channel, state, updated_at_ms, revision FROM conversations ORDER BY updated_at_ms, user_id;
DROP TABLE conversations;
ALTER TABLE conversations_by_arrival RENAME TO conversations;

-- Everyone with a transcript line, numbered in the order of their first line; a batch of the owner
-- index numbers the owners it meets for the first time.
CREATE TABLE owners (
  id      INTEGER PRIMARY KEY,
  user_id TEXT NOT NULL UNIQUE
);
INSERT INTO owners (user_id) SELECT user_id FROM transcript GROUP BY user_id ORDER BY min(id);
CREATE TABLE transcript_by_owner_number (
  owner INTEGER NOT NULL REFERENCES owners (id),
  id    INTEGER NOT NULL,
  PRIMARY KEY (owner, id)
) WITHOUT ROWID;
INSERT INTO transcript_by_owner_number (owner, id)
  SELECT o.id, b.id FROM transcript_by_owner b JOIN owners o ON o.user_id = b.user_id;
DROP TABLE transcript_by_owner;
ALTER TABLE transcript_by_owner_number RENAME TO transcript_by_owner;
