"""Hand-listed adversary labels: the list file, the lemma matcher, and their place among the techniques."""

from __future__ import annotations

import pytest

from newsprobe.evaluation.ptc import TECHNIQUES
from newsprobe.extract.adversary_labels import find_labels, load_phrases, parse_phrases
from newsprobe.extract.techniques import load_model, predict_spans

STATE_MEDIA = (
    "Occupation forces shelled the port again on Friday, and the occupiers' lackeys in the capital cheered. "
    "Residents said the invaders would be driven out. Her occupation is nursing; the clinic opens at nine."
)


def test_every_listed_technique_is_a_ptc_label_and_every_phrase_is_lower_case() -> None:
    phrases = load_phrases()
    assert phrases
    assert set(phrases.values()) <= set(TECHNIQUES)
    assert all(word == word.lower() for phrase in phrases for word in phrase)


def test_a_line_without_a_technique_is_refused() -> None:
    assert parse_phrases("# comment\n\nLoaded_Language\tpuppet regime\n") == {("puppet", "regime"): "Loaded_Language"}
    with pytest.raises(ValueError, match="line 1"):
        parse_phrases("puppet regime\n")


@pytest.mark.model
def test_phrases_match_by_lemma_and_neutral_senses_do_not(analyzer) -> None:  # type: ignore[no-untyped-def]
    doc = analyzer.nlp(STATE_MEDIA)
    found = [(doc[start:end].text, technique) for start, end, technique in find_labels(doc)]
    assert ("Occupation forces", "Loaded_Language") in found
    assert ("invaders", "Name_Calling,Labeling") in found
    assert ("lackeys", "Name_Calling,Labeling") in found
    assert not any(text.lower() == "occupation" for text, _ in found)  # "her occupation is nursing"


@pytest.mark.model
def test_listed_phrases_become_technique_spans_and_can_be_turned_off(analyzer) -> None:  # type: ignore[no-untyped-def]
    doc = analyzer.nlp(STATE_MEDIA)
    model = load_model()
    with_list = {(doc.text[start:end], technique) for start, end, technique, _ in predict_spans(doc, model)}
    without = {(doc.text[start:end], technique) for start, end, technique, _ in predict_spans(doc, model, {})}
    assert ("Occupation forces", "Loaded_Language") in with_list
    assert ("Occupation forces", "Loaded_Language") not in without
    assert all(0.0 <= score <= 1.0 for *_, score in predict_spans(doc, model))
