"""An extracted Article as plain text: metadata lines, then the text (``newsprobe extract --format text``)."""

from __future__ import annotations

from newsprobe.models import Article

_RULE = "=" * 72


def render_article_text(article: Article) -> str:
    rows = [
        ("source", article.source),
        ("id", article.id),
        ("title", article.title),
        ("url", article.url),
        ("outlet", article.outlet),
        ("authors", "; ".join(article.authors) or None),
        ("published", article.published),
        ("language", article.language),
        ("dateline", article.dateline),
        ("near-duplicate of",
         f"{article.duplicate_of} (similarity {article.duplicate_similarity:.2f})"
         if article.duplicate_of is not None and article.duplicate_similarity is not None else article.duplicate_of),
    ]
    lines = [_RULE]
    lines.extend(f"{name}: {value}" for name, value in rows if value)
    lines.extend(f"notice {notice.code}: {notice.message}" for notice in article.notices)
    lines.append("-" * 72)
    lines.append(article.text.strip())
    return "\n".join(lines) + "\n"
