import re
from pathlib import Path

import pytest

from newsprobe.errors import SettingsError
from newsprobe.settings import SETTINGS, load_settings

DOCS = Path(__file__).resolve().parents[1] / "docs" / "settings.md"


def test_defaults() -> None:
    settings = load_settings(environ={})
    assert settings.model is None
    assert settings.max_bytes == 10_000_000


def test_precedence_file_then_env_then_overrides(tmp_path: Path) -> None:
    config = tmp_path / "newsprobe.toml"
    config.write_text('[newsprobe]\nmax_bytes = 100\nbatch_size = 4\nmodel = "from_file"\n')
    settings = load_settings(config, environ={"NEWSPROBE_MAX_BYTES": "200", "NEWSPROBE_MODEL": "from_env"},
                             overrides={"model": "from_cli", "batch_size": None})
    assert settings.max_bytes == 200
    assert settings.batch_size == 4
    assert settings.model == "from_cli"


def test_bad_values_and_unknown_names_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match=r"\[E007\].*max_bytes"):
        load_settings(environ={"NEWSPROBE_MAX_BYTES": "lots"})
    with pytest.raises(SettingsError, match=r"\[E007\]"):
        load_settings(environ={"NEWSPROBE_STRIP_BOILERPLATE": "maybe"})
    config = tmp_path / "bad.toml"
    config.write_text("colour = 'blue'\n")
    with pytest.raises(SettingsError, match=r"\[E008\]"):
        load_settings(config, environ={})


def test_every_setting_is_documented() -> None:
    documented = set(re.findall(r"^\| `(\w+)` \|", DOCS.read_text(), flags=re.MULTILINE))
    assert documented == {setting.name for setting in SETTINGS}
