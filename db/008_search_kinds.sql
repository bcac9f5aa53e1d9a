-- Version 8: searching within one kind (the site finder, a form's record
-- picker) as fast at 10^6 records as at 10^3.
--
-- The search index knows each record's kind. At 10^6 records a district's
-- name matched 334,726 records of every kind, all fetched from the index
-- and intersected with the kind in SQL to show 13,338 sites: ~90 ms a
-- keystroke in the site finder, list and count. Each kind now has a code
-- and a token of three private-use characters (U+F8FF, U+E000 + code,
-- U+F8FF): one trigram, found in no typed text. A record's indexed text
-- starts with its kind's token and a space (store_records.c), so
-- '"<token>" AND "<phrase>"' finds and counts the kind's matches in the
-- index alone (store_list.c).
CREATE TABLE search_kinds (
	code  INTEGER PRIMARY KEY CHECK (code BETWEEN 1 AND 6398),
	kind  TEXT NOT NULL UNIQUE,
	token TEXT GENERATED ALWAYS AS (char(63743, 57344 + code, 63743)) VIRTUAL
);
INSERT INTO search_kinds (kind) SELECT DISTINCT kind FROM records ORDER BY kind;

-- The index is built anew with the tokens, from the texts it held (a
-- record without one gets the text of 002_search.sql). The texts wait in
-- a TEMP table while the old index is dropped, so the new one reuses its
-- pages: built beside it, the file kept 1.8 GB of free pages at 10^6.
CREATE TEMP TABLE search_texts (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
INSERT INTO temp.search_texts (id, text)
SELECT r.rowid, k.token || ' ' || coalesce(f.text, coalesce(r.number, '') || ' ' || r.title || ' ' ||
       coalesce((SELECT group_concat(value, ' ') FROM json_tree(r.state, '$.fields')
                 WHERE type = 'text'), ''))
FROM records r JOIN search_kinds k ON k.kind = r.kind
LEFT JOIN records_fts f ON f.rowid = r.rowid;
DROP TABLE records_fts;
CREATE VIRTUAL TABLE records_fts USING fts5 (text, tokenize = 'trigram');
INSERT INTO records_fts (rowid, text) SELECT id, text FROM temp.search_texts ORDER BY id;
DROP TABLE temp.search_texts;

-- One or two characters typed within a kind are looked for in titles and
-- numbers (trigram cannot match them), in this index, newest first, so the
-- list stops after a screen without reading a row until it matches: a
-- character in no site's name read every site's row, 52 ms (up to 1.4 s
-- from a cold disk); now 6 ms. It replaces 006's index in (kind, title) order.
-- Partial (every title is NOT NULL), so that only a query that names it
-- uses it (store_list.c): the other lists keep db/004's narrower index.
DROP INDEX IF EXISTS records_kind_title;
CREATE INDEX records_kind_date_title ON records (kind, date, id, title, number) WHERE title IS NOT NULL;
