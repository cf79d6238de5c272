-- Platform deliveries already answered (WeChat MsgId, or FromUserName+CreateTime for events), with the
-- reply that was sent, so a retried delivery gets the same reply without being processed again,
-- also after a restart. Written in the same transaction as the turn it produced.
CREATE TABLE deliveries (
  delivery_key TEXT PRIMARY KEY,
  reply        TEXT NOT NULL,
  at_ms        INTEGER NOT NULL
) WITHOUT ROWID;

-- The rest of a reply too long for one passive WeChat reply, sent when the owner asks for 更多.
CREATE TABLE more_pages (
  user_id TEXT PRIMARY KEY,
  text    TEXT NOT NULL,
  at_ms   INTEGER NOT NULL
) WITHOUT ROWID;
