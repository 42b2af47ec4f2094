"""``newsprobe serve``: the web pages and the REST API (FastAPI under uvicorn), over one Analyzer."""

from __future__ import annotations

import argparse
import ipaddress

from rich.console import Console

from newsprobe.cli.common import EXIT_OK, EXIT_USAGE
from newsprobe.settings import load_settings


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """The web server: serve."""

    serve = commands.add_parser("serve", help="serve the web pages and the REST API (docs/web.md)")
    serve.add_argument("--db", metavar="TARGET",
                       help="store to browse and save to: a SQLite file or a postgresql:// URL "
                            "(default: none, analyse only)")
    serve.add_argument("--host", default="127.0.0.1",
                       help="address to listen on (default 127.0.0.1: this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument("--model", help="spaCy pipeline to use (default: en_core_web_sm, else its re-upload)")
    serve.set_defaults(handler=_serve_command)


def _serve_command(args: argparse.Namespace) -> int:
    import uvicorn

    from newsprobe.analyzer import Analyzer
    from newsprobe.api import create_app

    errors = Console(stderr=True)
    if not 0 < args.port < 65536:
        errors.print(f"[red]--port {args.port} is not a TCP port[/red]")
        return EXIT_USAGE
    settings = load_settings(args.config, overrides={"model": args.model})
    if not _is_loopback(args.host) and settings.api_token is None:
        errors.print(f"Listening on {args.host}, beyond this machine, with no api_token: anyone who can reach "
                     "it can save to the store. Set NEWSPROBE_API_TOKEN to require a token.", markup=False)
    store = None
    if args.db:
        from newsprobe.store import open_store

        store = open_store(args.db)
    # Loaded before the port opens, so the first request does not wait for spaCy.
    analyzer = Analyzer(settings)
    app = create_app(settings, analyzer=analyzer, store=store)
    errors.print(f"newsprobe serving on http://{args.host}:{args.port}/ "
                 f"({'store ' + args.db if args.db else 'analyse only, no store'})", markup=False, highlight=False)
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning", server_header=False)
    finally:
        if store is not None and hasattr(store, "close"):
            store.close()
    return EXIT_OK


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
