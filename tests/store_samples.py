"""Hand-written analyses for the store tests, built without spaCy (the store only sees models objects)."""

from __future__ import annotations

from newsprobe.models import (
    Analysis,
    Article,
    Attribution,
    Claim,
    ClaimMark,
    Entity,
    Finding,
    Notice,
    ReferenceDate,
    Relay,
    Run,
    Span,
    Speaker,
    Summary,
    Technique,
    TimeExpression,
)

RUN = Run("0.1.0", "en_core_web_sm", "3.8.0", ("newsprobe.attribution.direct.v2",), "a1b2c3")


def span_of(text: str, words: str) -> Span:
    start = text.index(words)
    return Span(start, start + len(words), words)


def sample_analysis(article_id: str = "harbour-1", *, outlet: str = "Harbour Gazette", published: str = "2023-05-02",
                    speaker: str = "Mara Okafor", quote: str = "the cranes will stop at noon", run: Run = RUN,
                    extra: str = "") -> Analysis:
    """A short article with one direct quote relayed through a broadcaster, and one reported statement."""
    text = (f"PORT ELLIS — Dock union leader {speaker} said on Monday that \"{quote},\" according to Coast Radio. "
            f"The port authority warned that ships would wait offshore. {extra}").strip()
    body = Span(14, len(text), text[14:])
    article = Article(id=article_id, text=text, body=body, title="Harbour strike", outlet=outlet,
                      authors=("R. Vance",), published=published, dateline="PORT ELLIS",
                      dateline_span=span_of(text, "PORT ELLIS"), notices=(Notice("W002", "short body"),))
    direct = Attribution("direct", span_of(text, quote), span_of(text, "said"),
                         Speaker(speaker, "named_person", "Dock union leader", span_of(text, speaker)),
                         (Relay("Coast Radio", "outlet"),), said_on="2023-05-01", confidence=0.95,
                         method="newsprobe.attribution.direct.v2")
    reported = Attribution("indirect", span_of(text, "ships would wait offshore"), span_of(text, "warned"),
                           Speaker("port authority", "named_organization", None, span_of(text, "The port authority")),
                           method="newsprobe.attribution.reported.v2")
    return Analysis(
        article=article, run=run,
        entities=(Entity(*_offsets(text, speaker), speaker, "PERSON"),
                  Entity(*_offsets(text, "Coast Radio"), "Coast Radio", "ORG")),
        attributions=(direct, reported),
        times=(TimeExpression(*_offsets(text, "Monday"), "Monday", "DATE", "2023-05-01", "2023-05-02"),),
        reference_date=ReferenceDate(published, "metadata"),
        claims=(Claim(*_offsets(text, "The port authority warned that ships would wait offshore."),
                      "The port authority warned that ships would wait offshore.", 0.61, True,
                      (ClaimMark(*_offsets(text, "ships"), "ships", "generalization"),)),),
        techniques=(Technique(*_offsets(text, "warned"), "warned", "Loaded_Language", 0.52),),
        findings=(Finding("weekday_date_mismatch", "Monday does not fit", "warning", (span_of(text, "Monday"),),
                          "check the date", "newsprobe.checks.weekday.v1"),),
        summary=Summary(0.31, (), 1, 0, 0, ()),
        notices=(Notice("W002", "short body"),),
    )


def _offsets(text: str, words: str) -> tuple[int, int]:
    found = span_of(text, words)
    return found.start, found.end
