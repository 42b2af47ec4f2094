"""The per-article summary as label/value rows, shared by the terminal and HTML renderers."""

from __future__ import annotations

from newsprobe.models import Claim, Summary


def _percent(share: float) -> str:
    return f"{share:.0%}" if share >= 0.01 or share == 0 else "<1%"


def summary_rows(summary: Summary) -> list[tuple[str, str]]:
    by_source = ", ".join(
        f"{item.source_type} {_percent(item.share)} ({item.attributions})" for item in summary.quoted_share_by_source
    )
    techniques = ", ".join(f"{item.technique} ×{item.count}" for item in summary.techniques)
    return [
        ("body in sources' words", _percent(summary.quoted_share) + (f": {by_source}" if by_source else "")),
        ("check-worthy claims", str(summary.claims)),
        ("unsourced check-worthy claims", str(summary.unsourced_claims)),
        ("rhetorical questions", str(summary.rhetorical_questions)),
        ("persuasion techniques", techniques or "none found"),
    ]


def claim_marks(claim: Claim) -> str:
    """The claim's numbers, quantities and actors, as one cell: ``50 percent (quantity); Iraq (actor)``."""
    return "; ".join(dict.fromkeys(f"{mark.text} ({mark.kind})" for mark in claim.marks))
