-- The index of each owner's transcript lines is built in batches behind the turns instead of inside
-- each turn. Kept per line inside the turn, it cost a scattered index page per turn, written to the
-- WAL and copied again by the checkpoint: half the pages the server wrote (bench/RESULTS.md).
-- Lines with id <= indexed_through are in transcript_by_owner; later ones (at most a batch) are
-- found by scanning the table's tail, so a reader sees every line whether it is indexed yet or not.
-- Transcript lines are never deleted, so ids only grow and a new line is always past the mark.
CREATE TABLE transcript_by_owner (
  user_id TEXT NOT NULL,
  id      INTEGER NOT NULL,
  PRIMARY KEY (user_id, id)
) WITHOUT ROWID;
INSERT INTO transcript_by_owner (user_id, id) SELECT user_id, id FROM transcript;
CREATE TABLE transcript_index_state (
  only            INTEGER PRIMARY KEY CHECK (only = 1),
  indexed_through INTEGER NOT NULL
);
INSERT INTO transcript_index_state (only, indexed_through) VALUES (1, coalesce((SELECT max(id) FROM transcript), 0));
DROP INDEX transcript_by_user;
