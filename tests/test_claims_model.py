"""The shipped check-worthiness model: small, loadable, and scoring as a logistic regression."""

from __future__ import annotations

import math
from importlib.resources import files

from spacy.tokens import Span as SpacySpan

from newsprobe.extract.claims import FEATURE_GROUPS, MODEL_RESOURCE, ClaimModel, claim_features, load_model

MAX_BYTES = 3_000_000  # "a few MB at most" for anything shipped in the package


def test_the_model_ships_small_and_loads() -> None:
    resource = files("newsprobe").joinpath("resources", "claims", MODEL_RESOURCE)
    assert len(resource.read_bytes()) < MAX_BYTES
    model = load_model()
    assert 0.0 < model.threshold < 1.0
    assert len(model.weights) > 1000


def test_scores_are_the_sigmoid_of_bias_plus_weights_counting_each_feature_once() -> None:
    model = ClaimModel(weights={"w=percent": 1.5, "w=thanks": -2.0}, bias=-0.5, threshold=0.5)
    assert model.score([]) == 1 / (1 + math.exp(0.5))
    assert model.score(["w=percent", "w=percent", "w=unknown"]) == 1 / (1 + math.exp(-1.0))
    assert model.score(["w=thanks"]) < model.threshold < model.score(["w=percent"])


def test_figures_push_towards_check_worthy() -> None:
    weights = load_model().weights
    assert weights.get("e=PERCENT", 0.0) > 0
    assert weights.get("e=MONEY", 0.0) > 0


def _sentence() -> SpacySpan:
    import spacy
    from spacy.tokens import Doc

    words = ["Unemployment", "rose", "12", "percent", "in", "Ohio", "."]
    doc = Doc(spacy.blank("en").vocab, words=words, lemmas=["unemployment", "rise", "12", "percent", "in", "Ohio", "."],
              tags=["NN", "VBD", "CD", "NN", "IN", "NNP", "."],
              pos=["NOUN", "VERB", "NUM", "NOUN", "ADP", "PROPN", "PUNCT"], heads=[1, 1, 3, 1, 1, 4, 1],
              deps=["nsubj", "ROOT", "nummod", "dobj", "prep", "pobj", "punct"],
              ents=["O", "O", "B-PERCENT", "I-PERCENT", "O", "B-GPE", "O"])
    return doc[:]


def test_feature_groups_are_read_as_named() -> None:
    sentence = _sentence()
    v1 = claim_features(sentence, frozenset({"words", "bigrams", "tags", "entities", "number"}))
    assert {"w=unemployment", "b=rose 12", "b=. </s>", "t=VBD", "tt=VBD CD", "e=PERCENT", "num"} <= set(v1)
    assert not any(f.startswith(("eb=", "r=", "s=")) or "<num>" in f for f in v1)
    shaped = set(claim_features(sentence, frozenset({"words", "bigrams", "shapes"})))
    assert {"w=<num>", "b=rose <num>", "b=<num> percent"} <= shaped and "w=12" not in shaped
    assert {"eb=rose <PERCENT>", "eb=<PERCENT> in", "eb=in <GPE>"} <= set(
        claim_features(sentence, frozenset({"entity_bigrams"})))
    assert {"r=rise", "rt=VBD", "s=NN", "sr=NN rise"} <= set(claim_features(sentence, frozenset({"syntax"})))


def test_the_model_scores_with_the_groups_it_was_trained_with() -> None:
    sentence = _sentence()
    model = ClaimModel(weights={"w=12": 2.0, "w=<num>": -2.0}, bias=0.0, threshold=0.5,
                       groups=frozenset({"words"}))
    assert model.score_sentence(sentence) == model.score(["w=12"])
    shaped = ClaimModel(model.weights, 0.0, 0.5, frozenset({"words", "shapes"}))
    assert shaped.score_sentence(sentence) == model.score(["w=<num>"])
    assert load_model().groups <= set(FEATURE_GROUPS)
