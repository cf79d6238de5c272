-- 回访 (issue 24): once a case is closed its owner rates the handling (满意 / 基本满意 / 不满意, codes
-- as the runtime names them), with an optional word; an owner may rate again after a reopening, and
-- statistics read the latest rating of each case.
CREATE TABLE case_ratings (
  id INTEGER PRIMARY KEY,
  ticket TEXT NOT NULL,
  user_id TEXT NOT NULL,
  rating TEXT NOT NULL CHECK (rating <> ''),
  comment TEXT NOT NULL DEFAULT '',
  at_ms INTEGER NOT NULL
);
CREATE INDEX case_ratings_by_ticket ON case_ratings (ticket, id);
