"""Findings computed from an Analysis: they read models, never spaCy objects."""

from __future__ import annotations

from collections.abc import Iterator

from newsprobe.checks.claims import rhetorical_question_findings, unattributed_claim_findings
from newsprobe.checks.layout import boilerplate_findings
from newsprobe.checks.time import time_findings
from newsprobe.models import Analysis, Finding


def run_checks(analysis: Analysis) -> Iterator[Finding]:
    """Every check, in a fixed order so findings are listed the same way on every run."""
    yield from time_findings(analysis)
    yield from unattributed_claim_findings(analysis)
    yield from rhetorical_question_findings(analysis)
    yield from boilerplate_findings(analysis.article)
