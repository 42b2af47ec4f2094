"""The store of analysed articles: one interface over SQLite (the default file) and PostgreSQL.

Open, save, read, search::

    from newsprobe.store import SearchQuery, open_store

    with open_store("newsprobe.db") as store:          # or "sqlite:///path.db", "postgresql://user@host/db",
        stored = store.save(analysis)                   # None: the `db` setting / NEWSPROBE_DB
        store.save_many(analyses)                       # one transaction, all or none; returns the count
        store.article(article_id)                       # -> Analysis | None, exactly as saved
        store.has_article(article_id)                   # -> bool
        store.is_current(article, analyzer.run)         # stored with this text and an identical Run?
        page = store.search(SearchQuery(text="ceasefire", speaker="ameri", since="2021-12-01", limit=20))
        for hit in page.hits:                           # AttributionHit: .article (ArticleRef), .ordinal,
            print(hit.attribution.speaker.name, hit.attribution.content.text)   # .attribution (models)
        store.search_articles(SearchQuery(outlet="PBS"))  # -> ArticlePage of ArticleHit
        store.stats()                                   # -> StoreStats
        store.migrate()                                 # -> names of the migrations applied

``save`` replaces an article's earlier results (same ``Article.id``) in one transaction; the article row
itself is updated in place, so rows of other layers that reference ``articles.id`` survive. Every row carries
the ``run_id`` of the ``runs`` row (newsprobe version, spaCy pipeline and version, methods, settings hash) of
the analysis that produced it. ``open_store(target, migrate=False)`` is for readers: the database must exist
and have no pending migrations (E020, E027). Failures are ``StoreError`` with a code E020-E029 (errors.md).

Named queries (``newsprobe.store.queries``) take a Transaction and return models objects or the frozen
dataclasses there; the CLI, the API and the web pages call the same ones::

    with store.transaction(write=False) as tx:
        queries.search(tx, SearchQuery(...)); queries.speakers(tx); queries.export_rows(tx, "findings")

SQL of other layers (dialect-neutral ``:name`` parameters on both engines; ``tx.dialect`` is ``"sqlite"`` or
``"postgresql"`` for what must differ)::

    with store.transaction() as tx:                     # commits at the end, rolls back on any exception
        tx.execute("INSERT INTO speaker_corrections (name, action) VALUES (:name, :action)", {...})
        tx.execute_many(sql, [row, row, ...]); tx.fetch_all(sql, params); tx.fetch_one(...); tx.fetch_value(...)

Post-save hooks run inside ``save``'s transaction after the article's rows are written; they may write their
own tables and return findings (``recycled_quote`` ...) that are stored with the article, atomically::

    from newsprobe.store import Transaction, register_post_save

    @register_post_save
    def update_quote_traces(tx: Transaction, analysis: Analysis) -> Iterable[Finding]:
        ...
        return ()

Schema migrations are files ``store/migrations/<sqlite|postgresql>/NNNN_name.sql``, applied in order, each in
one transaction, recorded in ``schema_migrations``; add ``0002_corpus.sql`` for both dialects to add tables.
docs/store.md lists every table and column.
"""

# The corpus layer's post-save hook (quote traces, recycled_quote) registers itself on import.
from newsprobe.store import corpus_tables  # noqa: F401  (imported for its registration)
from newsprobe.store.database import (
    POST_SAVE_HOOKS,
    PostSaveHook,
    Store,
    Transaction,
    open_store,
    register_post_save,
)
from newsprobe.store.queries import (
    ArticleHit,
    ArticlePage,
    ArticleRef,
    AttributionHit,
    RunInfo,
    SearchPage,
    SearchQuery,
    SpeakerSummary,
    StoreStats,
)

__all__ = [
    "POST_SAVE_HOOKS",
    "ArticleHit",
    "ArticlePage",
    "ArticleRef",
    "AttributionHit",
    "PostSaveHook",
    "RunInfo",
    "SearchPage",
    "SearchQuery",
    "SpeakerSummary",
    "Store",
    "StoreStats",
    "Transaction",
    "open_store",
    "register_post_save",
]
