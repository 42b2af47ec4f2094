"""Analysis time with the rhetoric components (persuasion techniques and check-worthy claims) against without.

Both analysers share this process, the spaCy pipeline and the articles (polnear-dev by default); each is
timed best-of-N after a warm-up, so that model loading and a cold cache do not decide the ratio. Prints
the ratio (with / without) and exits 1 when it exceeds the ceiling (issue 6: within 1.5x).

    python -m benchmarks.bench_rhetoric [--corpus PATH] [--articles N] [--repeat N] [--ceiling R]
"""

from __future__ import annotations

import sys
from collections.abc import Callable

from benchmarks.common import best_of, body_words, corpus_parser, load_articles
from newsprobe import Analyzer

DEFAULT_CEILING = 1.5  # issue 6: analysis with these components stays within 1.5x of the analysis without


def main(argv: list[str] | None = None) -> int:
    parser = corpus_parser(__doc__)
    parser.add_argument("--ceiling", type=float, default=DEFAULT_CEILING)
    args = parser.parse_args(argv)

    articles = load_articles(args.corpus, args.articles)
    words = body_words(articles)
    with_rhetoric = Analyzer(techniques=True, claims=True)
    without_rhetoric = Analyzer(techniques=False, claims=False)

    def run(analyzer: Analyzer) -> Callable[[], None]:
        def work() -> None:
            for _ in analyzer.analyze_articles(articles):
                pass
        return work

    run(with_rhetoric)()  # warm-up: loads both models and the pipeline's lazy parts
    without_seconds = best_of(args.repeat, run(without_rhetoric))
    with_seconds = best_of(args.repeat, run(with_rhetoric))
    ratio = with_seconds / without_seconds
    print(f"articles={len(articles)} words={words}")
    print(f"without techniques+claims {words / without_seconds:10.0f} words/s")
    print(f"with techniques+claims    {words / with_seconds:10.0f} words/s")
    print(f"time ratio {ratio:.3f} (ceiling {args.ceiling})")
    return 0 if ratio <= args.ceiling else 1


if __name__ == "__main__":
    sys.exit(main())
