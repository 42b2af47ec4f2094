"""``batch merge``: the one writer from a batch directory into the store.

Every finished shard's analyses are read back from its JSONL.gz file as ``models.Analysis`` objects and
saved with ``Store.save_many``, one transaction per shard (all of a shard or none of it). ``save``
replaces an article's earlier results, so merging twice, or merging a directory again after a rerun
finished more shards, leaves the store as one merge would: merge is idempotent. Unfinished shards are
left out and counted; merge again when the run has finished them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from newsprobe.batch.files import MANIFEST, is_done, read_json
from newsprobe.batch.output import read_analyses
from newsprobe.batch.plan import Plan
from newsprobe.batch.run import batch_lock
from newsprobe.errors import Errors, SettingsError


@dataclass(frozen=True)
class MergeReport:
    shards: int
    merged_shards: int
    saved: int
    unfinished: tuple[int, ...]


def read_batch_plan(root: Path) -> Plan:
    manifest_path = root / MANIFEST
    manifest = read_json(manifest_path) if manifest_path.is_file() else {}
    if "plan" not in manifest:
        raise SettingsError(Errors.E033, path=root)
    return Plan.from_dict(manifest["plan"])


def merge_batch(root: Path, target: str | None, on_shard: Callable[[int, int], None] | None = None,
                timeout: float | None = None) -> MergeReport:
    """Save every finished shard of ``root`` into the store at ``target`` (None: the ``db`` setting)."""
    from newsprobe.store import open_store  # the store is only needed here, not by batch run

    plan = read_batch_plan(root)
    merged = saved = 0
    unfinished: list[int] = []
    with batch_lock(root), open_store(target, timeout=timeout) as store:
        for shard in range(plan.shards):
            if not is_done(root, shard):
                unfinished.append(shard)
                continue
            count = store.save_many(read_analyses(root, shard))
            merged += 1
            saved += count
            if on_shard is not None:
                on_shard(shard, count)
    return MergeReport(shards=plan.shards, merged_shards=merged, saved=saved, unfinished=tuple(unfinished))
