"""newsprobe: who said what, according to whom, and when, with evidence.

    >>> import newsprobe
    >>> text = "BERLIN — Finance minister Ana Costa said on Monday that talks would resume."
    >>> analysis = newsprobe.analyze(text, published="2024-03-06")
    >>> [(a.speaker.name, a.said_on, a.content.text) for a in analysis.attributions]
    [('Ana Costa', '2024-03-04', 'talks would resume')]
"""

from newsprobe.analyzer import Analyzer, analyze
from newsprobe.errors import InputError, ModelNotFoundError, NewsprobeError, SettingsError
from newsprobe.models import (
    SCHEMA_VERSION,
    Analysis,
    Article,
    Attribution,
    Claim,
    ClaimMark,
    Entity,
    Finding,
    Notice,
    Relay,
    Run,
    Span,
    Speaker,
    Summary,
    Technique,
    TimeExpression,
)
from newsprobe.nlp import components as _components  # noqa: F401  (registers the spaCy factories)
from newsprobe.settings import Settings, load_settings

__all__ = [
    "SCHEMA_VERSION",
    "Analysis",
    "Analyzer",
    "Article",
    "Attribution",
    "Claim",
    "ClaimMark",
    "Entity",
    "Finding",
    "InputError",
    "ModelNotFoundError",
    "NewsprobeError",
    "Notice",
    "Relay",
    "Run",
    "Settings",
    "SettingsError",
    "Span",
    "Speaker",
    "Summary",
    "Technique",
    "TimeExpression",
    "analyze",
    "load_settings",
]
