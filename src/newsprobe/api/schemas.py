"""Request bodies of the API, as pydantic models: FastAPI validates them and describes them in OpenAPI."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from newsprobe.api.service import AnalyzeInput


class AnalyzeBody(BaseModel):
    """Exactly one of ``text``, ``html`` and ``url``; the rest is optional metadata."""

    model_config = ConfigDict(extra="forbid")

    text: str | None = Field(None, description="plain text, read as text even if it holds tags")
    html: str | None = Field(None, description="a web page; the article is extracted with trafilatura")
    url: str | None = Field(None, max_length=2000,
                            description="http(s) address to fetch; private and loopback addresses are refused")
    title: str | None = Field(None, max_length=1000, description="headline (overrides the detected one)")
    published: str | None = Field(None, max_length=64, description="publication date, ISO 8601")
    outlet: str | None = Field(None, max_length=500)
    save: bool = Field(False, description="also save the analysis to the store (needs the API token if set)")

    def to_input(self) -> AnalyzeInput:
        return AnalyzeInput(text=self.text, html=self.html, url=self.url, title=self.title,
                            published=self.published, outlet=self.outlet)


class ErrorDetail(BaseModel):
    location: list[str]
    problem: str


class ErrorBody(BaseModel):
    code: str = Field(description="catalogue code, docs/errors.md")
    message: str
    status: int
    detail: list[ErrorDetail]


class ErrorResponse(BaseModel):
    error: ErrorBody


def error_response(description: str) -> dict[str, Any]:
    return {"model": ErrorResponse, "description": description}


# Every route may answer these, in the one error shape.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    404: error_response("E043 not found"),
    413: error_response("E040 body too large"),
    422: error_response("E044 invalid request, E047, or a coded input error (E001 ...)"),
    500: error_response("E046 internal error"),
}
WRITE_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: error_response("E042 API token missing or wrong"),
    403: error_response("E048 cross-origin request"),
    409: error_response("E045 no store on this server"),
    503: error_response("E041 analysis time limit"),
}
