"""One error shape for every client: ``{"error": {"code", "message", "status", "detail"}}``.

Every failure a client can see carries a code from ``errors.py``: the coded input errors of ingestion
(E001 empty, E003 too large, E009 private address ...) and the server's own E040-E049. Unexpected
exceptions become E046 with a reference; their tracebacks go to the server log, never to the client.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field
from typing import Any

from newsprobe.errors import Errors, NewsprobeError

log = logging.getLogger("newsprobe.web")

# The HTTP status for the coded ingestion errors a request can cause; any other code is a bad input (422).
_INPUT_STATUS = {"E003": 413, "E009": 422, "E010": 502}


@dataclass
class ApiError(Exception):
    """A coded error to hand to the client with its HTTP status."""

    status: int
    code: str
    message: str
    detail: list[dict[str, Any]] = field(default_factory=list)

    @classmethod
    def of(cls, status: int, error: Errors, problems: list[dict[str, Any]] | None = None,
           **details: object) -> ApiError:
        """``details`` fill the catalogue message; ``problems`` go to the body's ``detail`` list."""
        return cls(status, error.name, error.format(**details), problems or [])

    @classmethod
    def from_input(cls, error: NewsprobeError) -> ApiError:
        return cls.coded(error.code, str(error))

    @classmethod
    def coded(cls, code: str, message: str) -> ApiError:
        """A coded ingestion error (raised, or recorded as a ``ReadFailure``) as the client sees it."""
        return cls(_INPUT_STATUS.get(code, 422), code, message)

    def body(self) -> dict[str, Any]:
        return {"error": {"code": self.code, "message": self.message, "status": self.status, "detail": self.detail}}


def internal_error(error: BaseException) -> ApiError:
    """E046 for the client; the full traceback, under the same reference, for the log."""
    reference = uuid.uuid4().hex[:12]
    log.error("unexpected error %s", reference, exc_info=error)
    return ApiError.of(500, Errors.E046, reference=reference)


def validation_detail(errors: Any) -> list[dict[str, Any]]:
    """Pydantic's errors without the offending input echoed back (it may be megabytes, or a payload)."""
    return [{"location": [str(part) for part in item.get("loc", ())], "problem": str(item.get("msg", ""))}
            for item in errors]
