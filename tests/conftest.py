"""Shared fixtures. Unit tests build their own small texts; only tests marked ``model`` load spaCy."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EXAMPLE = Path(__file__).resolve().parents[1] / "src" / "newsprobe" / "examples" / "harbour-strike.txt"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``; CI always has it, so there a missing folder is a failure, not a skip."""
    data = SHARED / "data"
    if not data.is_dir():
        if os.environ.get("CI"):
            pytest.fail(f"{data} is missing; CI must have ../shared beside the checkout")
        pytest.skip("../shared/data is not beside this checkout")
    return data


@pytest.fixture(scope="session")
def analyzer():  # type: ignore[no-untyped-def]
    from newsprobe import Analyzer

    return Analyzer()


CHROMIUM = Path("/usr/bin/chromium")
# Debian's Chromium, driven by the Playwright package; never `playwright install` (no browser download).
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]


@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """One headless Chromium for the session; absent: skipped here, a failure in CI (.ci/run installs it)."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; CI installs Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


# --- The store's engines: SQLite in a temp file, and a real throwaway PostgreSQL server -------------------------

POSTGRES_INITDB = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_server():  # type: ignore[no-untyped-def]
    """A PostgreSQL cluster for the session on 127.0.0.1 (Debian's binaries); yields its base URL.

    PostgreSQL refuses to run as root, so as root initdb and pg_ctl run as the ``postgres`` system user in a
    folder it owns. Absent binaries: skipped here, a failure in CI (.ci/run installs the postgresql package).
    """
    import pwd
    import shutil
    import subprocess
    import tempfile

    if not POSTGRES_INITDB:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL server binaries are missing; CI installs Debian's postgresql package")
        pytest.skip("PostgreSQL server binaries (/usr/lib/postgresql/*/bin) are not installed")
    binaries = POSTGRES_INITDB[-1].parent
    folder = Path(tempfile.mkdtemp(prefix="newsprobe-pg-"))
    as_root = os.geteuid() == 0
    if as_root:
        account = pwd.getpwnam("postgres")
        os.chown(folder, account.pw_uid, account.pw_gid)

    def run(*command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if as_root else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=120, cwd=folder)

    data = folder / "data"
    port = _free_port()
    # fsync and friends off: a test cluster need not survive a power cut, and it starts and writes faster.
    options = (f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off "
               "-c full_page_writes=off -c max_connections=50")
    run(str(binaries / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C",
        "--no-sync")
    run(str(binaries / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log"), "-w", "-t", "60",
        "-o", options, "start")
    try:
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        run(str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_database(postgres_server):  # type: ignore[no-untyped-def]
    """A fresh, empty database on the session's server for one test; dropped afterwards."""
    import uuid

    import psycopg

    name = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield f"{postgres_server}/{name}"
    with psycopg.connect(f"{postgres_server}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_target(request, tmp_path):  # type: ignore[no-untyped-def]
    """The same store test on both engines: a SQLite file, then a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "newsprobe.db")
    return request.getfixturevalue("postgres_database")
