-- An owner's reports are found through UNIQUE (user_id, form_id), and the few an owner has are sorted
-- by time as they are read: reports_by_user only made every submission write one more index.
DROP INDEX reports_by_user;
