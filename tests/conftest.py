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
