-- Version 12: each device's clock as its own events tell it (issue 12).
--
-- The wall time of each device's latest event (by the hybrid clock, which
-- only moves forward per device): what that device's clock said when it
-- last wrote. A machine judges its own clock against the (lower) median of
-- the other devices' (one fast clock cannot move it), and flags a device
-- whose latest wall is ahead of that by more than an hour. The hybrid
-- clock itself follows the largest clock seen and is no judge of clocks.
CREATE TABLE device_clocks (
	device TEXT PRIMARY KEY,
	hlc_ms INTEGER NOT NULL,
	hlc_c  INTEGER NOT NULL,
	wall   TEXT NOT NULL  -- the event's "wall", ISO 8601 UTC
);
INSERT INTO device_clocks (device, hlc_ms, hlc_c, wall)
SELECT device, hlc_ms, hlc_c, wall FROM (
	SELECT device, hlc_ms, hlc_c, coalesce(json_extract(body, '$.wall'), '') AS wall,
	       row_number() OVER (PARTITION BY device ORDER BY hlc_ms DESC, hlc_c DESC) AS n
	FROM events)
WHERE n = 1;
CREATE TRIGGER events_device_clock AFTER INSERT ON events BEGIN
	INSERT INTO device_clocks (device, hlc_ms, hlc_c, wall)
	VALUES (NEW.device, NEW.hlc_ms, NEW.hlc_c, coalesce(json_extract(NEW.body, '$.wall'), ''))
	ON CONFLICT (device) DO UPDATE SET hlc_ms = excluded.hlc_ms, hlc_c = excluded.hlc_c, wall = excluded.wall
	WHERE excluded.hlc_ms > device_clocks.hlc_ms
	   OR (excluded.hlc_ms = device_clocks.hlc_ms AND excluded.hlc_c > device_clocks.hlc_c);
END;
