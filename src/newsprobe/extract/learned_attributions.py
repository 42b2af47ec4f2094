"""Attributions the rules miss, found by a linear model trained on PolNeAR: ``X mocked [the plan]``,
``she hopes [to win]``, ``his claim [that ...]``, ``critics pointed to [the deficit]``.

PolNeAR (``polnear-train``) annotates any cue that ascribes content to a source: speech, belief,
intention, criticism, support, evidence ("the data show ..."). Its long tail of cue words is more than
a word list can hold, and most contents are one dependent of the cue in the parse: a clause (``ccomp``),
an infinitive (``xcomp``), an object (``dobj``), a prepositional phrase (``referring to X``). So the
model scores (cue, dependent) pairs: each verb or noun whose lemma appeared as a cue in training,
paired with each of its dependents of a content-bearing relation. A pair scored at or above the
threshold becomes an attribution whose content is the dependent's subtree; a cue keeps its best pair.

The model (``resources/attribution/model.json``, trained by ``scripts/train_attribution.py``, described
in ``resources/attribution/MODEL_CARD.md``) is a logistic regression over binary features of the two
tokens and the cue's other dependents, read off the Doc the analysis already parsed. Scoring is a few
dozen dictionary look-ups per candidate, and only tokens whose lemma is in the model's cue lexicon are
candidates at all.

The rules stay first: ``attributions.find_attributions`` calls ``find_learned`` with the contents it
already has, and a learned content that lies mostly inside one of them (or whose cue the rules used) is
dropped. Speakers are resolved by the rules' own code from the cue's parse.

PolNeAR's scope is wider than quotation corpora: GenderGapTracker's gold (ggt-dev) and the seed
annotate statements only, and there every belief or stance found is a false positive (ggt-dev content
F1@0.3 0.870 -> 0.686 with the model on). So the model runs only with the setting
``attribution_scope = "all"``; the default ``speech`` keeps the rules alone, and without their belief
and evidence cues.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from spacy.tokens import Doc, Token

from newsprobe.extract.cues import BELIEF_VERBS, SPEECH_VERBS
from newsprobe.nlp.convert import doc_text

METHOD = "newsprobe.attribution.learned.v1"
MODEL_RESOURCE = "model.json"  # in src/newsprobe/resources/attribution/

# Dependents that hold a cue's content in PolNeAR. Counted on polnear-dev attributions the rules missed:
# the dependent of the gold cue covering >= 30% of the gold content was dobj 319, prep 264, xcomp 111,
# ccomp 104, advcl 34, acl 25, nsubjpass 24, nsubj 20, acomp 18, oprd 15, conj 14, relcl 7, attr 5
# (no dependent at all: 15%, out of this model's reach).
CONTENT_DEPS = frozenset({"dobj", "prep", "xcomp", "ccomp", "advcl", "acl", "nsubjpass", "nsubj", "acomp", "oprd",
                          "conj", "relcl", "attr", "pcomp"})
CUE_POS = frozenset({"VERB", "NOUN", "ADJ"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_PRONOUN_CLASSES = {"he": "he", "she": "he", "they": "they", "we": "we", "i": "i", "you": "you", "it": "it"}
_QUOTE_MARKS = frozenset("\"“”'‘’«»")
_CLIMB_DEPS = frozenset({"xcomp", "conj", "advcl"})
_SHORTEST_CONTENT = 2  # characters; a one-letter content is a parse accident
_INSIDE_SHARE = 0.5


@dataclass(frozen=True)
class AttributionModel:
    """P(pair is a cue and its content) = sigmoid(bias + sum of weights), for cue lemmas in ``lexicon``."""

    weights: dict[str, float]
    bias: float
    threshold: float
    lexicon: frozenset[str]

    def score(self, features: Sequence[str]) -> float:
        weights = self.weights
        total = self.bias + sum(weights.get(feature, 0.0) for feature in features)
        return 1.0 / (1.0 + math.exp(-total))


@dataclass(frozen=True)
class LearnedAttribution:
    """A learned attribution in Doc characters: the content span, the cue token and the model's score."""

    start: int
    end: int
    cue: Token
    kind: str
    score: float


@cache
def load_model() -> AttributionModel:
    resource = files("newsprobe").joinpath("resources", "attribution", MODEL_RESOURCE)
    data = json.loads(resource.read_text(encoding="utf-8"))
    return AttributionModel(weights=data["weights"], bias=float(data["bias"]), threshold=float(data["threshold"]),
                            lexicon=frozenset(data["lexicon"]))


def candidate_pairs(doc: Doc, lexicon: frozenset[str] | None) -> Iterator[tuple[Token, Token]]:
    """(cue, dependent) pairs worth scoring; ``lexicon`` None takes every verb, noun and adjective (training)."""
    for token in doc:
        if token.pos_ not in CUE_POS or (lexicon is not None and token.lemma_.lower() not in lexicon):
            continue
        for child in token.children:
            if child.dep_ in CONTENT_DEPS:
                yield token, child


def content_bounds(child: Token) -> tuple[int, int]:
    """The content a dependent holds, in Doc characters: its subtree, less a leading preposition or ``that``."""
    first, last = child.left_edge, child.right_edge
    doc = child.doc
    if child.dep_ == "prep" and first.i == child.i and child.i < last.i:
        first = doc[child.i + 1]
    elif first.lower_ == "that" and first.dep_ == "mark" and first.i < last.i:
        first = doc[first.i + 1]
    while first.i < last.i and ((first.is_punct and first.text not in _QUOTE_MARKS) or first.is_space):
        first = doc[first.i + 1]
    while last.i > first.i and ((last.is_punct and last.text not in _QUOTE_MARKS) or last.is_space):
        last = doc[last.i - 1]
    return first.idx, last.idx + len(last.text)


def _subject_class(cue: Token) -> str:
    """What stands as the cue's subject: a pronoun (by person), a named entity's label, a noun, or nothing."""
    current = cue
    for _ in range(3):
        for child in current.children:
            if child.dep_ in _SUBJECT_DEPS:
                if child.pos_ == "PRON":
                    return "pron:" + _PRONOUN_CLASSES.get(child.lower_, "other")
                if child.ent_type_:
                    return "ent:" + child.ent_type_
                return "noun:" + child.pos_
            if child.dep_ == "agent":
                return "agent"
        if current.dep_ not in _CLIMB_DEPS or current.head is current:
            break
        current = current.head
    return "none"


def _length_bucket(tokens: int) -> str:
    for limit in (1, 3, 6, 12, 25):
        if tokens <= limit:
            return str(limit)
    return "long"


def pair_features(cue: Token, child: Token) -> list[str]:
    """The model's features of one (cue, dependent) pair; the training script calls this same function."""
    lemma = cue.lemma_.lower()
    dep = child.dep_
    first = child.left_edge
    size = child.right_edge.i - first.i + 1
    subject = _subject_class(cue)
    features = [
        "l=" + lemma,
        f"ld={lemma}|{dep}",
        "d=" + dep,
        f"dp={dep}|{child.pos_}",
        f"dt={dep}|{child.tag_}",
        "ht=" + cue.tag_,
        "hd=" + cue.dep_,
        f"lhd={lemma}|{cue.dep_}",
        f"dhd={dep}|{cue.dep_}",
        "side=" + ("L" if child.i < cue.i else "R"),
        f"dlen={dep}|{_length_bucket(size)}",
        "subj=" + subject,
        f"lsubj={lemma}|{subject}",
        f"first={dep}|{first.lower_ if first.is_stop or first.is_punct else first.pos_}",
        f"last={dep}|{child.right_edge.text if child.right_edge.is_punct else child.right_edge.pos_}",
        f"lside={lemma}|{'L' if child.i < cue.i else 'R'}",
    ]
    if dep == "prep":
        features.append(f"prep={lemma}|{child.lower_}")
    if lemma in SPEECH_VERBS:
        features.append("speech")
    elif lemma in BELIEF_VERBS:
        features.append("belief")
    for other in cue.children:
        if other.i != child.i:  # spaCy makes a new Token object on each access: compare positions
            features.append(f"sib={dep}|{other.dep_}")
            if other.dep_ == "neg":
                features.append("neg")
    if cue.i > 0 and cue.doc[cue.i - 1].dep_ == "aux":
        features.append("aux")
    return features


def find_learned(doc: Doc, covered: Sequence[tuple[int, int]],
                 rule_cues: Sequence[int]) -> Iterator[LearnedAttribution]:
    """Attributions the model finds that the rules did not: ``covered`` holds the rules' content spans
    (Doc characters) and ``rule_cues`` the Doc token indices of the rules' cues."""
    model = load_model()
    used_cues = set(rule_cues)
    best: dict[int, tuple[float, Token]] = {}
    for cue, child in candidate_pairs(doc, model.lexicon):
        if cue.i in used_cues:
            continue
        probability = model.score(pair_features(cue, child))
        if probability >= model.threshold and probability > best.get(cue.i, (0.0, cue))[0]:
            best[cue.i] = (probability, child)
    text = doc_text(doc)
    taken = list(covered)
    found: list[LearnedAttribution] = []
    # Best-scored first, so that of two learned contents one inside the other the likelier stays.
    for index, (probability, child) in sorted(best.items(), key=lambda item: -item[1][0]):
        start, end = content_bounds(child)
        if end - start < _SHORTEST_CONTENT or _inside_any(start, end, taken):
            continue
        taken.append((start, end))
        content = text[start:end]
        kind = "mixed" if any(mark in content for mark in _QUOTE_MARKS - {"'", "’"}) else "indirect"
        found.append(LearnedAttribution(start, end, doc[index], kind, probability))
    yield from sorted(found, key=lambda learned: learned.cue.i)


def _inside_any(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    """Does most of this content lie inside a content already found? Then it repeats that one (a rule
    saw the same statement, or the cue is a word inside a reported clause: "said he hoped ...").
    On polnear-dev (content F1@0.3, threshold 0.2, an earlier model): dropping only near-identical spans 0.717,
    contents half inside a rule content 0.743, and half inside a rule or a likelier learned content 0.752."""
    length = end - start
    return any(min(end, other_end) - max(start, other_start) >= _INSIDE_SHARE * length
               for other_start, other_end in spans)
