-- Unanswered policy questions are read from the events by type; keep that read from scanning every turn.
CREATE INDEX events_by_type ON events (type, id);
