"""Property-based fuzzing of the API from its own OpenAPI description (schemathesis, in process over ASGI).

Every generated request must get an answer below 500, and every error the one coded shape. Examples are
bounded (``max_examples``) so the whole file runs in well under a minute on two cores.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from newsprobe.api import create_app
from newsprobe.errors import Errors, InputError
from newsprobe.ingest.items import failed
from newsprobe.settings import Settings
from newsprobe.store import open_store
from tests.test_web_api import FakeReader, hand_made

pytestmark = pytest.mark.model  # POST /api/analyze runs the real pipeline on what is generated


def _fuzzed_app() -> Any:
    """Built at import (schemathesis reads the schema then): a store in a temporary folder, fetching offline.

    The Analyzer loads on the first generated analyse request, not at import.
    """
    offline = FakeReader(results=[failed("https://x.example/", InputError(Errors.E010, url="https://x.example/",
                                                                           detail="offline test"))])
    store = open_store(Path(_FOLDER.name) / "fuzz.db")
    store.save(hand_made("plain-1"))
    store.save(hand_made("second", title="Second", published="2024-01-02"))
    # Saving needs a token the fuzzer does not know: generated writes are refused (E042), never stored.
    return create_app(Settings(api_token="fuzz-token", web_analysis_timeout=20.0), store=store, reader=offline)


_FOLDER = tempfile.TemporaryDirectory(prefix="newsprobe-fuzz-")
schema = schemathesis.openapi.from_asgi("/api/openapi.json", _fuzzed_app())


@pytest.fixture(scope="module", autouse=True)
def _clean_up() -> Iterator[None]:
    yield
    _FOLDER.cleanup()


@schema.parametrize()
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
def test_no_server_errors(case: Any) -> None:
    response = case.call()
    assert response.status_code < 500, f"{case.method} {case.formatted_path}: {response.text[:300]}"
    if response.status_code >= 400:
        error = response.json()["error"]
        assert error["code"][0] == "E" and error["status"] == response.status_code and error["message"]
