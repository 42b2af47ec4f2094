"""spaCy components: thin wrappers that run an extractor and store its results on the Doc.

``nlp.add_pipe("newsprobe_attribution")`` works in any English pipeline with a parser and NER once
``newsprobe`` is imported. The component stores the Attribution models in
``doc._.newsprobe_attributions`` and their content and cue spans in ``doc.spans``. Errors go through
spaCy's error handler (``nlp.set_error_handler``), so a batch can skip one bad document.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any, NoReturn

from spacy.language import Language
from spacy.tokens import Doc
from spacy.tokens import Span as SpacySpan

from newsprobe.extract.attributions import find_attributions
from newsprobe.nlp.extensions import ATTRIBUTION_SPANS, ATTRIBUTIONS_ATTRIBUTE, CUE_SPANS, register_extensions

register_extensions()

ErrorHandler = Callable[[str, Any, list[Doc], Exception], Any]


def _raise(name: str, component: Any, docs: list[Doc], error: Exception) -> NoReturn:
    raise error


class AttributionComponent:
    """Finds who said what in each Doc (see ``newsprobe.extract.attributions``)."""

    def __init__(self, name: str = "newsprobe_attribution", scope: str = "speech") -> None:
        if scope not in {"speech", "all"}:
            raise ValueError(f"newsprobe_attribution: scope must be 'speech' or 'all', not {scope!r}")
        self.name = name
        self.scope = scope  # as the attribution_scope setting: "all" adds beliefs and the PolNeAR-trained model
        self._error_handler: ErrorHandler = _raise

    def __call__(self, doc: Doc) -> Doc:
        found = list(find_attributions(doc, scope=self.scope))
        setattr(doc._, ATTRIBUTIONS_ATTRIBUTE, found)
        contents: list[SpacySpan] = []
        cues: list[SpacySpan] = []
        for attribution in found:
            content = doc.char_span(attribution.content.start, attribution.content.end, label=attribution.kind,
                                    alignment_mode="expand")
            if content is not None:
                contents.append(content)
            if attribution.cue is not None:
                cue = doc.char_span(attribution.cue.start, attribution.cue.end, label="cue", alignment_mode="expand")
                if cue is not None:
                    cues.append(cue)
        doc.spans[ATTRIBUTION_SPANS] = contents
        doc.spans[CUE_SPANS] = cues
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        for doc in docs:
            try:
                yield self(doc)
            except Exception as error:
                self._error_handler(self.name, self, [doc], error)

    def set_error_handler(self, error_handler: ErrorHandler) -> None:
        self._error_handler = error_handler

    def get_error_handler(self) -> ErrorHandler:
        return self._error_handler


@Language.factory("newsprobe_attribution", requires=["token.dep", "doc.ents"],
                  assigns=["doc._.newsprobe_attributions", "doc.spans"], default_config={"scope": "speech"})
def make_attribution_component(nlp: Language, name: str, scope: str) -> AttributionComponent:
    return AttributionComponent(name, scope)
