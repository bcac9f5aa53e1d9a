-- Version 9: edits of a submitted or returned record kept as they are
-- typed (issue 13). Pressing `e` on a record opens the form on it; what
-- is changed there is saved here, field by field and every ~2 s while a
-- text is typed, until the person submits (one update event, then the
-- row goes) or discards it. A power cut loses nothing typed. Like a
-- draft it is this laptop's own: never synced, kept by reindex.
CREATE TABLE pending_edits (
	record  TEXT PRIMARY KEY,  -- the record's id
	changes TEXT NOT NULL,     -- JSON object: field -> new value, null for removed
	updated TEXT NOT NULL      -- when last saved, ISO UTC
);
