"""Analysis -> the versioned JSON document (docs/schema.md)."""

from __future__ import annotations

import json

from newsprobe.models import Analysis


def render_json(analysis: Analysis, *, indent: int | None = 2) -> str:
    return json.dumps(analysis.to_dict(), ensure_ascii=False, indent=indent)
