"""The across-articles commands: ``speakers list|show|merge|split``, ``trace`` and ``citations``."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from newsprobe.cli.common import EXIT_INPUT_FAILED, EXIT_OK, EXIT_USAGE
from newsprobe.corpus.citations import citation_csv, citation_graphml, citation_svg
from newsprobe.corpus.speakers import find_person, name_key
from newsprobe.errors import Errors, StoreError
from newsprobe.models import Person, QuoteTrace, SpeakerCorrection
from newsprobe.store import open_store
from newsprobe.store.corpus_tables import add_correction, citation_edges, people, trace_for, traces_matching

EXIT_STORE = 4  # as the store commands: the database could not be used
DB_HELP = "the store: a file path, sqlite:///PATH or postgresql://... (default: setting db, newsprobe.db)"


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The across-articles commands: speakers, trace and citations."""

    speakers = commands.add_parser("speakers", help="people quoted across the stored articles; merge and split them")
    actions = speakers.add_subparsers(dest="action", required=True, metavar="ACTION")
    listing = actions.add_parser("list", help="every person, most quoted first")
    listing.add_argument("--limit", type=int, default=50, help="at most this many (default 50; 0: all)")
    listing.add_argument("--format", choices=("table", "json"), default="table")
    show = actions.add_parser("show", help="one person: variants with the reason of each merge, roles over time, "
                                           "outlets, attributions")
    show.add_argument("person", metavar="PERSON", help="a person id, name or variant")
    show.add_argument("--format", choices=("text", "json"), default="text")
    merge = actions.add_parser("merge", help="say that two people are one (kept by name: survives re-analysis)")
    merge.add_argument("person", metavar="PERSON", help="the person to keep (id, name or variant)")
    merge.add_argument("other", metavar="OTHER", help="the person merged into it (id, name or variant)")
    split = actions.add_parser("split", help="say that a variant is not this person (kept by name)")
    split.add_argument("person", metavar="PERSON", help="a person id, name or variant")
    split.add_argument("variant", metavar="VARIANT", help="the spelling (or the article's mention) to split off")
    split.add_argument("--article", help="only in this article (its id)")
    for parser in (listing, show, merge, split):
        parser.add_argument("--db", help=DB_HELP)
        parser.set_defaults(handler=_speakers_command)

    trace = commands.add_parser("trace", help="follow a quote across the stored articles: earliest appearance, "
                                              "outlets, wording drift, speaker change")
    trace.add_argument("quote", metavar="QUOTE_TEXT_OR_ATTRIBUTION_ID",
                       help="an attribution id (ARTICLE#N, as `newsprobe search` shows) or the quote's words")
    trace.add_argument("--format", choices=("table", "json"), default="table")
    trace.add_argument("--db", help=DB_HELP)
    trace.set_defaults(handler=_trace_command)

    citations = commands.add_parser("citations", help="which outlets relay which, over the stored articles")
    citations.add_argument("--format", choices=("table", "csv", "graphml", "svg"), default="table")
    citations.add_argument("--output", "-o", type=Path, help="write here instead of stdout")
    citations.add_argument("--db", help=DB_HELP)
    citations.set_defaults(handler=_citations_command)


def _plain(value: Any) -> Any:
    return dataclasses.asdict(value) if dataclasses.is_dataclass(value) and not isinstance(value, type) else value


def _speakers_command(args: argparse.Namespace) -> int:
    out, errors = Console(highlight=False), Console(stderr=True, highlight=False)
    try:
        with open_store(args.db, migrate=args.action in ("merge", "split")) as store, store.transaction() as tx:
            registry = people(tx, remember=True)
            target = store.target
            if args.action == "list":
                return _list_people(out, registry[: args.limit or None], args.format)
            person = find_person(registry, args.person)
            if person is None:
                errors.print(f"[red]{Errors.E050.format(wanted=args.person, target=target)}[/red]")
                return EXIT_USAGE
            if args.action == "show":
                return _show_person(out, person, args.format)
            if args.action == "merge":
                other = find_person(registry, args.other)
                if other is None:
                    errors.print(f"[red]{Errors.E050.format(wanted=args.other, target=target)}[/red]")
                    return EXIT_USAGE
                add_correction(tx, SpeakerCorrection("merge", person.name, other.name))
                out.print(f"merged {other.name} ({other.id}) into {person.name} ({person.id})")
                return EXIT_OK
            names = {name_key(person.name), *(name_key(variant) for variant in person.variants),
                     *(name_key(a.mention) for a in person.appearances if a.mention)}
            if name_key(args.variant) not in names:
                errors.print("[red]" + Errors.E052.format(name=args.variant, person=person.name,
                                                          variants=", ".join(person.variants) or "none") + "[/red]")
                return EXIT_USAGE
            add_correction(tx, SpeakerCorrection("split", person.name, args.variant, args.article))
            where = f" in article {args.article}" if args.article else ""
            out.print(f"split {args.variant} off {person.name} ({person.id}){where}")
            return EXIT_OK
    except StoreError as error:
        errors.print(f"[red]{error}[/red]")
        return EXIT_STORE


def _list_people(out: Console, registry: list[Person], fmt: str) -> int:
    if fmt == "json":
        for person in registry:
            sys.stdout.write(json.dumps(_plain(person), ensure_ascii=False) + "\n")
        return EXIT_OK
    table = Table("id", "name", "type", "attributions", "articles", "variants", "outlets")
    for person in registry:
        table.add_row(person.id, person.name, person.type, str(len(person.appearances)),
                      str(len({a.article_id for a in person.appearances})), ", ".join(person.variants),
                      ", ".join(person.outlets[:3]) + (" ..." if len(person.outlets) > 3 else ""))
    out.print(table)
    return EXIT_OK


def _show_person(out: Console, person: Person, fmt: str) -> int:
    if fmt == "json":
        sys.stdout.write(json.dumps(_plain(person), ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    out.print(f"[bold]{person.name}[/bold]  {person.id}  {person.type}", markup=True)
    merges = Table("variant", "why", "article", title="Names and why they are this person")
    for merge in person.merges:
        merges.add_row(merge.variant, merge.reason, merge.article_id or "")
    out.print(merges)
    if person.roles:
        roles = Table("role", "first seen", "last seen", "articles", title="Roles over time")
        for role in person.roles:
            roles.add_row(role.role, role.first_seen or "", role.last_seen or "", str(role.articles))
        out.print(roles)
    out.print("Outlets: " + (", ".join(person.outlets) or "none known"), markup=False)
    said = Table("published", "outlet", "attribution", "as", "said", title="Attributions")
    for appearance in person.appearances:
        said.add_row(appearance.published or "", appearance.outlet or "", appearance.attribution_id,
                     appearance.mention or appearance.name, appearance.content)
    out.print(said)
    return EXIT_OK


def _trace_command(args: argparse.Namespace) -> int:
    out, errors = Console(highlight=False), Console(stderr=True, highlight=False)
    try:
        with open_store(args.db, migrate=False) as store, store.transaction(write=False) as tx:
            traces: list[QuoteTrace] = []
            if "#" in args.quote and " " not in args.quote.strip():
                found = trace_for(tx, args.quote.strip())
                traces = [found] if found is not None else []
            if not traces:
                traces = traces_matching(tx, args.quote)
    except StoreError as error:
        errors.print(f"[red]{error}[/red]")
        return EXIT_STORE
    if not traces:
        errors.print(f"[red]{Errors.E051.format(wanted=args.quote)}[/red]")
        return EXIT_INPUT_FAILED
    if args.format == "json":
        for trace in traces:
            sys.stdout.write(json.dumps(_plain(trace), ensure_ascii=False) + "\n")
        return EXIT_OK
    for trace in traces:
        first = trace.earliest
        out.print(f"[bold]{trace.text}[/bold]", markup=True)
        out.print(f"first: {first.published or 'undated'} {first.outlet or ''} ({first.attribution_id}); "
                  f"outlets: {', '.join(trace.outlets) or 'unknown'}; speakers: {', '.join(trace.speakers) or '?'}"
                  + ("  [speaker changed]" if trace.speaker_changed else ""), markup=False)
        table = Table("published", "outlet", "attribution", "speaker", "said on", "drift", "changes")
        for appearance in trace.appearances:
            changes = "; ".join(f"{c.before or '+'} -> {c.after or '-'}" for c in appearance.changes[:4])
            table.add_row(appearance.published or "", appearance.outlet or "", appearance.attribution_id,
                          appearance.speaker or "", appearance.said_on or "",
                          f"{appearance.drift} {appearance.similarity:.2f}", changes)
        out.print(table)
    return EXIT_OK


def _citations_command(args: argparse.Namespace) -> int:
    out, errors = Console(highlight=False), Console(stderr=True, highlight=False)
    try:
        with open_store(args.db, migrate=False) as store, store.transaction(write=False) as tx:
            edges = citation_edges(tx)
    except StoreError as error:
        errors.print(f"[red]{error}[/red]")
        return EXIT_STORE
    if args.format == "table":
        table = Table("relayer", "relays", "times", "examples")
        for edge in edges:
            table.add_row(edge.relayer, edge.source, str(edge.count), " ".join(edge.examples))
        if args.output is None:
            out.print(table)
            return EXIT_OK
        rendered = citation_csv(edges)
    else:
        rendered = {"csv": citation_csv, "graphml": citation_graphml, "svg": citation_svg}[args.format](edges)
    if args.output is not None:
        args.output.write_text(rendered, encoding="utf-8")
    else:
        sys.stdout.write(rendered)
    return EXIT_OK
