-- Version 12: each device's clock as its own events tell it (issue 12).
--
-- The wall time of each device's latest event (by the hybrid clock, which
-- only moves forward per device): what that device's clock said when it
-- last wrote. Brought up to date from the events added since the last
-- look (settings' clock_rowid) when clocks are judged, at each sync, not
-- by a trigger on every insert (an import adds thousands at a time). A machine judges its own clock against the (lower) median of
-- the other devices' (one fast clock cannot move it), and flags a device
-- whose latest wall is ahead of that by more than an hour. The hybrid
-- clock itself follows the largest clock seen and is no judge of clocks.
CREATE TABLE device_clocks (
	device TEXT PRIMARY KEY,
	hlc_ms INTEGER NOT NULL,
	hlc_c  INTEGER NOT NULL,
	wall   TEXT NOT NULL  -- the event's "wall", ISO 8601 UTC
);
