-- 010: what the station's reports count (src/report.c), answered from one
-- index instead of each record's JSON state.
--
-- tag is the one field of a record that a report groups by: an inspection's
-- type, a notice's kind (deadline / stopwork), a complaint's satisfaction.
-- Triggers keep it in step with the state, so every writer (record, sync,
-- reindex, the demo) keeps it without knowing. json_valid first: a damaged
-- row (issue 17) gets no tag instead of failing the write.
--
-- records_report covers the monthly statistics and the ledger's tallies: a
-- year at 10^6 records is one walk of this index, never of the states.

ALTER TABLE records ADD COLUMN tag TEXT;

UPDATE records SET tag = CASE kind
	WHEN 'inspection' THEN json_extract(state, '$.fields.type')
	WHEN 'notice' THEN json_extract(state, '$.fields.kind')
	ELSE json_extract(state, '$.fields.satisfaction') END
WHERE kind IN ('inspection', 'notice', 'complaint') AND json_valid(state);

CREATE TRIGGER records_tag_insert AFTER INSERT ON records
WHEN new.kind IN ('inspection', 'notice', 'complaint') BEGIN
	UPDATE records SET tag = CASE WHEN json_valid(new.state) THEN CASE new.kind
		WHEN 'inspection' THEN json_extract(new.state, '$.fields.type')
		WHEN 'notice' THEN json_extract(new.state, '$.fields.kind')
		ELSE json_extract(new.state, '$.fields.satisfaction') END END
	WHERE rowid = new.rowid;
END;

CREATE TRIGGER records_tag_update AFTER UPDATE OF state ON records
WHEN new.kind IN ('inspection', 'notice', 'complaint') BEGIN
	UPDATE records SET tag = CASE WHEN json_valid(new.state) THEN CASE new.kind
		WHEN 'inspection' THEN json_extract(new.state, '$.fields.type')
		WHEN 'notice' THEN json_extract(new.state, '$.fields.kind')
		ELSE json_extract(new.state, '$.fields.satisfaction') END END
	WHERE rowid = new.rowid;
END;

CREATE INDEX records_report ON records (kind, date, status, tag, due, site);
