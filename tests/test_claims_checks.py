"""Unsourced claims, marked opinion, rhetorical questions and attribution coverage, on hand-built models."""

from __future__ import annotations

import pytest

from newsprobe.checks.claims import opinion_marker, questions, rhetorical_question_findings, unattributed_claim_findings
from newsprobe.extract.claims import covered_by_attributions
from newsprobe.models import Analysis, Article, Attribution, Claim, Run, Span, Speaker

RUN = Run("test", "en_test", "0")


def _article(text: str) -> Article:
    return Article(id="t", text=text, body=Span(0, len(text), text))


def _span(text: str, part: str) -> Span:
    start = text.index(part)
    return Span(start, start + len(part), part)


def _claim(text: str, part: str, *, attributed: bool = False, score: float = 0.9) -> Claim:
    span = _span(text, part)
    return Claim(span.start, span.end, span.text, score, attributed)


def _attribution(text: str, content: str, cue: str | None = None, speaker: str | None = None,
                 speaker_type: str = "named_person") -> Attribution:
    return Attribution(
        kind="indirect", content=_span(text, content), cue=_span(text, cue) if cue else None,
        speaker=Speaker(speaker, speaker_type, mention=_span(text, speaker) if speaker else None),
    )


REPORT = "Mayor Lina Ortez said the tunnel will open in May. The tunnel cost 80 million dollars."


def test_reported_speech_covers_its_sentence() -> None:
    sentence = _span(REPORT, "Mayor Lina Ortez said the tunnel will open in May.")
    attribution = _attribution(REPORT, "the tunnel will open in May", "said", "Mayor Lina Ortez")
    assert covered_by_attributions(sentence.start, sentence.end, [attribution])
    other = _span(REPORT, "The tunnel cost 80 million dollars.")
    assert not covered_by_attributions(other.start, other.end, [attribution])


def test_a_quoted_phrase_does_not_source_the_whole_sentence() -> None:
    text = "Rents rose by a third last year, in what tenants called “a squeeze”."
    attribution = _attribution(text, "a squeeze", "called", "tenants", "unnamed_group")
    assert not covered_by_attributions(0, len(text), [attribution])


def test_the_author_is_not_a_source() -> None:
    text = "I said it before: the dam is unsafe."
    attribution = _attribution(text, "the dam is unsafe", "said", "I", "author")
    assert not covered_by_attributions(0, len(text), [attribution])


def test_overlapping_attributions_are_counted_once() -> None:
    text = "Officials say the budget doubled while schools lost their buses."
    first = _attribution(text, "the budget doubled", "say", "Officials", "unnamed_group")
    second = Attribution("indirect", _span(text, "the budget doubled"), None, Speaker("Audit Office", "document"))
    # 30 characters covered once (48 if the shared content were counted twice) of 64: not mostly sourced.
    assert len(text) == 64
    assert not covered_by_attributions(0, len(text), [first, second])
    third = Attribution("indirect", _span(text, "while schools lost"), None, Speaker("Audit Office", "document"))
    assert covered_by_attributions(0, len(text), [first, second, third])


def _findings(text: str, claims: list[Claim], attributions: tuple[Attribution, ...] = ()) -> list[str]:
    analysis = Analysis(_article(text), RUN, claims=tuple(claims), attributions=attributions)
    return [finding.evidence[0].text for finding in unattributed_claim_findings(analysis)]


def test_an_unsourced_factual_claim_is_reported_with_what_to_verify() -> None:
    text = "The port handled 2 million containers in 2023. Trade is growing."
    claim = _claim(text, "The port handled 2 million containers in 2023.")
    analysis = Analysis(_article(text), RUN, claims=(claim,))
    (finding,) = unattributed_claim_findings(analysis)
    assert finding.type == "unattributed_claim"
    assert finding.severity == "warning"
    assert finding.evidence == (Span(claim.start, claim.end, claim.text),)


def test_attributed_claims_are_not_reported() -> None:
    claim = _claim(REPORT, "Mayor Lina Ortez said the tunnel will open in May.", attributed=True)
    assert _findings(REPORT, [claim]) == []


@pytest.mark.parametrize("sentence", [
    "I think the new levy will cost families 300 dollars a year.",
    "In my view, the council wasted 5 million on consultants.",
    "We believe the figures were massaged before the vote.",
    "The ministry should publish all 40 contracts.",
    "Cutting the night buses was shameful.",
    "The whole affair is nothing but a disgrace.",
])
def test_clearly_marked_opinion_is_not_an_unsourced_claim(sentence: str) -> None:
    assert opinion_marker(sentence) is not None
    assert _findings(sentence, [_claim(sentence, sentence)]) == []


@pytest.mark.parametrize("sentence", [
    "The villagers do not want the mine on their land.",
    "It is clear that nobody ever meant to close the base.",
    "Police officers fired on the crowd near the station.",
    "Unemployment is higher than at any time since 1990.",
])
def test_confident_statements_of_fact_are_not_excused_as_opinion(sentence: str) -> None:
    assert opinion_marker(sentence) is None
    assert _findings(sentence, [_claim(sentence, sentence)]) == [sentence]


def test_a_claim_inside_quotation_marks_is_someone_elses_words() -> None:
    text = "“We paid 12 million for nothing,” the memo went on. The bridge was never built."
    quoted = _claim(text, "“We paid 12 million for nothing,”")
    own = _claim(text, "The bridge was never built.")
    assert _findings(text, [quoted, own]) == ["The bridge was never built."]


QUESTIONS = (
    "Headline-free body text here. Will the minister resign over the leak?\n"
    "“Who will pay for it?” a resident asked.\n"
    "Q: What changed in March?\n"
    "She asked whether anyone had read the report?\n"
    "Can anyone still believe the official count?"
)


def test_questions_in_the_articles_own_voice_are_rhetorical() -> None:
    article = _article(QUESTIONS)
    asked = _attribution(QUESTIONS, "whether anyone had read the report?", "asked", "She")
    analysis = Analysis(article, RUN, attributions=(asked,))
    found = [finding.evidence[0].text for finding in rhetorical_question_findings(analysis)]
    assert found == ["Will the minister resign over the leak?", "Can anyone still believe the official count?"]
    assert all(f.type == "rhetorical_question" and f.severity == "info"
               for f in rhetorical_question_findings(analysis))


def test_question_spans_point_into_the_article_text() -> None:
    text = "TITLE\nIs this the end? It is not."
    article = Article(id="t", text=text, body=Span(6, len(text), text[6:]))
    (question,) = questions(article)
    assert text[question.start:question.end] == question.text == "Is this the end?"


def test_statements_are_not_questions() -> None:
    assert list(questions(_article("Prices rose. Wages did not. Why? Nobody says."))) == [
        _span("Prices rose. Wages did not. Why? Nobody says.", "Why?")]


def test_a_passive_belief_without_a_believer_and_everybody_are_no_sources() -> None:
    text = "It is believed that the cranes were sold. Everyone knows the contract was rigged."
    passive = Attribution("indirect", _span(text, "the cranes were sold"), _span(text, "believed"),
                          Speaker(None, "unnamed_person"))
    everyone = _attribution(text, "the contract was rigged", "knows", "Everyone", "unnamed_group")
    for sentence, attribution in ((_span(text, "It is believed that the cranes were sold."), passive),
                                  (_span(text, "Everyone knows the contract was rigged."), everyone)):
        assert not covered_by_attributions(sentence.start, sentence.end, [attribution])


def test_a_question_after_a_sources_paragraph_is_still_the_authors() -> None:
    text = ("Mayor Lina Ortez said the tunnel would open in May.\n"
            "Will anyone believe a date the council has already missed twice?")
    # Content carried past the mayor's paragraph into the next one, without its cue or speaker.
    carried = Attribution("indirect", Span(text.index("the tunnel"), len(text), text[text.index("the tunnel"):]),
                          _span(text, "said"), Speaker("Lina Ortez", "named_person",
                                                       mention=_span(text, "Mayor Lina Ortez")))
    analysis = Analysis(_article(text), RUN, attributions=(carried,))
    found = [finding.evidence[0].text for finding in rhetorical_question_findings(analysis)]
    assert found == ["Will anyone believe a date the council has already missed twice?"]
