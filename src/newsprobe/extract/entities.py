"""Named entities from the pipeline's NER, as models."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from newsprobe.models import Entity
from newsprobe.nlp.convert import span_of

METHOD = "newsprobe.entities.v1"


def find_entities(doc: Doc) -> Iterator[Entity]:
    for entity in doc.ents:
        span = span_of(entity)
        yield Entity(span.start, span.end, span.text, entity.label_)
