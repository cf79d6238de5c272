-- Resume tokens of anonymous WebSocket visitors (bot/server/ws_identity.h): only the SHA-256 of a
-- token is kept, so a copy of the database cannot be used to speak as anyone. A token lasts until
-- expires_at_ms, which each use moves on, or until it is revoked (by staff, or by the owner signing
-- out).
CREATE TABLE resume_tokens (
  token_sha256  TEXT PRIMARY KEY,
  user_id       TEXT NOT NULL,
  created_at_ms INTEGER NOT NULL,
  expires_at_ms INTEGER NOT NULL,
  revoked_at_ms INTEGER
) WITHOUT ROWID;
CREATE INDEX resume_tokens_by_user ON resume_tokens (user_id);
