-- Version 7: the local events not yet at the station, by record. Home's
-- "changes not at the station", every sync's summary and a record's "only
-- on this laptop" count them; without an index each was a scan of every
-- event (0.2 s of a no-op sync at 200,000 events).
CREATE INDEX events_away ON events (record) WHERE local = 1 AND at_station = 0;
