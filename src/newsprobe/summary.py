"""Per-article figures computed from a finished Analysis: how much of the text sources speak, by source
type; how many check-worthy claims, how many of them unsourced; rhetorical questions; techniques used.

It reads models only (like ``checks/``), so a stored analysis can be summarised again.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from newsprobe.models import Analysis, Article, SourceShare, Summary, TechniqueCount

METHOD = "newsprobe.summary.v1"
_SHARE_DECIMALS = 4


def summarize(analysis: Analysis) -> Summary:
    article = analysis.article
    body_characters = _non_space(article, [(article.body.start, article.body.end)])
    by_type: dict[str, list[tuple[int, int]]] = defaultdict(list)
    counts: Counter[str] = Counter()
    for attribution in analysis.attributions:
        by_type[attribution.speaker.type].append((attribution.content.start, attribution.content.end))
        counts[attribution.speaker.type] += 1

    def share(ranges: Iterable[tuple[int, int]]) -> float:
        return round(_non_space(article, ranges) / body_characters, _SHARE_DECIMALS) if body_characters else 0.0

    by_source = sorted(
        (SourceShare(source_type, share(ranges), counts[source_type]) for source_type, ranges in by_type.items()),
        key=lambda item: (-item.share, item.source_type),
    )
    techniques = Counter(technique.technique for technique in analysis.techniques)
    findings = Counter(finding.type for finding in analysis.findings)
    return Summary(
        quoted_share=share(span for ranges in by_type.values() for span in ranges),
        quoted_share_by_source=tuple(by_source),
        claims=len(analysis.claims),
        unsourced_claims=findings["unattributed_claim"],
        rhetorical_questions=findings["rhetorical_question"],
        techniques=tuple(TechniqueCount(name, count)
                         for name, count in sorted(techniques.items(), key=lambda item: (-item[1], item[0]))),
    )


def _non_space(article: Article, ranges: Iterable[tuple[int, int]]) -> int:
    """Non-space characters of the body inside the union of ``ranges`` (overlaps counted once)."""
    body = article.body
    clipped = sorted((max(start, body.start), min(end, body.end)) for start, end in ranges)
    total, reach = 0, body.start
    for start, end in clipped:
        start = max(start, reach)
        if end > start:
            total += end - start - sum(map(str.isspace, article.text[start:end]))  # map: no per-character frame
            reach = end
    return total
