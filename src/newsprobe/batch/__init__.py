"""Batch runs at scale: every input sharded by article id, analysed by a pool of workers or a Ray cluster.

``run_batch(inputs, root, settings, BatchOptions(engine="local" | "ray"))`` reads the inputs once
(``plan``), writes each shard's results (Parquet and JSONL.gz of ``Analysis.to_dict()``) and failures
into ``root/results`` by atomic rename (``output``), and resumes where a killed run stopped: finished
shards are skipped, a shard in progress continues from its journal (``worker``). ``merge_batch`` is the
single writer from a batch directory into the store. Engines: ``local`` (processes on this machine) and
``ray`` (actors on a Ray cluster); both run the same ``worker.run_shard`` and give the same bytes.
docs/batch.md describes the directory, the faults handled and a multi-node run.
"""

from newsprobe.batch.engine import EngineError
from newsprobe.batch.merge import MergeReport, merge_batch, read_batch_plan
from newsprobe.batch.output import Failure, ShardResult, read_analyses, read_failures
from newsprobe.batch.plan import Plan
from newsprobe.batch.run import ENGINES, BatchOptions, BatchReport, run_batch, summarize

__all__ = [
    "ENGINES",
    "BatchOptions",
    "BatchReport",
    "EngineError",
    "Failure",
    "MergeReport",
    "Plan",
    "ShardResult",
    "merge_batch",
    "read_analyses",
    "read_batch_plan",
    "read_failures",
    "run_batch",
    "summarize",
]
