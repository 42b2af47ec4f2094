"""The shipped check-worthiness model: small, loadable, and scoring as a logistic regression."""

from __future__ import annotations

import math
from importlib.resources import files

from newsprobe.extract.claims import MODEL_RESOURCE, ClaimModel, load_model

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
