"""Check-worthy claims: every sentence of the body scored by a linear model trained on ClaimBuster and
CheckThat! 2024 debate sentences.

The model (``resources/claims/model.json``, trained by ``scripts/train_claims.py``, described in
``resources/claims/MODEL_CARD.md``) is a logistic regression over binary features read off the spaCy
tokens the pipeline has already made (``claim_features``; the model file names the feature groups it
was trained with, chosen by cross-validation). Scoring one sentence is a few dozen dictionary look-ups,
so the whole component costs next to nothing beside the parse.

Sentences at or above the model's decision threshold become ``Claim`` objects, with the numbers,
quantities and named actors in them marked, and ``attributed`` set when the attributions that can source
the sentence cover it (``sourcing_attributions``, ``covered_by_attributions``: an attribution sources its
own paragraph, and a later one only where that continues the source) or the sentence itself is framed
as what a named or specific source says or holds (``framed_as_reported``: "He deemed X unacceptable").

One rule adds to the model: a sweeping generalisation, a generic present-tense statement about a whole
people or group ("The Iraqi people do not want ...", "Everyone knows ...", "Most voters reject ..."), is a
claim about public opinion that a fact-checker would want sourced, but ClaimBuster's annotators labelled
such debate lines as opinion, so the model scores them low. Such a sentence is listed whatever its score,
with its sweeping subject marked (kind ``generalization``); its ``checkworthiness`` stays the model's.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from itertools import repeat

from spacy.tokens import Doc, Token
from spacy.tokens import Span as SpacySpan

from newsprobe.errors import Warnings
from newsprobe.extract.cues import BELIEF_VERBS, SPEECH_VERBS
from newsprobe.models import Attribution, Claim, ClaimMark, Notice
from newsprobe.nlp.convert import article_offset, article_span, doc_text

METHOD = "newsprobe.claims.v2"  # v2: trained on both corpora by grouped CV; sourcing by paragraph
MODEL_RESOURCE = "model.json"  # in src/newsprobe/resources/claims/

# ClaimBuster's training sentences run to 152 words (median 14); far longer "sentences" are run-on text
# the parser could not split (a 5,000-word paragraph without full stops), where a score means nothing.
MAX_SENTENCE_WORDS = 150
# A body whose words (of two letters or more) are this much upper case is ALL CAPS: the tagger's POS
# tags, half of the model's evidence, are then unreliable (en_core_web_sm tags most capitalised words PROPN).
_ALL_CAPS_SHARE = 0.9
_MIN_CASED_WORDS = 8
_CASE_SAMPLE_TOKENS = 1000  # the opening of the body tells; reading all of a long text costs for nothing
_BULLETS = frozenset("-*•·–—▪◦‣>")
# Entity labels whose words a fact-checker would verify, grouped into the mark kinds of ``ClaimMark``.
_NUMBER_LABELS = frozenset({"CARDINAL", "ORDINAL"})
_QUANTITY_LABELS = frozenset({"PERCENT", "MONEY", "QUANTITY"})
_ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP"})
# Countries and places act ("Iraq rejected the plan") as often as they are settings ("troops in Iraq");
# they are marked as actors only as the subject or the agent of a verb.
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_ACTOR_DEPS = frozenset({"nsubj", "nsubjpass", "agent", "pobj"})


@dataclass(frozen=True)
class ClaimModel:
    """A logistic regression over binary features: P(check-worthy) = sigmoid(bias + sum of weights)."""

    weights: dict[str, float]
    bias: float
    threshold: float
    groups: frozenset[str] = frozenset({"words", "bigrams", "tags", "entities", "number"})  # the v1 model's

    def score(self, features: Sequence[str]) -> float:
        weights = self.weights
        # (map, not a generator: 264,000 lookups on polnear-dev; the same additions in the same order)
        total = self.bias + sum(map(weights.get, set(features), repeat(0.0)))
        return 1.0 / (1.0 + math.exp(-total))

    def score_sentence(self, sentence: SpacySpan) -> float:
        """P(check-worthy) of one sentence, from the feature groups the model was trained with."""
        return self.score(claim_features(sentence, self.groups))


@cache
def load_model() -> ClaimModel:
    resource = files("newsprobe").joinpath("resources", "claims", MODEL_RESOURCE)
    data = json.loads(resource.read_text(encoding="utf-8"))
    model = ClaimModel(weights=data["weights"], bias=float(data["bias"]), threshold=float(data["threshold"]))
    if "groups" in data:
        unknown = set(data["groups"]) - set(FEATURE_GROUPS)
        if unknown:
            raise ValueError(f"{MODEL_RESOURCE}: feature groups this code cannot compute: {sorted(unknown)}")
        model = ClaimModel(model.weights, model.bias, model.threshold, frozenset(data["groups"]))
    return model


# Feature groups ``claim_features`` can read; ``scripts/train_claims.py`` chooses among them by
# cross-validation and the model file names the ones it was trained with.
FEATURE_GROUPS = ("words", "bigrams", "tags", "entities", "number", "shapes", "entity_bigrams", "syntax")
DEFAULT_GROUPS = frozenset(FEATURE_GROUPS)
_SUBJECT_DEPS_FEATURES = frozenset({"nsubj", "nsubjpass"})


def _word(token: Token, shapes: bool) -> str:
    """The token as a feature word: lower-cased; with ``shapes``, a figure is ``<num>``, a link ``<url>`` and
    a user handle ``<user>``, so that "50 percent" and "12 percent" (or two tweets' links) share evidence."""
    if shapes:
        text = token.text
        if token.like_url:
            return "<url>"
        if text.startswith("@") and len(text) > 1:
            return "<user>"
        if token.like_num or any(character.isdigit() for character in text):
            return "<num>"
    return token.lower_


def claim_features(span: SpacySpan, groups: frozenset[str] = DEFAULT_GROUPS) -> list[str]:
    """The model's features of one sentence; ``scripts/train_claims.py`` calls this same function on its data.

    Groups: ``words`` (lower-cased words), ``bigrams`` (word bigrams with sentence start and end), ``tags``
    (fine-grained POS tags and tag bigrams), ``entities`` (the entity label of each token in one),
    ``number`` (whether a number occurs), ``shapes`` (figures, links and handles as one word each, in
    words and bigrams), ``entity_bigrams`` (bigrams over words and whole entities as their label:
    "<PERCENT> of", "<PERSON> voted") and ``syntax`` (the main verb's lemma and tag, its subject as a
    pronoun, an entity label or a tag, the subject-verb pair, a modal and a negation on it).
    """
    features: list[str] = []
    words, bigrams, tags = "words" in groups, "bigrams" in groups, "tags" in groups
    entities, shapes, entity_bigrams = "entities" in groups, "shapes" in groups, "entity_bigrams" in groups
    previous_word, previous_tag, previous_unit = "<s>", "<s>", "<s>"
    has_number = False
    for token in span:
        if token.is_space:
            continue
        word, tag = _word(token, shapes), token.tag_
        if words and not token.is_punct:
            features.append("w=" + word)
        if bigrams:
            features.append(f"b={previous_word} {word}")
        if tags:
            features.append("t=" + tag)
            features.append(f"tt={previous_tag} {tag}")
        entity = token.ent_type_
        if entities and entity:
            features.append("e=" + entity)
        if entity_bigrams and token.ent_iob_ != "I":
            unit = f"<{entity}>" if entity else word
            features.append(f"eb={previous_unit} {unit}")
            previous_unit = unit
        has_number = has_number or token.like_num
        previous_word, previous_tag = word, tag
    if bigrams:
        features.append(f"b={previous_word} </s>")
    if entity_bigrams:
        features.append(f"eb={previous_unit} </s>")
    if has_number and "number" in groups:
        features.append("num")
    if "syntax" in groups and len(span):
        features.extend(_syntax_features(span.root))
    return features


def _syntax_features(root: Token) -> Iterator[str]:
    """Who does what in the main clause: "I think", "we will", "unemployment rose", "<ORG> cut"."""
    lemma = root.lemma_.lower()
    yield "r=" + lemma
    yield "rt=" + root.tag_
    for child in root.children:
        if child.dep_ in _SUBJECT_DEPS_FEATURES:
            subject = child.lower_ if child.pos_ == "PRON" else (f"<{child.ent_type_}>" if child.ent_type_
                                                                 else child.tag_)
            yield "s=" + subject
            yield f"sr={subject} {lemma}"
        elif child.dep_ in {"aux", "auxpass"} and child.tag_ == "MD":
            yield "md=" + child.lower_
        elif child.dep_ == "neg":
            yield "neg"


def sentences(doc: Doc) -> Iterator[SpacySpan]:
    """The parser's sentences, cut again at line breaks and stripped of bullet marks and spaces.

    News paragraphs and list items never share a sentence, but the parser sometimes joins them.
    """
    if not len(doc):
        return
    text = doc_text(doc)
    for sentence in doc.sents:
        if "\n" not in text[sentence.start_char:sentence.end_char]:
            # (no token of it holds a line break: one piece, found without reading each token's text, 40 ms
            # of the claims' 0.34 s CPU on polnear-dev; a token's trailing whitespace is never a line break)
            piece = _trimmed(doc, sentence.start, sentence.end)
            if piece is not None:
                yield piece
            continue
        start = sentence.start
        for token in sentence:
            if "\n" in token.text or token.i == sentence.end - 1:
                end = token.i if "\n" in token.text else token.i + 1
                piece = _trimmed(doc, start, end)
                if piece is not None:
                    yield piece
                start = token.i + 1


def _trimmed(doc: Doc, start: int, end: int) -> SpacySpan | None:
    while start < end and (doc[start].is_space or (doc[start].text in _BULLETS and start + 1 < end)):
        start += 1
    while end > start and doc[end - 1].is_space:
        end -= 1
    if not any(token.is_alpha for token in doc[start:end]):
        return None
    return doc[start:end]


def applicability(doc: Doc, language: str | None) -> Notice | None:
    """Why the English model cannot score this body, as a notice; None when it can."""
    if len(doc) and not doc.has_annotation("SENT_START"):
        return Warnings.W009.notice(component="claims", reason="the spaCy pipeline sets no sentence boundaries")
    if language is not None and language != "en":
        return Warnings.W009.notice(component="claims", reason=f"the text is in {language!r}, not English")
    words = [token for token in doc[:_CASE_SAMPLE_TOKENS] if token.is_alpha and len(token) > 1]
    upper = sum(1 for token in words if token.is_upper)
    if len(words) >= _MIN_CASED_WORDS and upper >= _ALL_CAPS_SHARE * len(words):
        return Warnings.W009.notice(component="claims", reason="the text is in capitals, which the tagger "
                                    "and the model cannot read reliably")
    return None


def find_claims(
    doc: Doc, attributions: Sequence[Attribution] = (), *, language: str | None = None,
    notices: list[Notice] | None = None,
) -> Iterator[Claim]:
    """Sentences of the body at or above the model's threshold, most of them in reading order."""
    notices = notices if notices is not None else []
    reason = applicability(doc, language)
    if reason is not None:
        notices.append(reason)
        return
    model = load_model()
    scored = too_long = 0
    entities = list(doc.ents)  # once: Span.ents walks all of the Doc's entities on every call
    for sentence in sentences(doc):
        # Tokens are at least as many as words: count words only when the sentence might be too long.
        if len(sentence) > MAX_SENTENCE_WORDS and sum(not t.is_punct for t in sentence) > MAX_SENTENCE_WORDS:
            too_long += 1
            continue
        scored += 1
        score = model.score_sentence(sentence)
        sweeping = sweeping_subject(sentence)
        if score < model.threshold and sweeping is None:
            continue
        span = article_span(doc, sentence.start_char, sentence.end_char)
        marks = mark_claim(sentence, [e for e in entities if sentence.start <= e.start and e.end <= sentence.end])
        if sweeping is not None:
            marks = tuple(sorted((*marks, _mark(sweeping, "generalization")), key=lambda mark: mark.start))
        attributed = (covered_by_attributions(span.start, span.end, sourcing_attributions(sentence, attributions))
                      or framed_as_reported(sentence))
        yield Claim(span.start, span.end, span.text, round(score, 4), attributed, marks=marks)
    if too_long:
        notices.append(Warnings.W009.notice(
            component="claims", reason=f"{too_long} sentence(s) longer than {MAX_SENTENCE_WORDS} words were "
            "not scored (run-on text the parser could not split)"))
    elif not scored:
        notices.append(Warnings.W009.notice(component="claims", reason="the body has no sentences to score"))


def mark_claim(sentence: SpacySpan, entities: Sequence[SpacySpan] | None = None) -> tuple[ClaimMark, ...]:
    """Numbers, quantities and named actors in a sentence: what a fact-checker would look up.

    ``entities``: the sentence's entities when the caller has them (faster than ``sentence.ents``).
    """
    marks: list[ClaimMark] = []
    in_entity: set[int] = set()
    for entity in sentence.ents if entities is None else entities:
        kind = _mark_kind(entity)
        in_entity.update(range(entity.start, entity.end))
        if kind is not None:
            marks.append(_mark(entity, kind))
    for token in sentence:
        if token.like_num and token.i not in in_entity and not token.is_punct:
            marks.append(_mark(sentence.doc[token.i:token.i + 1], "number"))
    return tuple(sorted(marks, key=lambda mark: mark.start))


def _mark_kind(entity: SpacySpan) -> str | None:
    label = entity.label_
    if label in _NUMBER_LABELS:
        return "number"
    if label in _QUANTITY_LABELS:
        return "quantity"
    if label in _ACTOR_LABELS:
        return "actor"
    if label in _PLACE_LABELS:
        root = entity.root
        if root.dep_ in _ACTOR_DEPS - {"pobj"} or (root.dep_ == "pobj" and root.head.dep_ == "agent"):
            return "actor"
    return None


def _mark(span: SpacySpan, kind: str) -> ClaimMark:
    where = article_span(span.doc, span.start_char, span.end_char)
    return ClaimMark(where.start, where.end, where.text, kind)


# Words that name a whole population or group, and quantifiers that make a subject all of one.
_COLLECTIVE_NOUNS = frozenset({"people", "public", "nation", "population", "electorate", "citizen", "voter",
                               "taxpayer", "worker", "majority", "world", "everyone", "everybody", "nobody"})
_UNIVERSAL_WORDS = frozenset({"everyone", "everybody", "nobody", "everything"})
_QUANTIFIERS = frozenset({"all", "every", "most", "no"})
_GENERIC_PRESENT_TAGS = frozenset({"VBP", "VBZ"})
# Verbs that frame a sentence as someone's statement or judgement, beyond the attribution cues:
# "He deemed the presence ... unacceptable", "The party called the vote a fraud".
_STANCE_VERBS = frozenset({"deem", "call", "label", "regard", "view", "brand", "dub"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
# Subjects that are no source: the author and reader ("I", "we", "you") or an empty "it"/"there"
# ("It is believed that ...": a belief without a believer).
_NO_SOURCE_SUBJECTS = frozenset({"i", "we", "you", "it", "there", "one"})


def _subject(verb: Token) -> Token | None:
    return next((child for child in verb.children if child.dep_ in _SUBJECT_DEPS), None)


def _is_sweeping(subject: Token) -> bool:
    lower = subject.lower_
    if lower in _UNIVERSAL_WORDS:
        return True
    modifiers = [child for child in subject.children if child.dep_ in {"det", "amod", "predet", "nummod"}]
    if any(child.lower_ in _QUANTIFIERS for child in modifiers) and subject.tag_ in {"NNS", "NNPS", "NN"}:
        return True
    if subject.tag_ == "NNS" and subject.ent_type_ == "NORP":  # "Americans know ..."
        return True
    nationality = any(child.ent_type_ in {"NORP", "GPE"} for child in modifiers)
    return subject.lemma_.lower() in _COLLECTIVE_NOUNS and nationality  # "the Iraqi people", "the American public"


def sweeping_subject(sentence: SpacySpan) -> SpacySpan | None:
    """The subject of a generic present-tense statement about a whole people or group, if there is one."""
    if sentence.text.rstrip(" ”’\"'").endswith("?"):
        return None
    root = sentence.root
    subject = _subject(root)
    if subject is None or not _is_sweeping(subject):
        return None
    tags = {root.tag_} | {child.tag_ for child in root.children if child.dep_ in {"aux", "auxpass"}}
    if not tags & _GENERIC_PRESENT_TAGS or any(child.lower_ in {"will", "would"} for child in root.children):
        return None
    return sentence.doc[subject.left_edge.i:subject.i + 1]


def framed_as_reported(sentence: SpacySpan) -> bool:
    """Whether the sentence's main verb (or a clause verb right under it) reports a specific source's words
    or stance: "Ahmed said because of ..., the situation has deteriorated", "He deemed X unacceptable".

    The attribution extractor may not delimit such content; for sourcing, the sentence is still someone's.
    """
    root = sentence.root
    for verb in (root, *(child for child in root.children if child.dep_ in {"ccomp", "parataxis"})):
        lemma = verb.lemma_.lower()
        if verb.pos_ != "VERB" or lemma not in SPEECH_VERBS | BELIEF_VERBS | _STANCE_VERBS:
            continue
        if any(child.dep_ == "agent" for child in verb.children):  # "was confirmed by Pentagon officials"
            return True
        subject = _subject(verb)
        if subject is not None and subject.lower_ not in _NO_SOURCE_SUBJECTS and not _is_sweeping(subject):
            return True
    return False


# A sentence counts as sourced when attributions (what was said, the cue and the speaker's words)
# cover at least half of its characters: "X said Y" and "“Y,” X said" are covered, while a
# sentence that only quotes a phrase ("what officials called “a disaster”") still speaks for the author.
_COVERED_SHARE = 0.5


def is_source(attribution: Attribution) -> bool:
    """Whether an attribution names someone who can be asked: not the author, not a believer-less passive
    ("It is believed that ...": no name, no mention), not everybody ("Everyone knows ...")."""
    speaker = attribution.speaker
    if speaker.type == "author" or (speaker.name is None and speaker.mention is None):
        return False
    mention = speaker.mention.text.lower() if speaker.mention is not None else ""
    return mention not in _NO_SOURCE_SUBJECTS | _UNIVERSAL_WORDS


# Pronouns that, as a sentence's subject, carry its source over from the sentences before ("She said the
# union would vote. It has 4,000 members." / "They have waited long enough.").
_BACK_REFERENCES = frozenset({"he", "she", "they", "it"})
_CLAUSE_DEPS = frozenset({"ccomp", "csubj", "xcomp"})
_OPENING_MARKS = frozenset("“«")
_CLOSING_MARKS = frozenset("”»")


def paragraph_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` of the paragraph (line) of ``text`` around ``[start, end)``."""
    line_end = text.find("\n", end)
    return text.rfind("\n", 0, start) + 1, len(text) if line_end < 0 else line_end


def anchored_in(attribution: Attribution, paragraph_start: int, paragraph_end: int) -> bool:
    """Whether the attribution's cue or its speaker's words stand in the paragraph ``[start, end)``."""
    return any(span is not None and span.start < paragraph_end and span.end > paragraph_start
               for span in (attribution.cue, attribution.speaker.mention))


def opens_in_quotation(text: str, paragraph_start: int, start: int) -> bool:
    """Whether position ``start`` of ``text`` is inside a quotation opened in its paragraph (or at it).

    Curly marks open and close; a straight double quote toggles; a paragraph that continues a quotation
    opens with the mark again (news style), so the scan never needs the paragraph before.
    """
    inside = False
    for character in text[paragraph_start:start + 1]:
        if character in _OPENING_MARKS:
            inside = True
        elif character in _CLOSING_MARKS:
            inside = False
        elif character == '"':
            inside = not inside
    return inside


def _refers_back(sentence: SpacySpan, attribution: Attribution) -> bool:
    """Whether the sentence's subject is a pronoun or a word of the speaker's name or mention."""
    subject = _subject(sentence.root)
    if subject is None:
        return False
    lower = subject.lower_
    if lower in _BACK_REFERENCES:
        # "It is clear that ...", "It seems ...": an empty "it" with the clause after it points at nobody.
        return lower != "it" or not any(child.dep_ in _CLAUSE_DEPS for child in sentence.root.children)
    speaker = attribution.speaker
    names = " ".join(part for part in (speaker.name, speaker.mention.text if speaker.mention else None) if part)
    return subject.is_alpha and len(lower) > 2 and lower in {word.lower() for word in names.split()}


def sourcing_attributions(sentence: SpacySpan, attributions: Sequence[Attribution]) -> list[Attribution]:
    """The attributions that can make this sentence someone else's words.

    An attribution sources the paragraphs that hold its cue or its speaker's words, which includes a bare
    follow-on sentence in a source's paragraph ("..., she said. The union has 4,000 members."). In
    another paragraph it sources a sentence only when that sentence continues the source: it is inside
    quotation marks (a quotation carried over paragraphs) or its subject points back to the speaker
    ("It has 4,000 members", "The union wants ..."). A statement of fact in the article's own voice that
    follows attributed paragraphs stays the author's, however far an extractor carried the content.
    """
    doc = sentence.doc
    text = doc_text(doc)
    offset = article_offset(doc)
    paragraph_start, paragraph_end = paragraph_bounds(text, sentence.start_char, sentence.end_char)
    start, end = sentence.start_char + offset, sentence.end_char + offset
    sourcing: list[Attribution] = []
    quoted: bool | None = None  # computed only when an attribution from another paragraph needs it
    for attribution in attributions:
        content = attribution.content
        if not (content.start < end and content.end > start) and not anchored_in(attribution, start, end):
            continue  # touches nothing of the sentence: nothing to count
        if anchored_in(attribution, paragraph_start + offset, paragraph_end + offset):
            sourcing.append(attribution)
            continue
        if quoted is None:
            quoted = opens_in_quotation(text, paragraph_start, sentence.start_char)
        if quoted or _refers_back(sentence, attribution):
            sourcing.append(attribution)
    return sourcing


def covered_by_attributions(start: int, end: int, attributions: Sequence[Attribution]) -> bool:
    """Whether attributions by a source other than the author cover most of ``[start, end)``."""
    if end <= start:
        return False
    covered: list[tuple[int, int]] = []
    for attribution in attributions:
        if not is_source(attribution):
            continue
        for span in (attribution.content, attribution.cue, attribution.speaker.mention):
            if span is not None and span.start < end and span.end > start:
                covered.append((max(span.start, start), min(span.end, end)))
    if not covered:
        return False
    covered.sort()
    total = 0
    reach = start
    for piece_start, piece_end in covered:
        piece_start = max(piece_start, reach)
        if piece_end > piece_start:
            total += piece_end - piece_start
            reach = piece_end
    # Characters, not words: close enough for a share, and it needs no text.
    return total >= _COVERED_SHARE * (end - start)
