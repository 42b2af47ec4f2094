"""The corpus store commands: ``ingest``, ``search``, ``export`` and ``db migrate|stats``.

A store error (E020-E029) ends the command with exit code 4; everything committed before it stays.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from newsprobe.analyzer import Analyzer
from newsprobe.cli.common import (
    EXIT_INPUT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    SOURCES_HELP,
    add_reading_options,
    read_articles,
    reading_overrides,
)
from newsprobe.errors import StoreError
from newsprobe.ingest import IngestSummary, ingest_options
from newsprobe.models import Article, Notice
from newsprobe.settings import Settings, load_settings
from newsprobe.store import SearchQuery, Store, open_store
from newsprobe.store.export import EXPORT_FORMATS, EXPORT_TABLES, export_table

EXIT_STORE = 4
DB_HELP = "the store: a file path, sqlite:///PATH or postgresql://... (default: setting db, newsprobe.db)"


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The store commands: ingest, search, export and db."""

    ingest = commands.add_parser("ingest", help="analyse articles from any sources and store them in a database")
    ingest.add_argument("inputs", nargs="+", metavar="SOURCE", help=SOURCES_HELP)
    ingest.add_argument("--db", help=DB_HELP)
    ingest.add_argument("--model", help="spaCy pipeline to use (default: en_core_web_sm, else its re-upload)")
    ingest.add_argument("--max-bytes", type=int, help="refuse inputs larger than this (default 10,000,000)")
    ingest.add_argument("--keep-boilerplate", action="store_true",
                        help="analyse trailing web boilerplate as part of the body")
    ingest.add_argument("--outlet", help="outlet name for the inputs")
    ingest.add_argument("--reanalyse", action="store_true",
                        help="analyse and replace articles already stored by the same run (skipped by default)")
    add_reading_options(ingest)
    ingest.set_defaults(handler=_ingest_command)

    search = commands.add_parser("search", help="search the attributions (or articles) of a store")
    search.add_argument("text", nargs="?", help="words of the quoted or reported content (\"phrase\" for a phrase)")
    search.add_argument("--db", help=DB_HELP)
    search.add_argument("--speaker", help="part of the speaker's name, any case")
    search.add_argument("--outlet", help="outlet, any case")
    search.add_argument("--since", metavar="DATE", help="published on or after this ISO date")
    search.add_argument("--until", metavar="DATE", help="published on or before this ISO date")
    search.add_argument("--source-type", help="speaker type: named_person, named_organization, unnamed_group ...")
    search.add_argument("--finding-type", help="only articles with a finding of this type (recycled_quote ...)")
    search.add_argument("--kind", choices=("direct", "indirect", "mixed"), help="attribution kind")
    search.add_argument("--articles", action="store_true",
                        help="list matching articles instead of attributions (text searches title and body)")
    search.add_argument("--format", choices=("table", "json", "csv"), default="table",
                        help="table (default), json (one object per line) or csv")
    search.add_argument("--limit", type=int, default=20, help="results per page (default 20)")
    search.add_argument("--offset", type=int, default=0, help="skip this many results")
    search.set_defaults(handler=_search_command)

    export = commands.add_parser("export", help="export store tables as JSONL, CSV or Parquet files")
    export.add_argument("tables", nargs="*", metavar="TABLE",
                        help=f"tables to export: {', '.join(EXPORT_TABLES)} (default: all)")
    export.add_argument("--db", help=DB_HELP)
    export.add_argument("--format", choices=EXPORT_FORMATS, default="jsonl", help="file format (default: jsonl)")
    export.add_argument("--output", "-o", type=Path, default=Path(),
                        help="directory for the files TABLE.FORMAT (default: the current one)")
    export.set_defaults(handler=_export_command)

    database = commands.add_parser("db", help="database maintenance: migrate, stats")
    actions = database.add_subparsers(dest="action", required=True, metavar="ACTION")
    migrate = actions.add_parser("migrate", help="create the database or apply pending schema migrations")
    migrate.add_argument("--db", help=DB_HELP)
    migrate.set_defaults(handler=_migrate_command)
    stats = actions.add_parser("stats", help="what the store holds: counts, dates, outlets, runs")
    stats.add_argument("--db", help=DB_HELP)
    stats.add_argument("--json", action="store_true", help="one JSON object")
    stats.set_defaults(handler=_stats_command)


# --- ingest --------------------------------------------------------------------------------------------------


def _ingest_command(args: argparse.Namespace) -> int:
    errors = Console(stderr=True)
    settings = load_settings(args.config, overrides={"model": args.model, "db": args.db,
                                                     **reading_overrides(args, args.config)})
    analyzer = Analyzer(settings)  # before the database: a missing pipeline must not leave an empty file
    summary = IngestSummary()
    already = 0
    try:
        with _open(settings, migrate=True) as store, _progress(errors) as progress:
            task = progress.add_task("ingesting", total=None, counts="")

            def advance() -> None:
                progress.update(task, advance=1, counts=f"{summary.done} stored, {already} already stored, "
                                                        f"{len(summary.failures)} failed")

            def fresh(articles: Iterator[Article]) -> Iterator[Article]:
                nonlocal already
                for article in articles:
                    if not args.reanalyse and store.is_current(article, analyzer.run):
                        already += 1
                        advance()
                        continue
                    yield article

            articles = read_articles(args.inputs, ingest_options(settings), {"outlet": args.outlet}, summary,
                                     advance)
            for analysis in analyzer.analyze_articles(fresh(articles)):
                store.save(analysis)  # one transaction per article: a killed ingest keeps whole articles only
                summary.done += 1
                advance()
    except StoreError as error:
        _print_summary(errors, summary, already)
        errors.print(f"[red]{error}[/red]", highlight=False)
        return EXIT_STORE
    _print_summary(errors, summary, already)
    return EXIT_INPUT_FAILED if summary.failures else EXIT_OK


def _print_summary(errors: Console, summary: IngestSummary, already: int) -> None:
    lines = summary.lines("analysed and stored")
    # The reader's summary does not know the store; the articles it skipped are said on their own line.
    lines.insert(1, f"  {already} already stored by this run (not analysed again; --reanalyse to redo them)")
    for line in lines:
        errors.print(line, highlight=False, markup=False, soft_wrap=True)


def _progress(console: Console) -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed} read"),
                    TextColumn("{task.fields[counts]}"), TimeElapsedColumn(), console=console, transient=True)


# --- search ----------------------------------------------------------------------------------------------------


def _search_command(args: argparse.Namespace) -> int:
    errors = Console(stderr=True)
    query = SearchQuery(text=args.text, speaker=args.speaker, outlet=args.outlet, since=args.since,
                        until=args.until, source_type=args.source_type, finding_type=args.finding_type,
                        kind=args.kind, limit=args.limit, offset=args.offset)
    try:
        with _open(load_settings(args.config, overrides={"db": args.db}), migrate=False) as store:
            records, total, exact = _search_records(store, query, args.articles, errors)
    except StoreError as error:
        errors.print(f"[red]{error}[/red]", highlight=False)
        return EXIT_STORE
    if args.format == "json":
        for record in records:
            sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif args.format == "csv":
        if records:
            writer = csv.DictWriter(sys.stdout, fieldnames=list(records[0]))
            writer.writeheader()
            writer.writerows(records)
    else:
        _print_table(records, args.articles)
    shown = f"{args.offset + 1}-{args.offset + len(records)}" if records else "none"
    counted = f"{total}" if exact else f"at least {total}"  # counting stops at queries.COUNT_LIMIT
    errors.print(f"{counted} match(es); showing {shown}", highlight=False)
    return EXIT_OK


def _search_records(store: Store, query: SearchQuery, articles: bool,
                    errors: Console) -> tuple[list[dict[str, Any]], int, bool]:
    if articles:
        article_page = store.search_articles(query)
        _print_notices(errors, article_page.notices)
        return [{"article_id": hit.article.id, "title": hit.article.title, "outlet": hit.article.outlet,
                 "published": hit.article.published, "url": hit.article.url, "attributions": hit.attributions,
                 "findings": hit.findings} for hit in article_page.hits], article_page.total, article_page.total_exact
    page = store.search(query)
    _print_notices(errors, page.notices)
    records = []
    for hit in page.hits:
        attribution = hit.attribution
        records.append({
            "attribution_id": hit.attribution_id, "article_id": hit.article.id, "title": hit.article.title,
            "outlet": hit.article.outlet, "published": hit.article.published, "kind": attribution.kind,
            "speaker": attribution.speaker.name, "speaker_type": attribution.speaker.type,
            "speaker_role": attribution.speaker.role, "cue": attribution.cue.text if attribution.cue else None,
            "via": " > ".join(relay.name for relay in attribution.via), "said_on": attribution.said_on,
            "content": attribution.content.text,
        })
    return records, page.total, page.total_exact


def _print_notices(errors: Console, notices: tuple[Notice, ...]) -> None:
    for notice in notices:
        errors.print(f"[yellow][{notice.code}] {notice.message}[/yellow]", highlight=False)


def _print_table(records: list[dict[str, Any]], articles: bool) -> None:
    table = Table(show_lines=False)
    names: tuple[str, ...]
    if articles:
        names = ("article_id", "published", "outlet", "title", "attributions", "findings")
    else:
        names = ("article_id", "published", "outlet", "speaker", "speaker_type", "kind", "content")
    for name in names:
        table.add_column(name, overflow="fold", ratio=4 if name in {"content", "title"} else 1)
    for record in records:
        table.add_row(*("" if record[name] is None else str(record[name]) for name in names))
    Console(highlight=False).print(table)


# --- export, db ------------------------------------------------------------------------------------------------


def _export_command(args: argparse.Namespace) -> int:
    errors = Console(stderr=True)
    tables = args.tables or list(EXPORT_TABLES)
    unknown = [table for table in tables if table not in EXPORT_TABLES]
    if unknown:
        errors.print(f"[red]unknown table {unknown[0]!r}; choose from {', '.join(EXPORT_TABLES)}[/red]")
        return EXIT_USAGE
    try:
        args.output.mkdir(parents=True, exist_ok=True)
        with _open(load_settings(args.config, overrides={"db": args.db}), migrate=False) as store:
            for table in tables:
                path = args.output / f"{table}.{args.format}"
                count = export_table(store, table, args.format, path)
                errors.print(f"{table}: {count} rows -> {path}", highlight=False)
    except StoreError as error:
        errors.print(f"[red]{error}[/red]", highlight=False)
        return EXIT_STORE
    except OSError as error:
        errors.print(f"[red]Cannot write to {args.output}: {error.strerror or error}[/red]", highlight=False)
        return EXIT_STORE
    return EXIT_OK


def _migrate_command(args: argparse.Namespace) -> int:
    errors = Console(stderr=True)
    settings = load_settings(args.config, overrides={"db": args.db})
    try:
        # migrate=None: open (or create) without touching the schema, then apply and list what is pending.
        with _open(settings, migrate=None) as store:
            applied = store.migrate()
            version = store.schema_version()
    except StoreError as error:
        errors.print(f"[red]{error}[/red]", highlight=False)
        return EXIT_STORE
    done = ", ".join(applied) if applied else "nothing to apply"
    errors.print(f"{settings.db}: schema version {version} ({done})", highlight=False)
    return EXIT_OK


def _stats_command(args: argparse.Namespace) -> int:
    errors = Console(stderr=True)
    try:
        with _open(load_settings(args.config, overrides={"db": args.db}), migrate=False) as store:
            stats = store.stats()
            shown = store.target
    except StoreError as error:
        errors.print(f"[red]{error}[/red]", highlight=False)
        return EXIT_STORE
    if args.json:
        data = {"target": shown, "dialect": stats.dialect, "schema_version": stats.schema_version,
                "articles": stats.articles, "attributions": stats.attributions, "speakers": stats.speakers,
                "entities": stats.entities, "findings": stats.findings, "first_published": stats.first_published,
                "last_published": stats.last_published, "outlets": dict(stats.outlets),
                "runs": [vars(run) for run in stats.runs]}
        sys.stdout.write(json.dumps(data, ensure_ascii=False) + "\n")
        return EXIT_OK
    console = Console(highlight=False)
    console.print(f"{shown} ({stats.dialect}, schema version {stats.schema_version})", markup=False)
    for name in ("articles", "attributions", "speakers", "entities", "findings"):
        console.print(f"{name:>14}: {getattr(stats, name):,}", markup=False)
    console.print(f"{'published':>14}: {stats.first_published or '?'} .. {stats.last_published or '?'}", markup=False)
    for outlet, count in stats.outlets:
        console.print(f"{'outlet':>14}: {outlet} ({count:,})", markup=False)
    for run in stats.runs:
        console.print(f"{'run ' + str(run.id):>14}: newsprobe {run.newsprobe_version}, {run.model} "
                      f"{run.model_version}, settings {run.settings_hash}: {run.articles:,} articles", markup=False)
    return EXIT_OK


def _open(settings: Settings, migrate: bool | None) -> Store:
    return open_store(settings.db, migrate=migrate, timeout=settings.db_timeout)
