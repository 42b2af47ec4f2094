"""Command line: thin commands over library functions. The only module that prints.

Exit codes: 0 all inputs done; 1 some inputs failed (each reported); 2 usage or settings error;
3 no spaCy pipeline could be loaded.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import Progress

from newsprobe.analyzer import Analyzer
from newsprobe.errors import ModelNotFoundError, SettingsError
from newsprobe.evaluation import SCORERS
from newsprobe.ingest import ReadFailure, read_sources
from newsprobe.models import Analysis, Article
from newsprobe.render import render_html, render_json, render_terminal
from newsprobe.settings import load_settings

EXIT_OK, EXIT_INPUT_FAILED, EXIT_USAGE, EXIT_NO_MODEL = 0, 1, 2, 3
FORMATS = ("text", "json", "html")
_SUFFIX = {"text": ".txt", "json": ".json", "html": ".html"}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsprobe",
        description="Who said what, according to whom, and when: evidence-backed analysis of news articles.",
    )
    parser.add_argument("--config", type=Path, help="settings file (TOML); see docs/settings.md")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    analyze = commands.add_parser("analyze", help="analyse articles (text or HTML files, or - for stdin)")
    analyze.add_argument("inputs", nargs="+", metavar="PATH", help="article files, or - to read stdin")
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
    analyze.set_defaults(handler=_analyze_command)

    evaluate = commands.add_parser("eval", help="score newsprobe against gold data")
    scorers = evaluate.add_subparsers(dest="scorer", required=True, metavar="SCORER")
    for name, module_path in sorted(SCORERS.items()):
        module = importlib.import_module(module_path)
        scorer_parser = scorers.add_parser(name, help=module.DESCRIPTION)
        scorer_parser.add_argument("--json", action="store_true", help="print the metrics as one JSON object")
        module.add_arguments(scorer_parser)
        scorer_parser.set_defaults(handler=_eval_command, scorer_module=module)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.handler(args))
    except SettingsError as error:
        Console(stderr=True).print(f"[red]{error}[/red]", highlight=False)
        return EXIT_USAGE
    except ModelNotFoundError as error:
        Console(stderr=True).print(f"[red]{error}[/red]", highlight=False)
        return EXIT_NO_MODEL


def _analyze_command(args: argparse.Namespace) -> int:
    errors = Console(stderr=True)
    several = len(args.inputs) > 1
    single_only = [flag for flag in ("published", "title", "url") if getattr(args, flag)]
    if several and single_only:
        errors.print(f"[red]--{single_only[0]} applies to a single input only[/red]")
        return EXIT_USAGE
    if several and args.format == "html" and args.output is None:
        errors.print("[red]--format html with several inputs needs --output DIRECTORY[/red]")
        return EXIT_USAGE
    settings = load_settings(
        args.config,
        overrides={"model": args.model, "max_bytes": args.max_bytes,
                   "strip_boilerplate": False if args.keep_boilerplate else None},
    )
    analyzer = Analyzer(settings)
    metadata = {"published": args.published, "title": args.title, "outlet": args.outlet, "url": args.url}
    failures: list[ReadFailure] = []
    done = 0
    with Progress(console=errors, transient=True, disable=not several) as progress:
        task = progress.add_task("analysing", total=len(args.inputs))
        articles = _articles(args.inputs, settings.max_bytes, settings.strip_boilerplate, metadata, failures,
                             lambda: progress.advance(task))
        for analysis in analyzer.analyze_articles(articles):
            _emit(analysis, args, several, done)
            done += 1
            progress.advance(task)
    if failures:
        errors.print(f"[bold red]{len(failures)} of {len(args.inputs)} input(s) failed:[/bold red]")
        for failure in failures:
            errors.print(f"  {failure.source}: {failure.message}", highlight=False, markup=False)
    if several:
        errors.print(f"{done} analysed, {len(failures)} failed, {len(args.inputs)} given.")
    return EXIT_INPUT_FAILED if failures else EXIT_OK


def _articles(
    inputs: list[str], max_bytes: int, strip_boilerplate: bool, metadata: dict[str, Any],
    failures: list[ReadFailure], on_failure: Any,
) -> Iterator[Article]:
    given = {name: value for name, value in metadata.items() if value is not None}
    for result in read_sources(inputs, max_bytes=max_bytes, strip_boilerplate=strip_boilerplate):
        if result.failure is not None:
            failures.append(result.failure)
            on_failure()
        elif result.article is not None:
            yield dataclasses.replace(result.article, **given) if given else result.article


def _emit(analysis: Analysis, args: argparse.Namespace, several: bool, index: int) -> None:
    fmt = args.format
    if fmt == "json":
        rendered = render_json(analysis, indent=None if several and args.output is None else 2)
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
        stem = Path(analysis.article.source or f"article-{index}").name
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


if __name__ == "__main__":
    raise SystemExit(main())
