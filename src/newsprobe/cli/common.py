"""What the command modules share: exit codes, the reading options, and the article stream with its summary."""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from rich.console import Console

from newsprobe.ingest import IngestOptions, IngestSummary, read_sources
from newsprobe.ingest.fetch import is_url
from newsprobe.models import Article
from newsprobe.settings import load_settings

EXIT_OK, EXIT_INPUT_FAILED, EXIT_USAGE, EXIT_NO_MODEL = 0, 1, 2, 3
SOURCES_HELP = (
    "files (text, HTML, .gz), folders (read recursively), glob patterns, http(s) URLs, WARC/WARC.gz crawls, "
    "JSONL/CSV/TSV dumps (see --field), RSS/Atom feeds (linked articles are fetched), or - for stdin"
)


def add_reading_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--allow-private", action="store_true", default=None,
                        help="fetch URLs on private or loopback addresses (refused by default)")
    parser.add_argument("--field", action="append", metavar="FIELD=COLUMN", default=[],
                        help="JSONL/CSV column holding an article field (text, html, title, url, published, "
                             "outlet, id); repeatable")
    parser.add_argument("--extraction-focus", choices=("balanced", "precision", "recall"),
                        help="HTML extraction trade-off (default: balanced)")


def reading_overrides(args: argparse.Namespace, config: Path | None) -> dict[str, Any]:
    """Settings overrides from the reading options; --field adds to the configured record_fields."""
    overrides: dict[str, Any] = {"allow_private": args.allow_private, "extraction_focus": args.extraction_focus,
                                 "max_bytes": args.max_bytes,
                                 "strip_boilerplate": False if args.keep_boilerplate else None}
    if args.field:
        base = load_settings(config).record_fields
        overrides["record_fields"] = ",".join([base, *args.field])
    return overrides


def may_hold_several(source: str) -> bool:
    """Folders, patterns, archives, dumps and feeds hold many articles; a plain file or stdin one."""
    if source == "-" or is_url(source):
        return False
    path = Path(source)
    if path.is_dir() or (not path.exists() and any(character in source for character in "*?[")):
        return True
    suffixes = [suffix.lower() for suffix in path.suffixes if suffix.lower() != ".gz"]
    return bool(suffixes) and suffixes[-1] in {".warc", ".arc", ".jsonl", ".ndjson", ".csv", ".tsv", ".rss",
                                               ".atom", ".xml"}


def print_summary(errors: Console, summary: IngestSummary, verb: str, several: bool) -> None:
    if several or summary.failures or summary.read != summary.done:
        for line in summary.lines(verb):
            errors.print(line, highlight=False, markup=False, soft_wrap=True)


def read_articles(
    inputs: list[str], options: IngestOptions, metadata: dict[str, Any], summary: IngestSummary,
    on_skip: Callable[[], None],
) -> Iterator[Article]:
    given = {name: value for name, value in metadata.items() if value is not None}
    for result in read_sources(inputs, options):
        summary.add(result)
        if result.article is None:
            on_skip()
        else:
            yield dataclasses.replace(result.article, **given) if given else result.article


