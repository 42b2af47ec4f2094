"""Findings about the article's layout: web boilerplate left in the input."""

from __future__ import annotations

from collections.abc import Iterator

from newsprobe.models import Article, Finding

METHOD = "newsprobe.layout.v1"


def boilerplate_findings(article: Article) -> Iterator[Finding]:
    for span in article.boilerplate:
        yield Finding(
            type="boilerplate",
            message=f"Web boilerplate {span.text!r} is not part of the article; it was left out of the analysis.",
            severity="info",
            evidence=(span,),
            method=METHOD,
        )
