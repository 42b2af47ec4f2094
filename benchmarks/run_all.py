"""`make bench`: run every benchmark module in this folder (each has a ``main() -> int``)."""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def run_all() -> int:
    status = 0
    folder = Path(__file__).parent
    for module_info in sorted(pkgutil.iter_modules([str(folder)]), key=lambda info: info.name):
        if not module_info.name.startswith("bench_"):
            continue
        module = importlib.import_module(f"benchmarks.{module_info.name}")
        print(f"== {module_info.name}", flush=True)
        status = module.main() or status
    return status


if __name__ == "__main__":
    sys.exit(run_all())
