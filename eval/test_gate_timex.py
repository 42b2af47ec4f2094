"""Time-expression quality gate on TimeBank + AQUAINT (TBAQ-cleaned), and the seed article's dates.

The TimeML scorer runs the text rules only (no spaCy), so the whole corpus (256 documents, 1,855
TIMEX3) is scored in a few seconds. Floors sit a little under the measured values, overall and per
sub-corpus; measured with `newsprobe eval timex ../shared/data/timex/TBAQ-cleaned --json` (issue 14).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsprobe.analyzer import Analyzer
from newsprobe.evaluation.timex import corpus_of, read_timeml, score, score_by_corpus, timeml_files
from newsprobe.extract.statement_dates import date_statements
from newsprobe.models import Attribution, Span, Speaker

pytestmark = pytest.mark.gate

FLOORS = {
    "relaxed_f1": 95.1,  # measured 95.4 (P 93.3, R 97.6); target >= 95, HeidelTime 90.3 on TempEval-3 test
    "strict_f1": 87.3,  # measured 87.6
    "type_accuracy": 94.9,  # measured 95.2
    "value_f1": 81.8,  # measured 82.1 (value accuracy 86.1); target >= 84, HeidelTime 77.6 on TempEval-3 test
}
# Per sub-corpus: the rules were tuned on TimeBank and checked on AQUAINT (issue 14).
CORPUS_FLOORS = {
    "TimeBank": {"relaxed_f1": 95.1, "value_f1": 84.1},  # measured 95.4, 84.4
    "AQUAINT": {"relaxed_f1": 95.0, "value_f1": 77.5},  # measured 95.3, 77.8
}


def test_timebank_aquaint_floors(shared_data: Path) -> None:
    directory = shared_data / "timex" / "TBAQ-cleaned"
    labelled = [(corpus_of(path, directory), read_timeml(path)) for path in timeml_files(directory)]
    assert len(labelled) >= 250
    metrics, _ = score([document for _, document in labelled])
    shortfalls = {name: (metrics[name], floor) for name, floor in FLOORS.items() if metrics[name] < floor}
    by_corpus = score_by_corpus(labelled)
    for corpus, floors in CORPUS_FLOORS.items():
        shortfalls.update({f"{corpus}/{name}": (by_corpus[corpus][name], floor) for name, floor in floors.items()
                           if by_corpus[corpus][name] < floor})
    assert not shortfalls, f"below floor (got, floor): {shortfalls}"


def _gold_attributions(gold: dict) -> list[Attribution]:  # type: ignore[type-arg]
    text = gold["text"]
    built = []
    for item in gold["attributions"]:
        if not item["cue"]:
            continue
        (cue_start, cue_end), (start, end) = item["cue"][0], item["content"][0]
        built.append(Attribution(item["kind"] or "indirect", Span(start, end, text[start:end]),
                                 Span(cue_start, cue_end, text[cue_start:cue_end]),
                                 Speaker(item["speaker"], item["source_type"] or "named_person")))
    return built


@pytest.mark.model
def test_seed_article_dates(shared_data: Path, analyzer: Analyzer) -> None:
    gold = json.loads((shared_data / "seed" / "seed-gold.json").read_text(encoding="utf-8"))
    analysis = analyzer.analyze(gold["text"])
    assert analysis.reference_date is not None
    assert (analysis.reference_date.value, analysis.reference_date.source) == ("2021-12-31", "text")

    expected = next(f for f in gold["findings"] if f["type"] == "weekday_date_mismatch")
    [mismatch] = [f for f in analysis.findings if f.type == "weekday_date_mismatch"]
    assert [mismatch.evidence[0].start, mismatch.evidence[0].end] == expected["evidence"]
    assert mismatch.suggestion is not None and "2020" in mismatch.suggestion and "recycled" in mismatch.suggestion

    # Every gold attribution whose cue is followed by a date in the text gets that date, whatever the
    # attribution extractor finds; and the analysis dates the same statements through its own extractor.
    dated = date_statements(_gold_attributions(gold), analysis.times, gold["text"])
    by_speaker = {(a.speaker.name, a.said_on) for a in dated if a.said_on}
    assert by_speaker == {("Hassan Ali", "2021-12-28"),
                          ("Coordinating Committee of the Resistance in Iraq", "2021-12-30"),
                          ("Hadi al-Ameri", "2021-12-26")}
    assert {a.said_on for a in analysis.attributions if a.said_on} == {"2021-12-28", "2021-12-30", "2021-12-26"}
