"""Input -> Article. Nothing outside this package reads input."""

from newsprobe.ingest.items import ReadFailure, ReadResult
from newsprobe.ingest.sources import IngestOptions, article_from_bytes, ingest_options, read_sources
from newsprobe.ingest.summary import IngestSummary

__all__ = ["IngestOptions", "IngestSummary", "ReadFailure", "ReadResult", "article_from_bytes", "ingest_options",
           "read_sources"]
