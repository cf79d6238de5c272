-- Who handles a case and which department it was routed to (转办), issue 24: "" while nobody is
-- assigned and it was not routed. Each move is also a report_history row (the status unchanged,
-- the note saying what moved and why). Lists filter by either through these indexes, newest first.
ALTER TABLE reports ADD COLUMN assignee TEXT NOT NULL DEFAULT '';
ALTER TABLE reports ADD COLUMN department TEXT NOT NULL DEFAULT '';
CREATE INDEX reports_by_assignee ON reports (assignee, created_at_ms, ticket) WHERE assignee <> '';
CREATE INDEX reports_by_department ON reports (department, created_at_ms, ticket) WHERE department <> '';

-- A history row is a status move ('status') or a change of who handles the case or where
-- ('handling'): the owner's progress query shows the latest note of a status move only, never an
-- internal assignment or a routing reason.
ALTER TABLE report_history ADD COLUMN kind TEXT NOT NULL DEFAULT 'status' CHECK (kind IN ('status', 'handling'));

-- When a case's time limits started counting (issue 24, deadlines): its arrival, or the time its
-- owner resubmitted it after a return (the case keeps the day it came in, created_at_ms).
ALTER TABLE reports ADD COLUMN clock_from_ms INTEGER NOT NULL DEFAULT 0;
UPDATE reports SET clock_from_ms = created_at_ms;
