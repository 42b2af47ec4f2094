"""Input -> Article. Nothing outside this package reads input."""

from newsprobe.ingest.sources import ReadFailure, ReadResult, article_from_bytes, read_one, read_sources

__all__ = ["ReadFailure", "ReadResult", "article_from_bytes", "read_one", "read_sources"]
