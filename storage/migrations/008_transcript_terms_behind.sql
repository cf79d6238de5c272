-- A line's full-text search terms are kept in its row and added to transcript_search by the same
-- batches that index lines by owner (migration 007), behind the turns, instead of inside each turn:
-- FTS5 wrote a new segment at every commit group. Lines up to transcript_index_state.indexed_through
-- are in both indexes; a search first indexes the lines after the mark, so it misses none. Lines
-- kept before this migration are in the index already and have no terms here.
ALTER TABLE transcript ADD COLUMN search_terms TEXT;
