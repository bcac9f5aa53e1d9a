-- Version 3: sync through git. The repository (repo.git in the data
-- directory) is the truth; these tables say how far this database has
-- come through it.

-- The git blob id of an event's file (devices/<dev>/<yyyy>/<mm>/<dd>/<blob>):
-- for a local event, set once the event is committed on the own branch
-- (NULL: pending); for an imported event, the file it came from.
ALTER TABLE events ADD COLUMN blob TEXT;
-- 1 when the event is on the station's copy of its device's branch: the
-- receipt that makes a record "at the station".
ALTER TABLE events ADD COLUMN at_station INTEGER NOT NULL DEFAULT 0;
CREATE INDEX events_blob ON events (blob);
CREATE INDEX events_pending ON events (local, blob) WHERE blob IS NULL;

-- Per remote-tracking ref (refs/remotes/<remote>/devices/<dev>): the last
-- commit imported. Updated in the transaction that applies its events.
CREATE TABLE sync_refs (
	ref     TEXT PRIMARY KEY,
	commit_id TEXT NOT NULL,
	updated TEXT NOT NULL
);

-- Events that did not parse, did not hash to their id, or were not signed
-- by a registered key: kept, reported, never applied. retry = 1 when the
-- reason may go away (the device's enrollment or form not yet here).
CREATE TABLE quarantine (
	blob    TEXT PRIMARY KEY,       -- git blob id of the file
	source  TEXT NOT NULL,          -- ref and path it came from
	reason  TEXT NOT NULL,
	body    BLOB NOT NULL,
	retry   INTEGER NOT NULL DEFAULT 0,
	added   TEXT NOT NULL
);

-- Refs that stopped descending from what was imported: an alarm for the
-- station admin, never silently accepted.
CREATE TABLE sync_alarms (
	ref     TEXT NOT NULL,
	imported TEXT NOT NULL,
	seen    TEXT NOT NULL,
	added   TEXT NOT NULL,
	PRIMARY KEY (ref, seen)
);

-- The git blob id of an attachment's file under blobs/<device>/<sha256> of
-- the branch it was committed on or imported from (NULL: not committed).
ALTER TABLE attachments ADD COLUMN blob TEXT;
