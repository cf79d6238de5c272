-- Staff review the policy questions the bot could not answer (issue 23): a question is attached to a
-- knowledge base entry as a new way of asking it, or marked out of scope. One decision per question,
-- grouped as the unanswered list groups them (its words without spaces or question marks); the
-- latest decision stands.
CREATE TABLE faq_reviews (
  id INTEGER PRIMARY KEY,
  normalized TEXT NOT NULL UNIQUE,
  question TEXT NOT NULL,
  decision TEXT NOT NULL CHECK (decision IN ('attached', 'out_of_scope')),
  entry_id TEXT,
  actor TEXT NOT NULL,
  at_ms INTEGER NOT NULL,
  CHECK ((decision = 'attached') = (entry_id IS NOT NULL))
);
