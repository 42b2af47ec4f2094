"""The account of a batch: every item read is counted once, as an article, a skip or a failure."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from newsprobe.ingest.items import ReadFailure, ReadResult


@dataclass
class IngestSummary:
    """Counts what a batch read. ``done`` is filled in by the caller (articles analysed or printed)."""

    read: int = 0
    articles: int = 0
    done: int = 0
    near_duplicates: int = 0
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (source, id of the article it repeats)
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> count, duplicates excluded
    failures: list[ReadFailure] = field(default_factory=list)

    def add(self, result: ReadResult) -> None:
        self.read += 1
        if result.article is not None:
            self.articles += 1
            self.near_duplicates += result.article.duplicate_of is not None
        elif result.failure is not None:
            self.failures.append(result.failure)
        elif result.duplicate_of is not None:
            self.duplicates.append((result.source, result.duplicate_of))
        else:
            self.skipped[_reason_kind(result.skipped or "skipped")] += 1

    def lines(self, verb: str = "analysed") -> list[str]:
        """The end-of-run summary: totals first, then each failure with its reason."""
        skipped = sum(self.skipped.values())
        head = (f"{self.read} read: {self.done} {verb}, {len(self.duplicates)} skipped as duplicate, "
                f"{skipped} skipped as not an article, {len(self.failures)} failed")
        lines = [head + (f"; {self.near_duplicates} near-duplicate(s) linked to their original"
                         if self.near_duplicates else "") + "."]
        lines.extend(f"  skipped {count}: {reason}" for reason, count in sorted(self.skipped.items()))
        lines.extend(f"  {source}: skipped, exact duplicate of {original}" for source, original in self.duplicates)
        by_code = Counter(failure.code for failure in self.failures)
        if self.failures:
            counts = ", ".join(f"{code} x{count}" for code, count in sorted(by_code.items()))
            lines.append(f"failures by code: {counts}")
        lines.extend(f"  {failure.source}: {failure.message}" for failure in self.failures)
        return lines


def _reason_kind(reason: str) -> str:
    # "not an HTML response (image/png) for https://..." -> "not an HTML response (image/png)": group by kind.
    return reason.split(" for ", 1)[0]
