"""Named entities from the pipeline's NER, as models."""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from newsprobe.extract.people import organization_names
from newsprobe.models import Entity
from newsprobe.nlp.convert import span_of

METHOD = "newsprobe.entities.v1"


def find_entities(doc: Doc) -> Iterator[Entity]:
    # A PERSON the article itself shows to be a body ("the Tanners' Guild said its members ...") is listed
    # as ORG, the same evidence the speakers read (people.organization_names).
    bodies = organization_names(doc)
    for entity in doc.ents:
        span = span_of(entity)
        label = entity.label_
        if label == "PERSON" and bodies and _name(entity.text) in bodies:
            label = "ORG"
        yield Entity(span.start, span.end, span.text, label)


def _name(text: str) -> str:
    """The entity's text as ``organization_names`` lists it: without a leading "the" or a trailing "'s"."""
    words = text.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    name = " ".join(words)
    for suffix in ("'s", "’s"):
        name = name.removesuffix(suffix)
    return name
