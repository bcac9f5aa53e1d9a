-- Version 16: a record's tag (db/010) written with the record, by its one
-- writer (store_put_record), instead of by triggers after each write. A
-- load sets the triggers aside for speed and had to update every record's
-- tag afterwards, one more pass over all the states (0.6 s of a reindex of
-- 201,135 events); written with the row it costs nothing more. The values are
-- those the triggers gave (json_extract of the same field of the state).
DROP TRIGGER IF EXISTS records_tag_insert;
DROP TRIGGER IF EXISTS records_tag_update;
