"""`make eval`: every scorer on its full shared data set, metrics printed as JSON lines.

CI runs only the lean gates (eval/test_*.py). Add a full run here as ("name", [arguments]) when a
scorer lands; paths are relative to the project root, with ../shared beside it.
"""

from __future__ import annotations

import json
import sys
import time
from contextlib import redirect_stdout
from io import StringIO

from newsprobe.cli import main

FULL_RUNS: list[tuple[str, list[str]]] = [
    ("extraction", ["--data", "../shared/data/extraction/trafilatura-eval"]),
    ("attribution", ["../shared/data/seed/seed-gold.json"]),
    ("attribution", ["../shared/data/attribution/ggt-dev.jsonl"]),
    ("attribution", ["../shared/data/attribution/polnear-dev.jsonl"]),
    ("attribution", ["../shared/data/attribution/polnear-dev.jsonl", "--scope", "all"]),
    ("timex", ["../shared/data/timex/TBAQ-cleaned"]),
    ("claims", ["../shared/data/claims/claimbuster/groundtruth.csv"]),
    ("claims", ["../shared/data/claims/checkthat2024/CT24_checkworthy_english_dev.tsv"]),
    ("persuasion", ["--corpus", "../shared/data/persuasion/ptc-semeval2020", "--split", "dev"]),
    ("tracing", ["--data", "tests/fixtures/tracing"]),
]


def run_all() -> int:
    if not FULL_RUNS:
        print("no scorers registered in eval/run_all.py yet")
        return 0
    status = 0
    for name, arguments in FULL_RUNS:
        started = time.perf_counter()
        buffer = StringIO()
        with redirect_stdout(buffer):
            code = main(["eval", name, *arguments, "--json"])
        status = status or code
        metrics = json.loads(buffer.getvalue() or "{}")
        print(json.dumps({"scorer": name, "arguments": arguments, "seconds": round(time.perf_counter() - started, 1),
                          **metrics}))
    return status


if __name__ == "__main__":
    sys.exit(run_all())
