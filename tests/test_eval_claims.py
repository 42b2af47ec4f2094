"""`newsprobe eval claims`: both corpus formats and the CheckThat! positive-class metric, on tiny files."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsprobe.evaluation.claims import GoldSentence, load_gold, score

CSV = (
    "Sentence_id,Text,Speaker,Speaker_title,Speaker_party,File_id,Length,Line_number,Sentiment,Verdict\n"
    '1,"We built 40 bridges, and ""on time"".",A,B,C,f.txt,7,1,0.0,1\n'
    "2,Good evening to you all.,A,B,C,f.txt,5,2,0.0,-1\n"
    "3,Our plan will be wonderful.,A,B,C,f.txt,5,3,0.0,0\n"
)
TSV = ('Sentence_id\tText\tclass_label\n1\t"We built 40 bridges, and ""on time""."\tYes\n'
       "2\tGood evening to you all.\tNo\n")


def test_reads_claimbuster_csv_and_checkthat_tsv(tmp_path: Path) -> None:
    (tmp_path / "gold.csv").write_text(CSV, encoding="utf-8")
    (tmp_path / "gold.tsv").write_text(TSV, encoding="utf-8")
    from_csv = load_gold(tmp_path / "gold.csv")
    assert from_csv == [GoldSentence("1", 'We built 40 bridges, and "on time".', True),
                        GoldSentence("2", "Good evening to you all.", False),
                        GoldSentence("3", "Our plan will be wonderful.", False)]  # UFS counts as negative
    assert load_gold(tmp_path / "gold.tsv") == from_csv[:2]


def test_other_files_are_refused(tmp_path: Path) -> None:
    (tmp_path / "other.csv").write_text("id,text,label\n1,x,1\n", encoding="utf-8")
    with pytest.raises(ValueError, match="neither"):
        load_gold(tmp_path / "other.csv")


def test_positive_class_f1() -> None:
    gold = [GoldSentence(str(i), "s", label) for i, label in enumerate([True, True, False, False, True])]
    metrics = score(gold, [0.9, 0.2, 0.7, 0.1, 0.6], threshold=0.5).metrics
    # predicted positive: 0, 2, 4 -> tp 2, fp 1, fn 1
    assert metrics["precision"] == pytest.approx(2 / 3)
    assert metrics["recall"] == pytest.approx(2 / 3)
    assert metrics["f1"] == pytest.approx(2 / 3)
    assert metrics["accuracy"] == pytest.approx(3 / 5)
    assert (metrics["sentences"], metrics["positives"], metrics["predicted_positives"]) == (5, 3, 3)
