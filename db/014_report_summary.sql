-- Version 14: what the dashboard draws, kept as records change (issue 11).
--
-- At 10^6 records the dashboard's first draw took 4 s: a year of
-- report_monthly walked 300,000 index entries (0.7 s) and the red and
-- black list parsed every site's and every latest checklist's state (3 s).
-- Three things make it a few lookups:

-- The records of each day, by kind, status and tag ('' for none), kept by
-- triggers like record_counts (db/005): a year of monthly statistics is a
-- few thousand rows, whatever the number of records.
CREATE TABLE report_days (
	kind   TEXT NOT NULL,
	date   TEXT NOT NULL,
	status TEXT NOT NULL,
	tag    TEXT NOT NULL,
	n      INTEGER NOT NULL,
	PRIMARY KEY (kind, date, status, tag)
) WITHOUT ROWID;

INSERT INTO report_days (kind, date, status, tag, n)
SELECT kind, coalesce(date, ''), status, coalesce(tag, ''), count(*) FROM records
WHERE kind IN ('inspection', 'notice', 'complaint', 'agreement', 'survey', 'machinery')
GROUP BY 1, 2, 3, 4;

CREATE TRIGGER report_days_insert AFTER INSERT ON records
WHEN new.kind IN ('inspection', 'notice', 'complaint', 'agreement', 'survey', 'machinery') BEGIN
	INSERT INTO report_days (kind, date, status, tag, n)
	VALUES (new.kind, coalesce(new.date, ''), new.status, coalesce(new.tag, ''), 1)
	ON CONFLICT (kind, date, status, tag) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER report_days_delete AFTER DELETE ON records
WHEN old.kind IN ('inspection', 'notice', 'complaint', 'agreement', 'survey', 'machinery') BEGIN
	UPDATE report_days SET n = n - 1
	WHERE kind = old.kind AND date = coalesce(old.date, '') AND status = old.status AND tag = coalesce(old.tag, '');
END;

CREATE TRIGGER report_days_update AFTER UPDATE OF kind, date, status, tag ON records
WHEN (old.kind IS NOT new.kind OR old.date IS NOT new.date OR old.status IS NOT new.status OR old.tag IS NOT new.tag)
AND (old.kind IN ('inspection', 'notice', 'complaint', 'agreement', 'survey', 'machinery')
     OR new.kind IN ('inspection', 'notice', 'complaint', 'agreement', 'survey', 'machinery')) BEGIN
	UPDATE report_days SET n = n - 1
	WHERE kind = old.kind AND date = coalesce(old.date, '') AND status = old.status AND tag = coalesce(old.tag, '');
	INSERT INTO report_days (kind, date, status, tag, n)
	SELECT new.kind, coalesce(new.date, ''), new.status, coalesce(new.tag, ''), 1
	WHERE new.kind IN ('inspection', 'notice', 'complaint', 'agreement', 'survey', 'machinery')
	ON CONFLICT (kind, date, status, tag) DO UPDATE SET n = n + 1;
END;

-- What is overdue depends on today, so it cannot be kept: it is counted
-- from the open records alone (a notice issued, a complaint received or
-- being handled), a few percent of them, through this index.
CREATE INDEX records_open ON records (kind, status, date, tag, due, site)
WHERE status IN ('issued', 'received', 'handling');

-- Each site's latest checklist (draft and void ones never count) with its
-- score, and the site's name and whether it is active, for the red and
-- black list: recomputed for the site whenever one of its checklists
-- changes (from records_site_date), renamed or closed with the site.
CREATE TABLE site_latest (
	site   TEXT PRIMARY KEY,
	id     TEXT NOT NULL,   -- the checklist
	date   TEXT NOT NULL,
	score  REAL,            -- its fields.total; NULL when it has none
	name   TEXT,            -- the site's title (its name)
	active INTEGER NOT NULL -- 1: the site's record is active
) WITHOUT ROWID;
-- Best first, then by name: the red list from the top, the black list
-- (worst first, as report_ledger ranks them backwards) from the bottom.
CREATE INDEX site_latest_rank ON site_latest (active, score DESC, name);

INSERT INTO site_latest (site, id, date, score, name, active)
SELECT l.site, l.id, l.date, l.score, s.title, coalesce(s.status = 'active', 0) FROM (
	SELECT site, id, date, json_extract(state, '$.fields.total') AS score, max(date || ' ' || id)
	FROM records WHERE kind = 'inspection' AND status NOT IN ('draft', 'void') AND site IS NOT NULL
	GROUP BY site) l LEFT JOIN records s ON s.id = l.site AND s.kind = 'site';

CREATE TRIGGER site_latest_insert AFTER INSERT ON records
WHEN new.kind = 'inspection' AND new.site IS NOT NULL BEGIN
	DELETE FROM site_latest WHERE site = new.site;
	INSERT INTO site_latest (site, id, date, score, name, active)
	SELECT i.site, i.id, i.date, json_extract(i.state, '$.fields.total'), s.title, coalesce(s.status = 'active', 0)
	FROM records i INDEXED BY records_site_date LEFT JOIN records s ON s.id = i.site AND s.kind = 'site'
	WHERE i.site = new.site AND i.kind = 'inspection' AND i.status NOT IN ('draft', 'void')
	ORDER BY i.date DESC, i.id DESC LIMIT 1;
END;

CREATE TRIGGER site_latest_delete AFTER DELETE ON records
WHEN old.kind = 'inspection' AND old.site IS NOT NULL BEGIN
	DELETE FROM site_latest WHERE site = old.site;
	INSERT INTO site_latest (site, id, date, score, name, active)
	SELECT i.site, i.id, i.date, json_extract(i.state, '$.fields.total'), s.title, coalesce(s.status = 'active', 0)
	FROM records i INDEXED BY records_site_date LEFT JOIN records s ON s.id = i.site AND s.kind = 'site'
	WHERE i.site = old.site AND i.kind = 'inspection' AND i.status NOT IN ('draft', 'void')
	ORDER BY i.date DESC, i.id DESC LIMIT 1;
END;

CREATE TRIGGER site_latest_update AFTER UPDATE OF kind, site, date, status, state ON records
WHEN old.kind = 'inspection' OR new.kind = 'inspection' BEGIN
	-- Both sites cleared, then each taken once: one row per site.
	DELETE FROM site_latest WHERE site IN (old.site, new.site);
	INSERT INTO site_latest (site, id, date, score, name, active)
	SELECT i.site, i.id, i.date, json_extract(i.state, '$.fields.total'), s.title, coalesce(s.status = 'active', 0)
	FROM records i INDEXED BY records_site_date LEFT JOIN records s ON s.id = i.site AND s.kind = 'site'
	WHERE i.site = old.site AND i.kind = 'inspection' AND i.status NOT IN ('draft', 'void')
	ORDER BY i.date DESC, i.id DESC LIMIT 1;
	INSERT INTO site_latest (site, id, date, score, name, active)
	SELECT i.site, i.id, i.date, json_extract(i.state, '$.fields.total'), s.title, coalesce(s.status = 'active', 0)
	FROM records i INDEXED BY records_site_date LEFT JOIN records s ON s.id = i.site AND s.kind = 'site'
	WHERE new.site IS NOT old.site AND i.site = new.site AND i.kind = 'inspection' AND i.status NOT IN ('draft', 'void')
	ORDER BY i.date DESC, i.id DESC LIMIT 1;
END;

-- A site renamed, closed or reopened, or arriving after its checklists.
CREATE TRIGGER site_latest_site AFTER UPDATE OF title, status ON records
WHEN new.kind = 'site' BEGIN
	UPDATE site_latest SET name = new.title, active = new.status = 'active' WHERE site = new.id;
END;

CREATE TRIGGER site_latest_site_insert AFTER INSERT ON records
WHEN new.kind = 'site' BEGIN
	UPDATE site_latest SET name = new.title, active = new.status = 'active' WHERE site = new.id;
END;
