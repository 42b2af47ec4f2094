-- newsprobe corpus tables, SQLite: quote tracing and speaker corrections across articles (docs/corpus.md).
-- Written by the corpus post-save hook (newsprobe.store.corpus_tables) in the transaction that saves an
-- article, and by `newsprobe speakers merge|split`. The same tables, same columns, on PostgreSQL.

-- One row per traceable quote: an attribution's quoted words, normalised for comparison.
CREATE TABLE corpus_quotes (
    attribution_id TEXT PRIMARY KEY,  -- "<article id>#<ordinal>"
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    published TEXT,  -- the article's date: publication, else its reference date (ISO)
    outlet TEXT,
    speaker TEXT,
    said_on TEXT,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    text TEXT NOT NULL,
    words TEXT NOT NULL  -- normalised words, space-separated ("…" where an ellipsis cuts the quote)
);
CREATE INDEX corpus_quotes_article ON corpus_quotes (article_id);

-- MinHash LSH band keys (64 a quote): two quotes that share a key are compared.
CREATE TABLE corpus_quote_bands (
    band_key TEXT NOT NULL,
    attribution_id TEXT NOT NULL REFERENCES corpus_quotes (attribution_id) ON DELETE CASCADE,
    PRIMARY KEY (band_key, attribution_id)
);
CREATE INDEX corpus_quote_bands_quote ON corpus_quote_bands (attribution_id);

-- Confirmed pairs: the later wording is the earlier quote, drifted so (identical, reworded, truncated ...).
-- A trace is a connected set of links.
CREATE TABLE corpus_quote_links (
    earlier_id TEXT NOT NULL REFERENCES corpus_quotes (attribution_id) ON DELETE CASCADE,
    later_id TEXT NOT NULL REFERENCES corpus_quotes (attribution_id) ON DELETE CASCADE,
    drift TEXT NOT NULL,
    similarity REAL NOT NULL,
    PRIMARY KEY (earlier_id, later_id)
);
CREATE INDEX corpus_quote_links_later ON corpus_quote_links (later_id);

-- Person ids handed out, by name key, so a person keeps their id when articles are re-analysed or added.
CREATE TABLE corpus_person_ids (
    speaker_type TEXT NOT NULL,
    name_key TEXT NOT NULL,
    person_id TEXT NOT NULL,
    PRIMARY KEY (speaker_type, name_key)
);

-- Users' merges and splits, by names (never row ids), applied on every read of the registry.
CREATE TABLE corpus_speaker_corrections (
    id INTEGER PRIMARY KEY,
    action TEXT NOT NULL CHECK (action IN ('merge', 'split')),
    name TEXT NOT NULL,
    other TEXT NOT NULL,
    article_id TEXT,
    created_at TEXT NOT NULL
);
