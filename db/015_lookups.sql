-- Version 15: lookups that read a whole kind, or every pending event, to
-- find a few rows, made index steps.
--
-- A record found by one field within its kind.
-- The device of an event is looked up by its code for its role at every
-- step of a review and every event an import checks; a notice's latest
-- re-inspection, a site's twin by name, an imported inspector by staff
-- number, a device's revocations likewise. Each read every record of the
-- kind and parsed its state: with 2,743 devices (the demo at 294,000
-- records) the role lookup was three quarters of the demo's time. The
-- lookups name the kind and the field's path as literals (store_list.c),
-- which these partial indexes answer; each holds only its kind's rows. A
-- state that is not JSON (a damaged row) has no value here rather than
-- failing every write and lookup of its kind.
CREATE INDEX records_lookup_device_code ON records ((CASE WHEN json_valid(state) THEN json_extract(state, '$.fields.code') END)) WHERE kind = 'device';
CREATE INDEX records_lookup_site_name ON records ((CASE WHEN json_valid(state) THEN json_extract(state, '$.fields.name') END)) WHERE kind = 'site';
CREATE INDEX records_lookup_inspector_staff_no ON records ((CASE WHEN json_valid(state) THEN json_extract(state, '$.fields.staff_no') END))
WHERE kind = 'inspector';
CREATE INDEX records_lookup_reinspection_notice ON records ((CASE WHEN json_valid(state) THEN json_extract(state, '$.fields.notice') END))
WHERE kind = 'reinspection';
CREATE INDEX records_lookup_revocation_device ON records ((CASE WHEN json_valid(state) THEN json_extract(state, '$.fields.device') END))
WHERE kind = 'revocation';

-- The local events not yet committed, by device in clock order: a data
-- directory that writes for several devices (the demo's 2,743) committed
-- each device's by reading every device's, some 3 x 10^9 row visits for a
-- 294,000-record demo (its commit took longer than making its records).
-- Replaces 003's (local, blob).
DROP INDEX events_pending;
CREATE INDEX events_pending ON events (device, hlc_ms, hlc_c, id) WHERE local = 1 AND blob IS NULL;
