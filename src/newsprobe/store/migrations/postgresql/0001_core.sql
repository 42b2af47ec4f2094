-- newsprobe core schema, PostgreSQL. docs/store.md documents every table and column.
-- Offsets are [start, end) character offsets into articles.text, as in the JSON document (docs/schema.md).
-- Every row records the run that produced it (run_id); a re-analysed article's rows are replaced together.

CREATE TABLE runs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    run_key TEXT NOT NULL UNIQUE,
    newsprobe_version TEXT NOT NULL,
    model TEXT NOT NULL,
    model_version TEXT NOT NULL,
    methods TEXT NOT NULL,
    settings_hash TEXT NOT NULL,
    created_at TEXT NOT NULL
);

CREATE TABLE articles (
    row_id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    run_id BIGINT NOT NULL REFERENCES runs (id),
    title TEXT,
    url TEXT,
    outlet TEXT,
    authors TEXT NOT NULL,
    published TEXT,
    published_date TEXT,
    language TEXT,
    source TEXT,
    dateline TEXT,
    reference_date TEXT,
    reference_date_source TEXT,
    duplicate_of TEXT,
    duplicate_similarity DOUBLE PRECISION,
    text TEXT NOT NULL,
    text_sha256 TEXT NOT NULL,
    body_start INTEGER NOT NULL,
    body_end INTEGER NOT NULL,
    quoted_share DOUBLE PRECISION,
    attribution_count INTEGER NOT NULL,
    finding_count INTEGER NOT NULL,
    schema_version TEXT NOT NULL,
    analysis_json TEXT NOT NULL,
    stored_at TEXT NOT NULL
);
-- (published_date, id): newest-first pages come in index order, without sorting every match.
CREATE INDEX articles_published_date ON articles (published_date, id);
CREATE INDEX articles_outlet ON articles (lower(outlet));
CREATE INDEX articles_duplicate_of ON articles (duplicate_of);
CREATE INDEX articles_run ON articles (run_id);

CREATE TABLE attributions (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    run_id BIGINT NOT NULL REFERENCES runs (id),
    kind TEXT NOT NULL,
    content_start INTEGER NOT NULL,
    content_end INTEGER NOT NULL,
    content TEXT NOT NULL,
    cue_start INTEGER,
    cue_end INTEGER,
    cue TEXT,
    speaker_name TEXT,
    speaker_type TEXT NOT NULL,
    speaker_role TEXT,
    speaker_mention_start INTEGER,
    speaker_mention_end INTEGER,
    speaker_mention TEXT,
    said_on TEXT,
    confidence DOUBLE PRECISION NOT NULL,
    method TEXT NOT NULL,
    via TEXT NOT NULL,
    UNIQUE (article_id, ordinal)
);
CREATE INDEX attributions_speaker_name ON attributions (lower(speaker_name));
CREATE INDEX attributions_speaker_type ON attributions (speaker_type);
CREATE INDEX attributions_run ON attributions (run_id);

-- Every speaker name ever stored, once: "part of a name" searches scan these few rows, not every attribution,
-- then fetch the matching attributions through attributions_speaker_name. Names are never removed (a name
-- no attribution has any more matches nothing).
CREATE TABLE speaker_names (
    name TEXT PRIMARY KEY
);

CREATE TABLE relays (
    article_id TEXT NOT NULL,
    attribution_ordinal INTEGER NOT NULL,
    ordinal INTEGER NOT NULL,
    run_id BIGINT NOT NULL REFERENCES runs (id),
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (article_id, attribution_ordinal, ordinal),
    FOREIGN KEY (article_id, attribution_ordinal) REFERENCES attributions (article_id, ordinal) ON DELETE CASCADE
);
CREATE INDEX relays_name ON relays (lower(name));

CREATE TABLE entities (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    run_id BIGINT NOT NULL REFERENCES runs (id),
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    text TEXT NOT NULL,
    label TEXT NOT NULL,
    PRIMARY KEY (article_id, ordinal)
);
CREATE INDEX entities_label_text ON entities (label, text);

CREATE TABLE times (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    run_id BIGINT NOT NULL REFERENCES runs (id),
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    text TEXT NOT NULL,
    type TEXT NOT NULL,
    value TEXT,
    anchor TEXT,
    PRIMARY KEY (article_id, ordinal)
);

CREATE TABLE claims (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    run_id BIGINT NOT NULL REFERENCES runs (id),
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    text TEXT NOT NULL,
    checkworthiness DOUBLE PRECISION NOT NULL,
    attributed BOOLEAN NOT NULL,
    marks TEXT NOT NULL,
    PRIMARY KEY (article_id, ordinal)
);

CREATE TABLE techniques (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    run_id BIGINT NOT NULL REFERENCES runs (id),
    start_offset INTEGER NOT NULL,
    end_offset INTEGER NOT NULL,
    text TEXT NOT NULL,
    technique TEXT NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (article_id, ordinal)
);
CREATE INDEX techniques_technique ON techniques (technique);

CREATE TABLE findings (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    run_id BIGINT NOT NULL REFERENCES runs (id),
    type TEXT NOT NULL,
    severity TEXT NOT NULL,
    message TEXT NOT NULL,
    evidence_start INTEGER,
    evidence_end INTEGER,
    evidence_text TEXT,
    evidence TEXT NOT NULL,
    suggestion TEXT,
    method TEXT NOT NULL,
    PRIMARY KEY (article_id, ordinal)
);
CREATE INDEX findings_type ON findings (type);

CREATE TABLE notices (
    article_id TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
    ordinal INTEGER NOT NULL,
    run_id BIGINT NOT NULL REFERENCES runs (id),
    code TEXT NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (article_id, ordinal)
);

-- Full-text search: stored tsvector columns (english configuration: stemming like SQLite's porter) with GIN
-- indexes; queries use websearch_to_tsquery, so user input needs no escaping.
ALTER TABLE attributions ADD COLUMN content_tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('english', content)) STORED;
CREATE INDEX attributions_content_tsv ON attributions USING gin (content_tsv);
ALTER TABLE articles ADD COLUMN search_tsv tsvector
    GENERATED ALWAYS AS (to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED;
CREATE INDEX articles_search_tsv ON articles USING gin (search_tsv);
