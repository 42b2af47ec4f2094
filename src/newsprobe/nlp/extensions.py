"""Every custom attribute newsprobe sets on spaCy objects, registered in one place.

``register_extensions()`` is idempotent and runs when ``newsprobe.nlp.components`` is imported
(``import newsprobe`` does that), so ``doc._.newsprobe_attributions`` exists in any pipeline.
"""

from __future__ import annotations

from spacy.tokens import Doc

# doc.spans key for the content spans of attributions (label: direct | indirect | mixed).
ATTRIBUTION_SPANS = "newsprobe_attributions"
# doc.spans key for the cue spans, aligned one-to-one with ATTRIBUTION_SPANS where a cue exists.
CUE_SPANS = "newsprobe_cues"
# doc._.newsprobe_attributions: the Attribution models themselves (offsets in Doc coordinates).
ATTRIBUTIONS_ATTRIBUTE = "newsprobe_attributions"


def register_extensions() -> None:
    if not Doc.has_extension(ATTRIBUTIONS_ATTRIBUTE):
        Doc.set_extension(ATTRIBUTIONS_ATTRIBUTE, default=None)
