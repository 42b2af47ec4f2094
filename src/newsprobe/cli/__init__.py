"""Command line: thin commands over library functions. The package is the only place that prints.

Each command module adds its subcommands through ``add_commands``; ``main`` parses and dispatches.
Exit codes: 0 all inputs done; 1 some inputs failed (each reported); 2 usage or settings error;
3 no spaCy pipeline could be loaded.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console

from newsprobe.cli import analyze, batch, corpus, serve, store
from newsprobe.cli.common import EXIT_INPUT_FAILED, EXIT_NO_MODEL, EXIT_OK, EXIT_USAGE
from newsprobe.errors import ModelNotFoundError, SettingsError

__all__ = ["EXIT_INPUT_FAILED", "EXIT_NO_MODEL", "EXIT_OK", "EXIT_USAGE", "build_parser", "main"]

# One module a layer, in the order their commands are listed in --help.
_COMMAND_MODULES = (analyze, store, corpus, batch, serve)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newsprobe",
        description="Who said what, according to whom, and when: evidence-backed analysis of news articles.",
    )
    parser.add_argument("--config", type=Path, help="settings file (TOML); see docs/settings.md")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in _COMMAND_MODULES:
        module.add_commands(commands)
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
