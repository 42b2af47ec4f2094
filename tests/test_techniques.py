"""Persuasion techniques: the metric, the decoding and the extractor on texts written for these tests."""

from __future__ import annotations

import dataclasses
import math

import pytest

from newsprobe.evaluation.ptc import (
    align_guesses,
    merge_overlapping,
    per_technique_f1,
    span_identification_scores,
    technique_micro_f1,
)
from newsprobe.extract import techniques
from newsprobe.extract.technique_features import word_stem
from newsprobe.extract.techniques import Decoding, WordLevel, decode_spans, loaded_words, tagged_spans

LOADED = (
    "The corrupt regime and its thugs are waging a brutal, barbaric war against our heroic people. "
    "These traitors and puppets of the occupier will never break the glorious resistance! "
    "Shame on the cowards who betray the nation. The budget committee met on Tuesday to review the figures."
)


def test_partial_overlap_credit_follows_the_task_definition() -> None:
    # predicted [0, 10) against gold [5, 25): overlap 5 -> precision 5/10, recall 5/20.
    scores = span_identification_scores({"a": [(0, 10)]}, {"a": [(5, 25)]})
    assert scores.precision == pytest.approx(0.5)
    assert scores.recall == pytest.approx(0.25)
    assert scores.f1 == pytest.approx(2 * 0.5 * 0.25 / 0.75)


def test_overlapping_spans_are_merged_and_missing_articles_count() -> None:
    assert merge_overlapping([(10, 20), (0, 12), (20, 30)]) == [(0, 20), (20, 30)]
    # gold overlaps merge into [0, 20): one gold span, fully covered; an article with no prediction adds a gold span.
    scores = span_identification_scores({"a": [(0, 20)]}, {"a": [(0, 12), (10, 20)], "b": [(0, 4)]})
    assert scores.gold == 2
    assert scores.precision == pytest.approx(1.0)
    assert scores.recall == pytest.approx(0.5)


def test_no_predictions_score_zero_not_an_error() -> None:
    assert span_identification_scores({}, {"a": [(0, 5)]}).f1 == 0.0


def test_technique_micro_f1_is_accuracy_over_gold_spans() -> None:
    assert technique_micro_f1(["Doubt", "Slogans", "Doubt"], ["Doubt", "Doubt", "Doubt"]) == pytest.approx(2 / 3)
    assert per_technique_f1(["Doubt", "Slogans"], ["Doubt", "Doubt"])["Doubt"] == pytest.approx(2 / 3)
    with pytest.raises(ValueError):
        technique_micro_f1(["Doubt"], [])


def test_guesses_for_a_span_with_two_labels_match_as_a_set() -> None:
    # the gold lists the span twice; the two best guesses come in the classifier's order.
    assert align_guesses(["Repetition", "Doubt"], ["Doubt", "Repetition"]) == ["Doubt", "Repetition"]
    assert align_guesses(["Slogans", "Doubt"], ["Doubt", "Repetition"]) == ["Doubt", "Slogans"]
    assert align_guesses(["Slogans", "Flag-Waving"], ["Doubt", "Doubt"]) == ["Slogans", "Flag-Waving"]
    with pytest.raises(ValueError):
        align_guesses(["Doubt"], ["Doubt", "Slogans"])


def test_tagged_spans_bridge_short_gaps_only() -> None:
    probabilities = [0.1, 0.9, 0.8, 0.1, 0.7, 0.1, 0.1, 0.1, 0.9]
    assert [(start, end) for start, end, _ in tagged_spans(probabilities, 0.5, 1)] == [(1, 5), (8, 9)]
    assert [(start, end) for start, end, _ in tagged_spans(probabilities, 0.5, 0)] == [(1, 3), (4, 5), (8, 9)]
    assert tagged_spans([], 0.5, 1) == []


@pytest.mark.model
def test_loaded_words_are_found_and_dry_prose_is_not(analyzer) -> None:  # type: ignore[no-untyped-def]
    analysis = analyzer.analyze("Headline of a test\n\n" + LOADED)
    found = analysis.techniques
    assert found, "a text full of loaded words and name calling must yield techniques"
    text = analysis.article.text
    for technique in found:
        assert text[technique.start:technique.end] == technique.text
        assert 0.0 < technique.score <= 1.0
        assert technique.text.strip(" .,:;") == technique.text
    covered = " ".join(technique.text for technique in found)
    assert any(word in covered for word in ("brutal", "barbaric", "thugs", "traitors", "cowards", "regime"))
    assert not any("budget committee" in technique.text for technique in found)
    assert techniques.METHOD in analysis.run.methods
    # reading order, although passages are decoded before single loaded words
    assert [(t.start, t.end) for t in found] == sorted((t.start, t.end) for t in found)


@pytest.mark.model
@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("THE HARBOUR POLICE SAID THE STRIKING WORKERS WOULD RETURN ON MONDAY. " * 20, "capitals"),
        ("Der Bürgermeister sagte am Dienstag, dass die Hafenarbeiter streiken würden. " * 10, "not English"),
    ],
)
def test_components_that_cannot_apply_say_so(analyzer, text: str, reason: str) -> None:  # type: ignore[no-untyped-def]
    analysis = analyzer.analyze(text, language="de" if reason == "not English" else None)
    assert analysis.techniques == ()
    assert any(n.code == "W009" and "techniques" in n.message and reason in n.message for n in analysis.notices)


@pytest.mark.model
@pytest.mark.parametrize(
    "text",
    [
        "...",
        "- cheap fuel\n- brutal cuts to pensions\n- a disgraceful betrayal\n- more jobs\n",
        " ".join(["the harbour workers met the disgraceful bosses again and talked"] * 500),  # 5,500 words, no stop
    ],
)
def test_odd_bodies_do_not_raise(analyzer, text: str) -> None:  # type: ignore[no-untyped-def]
    analysis = analyzer.analyze(text)
    assert not any(n.code == "W003" and "techniques" in n.message for n in analysis.notices)
    for technique in analysis.techniques:
        assert analysis.article.text[technique.start:technique.end] == technique.text


@pytest.mark.model
def test_setting_switches_the_component_off() -> None:
    from newsprobe import Analyzer

    analysis = Analyzer(techniques=False).analyze("Headline of a test\n\n" + LOADED)
    assert analysis.techniques == ()
    assert techniques.METHOD not in analysis.run.methods


def test_decoding_is_a_named_tuple() -> None:
    assert WordLevel({}, 2.0).threshold == 2.0
    assert Decoding(0.3, 1, 10, 0.4)._asdict() == {
        "threshold": 0.3, "max_gap": 1, "min_chars": 10, "seed_threshold": 0.4, "long_chars": 0,
        "long_threshold": 0.0,
    }


def test_word_stem_joins_the_forms_of_a_word_and_keeps_short_words() -> None:
    assert word_stem("terrorists") == word_stem("terrorism") == word_stem("terror") == "terror"
    assert word_stem("Invaders") == word_stem("invader")
    assert word_stem("lies") == "lies"  # would leave fewer than four letters: untouched
    assert word_stem("bad") == "bad"


def _tagged_doc(words: list[str], pos: list[str]):  # type: ignore[no-untyped-def]
    import spacy
    from spacy.tokens import Doc

    return Doc(spacy.blank("en").vocab, words=words, pos=pos)  # English lexical attributes (is_alpha)


def test_loaded_words_fire_on_scored_content_words_at_the_threshold_only() -> None:
    doc = _tagged_doc(["The", "brutal", "invaders", "burned", "the", "brutal", "village", "."],
                      ["DET", "ADJ", "NOUN", "VERB", "DET", "ADJ", "NOUN", "PUNCT"])
    lexicon = {word_stem("brutal"): 2.4, word_stem("invader"): 1.9, word_stem("the"): 5.0}
    # "the" scores high but is no content word; "invaders" (1.9) is under the threshold.
    assert loaded_words(doc, WordLevel(lexicon, 2.0)) == [1, 5]
    assert loaded_words(doc, WordLevel(lexicon, 1.5)) == [1, 2, 5]
    assert loaded_words(doc, WordLevel(lexicon, float("inf"))) == []


def test_passages_need_one_confident_token() -> None:
    doc = _tagged_doc(["They", "betrayed", "every", "one", "of", "us", "."],
                      ["PRON", "VERB", "DET", "NUM", "ADP", "PRON", "PUNCT"])
    weak = [0.1, 0.3, 0.3, 0.3, 0.3, 0.3, 0.1]
    assert decode_spans(doc, weak, Decoding(0.25, 1, 0, 0.4)) == []
    spans = decode_spans(doc, [0.1, 0.6, 0.3, 0.3, 0.3, 0.3, 0.1], Decoding(0.25, 1, 0, 0.4))
    assert [doc.text[start:end] for start, end, _ in spans] == ["betrayed every one of us"]


def test_long_passages_split_at_their_weak_tokens_and_short_ones_stay_whole() -> None:
    words = ["They", "burned", "our", "homes", "and", "then", "the", "council", "met", "to", "talk", "."]
    doc = _tagged_doc(words, ["PRON", "VERB", "PRON", "NOUN", "CCONJ", "ADV", "DET", "NOUN", "VERB", "PART",
                              "VERB", "PUNCT"])
    # A confident clause ("burned our homes") run on into a weak tail at the passage threshold.
    probabilities = [0.1, 0.7, 0.6, 0.6, 0.3, 0.3, 0.3, 0.3, 0.55, 0.3, 0.3, 0.1]
    whole = Decoding(0.25, 1, 0, 0.5)
    assert [doc.text[start:end] for start, end, _ in decode_spans(doc, probabilities, whole)] == [
        "burned our homes and then the council met to talk"]
    split = whole._replace(long_chars=30, long_threshold=0.5)
    assert [doc.text[start:end] for start, end, _ in decode_spans(doc, probabilities, split)] == [
        "burned our homes", "met"]
    # Under the length the passage is not re-read.
    assert decode_spans(doc, probabilities, whole._replace(long_chars=60, long_threshold=0.5)) == \
        decode_spans(doc, probabilities, whole)


def test_nested_words_come_from_passages_of_other_techniques_only() -> None:
    doc = _tagged_doc(["Our", "proud", "nation", "fights", "the", "invaders", "."],
                      ["PRON", "ADJ", "NOUN", "VERB", "DET", "NOUN", "PUNCT"])
    model = _toy_model(loaded_words={"invaders", "proud"})
    from newsprobe.extract.technique_features import article_context

    context = article_context(doc, model.lexicon)
    nested = list(techniques.nested_words(doc, context, model, [(0, 6, "Flag-Waving")]))
    assert {(doc[index].text, label) for index, label, loaded in nested if loaded > 0.5} == {
        ("invaders", "Loaded_Language"), ("proud", "Loaded_Language")}
    # a passage that is itself loaded language nests nothing; nor does a one-word passage
    assert list(techniques.nested_words(doc, context, model, [(0, 6, "Loaded_Language"), (5, 6, "Doubt")])) == []
    # with a finite nested threshold the words become spans; with the default (inf) they do not
    nesting = dataclasses.replace(model, word_level=model.word_level._replace(nested_threshold=0.5))
    found = techniques.word_spans(doc, context, nesting, [(0, 6, "Doubt")])
    assert [doc[index].text for index, _, _ in found] == ["proud", "invaders"]
    assert techniques.word_spans(doc, context, model, [(0, 6, "Doubt")]) == []


def _toy_model(loaded_words: set[str]) -> techniques.TechniqueModel:
    """A classifier that calls exactly ``loaded_words`` Loaded_Language when shown alone."""
    labels = ["Doubt", "Flag-Waving", "Loaded_Language", "Name_Calling,Labeling"]
    weights = {f"w={word}": [0.0, 0.0, 5.0, 0.0] for word in loaded_words}
    return techniques.TechniqueModel.from_dict({
        "lexicon": {},
        "tagger": {"weights": {"bias": 0.0}, "threshold": 0.5, "max_gap": 1, "min_chars": 0, "seed_threshold": 0.0},
        "word_level": {"lexicon": {}, "threshold": 1e9},
        "classifier": {"labels": labels, "weights": weights, "bias": [1.0, 0.0, 0.0, 0.0]},
    })


def test_sentence_model_scores_each_sentence_from_its_words_and_pairs() -> None:
    from newsprobe.extract.technique_features import (
        SentenceModel,
        sentence_model_features,
        sentence_probabilities,
    )

    doc = _tagged_doc(["Traitors", "everywhere", "!", "The", "board", "met", "."],
                      ["NOUN", "ADV", "PUNCT", "DET", "NOUN", "VERB", "PUNCT"])
    assert set(sentence_model_features(doc, 0, 3)) == {
        "w=traitors", "w=everywhere", "w=!", "b=traitors|everywhere", "b=everywhere|!", "length=5"}
    model = SentenceModel({"w=traitors": 3.0, "b=the|board": -1.0}, bias=-1.0)
    loaded, dry = sentence_probabilities(doc, [(0, 3), (3, 7)], model)
    assert loaded == pytest.approx(1 / (1 + math.exp(-2.0)))
    assert dry == pytest.approx(1 / (1 + math.exp(2.0)))


def test_span_features_mark_the_headline_and_a_repeated_phrase() -> None:
    from newsprobe.extract.technique_features import article_context, span_features

    words = ["Stop", "the", "steal", "\n", "They", "shout", "stop", "the", "steal", "again", "."]
    pos = ["VERB", "DET", "NOUN", "SPACE", "PRON", "VERB", "VERB", "DET", "NOUN", "ADV", "PUNCT"]
    doc = _tagged_doc(words, pos)
    context = article_context(doc, {})
    first, later = span_features(doc, context, 0, 3), span_features(doc, context, 6, 9)
    assert first["first_use"] == 1.0 and "later_use" not in first
    assert later["later_use"] == 1.0 and "first_use" not in later
    assert first["in_title"] == 1.0 and later["in_title"] == 0.0
    assert later["near_pronoun=they"] == 1.0
    assert first["phrase_count=2"] == 1.0


def test_tagger_tables_sum_the_weights_of_the_token_features() -> None:
    import random

    from spacy.tokens import Doc

    from newsprobe.extract.technique_features import SentenceModel, article_context, token_features
    from newsprobe.extract.technique_tagger import TaggerTables

    # "and|or" holds the "|" that joins a pair feature's two words: its pairs must still be found
    words = ["The", "“", "corrupt", "”", "council", "betrayed", "us", "!", "The", "council", "met", "and|or", "Monday",
             "."]
    pos = ["DET", "PUNCT", "ADJ", "PUNCT", "NOUN", "VERB", "PRON", "PUNCT", "DET", "NOUN", "VERB", "ADP", "PROPN",
           "PUNCT"]
    heads = [4, 4, 4, 4, 5, 5, 5, 5, 9, 10, 10, 10, 11, 10]
    deps = ["det", "punct", "amod", "punct", "nsubj", "ROOT", "dobj", "punct", "det", "nsubj", "ROOT", "prep", "pobj",
            "punct"]
    sentence_starts = [True] + [False] * 7 + [True] + [False] * 5
    base = _tagged_doc(words, pos)
    doc = Doc(base.vocab, words=words, pos=pos, heads=heads, deps=deps, sent_starts=sentence_starts,
              lemmas=[word.lower() for word in words], tags=["XX"] * len(words),
              ents=["O"] * 12 + ["B-DATE", "O"])
    context = article_context(doc, {"corrupt": 2.5, "betrayed": 1.5}, SentenceModel({"w=council": 0.4}, -0.1))
    rows = token_features(doc, context)
    chooser = random.Random(3)
    # a weight for every feature the rows hold (and one they do not), so each part of the sum is exercised
    weights = {name: chooser.uniform(-2, 2) for row in rows for name in row} | {"w=absent": 9.0}
    expected = [sum(weights.get(name, 0.0) * value for name, value in row.items()) for row in rows]
    assert TaggerTables.from_weights(weights).scores(doc, context) == pytest.approx(expected, abs=1e-12)
