-- Search on PostgreSQL (docs/store.md, "Search speed"). SQLite needs no counterpart: its index on
-- (published_date, id), walked backwards, already gives newest first with undated last.

-- Newest first with undated articles last, the order of every search page (queries._ORDER). The ascending
-- (published_date, id) index of 0001, read backwards, gives NULLS FIRST, so PostgreSQL sorted all 10,000
-- articles of the benchmark (18 ms) before the first page; walking this one reads about as many articles as
-- the page needs. Measured with EXPLAIN ANALYZE on 100k generated attributions (benchmarks/README.md).
CREATE INDEX articles_newest_first ON articles (published_date DESC NULLS LAST, id DESC);
