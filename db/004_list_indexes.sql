-- Version 4: indexes shaped like the lists the UI and the commands ask
-- for, newest first, a screenful at a time (ORDER BY date DESC, id DESC
-- LIMIT n): each list walks one index backwards and stops after a
-- screen, instead of sorting every matching row. Measured on a station of
-- 100,000 records: a keystroke in a list went from 63 ms to a few.
DROP INDEX IF EXISTS records_kind_date;
DROP INDEX IF EXISTS records_site;
CREATE INDEX records_kind_date ON records (kind, date, id);
CREATE INDEX records_site_date ON records (site, date, id);
CREATE INDEX records_status_date ON records (status, date, id);
CREATE INDEX records_kind_status_date ON records (kind, status, date, id);
CREATE INDEX records_conflicted ON records (updated) WHERE conflicts > 0;
