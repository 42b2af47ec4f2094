"""Train the check-worthiness model shipped in src/newsprobe/resources/claims/; see MODEL_CARD.md there.

    .venv/bin/python scripts/train_claims.py [--data ../shared/data/claims/claimbuster]

Reads ClaimBuster's crowd-labelled ``crowdsourced.csv`` (22,501 debate sentences; the positive class is
``Verdict == 1``, check-worthy factual sentence) at run time and never its expert-labelled
``groundtruth.csv``, which is the test set (its ids are read only to make sure none is trained on).
Features are those the analysis computes (``newsprobe.extract.claims.claim_features``) on the same
spaCy pipeline. The regularisation strength and the decision threshold are chosen on whole debates held
out of the crowd set, then the model is refitted on all of it. Takes about 4 minutes on 2 cores, most of
it parsing.
"""

from __future__ import annotations

import argparse
import csv
import json
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import f1_score

from newsprobe.extract.claims import MODEL_RESOURCE, claim_features
from newsprobe.nlp.pipeline import load_pipeline

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "claims" / "claimbuster"
DEFAULT_OUTPUT = ROOT / "src" / "newsprobe" / "resources" / "claims" / MODEL_RESOURCE
# Every 7th debate (by file name) is held out for choosing C and the threshold: about 14% of the crowd set.
HOLDOUT_EVERY = 7
C_GRID = (0.1, 0.3, 1.0)
THRESHOLD_GRID = tuple(round(0.30 + 0.05 * step, 2) for step in range(11))  # 0.30 .. 0.80
# A feature seen in a single training sentence gets a tiny weight and only bloats the file.
MIN_SENTENCES = 2
WEIGHT_DECIMALS = 4


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def fit(features: list[dict[str, int]], labels: list[int], c: float) -> tuple[DictVectorizer, LogisticRegression]:
    vectorizer = DictVectorizer()
    matrix = vectorizer.fit_transform(features)
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000)
    model.fit(matrix, labels)
    return vectorizer, model


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the ClaimBuster folder")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    parser.add_argument("--model", default=None, help="spaCy pipeline (default: newsprobe's default)")
    args = parser.parse_args(argv)

    test_ids = {row["Sentence_id"] for row in read_rows(args.data / "groundtruth.csv")}
    rows = [row for row in read_rows(args.data / "crowdsourced.csv") if row["Sentence_id"] not in test_ids]
    labels = [int(int(row["Verdict"]) == 1) for row in rows]
    nlp = load_pipeline(args.model)
    print(f"parsing {len(rows)} sentences with {nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']}",
          flush=True)
    sentence_features = [dict.fromkeys(claim_features(doc[:]), 1)
                         for doc in nlp.pipe((row["Text"] for row in rows), batch_size=256)]

    seen = Counter(feature for features in sentence_features for feature in features)
    kept = {feature for feature, count in seen.items() if count >= MIN_SENTENCES}
    sentence_features = [{f: 1 for f in features if f in kept} for features in sentence_features]

    debates = sorted({row["File_id"] for row in rows})
    held_debates = set(debates[::HOLDOUT_EVERY])
    held = np.array([row["File_id"] in held_debates for row in rows])
    train_x = [f for f, h in zip(sentence_features, held, strict=True) if not h]
    train_y = [y for y, h in zip(labels, held, strict=True) if not h]
    held_x = [f for f, h in zip(sentence_features, held, strict=True) if h]
    held_y = [y for y, h in zip(labels, held, strict=True) if h]
    best: tuple[float, float, float] = (-1.0, 0.0, 0.5)  # (F1, C, threshold)
    tuning: list[dict[str, Any]] = []
    for c in C_GRID:
        vectorizer, model = fit(train_x, train_y, c)
        probabilities = model.predict_proba(vectorizer.transform(held_x))[:, 1]
        for threshold in THRESHOLD_GRID:
            score = float(f1_score(held_y, probabilities >= threshold))
            tuning.append({"C": c, "threshold": threshold, "heldout_f1": round(score, 4)})
            if score > best[0]:
                best = (score, c, threshold)
        print(f"C={c}: held-out F1 {max(t['heldout_f1'] for t in tuning if t['C'] == c):.4f}", flush=True)
    heldout_f1, c, threshold = best
    print(f"chosen C={c} threshold={threshold} (held-out F1 {heldout_f1:.4f}); refitting on all", flush=True)

    vectorizer, model = fit(sentence_features, labels, c)
    weights = {
        name: round(float(weight), WEIGHT_DECIMALS)
        for name, weight in zip(vectorizer.get_feature_names_out(), model.coef_[0], strict=True)
        if round(float(weight), WEIGHT_DECIMALS) != 0.0
    }
    document = {
        "format": "newsprobe.claims logistic regression over binary features, v1",
        "bias": round(float(model.intercept_[0]), WEIGHT_DECIMALS),
        "threshold": threshold,
        "training": {
            "data": "ClaimBuster crowdsourced.csv (positive: Verdict == 1, CFS)",
            "sentences": len(rows),
            "positives": sum(labels),
            "spacy_pipeline": f"{nlp.meta['lang']}_{nlp.meta['name']} {nlp.meta['version']}",
            "C": c,
            "heldout_debates": sorted(held_debates),
            "heldout_sentences": int(held.sum()),
            "heldout_f1": round(heldout_f1, 4),
            "tuning": tuning,
        },
        "weights": dict(sorted(weights.items())),
    }
    args.output.write_text(json.dumps(document, separators=(",", ":"), ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {args.output} ({len(weights)} features, {args.output.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
