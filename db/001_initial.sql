-- dustwatch schema, version 1: the tables every station has had from the
-- start. The git history is the truth; these tables are its index and can
-- be rebuilt from it (dustwatch reindex), except drafts and settings, which
-- are this machine's own.

-- Station, device and inspector of this data directory, counters.
CREATE TABLE settings (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);

-- Every form version ever used here, so old records stay readable after a
-- form changes.
CREATE TABLE forms (
	kind    TEXT NOT NULL,
	version INTEGER NOT NULL,
	source  TEXT NOT NULL,
	PRIMARY KEY (kind, version)
);

-- The event log: canonical JSON as hashed and signed. Idempotent by id.
CREATE TABLE events (
	id      TEXT PRIMARY KEY,       -- hex SHA-256 of the canonical event
	record  TEXT NOT NULL,
	hlc_ms  INTEGER NOT NULL,
	hlc_c   INTEGER NOT NULL,
	device  TEXT NOT NULL,
	op      TEXT NOT NULL,
	body    TEXT NOT NULL,
	local   INTEGER NOT NULL DEFAULT 0  -- 1: written on this device
);
CREATE INDEX events_record ON events (record);
CREATE INDEX events_hlc ON events (hlc_ms, hlc_c);

-- Current state of every record (the fold of its events), and drafts,
-- which have no events yet and are saved field by field (status 'draft').
CREATE TABLE records (
	id        TEXT PRIMARY KEY,     -- UUIDv7
	kind      TEXT NOT NULL,
	number    TEXT,                 -- STATION-DEVICE-YEAR-SEQ
	status    TEXT NOT NULL,
	site      TEXT,                 -- id of the site record, where the kind has one
	date      TEXT,                 -- the form's date field, YYYY-MM-DD
	due       TEXT,                 -- the form's due field (notices)
	title     TEXT NOT NULL DEFAULT '',
	created   TEXT NOT NULL,
	updated   TEXT NOT NULL,
	author    TEXT,
	device    TEXT,
	conflicts INTEGER NOT NULL DEFAULT 0,
	state     TEXT NOT NULL         -- JSON: the folded state (fold.h)
);
CREATE INDEX records_kind_date ON records (kind, date DESC, id);
CREATE INDEX records_site ON records (site, kind, date DESC);
CREATE INDEX records_status ON records (kind, status, due);
CREATE INDEX records_number ON records (number);

-- Attachments: content-addressed files under the data directory's blobs/.
CREATE TABLE attachments (
	hash  TEXT PRIMARY KEY,         -- hex SHA-256 of the content
	size  INTEGER NOT NULL,
	name  TEXT NOT NULL,            -- the file's name when attached
	added TEXT NOT NULL
);
