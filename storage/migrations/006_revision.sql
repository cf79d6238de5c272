-- Every change to what a turn of this owner reads (the state, their reports' status and notes, their
-- pending notifications) raises the revision. A turn is committed only if the revision is still the
-- one it read, so a runtime may keep an owner's inputs in memory between turns and still never write
-- over a change made by another process or by staff.
ALTER TABLE conversations ADD COLUMN revision INTEGER NOT NULL DEFAULT 0;
