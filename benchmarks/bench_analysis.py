"""Words per second of the whole newsprobe analysis against bare ``nlp.pipe`` of the same pipeline.

Both run in this process on the same articles (polnear-dev by default), the baseline first and then
newsprobe, each timed best-of-N so that a cold cache does not decide the ratio. Prints the ratio and
exits 1 when it falls below the floor.

    python -m benchmarks.bench_analysis [--corpus PATH] [--articles N] [--repeat N] [--floor R]
"""

from __future__ import annotations

import sys

from benchmarks.common import best_of, body_words, corpus_parser, load_articles
from newsprobe import Analyzer

# The analysis must keep at least this share of bare spaCy's speed (issue: attribution, >= 0.7).
DEFAULT_FLOOR = 0.7


def main(argv: list[str] | None = None) -> int:
    parser = corpus_parser(__doc__)
    parser.add_argument("--floor", type=float, default=DEFAULT_FLOOR)
    args = parser.parse_args(argv)

    articles = load_articles(args.corpus, args.articles)
    body_texts = [article.body.text for article in articles]
    words = body_words(articles)
    analyzer = Analyzer()

    def bare() -> None:
        for _ in analyzer.nlp.pipe(body_texts, batch_size=analyzer.settings.batch_size):
            pass

    def full() -> None:
        for _ in analyzer.analyze_articles(articles):
            pass

    bare()  # warm-up: first-call allocations and lazy imports are not what we measure
    bare_seconds = best_of(args.repeat, bare)
    full_seconds = best_of(args.repeat, full)
    ratio = bare_seconds / full_seconds
    print(f"articles={len(articles)} words={words}")
    print(f"bare nlp.pipe      {words / bare_seconds:10.0f} words/s")
    print(f"newsprobe analysis {words / full_seconds:10.0f} words/s")
    print(f"ratio {ratio:.3f} (floor {args.floor})")
    return 0 if ratio >= args.floor else 1


if __name__ == "__main__":
    sys.exit(main())
