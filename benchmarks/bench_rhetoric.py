"""Analysis time with the rhetoric components (persuasion techniques and check-worthy claims) against without.

Both analysers share this process, the spaCy pipeline and the articles (polnear-dev by default); each is
timed best-of-N after a warm-up, so that model loading and a cold cache do not decide the ratio. Prints
the ratio (with / without) and exits 1 when it exceeds the ceiling (issue 6: within 1.5x).

    python -m benchmarks.bench_rhetoric [--corpus PATH] [--articles N] [--repeat N] [--ceiling R]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

from benchmarks.bench_analysis import DEFAULT_CORPUS, _best_of
from newsprobe import Analyzer
from newsprobe.ingest.text import article_from_text

DEFAULT_CEILING = 1.5  # issue 6: analysis with these components stays within 1.5x of the analysis without


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=84)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--ceiling", type=float, default=DEFAULT_CEILING)
    args = parser.parse_args(argv)

    with args.corpus.open(encoding="utf-8") as handle:
        texts = [json.loads(line)["text"] for line, _ in zip(handle, range(args.articles), strict=False)]
    articles = [article_from_text(text, strip_boilerplate=False) for text in texts]
    words = sum(len(article.body.text.split()) for article in articles)
    with_rhetoric = Analyzer(techniques=True, claims=True)
    without_rhetoric = Analyzer(techniques=False, claims=False)

    def run(analyzer: Analyzer) -> Callable[[], None]:
        def work() -> None:
            for _ in analyzer.analyze_articles(articles):
                pass
        return work

    run(with_rhetoric)()  # warm-up: loads both models and the pipeline's lazy parts
    without_seconds = _best_of(args.repeat, run(without_rhetoric))
    with_seconds = _best_of(args.repeat, run(with_rhetoric))
    ratio = with_seconds / without_seconds
    print(f"articles={len(articles)} words={words}")
    print(f"without techniques+claims {words / without_seconds:10.0f} words/s")
    print(f"with techniques+claims    {words / with_seconds:10.0f} words/s")
    print(f"time ratio {ratio:.3f} (ceiling {args.ceiling})")
    return 0 if ratio <= args.ceiling else 1


if __name__ == "__main__":
    sys.exit(main())
