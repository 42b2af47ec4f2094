"""`newsprobe eval claims` reports each corpus on its own, never pooled (scores stubbed: no spaCy here)."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import pytest

from newsprobe.evaluation import claims as claims_eval
from newsprobe.evaluation.claims import GoldSentence, corpus_name

DEBATE_CSV = (
    "Sentence_id,Text,Speaker,Speaker_title,Speaker_party,File_id,Length,Line_number,Sentiment,Verdict\n"
    "1,We cut the deficit by 40 percent.,A,B,C,f.txt,7,1,0.0,1\n"
    "2,Good evening to you all.,A,B,C,f.txt,5,2,0.0,-1\n"
)
TWEETS_TSV = ("Sentence_id\tText\tclass_label\n7\tThe dam holds 3 billion litres.\tYes\n"
              "8\tGood evening to you all.\tNo\n9\tWhat a night!\tNo\n")


def _stub_scores(gold: Sequence[GoldSentence], model_name: str | None = None) -> list[float]:
    # Check-worthy when the sentence has a digit: right on the CSV, one miss-free hit on the TSV.
    return [0.9 if any(c.isdigit() for c in s.text) else 0.1 for s in gold]


def test_each_corpus_is_scored_and_named_on_its_own(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "debates").mkdir()
    (tmp_path / "tweets").mkdir()
    (tmp_path / "debates" / "expert.csv").write_text(DEBATE_CSV, encoding="utf-8")
    (tmp_path / "tweets" / "dev.tsv").write_text(TWEETS_TSV, encoding="utf-8")
    monkeypatch.setattr(claims_eval, "predict", _stub_scores)
    args = argparse.Namespace(gold=[tmp_path / "debates" / "expert.csv", tmp_path / "tweets" / "dev.tsv"],
                              threshold=0.5, limit=None, errors=1, model=None)
    report = claims_eval.run(args)
    assert report.metrics["debates/expert.sentences"] == 2
    assert report.metrics["tweets/dev.sentences"] == 3
    assert report.metrics["debates/expert.f1"] == pytest.approx(1.0)
    assert report.metrics["tweets/dev.f1"] == pytest.approx(1.0)
    assert not any(key.split(".")[0] not in {"debates/expert", "tweets/dev"} for key in report.metrics)
    assert report.details[0].startswith("debates/expert: F1 1.0000")
    assert any(line.startswith("tweets/dev: F1") for line in report.details)


def test_corpus_names_are_folder_and_file() -> None:
    assert corpus_name(Path("../shared/data/claims/claimbuster/groundtruth.csv")) == "claimbuster/groundtruth"
    assert corpus_name(Path("dev.tsv")) == "dev"
