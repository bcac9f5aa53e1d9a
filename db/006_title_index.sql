-- Version 6: a covering index for searching titles and numbers within a
-- kind (one or two characters typed, where trigram search cannot help).
-- Scanning it reads a few dozen bytes a record instead of each record's
-- whole row with its state.
CREATE INDEX records_kind_title ON records (kind, title, number, date, id);
