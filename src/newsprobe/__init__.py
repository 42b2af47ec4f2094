"""newsprobe: who said what, according to whom, and when, with evidence.

    >>> import newsprobe
    >>> analysis = newsprobe.analyze("BERLIN — The minister said on Monday that talks would resume.")
    >>> analysis.to_dict()["schema_version"]
    '1.0'
"""

from newsprobe.analyzer import Analyzer, analyze
from newsprobe.errors import InputError, ModelNotFoundError, NewsprobeError, SettingsError
from newsprobe.models import (
    SCHEMA_VERSION,
    Analysis,
    Article,
    Attribution,
    Claim,
    Entity,
    Finding,
    Notice,
    Relay,
    Run,
    Span,
    Speaker,
    Technique,
    TimeExpression,
)
from newsprobe.settings import Settings, load_settings

__all__ = [
    "SCHEMA_VERSION",
    "Analysis",
    "Analyzer",
    "Article",
    "Attribution",
    "Claim",
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
    "Technique",
    "TimeExpression",
    "analyze",
    "load_settings",
]
