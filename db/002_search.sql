-- Version 2: full-text search over records. The trigram tokenizer finds
-- Chinese substrings without a word segmenter; queries shorter than three
-- characters fall back to instr() in store_list, as trigram cannot match
-- them. The text is the number, the title and every text-like field value.
-- A row's rowid is its record's rowid in records, so updating or deleting
-- it is a key lookup (records keeps its rowid: it is written by upsert).
CREATE VIRTUAL TABLE records_fts USING fts5 (text, tokenize = 'trigram');

INSERT INTO records_fts (rowid, text)
SELECT rowid, coalesce(number, '') || ' ' || title || ' ' ||
       coalesce((SELECT group_concat(value, ' ') FROM json_tree(records.state, '$.fields')
                 WHERE type = 'text'), '')
FROM records;
