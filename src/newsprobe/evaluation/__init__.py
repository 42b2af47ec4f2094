"""Scorers behind ``newsprobe eval NAME``: each module adds its arguments and returns a metrics dict.

A scorer module defines ``DESCRIPTION``, ``add_arguments(parser)`` and ``run(args) -> Report``.
Register it in ``SCORERS`` (name -> module path); the CLI imports it only when it is asked for.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCORERS: dict[str, str] = {
    "extraction": "newsprobe.evaluation.extraction",
    "attribution": "newsprobe.evaluation.attribution",
    "timex": "newsprobe.evaluation.timex",
    "claims": "newsprobe.evaluation.claims",
    "persuasion": "newsprobe.evaluation.persuasion",
    "tracing": "newsprobe.evaluation.tracing",
}


@dataclass(frozen=True)
class Report:
    """What a scorer returns: metrics for ``--json`` and readable lines (errors, per-article rows)."""

    metrics: dict[str, Any]
    details: list[str] = field(default_factory=list)
