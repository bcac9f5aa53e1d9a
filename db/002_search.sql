-- Version 2: full-text search over records. The trigram tokenizer finds
-- Chinese substrings without a word segmenter; queries shorter than three
-- characters fall back to instr() in store_list, as trigram cannot match
-- them. The text is the number, the title and every text-like field value.
CREATE VIRTUAL TABLE records_fts USING fts5 (id UNINDEXED, text, tokenize = 'trigram');

INSERT INTO records_fts (id, text)
SELECT id, coalesce(number, '') || ' ' || title || ' ' ||
       coalesce((SELECT group_concat(value, ' ') FROM json_tree(records.state, '$.fields')
                 WHERE type = 'text'), '')
FROM records;

-- Per-device sequence of human numbers lives in settings ('seq:YEAR').
