-- Version 13: the clear values of sealed private fields (src/seal.h).
--
-- A private field travels sealed to the station's key. The machine that
-- wrote it, and a supervisor's or admin's machine that holds the station's
-- secret, keep the clear value here, by event, and store_record_events
-- puts it back into the event before it is folded. Not derived from the
-- repository (on the writing laptop it is the only clear copy), so reindex
-- keeps it, as it keeps drafts and settings.
CREATE TABLE unsealed (
	event  TEXT PRIMARY KEY,  -- events.id
	fields TEXT NOT NULL      -- JSON object: field name -> clear value
);
