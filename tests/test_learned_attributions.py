"""The PolNeAR-trained attribution model: pair features, content bounds, merging with the rules, the setting."""

from __future__ import annotations

import pytest
import spacy
from spacy.tokens import Doc

from newsprobe.errors import SettingsError
from newsprobe.extract import learned_attributions
from newsprobe.extract.learned_attributions import (
    METHOD,
    AttributionModel,
    candidate_pairs,
    content_bounds,
    find_learned,
    pair_features,
)
from newsprobe.settings import load_settings

# "Voters hope to fix the roads , critics said ." parsed by hand: "said" governs the whole clause.
_WORDS = ["Voters", "hope", "to", "fix", "the", "roads", ",", "critics", "said", "."]
_HEADS = [1, 8, 3, 1, 5, 3, 8, 8, 8, 8]
_DEPS = ["nsubj", "ccomp", "aux", "xcomp", "det", "dobj", "punct", "nsubj", "ROOT", "punct"]
_POS = ["NOUN", "VERB", "PART", "VERB", "DET", "NOUN", "PUNCT", "NOUN", "VERB", "PUNCT"]
_LEMMAS = ["voter", "hope", "to", "fix", "the", "road", ",", "critic", "say", "."]


def _doc(words: list[str], heads: list[int], deps: list[str], pos: list[str], lemmas: list[str]) -> Doc:
    # A blank English vocabulary (no trained model) gives the lexical attributes: lower case, stop words.
    return Doc(spacy.blank("en").vocab, words=words, heads=heads, deps=deps, pos=pos, lemmas=lemmas)


def _voters_doc() -> Doc:
    return _doc(_WORDS, _HEADS, _DEPS, _POS, _LEMMAS)


def _model(weights: dict[str, float], threshold: float = 0.5) -> AttributionModel:
    return AttributionModel(weights=weights, bias=-2.0, threshold=threshold, lexicon=frozenset({"hope", "say"}))


def test_candidates_are_lexicon_cues_with_content_dependents() -> None:
    doc = _voters_doc()
    pairs = [(cue.text, child.text) for cue, child in candidate_pairs(doc, frozenset({"hope"}))]
    assert pairs == [("hope", "Voters"), ("hope", "fix")]
    # Without a lexicon (training) every verb is a candidate, "said" too; "fix" takes its object.
    every = {(cue.text, child.text) for cue, child in candidate_pairs(doc, None)}
    assert {("said", "hope"), ("fix", "roads")} <= every
    assert ("said", ",") not in every  # punctuation is never content


def test_content_bounds_take_the_subtree_without_edge_punctuation() -> None:
    doc = _voters_doc()
    start, end = content_bounds(doc[3])
    assert doc.text[start:end] == "to fix the roads"
    start, end = content_bounds(doc[1])
    assert doc.text[start:end] == "Voters hope to fix the roads"


def test_content_bounds_drop_a_leading_preposition() -> None:
    words = ["Critics", "pointed", "to", "the", "deficit", "."]
    doc = _doc(words, [1, 1, 1, 4, 2, 1], ["nsubj", "ROOT", "prep", "det", "pobj", "punct"],
               ["NOUN", "VERB", "ADP", "DET", "NOUN", "PUNCT"], ["critic", "point", "to", "the", "deficit", "."])
    start, end = content_bounds(doc[2])
    assert doc.text[start:end] == "the deficit"
    assert "prep=point|to" in pair_features(doc[1], doc[2])


def test_pair_features_describe_both_ends_and_the_siblings() -> None:
    doc = _voters_doc()
    features = pair_features(doc[1], doc[3])
    assert {"l=hope", "ld=hope|xcomp", "d=xcomp", "side=R", "subj=noun:NOUN", "sib=xcomp|nsubj"} <= set(features)
    assert "belief" in features  # cues.py lists "hope" among the belief verbs
    said = pair_features(doc[8], doc[1])
    assert "speech" in said and "side=L" in said


def test_score_is_a_sigmoid_of_the_summed_weights() -> None:
    model = _model({"l=hope": 2.0, "d=xcomp": 1.0})
    assert model.score(["l=hope", "d=xcomp", "unknown"]) == pytest.approx(1 / (1 + 2.718281828 ** -1.0))


def test_find_learned_keeps_the_best_dependent_per_cue(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(learned_attributions, "load_model", lambda: _model({"ld=hope|xcomp": 4.0, "ld=say|ccomp": 5.0}))
    doc = _voters_doc()
    found = list(find_learned(doc, covered=[], rule_cues=[]))
    # "said" -> its clause first (likelier); "hope" -> "to fix the roads" lies inside it and is dropped.
    assert [(item.cue.text, doc.text[item.start:item.end]) for item in found] == [
        ("said", "Voters hope to fix the roads")]
    assert found[0].kind == "indirect" and found[0].score > 0.7


def test_find_learned_leaves_what_the_rules_have(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(learned_attributions, "load_model", lambda: _model({"ld=hope|xcomp": 4.0, "ld=say|ccomp": 3.0}))
    doc = _voters_doc()
    # The rules used "said" as a cue: its pair is not scored, and "hope" may add its own (nested) content.
    found = list(find_learned(doc, covered=[], rule_cues=[8]))
    assert [doc.text[item.start:item.end] for item in found] == ["to fix the roads"]
    # A rule content covering it: nothing is added.
    rule_content = (0, len("Voters hope to fix the roads"))
    assert list(find_learned(doc, covered=[rule_content], rule_cues=[8])) == []


def test_below_threshold_nothing_is_added(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(learned_attributions, "load_model", lambda: _model({"ld=hope|xcomp": 1.0}, threshold=0.5))
    assert list(find_learned(_voters_doc(), covered=[], rule_cues=[8])) == []


def test_scope_setting_is_validated() -> None:
    assert load_settings(environ={}).attribution_scope == "speech"
    assert load_settings(environ={"NEWSPROBE_ATTRIBUTION_SCOPE": "ALL"}).attribution_scope == "all"
    with pytest.raises(SettingsError):
        load_settings(environ={"NEWSPROBE_ATTRIBUTION_SCOPE": "beliefs"})
    with pytest.raises(SettingsError):
        load_settings(environ={}, overrides={"attribution_scope": "everything"})


def test_shipped_model_loads_with_its_lexicon() -> None:
    model = learned_attributions.load_model()
    assert {"say", "hope", "criticize"} <= model.lexicon
    assert 0.0 < model.threshold < 1.0
    assert model.weights["ld=say|ccomp"] > 0


_TEXT = (
    "Mayor Lena Brook wants to close the old ferry terminal next spring.\n\n"
    "Harbour workers criticized the plan on Tuesday. \"We were never asked,\" said Tom Reyes, a deckhand."
)


@pytest.mark.model
def test_scope_all_adds_learned_attributions_after_the_rules() -> None:
    from newsprobe import Analyzer

    speech = Analyzer().analyze(_TEXT)
    everything = Analyzer(attribution_scope="all").analyze(_TEXT)
    assert METHOD not in speech.run.methods and METHOD in everything.run.methods
    assert all(item.method != METHOD for item in speech.attributions)
    rules = [(item.content.text, item.method) for item in speech.attributions]
    assert [(item.content.text, item.method) for item in everything.attributions if item.method != METHOD] == rules
    learned = {item.cue.text: item for item in everything.attributions if item.method == METHOD and item.cue}
    assert "wants" in learned and "close the old ferry terminal" in learned["wants"].content.text
    assert learned["wants"].speaker.name == "Lena Brook"
    assert "criticized" in learned and learned["criticized"].content.text == "the plan"
    assert 0.0 < learned["wants"].confidence <= 1.0


@pytest.mark.model
def test_spacy_component_takes_the_scope() -> None:
    from newsprobe.nlp.components import AttributionComponent
    from newsprobe.nlp.pipeline import load_pipeline

    nlp = load_pipeline(None)
    speech = AttributionComponent()(nlp(_TEXT))
    everything = AttributionComponent(scope="all")(nlp(_TEXT))
    assert len(everything._.newsprobe_attributions) > len(speech._.newsprobe_attributions)
    assert any(item.method == METHOD for item in everything._.newsprobe_attributions)
    with pytest.raises(ValueError):
        AttributionComponent(scope="beliefs")
