"""The spaCy component: `nlp.add_pipe("newsprobe_attribution")` after `import newsprobe`."""

from __future__ import annotations

import pytest
import spacy

import newsprobe  # noqa: F401  (registers the factory)
from newsprobe.nlp.extensions import ATTRIBUTION_SPANS, CUE_SPANS

pytestmark = pytest.mark.model


def test_component_stores_models_and_spans(analyzer) -> None:  # type: ignore[no-untyped-def]
    nlp = spacy.load(analyzer.nlp.meta["lang"] + "_" + analyzer.nlp.meta["name"])
    nlp.add_pipe("newsprobe_attribution")
    doc = nlp("“The bridge will close,” the engineer said. The ministry said in a statement that costs rose.")
    found = doc._.newsprobe_attributions
    assert [a.kind for a in found] == ["direct", "indirect"]
    assert [span.label_ for span in doc.spans[ATTRIBUTION_SPANS]] == ["direct", "indirect"]
    assert [span.text for span in doc.spans[CUE_SPANS]] == ["said", "said"]
    assert found[0].content.text == doc.text[found[0].content.start:found[0].content.end]


def test_component_errors_go_through_spacy_error_handler(analyzer, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from newsprobe.nlp import components

    def broken(doc, **options):  # type: ignore[no-untyped-def]
        raise ValueError("boom")

    monkeypatch.setattr(components, "find_attributions", broken)
    nlp = spacy.blank("en")
    nlp.add_pipe("newsprobe_attribution")
    seen: list[str] = []
    nlp.set_error_handler(lambda name, component, docs, error: seen.append(f"{name}: {error}"))
    assert len(list(nlp.pipe(["one text", "another"]))) == 0 or seen
    assert seen == ["newsprobe_attribution: boom", "newsprobe_attribution: boom"]
