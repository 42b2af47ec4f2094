"""The web application: the JSON API under ``/api`` and the pages, over one Analyzer and an optional store.

``create_app`` builds it; ``newsprobe serve`` runs it under uvicorn. Every page has a JSON twin under
``/api`` (docs/web.md lists them). Errors reach clients in one shape (``problems.py``): JSON under ``/api``,
an HTML page elsewhere.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from newsprobe.analyzer import Analyzer
from newsprobe.api.problems import ApiError, internal_error, validation_detail
from newsprobe.api.security import SecurityMiddleware
from newsprobe.api.service import AnalysisService, Reader, read_public_url
from newsprobe.errors import Errors, NewsprobeError, SettingsError, StoreError
from newsprobe.settings import Settings, load_settings
from newsprobe.web.templating import page


def _check_limits(settings: Settings) -> None:
    if settings.web_max_body_bytes <= 0:
        raise SettingsError(Errors.E007, name="web_max_body_bytes", value=settings.web_max_body_bytes,
                            detail="must be a positive integer")
    if settings.web_analysis_timeout <= 0:
        raise SettingsError(Errors.E007, name="web_analysis_timeout", value=settings.web_analysis_timeout,
                            detail="must be a positive number")


def wants_json(scope: Scope) -> bool:
    path = str(scope.get("path", ""))
    return path == "/api" or path.startswith("/api/")


def error_response(scope: Scope, error: ApiError) -> Response:
    if wants_json(scope):
        return JSONResponse(error.body(), status_code=error.status)
    return page("error.html", status=error.status, error=error, has_store=False, has_corpus=False)


def create_app(settings: Settings | None = None, *, analyzer: Analyzer | None = None, store: Any = None,
               reader: Reader = read_public_url) -> FastAPI:
    """The application. ``store`` is an open store (``newsprobe.store.open_store``) or None: analyse only."""
    from newsprobe.api.routes import router as api_router
    from newsprobe.web.pages import router as page_router

    settings = settings or load_settings()
    _check_limits(settings)
    service = AnalysisService(settings, analyzer, reader)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()

    app = FastAPI(
        title="newsprobe",
        summary="Who said what, according to whom, and when: evidence-backed analysis of news articles.",
        description="The JSON twin of every newsprobe page (docs/web.md). Errors have one shape: "
                    '`{"error": {"code", "message", "status", "detail"}}` with the codes of docs/errors.md.',
        version=_version(),
        openapi_url="/api/openapi.json",
        # The interactive docs pages load scripts from a CDN, which the Content-Security-Policy forbids.
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.service = service
    app.state.store = store
    app.add_middleware(SecurityMiddleware, max_body_bytes=settings.web_max_body_bytes,
                       error_response=error_response)

    @app.exception_handler(ApiError)
    async def coded(request: Request, error: Exception) -> Response:
        assert isinstance(error, ApiError)
        return error_response(request.scope, error)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, error: Exception) -> Response:
        assert isinstance(error, RequestValidationError)
        detail = validation_detail(error.errors())
        summary = "; ".join(f"{'.'.join(item['location'])}: {item['problem']}" for item in detail[:3])
        return error_response(request.scope, ApiError.of(422, Errors.E044, detail, detail=summary or "malformed"))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: Exception) -> Response:
        assert isinstance(error, StarletteHTTPException)
        if error.status_code == 404:
            problem = ApiError.of(404, Errors.E043, what=f"no page at {request.url.path[:200]}")
        else:
            problem = ApiError.of(error.status_code, Errors.E049, http_status=error.status_code,
                                  detail=str(error.detail))
        response = error_response(request.scope, problem)
        if error.headers:
            response.headers.update(error.headers)
        return response

    @app.exception_handler(NewsprobeError)
    async def library(request: Request, error: Exception) -> Response:
        """A coded error of a layer below (a locked or lost database, E020-E029): its code, not E046."""
        assert isinstance(error, NewsprobeError)
        status = 503 if isinstance(error, StoreError) else 422
        return error_response(request.scope, ApiError(status, error.code, str(error)))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, error: Exception) -> Response:
        return error_response(request.scope, internal_error(error))

    app.include_router(api_router)
    app.include_router(page_router)
    app.mount("/static", StaticFiles(packages=[("newsprobe.web", "static")]), name="static")
    return app


def _version() -> str:
    try:
        return version("newsprobe")
    except PackageNotFoundError:
        return "0+unknown"
