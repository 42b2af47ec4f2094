"""The single-article commands: ``analyze``, ``extract`` and ``eval``."""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import re
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import Progress

from newsprobe.analyzer import Analyzer
from newsprobe.cli.common import (
    EXIT_INPUT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    SOURCES_HELP,
    add_reading_options,
    may_hold_several,
    print_summary,
    read_articles,
    reading_overrides,
)
from newsprobe.evaluation import SCORERS
from newsprobe.ingest import IngestSummary, ingest_options
from newsprobe.ingest.fetch import is_url
from newsprobe.models import SCHEMA_VERSION, Analysis
from newsprobe.render import render_html, render_json, render_terminal
from newsprobe.render.article import render_article_text
from newsprobe.settings import load_settings

FORMATS = ("text", "json", "html")
_SUFFIX = {"text": ".txt", "json": ".json", "html": ".html"}


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The single-article commands: analyze, extract and eval."""

    analyze = commands.add_parser("analyze", help="analyse articles from files, folders, URLs, archives, feeds")
    analyze.add_argument("inputs", nargs="+", metavar="SOURCE", help=SOURCES_HELP)
    analyze.add_argument("--format", choices=FORMATS, default="text", help="output format (default: text)")
    analyze.add_argument("--output", "-o", type=Path,
                         help="write here instead of stdout; a directory when several inputs are given")
    analyze.add_argument("--model", help="spaCy pipeline to use (default: en_core_web_sm, else its re-upload)")
    analyze.add_argument("--max-bytes", type=int, help="refuse inputs larger than this (default 10,000,000)")
    analyze.add_argument("--keep-boilerplate", action="store_true",
                         help="analyse trailing web boilerplate as part of the body")
    analyze.add_argument("--published", help="publication date (ISO 8601) for a single input")
    analyze.add_argument("--title", help="headline for a single input (overrides the detected one)")
    analyze.add_argument("--outlet", help="outlet name for the inputs")
    analyze.add_argument("--url", help="URL of a single input")
    add_reading_options(analyze)
    analyze.set_defaults(handler=_analyze_command)

    extract = commands.add_parser("extract", help="print the articles read from sources (text and metadata), "
                                                  "without analysing them")
    extract.add_argument("inputs", nargs="+", metavar="SOURCE", help=SOURCES_HELP)
    extract.add_argument("--format", choices=("text", "json"), default="text",
                         help="text: metadata then text per article; json: one JSON object per line")
    extract.add_argument("--output", "-o", type=Path, help="write here instead of stdout")
    extract.add_argument("--max-bytes", type=int, help="refuse inputs larger than this (default 10,000,000)")
    extract.add_argument("--keep-boilerplate", action="store_true",
                         help="count trailing web boilerplate as part of the body")
    add_reading_options(extract)
    extract.set_defaults(handler=_extract_command)

    evaluate = commands.add_parser("eval", help="score newsprobe against gold data")
    scorers = evaluate.add_subparsers(dest="scorer", required=True, metavar="SCORER")
    for name, module_path in sorted(SCORERS.items()):
        module = importlib.import_module(module_path)
        scorer_parser = scorers.add_parser(name, help=module.DESCRIPTION)
        scorer_parser.add_argument("--json", action="store_true", help="print the metrics as one JSON object")
        module.add_arguments(scorer_parser)
        scorer_parser.set_defaults(handler=_eval_command, scorer_module=module)


def _analyze_command(args: argparse.Namespace) -> int:
    errors = Console(stderr=True)
    several = len(args.inputs) > 1 or any(may_hold_several(source) for source in args.inputs)
    single_only = [flag for flag in ("published", "title", "url") if getattr(args, flag)]
    if several and single_only:
        errors.print(f"[red]--{single_only[0]} applies to a single input only[/red]")
        return EXIT_USAGE
    if several and args.format == "html" and args.output is None:
        errors.print("[red]--format html with several inputs needs --output DIRECTORY[/red]")
        return EXIT_USAGE
    settings = load_settings(args.config, overrides={"model": args.model, **reading_overrides(args, args.config)})
    analyzer = Analyzer(settings)
    metadata = {"published": args.published, "title": args.title, "outlet": args.outlet, "url": args.url}
    summary = IngestSummary()
    compact = several or any(is_url(source) for source in args.inputs)
    with Progress(console=errors, transient=True, disable=not several) as progress:
        task = progress.add_task("analysing", total=None)
        articles = read_articles(args.inputs, ingest_options(settings), metadata, summary,
                                 lambda: progress.advance(task))
        for analysis in analyzer.analyze_articles(articles):
            _emit(analysis, args, several, summary.done, compact)
            summary.done += 1
            progress.advance(task)
    print_summary(errors, summary, "analysed", several)
    return EXIT_INPUT_FAILED if summary.failures else EXIT_OK


def _extract_command(args: argparse.Namespace) -> int:
    errors = Console(stderr=True)
    settings = load_settings(args.config, overrides=reading_overrides(args, args.config))
    summary = IngestSummary()
    several = len(args.inputs) > 1 or any(may_hold_several(source) for source in args.inputs)
    handle = args.output.open("w", encoding="utf-8") if args.output else sys.stdout
    try:
        for article in read_articles(args.inputs, ingest_options(settings), {}, summary, lambda: None):
            if args.format == "json":
                document = {"schema_version": SCHEMA_VERSION, "article": dataclasses.asdict(article)}
                handle.write(json.dumps(document, ensure_ascii=False) + "\n")
            else:
                handle.write(render_article_text(article) + "\n")
            handle.flush()
            summary.done += 1
    finally:
        if args.output:
            handle.close()
    print_summary(errors, summary, "extracted", several)
    return EXIT_INPUT_FAILED if summary.failures else EXIT_OK


def _emit(analysis: Analysis, args: argparse.Namespace, several: bool, index: int, compact: bool) -> None:
    fmt = args.format
    if fmt == "json":
        rendered = render_json(analysis, indent=None if compact and args.output is None else 2)
    elif fmt == "html":
        rendered = render_html(analysis)
    else:
        rendered = ""
    if args.output is None:
        if fmt == "text":
            Console(highlight=False).print(render_terminal(analysis))
        else:
            sys.stdout.write(rendered + "\n")
        return
    target = args.output
    if several:
        target.mkdir(parents=True, exist_ok=True)
        stem = re.sub(r"[^\w.-]+", "_", Path(analysis.article.source or f"article-{index}").name)[-80:]
        target = target / f"{index:05d}-{stem}{_SUFFIX[fmt]}"
    if fmt == "text":
        with target.open("w", encoding="utf-8") as handle:
            Console(file=handle, width=120, force_terminal=False).print(render_terminal(analysis))
    else:
        target.write_text(rendered + "\n", encoding="utf-8")


def _eval_command(args: argparse.Namespace) -> int:
    report = args.scorer_module.run(args)
    if args.json:
        sys.stdout.write(json.dumps(report.metrics, sort_keys=True) + "\n")
    else:
        console = Console(highlight=False)
        for line in report.details:
            console.print(line, markup=False)
        for name, value in report.metrics.items():
            shown = f"{value:.4f}" if isinstance(value, float) else str(value)
            console.print(f"{name:>32}: {shown}", markup=False)
    return EXIT_OK


