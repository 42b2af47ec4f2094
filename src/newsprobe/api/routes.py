"""The JSON API: ``/api/...``, the twin of every page. Handlers only parse, call and shape the answer."""

from __future__ import annotations

import hmac
from importlib.resources import files
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from newsprobe.api import corpus
from newsprobe.api.problems import ApiError
from newsprobe.api.schemas import ERROR_RESPONSES, WRITE_RESPONSES, AnalyzeBody, error_response
from newsprobe.api.service import AnalysisService
from newsprobe.errors import Errors
from newsprobe.store import web_queries
from newsprobe.web.view import article_path

router = APIRouter(prefix="/api", responses={**ERROR_RESPONSES, 409: error_response("E045 no store on this server")})


def service_of(request: Request) -> AnalysisService:
    service: AnalysisService = request.app.state.service
    return service


def store_of(request: Request, action: str) -> Any:
    store = request.app.state.store
    if store is None:
        raise ApiError.of(409, Errors.E045, action=action)
    return store


def check_token(request: Request, given: str | None) -> None:
    """Write requests need the configured API token (a Bearer header, or the form's field); unset: open."""
    expected = service_of(request).settings.api_token
    if expected is None:
        return
    header = request.headers.get("authorization", "")
    token = given if given is not None else (header[7:] if header.lower().startswith("bearer ") else None)
    if token is None or not hmac.compare_digest(token.encode("utf-8"), expected.encode("utf-8")):
        raise ApiError.of(401, Errors.E042)


@router.get("", summary="What this server offers", tags=["analyse"])
def info(request: Request) -> dict[str, Any]:
    """The twin of the analyse page: limits, whether a store is attached, and the example's address."""
    settings = service_of(request).settings
    return {
        "service": "newsprobe",
        "version": request.app.version,
        "store": request.app.state.store is not None,
        "write_token_required": settings.api_token is not None,
        "limits": {"body_bytes": settings.web_max_body_bytes, "analysis_seconds": settings.web_analysis_timeout},
        "example": "/api/example",
    }


@router.get("/example", summary="The built-in example article", tags=["analyse"])
def example() -> dict[str, str]:
    """The text the analyse page's example button fills in (``src/newsprobe/examples/harbour-strike.txt``)."""
    text = files("newsprobe.examples").joinpath("harbour-strike.txt").read_text(encoding="utf-8")
    return {"name": "harbour-strike.txt", "text": text}


@router.post("/analyze", summary="Analyse text, HTML or a URL", tags=["analyse"],
             responses={201: {"description": "analysed and saved"}, **WRITE_RESPONSES})
async def analyze(body: AnalyzeBody, request: Request) -> JSONResponse:
    """The analysis as the versioned JSON document of docs/schema.md (``Analysis.to_dict()``)."""
    store = None
    if body.save:
        store = store_of(request, "save analyses")
        check_token(request, None)
    service = service_of(request)
    analysis = await service.analyze(body.to_input())
    if store is None:
        return JSONResponse(analysis.to_dict())
    await service.run(lambda: store.save(analysis))
    return JSONResponse(analysis.to_dict(), status_code=201,
                        headers={"Location": "/api" + article_path(analysis.article.id)})


# --- the corpus: a store is needed ------------------------------------------------------------------------------


@router.get("/articles", summary="List and search stored articles", tags=["corpus"],
)
def list_articles(request: Request, q: corpus.Text = None, speaker: corpus.Name = None, outlet: corpus.Name = None,
                  since: corpus.Day = None, until: corpus.Day = None, source_type: corpus.Label = None,
                  kind: corpus.Kind = None, finding_type: corpus.Label = None, limit: corpus.Limit = 20,
                  offset: corpus.Offset = 0) -> dict[str, Any]:
    """Articles newest first; ``q`` matches the title or body, the other filters some attribution of it."""
    query = corpus.search_query(q, speaker, outlet, since, until, source_type, kind, finding_type, limit, offset)
    result: dict[str, Any] = corpus.plain(corpus.articles(store_of(request, "list articles"), query))
    return result


@router.get("/articles/{article_id:path}", summary="One stored article's full analysis", tags=["corpus"],
            responses={200: {"content": {"application/json": {}}, "description": "the analysis document"}})
def get_article(article_id: str, request: Request) -> Response:
    """The analysis as saved: the JSON document of docs/schema.md (``Analysis.to_dict()``), sent as stored."""
    return Response(corpus.article_json(store_of(request, "show stored articles"), article_id),
                    media_type="application/json")


@router.get("/attributions", summary="Search attributions (who said what)", tags=["corpus"])
def list_attributions(request: Request, q: corpus.Text = None, speaker: corpus.Name = None,
                      outlet: corpus.Name = None, since: corpus.Day = None, until: corpus.Day = None,
                      source_type: corpus.Label = None, kind: corpus.Kind = None, finding_type: corpus.Label = None,
                      limit: corpus.Limit = 20, offset: corpus.Offset = 0) -> dict[str, Any]:
    """Attributions newest article first; ``q``: all these words in the content (stemmed; "phrases")."""
    query = corpus.search_query(q, speaker, outlet, since, until, source_type, kind, finding_type, limit, offset)
    result: dict[str, Any] = corpus.plain(corpus.attributions(store_of(request, "search attributions"), query))
    return result


@router.get("/speakers", summary="Speakers, most quoted first", tags=["corpus"])
def list_speakers(request: Request, q: corpus.Name = None, limit: corpus.Limit = 50,
                  offset: corpus.Offset = 0) -> dict[str, Any]:
    """Resolved speaker names holding ``q`` (any case) with their counts, dates, outlets and roles."""
    found = corpus.speakers(store_of(request, "list speakers"), q, limit, offset)
    return {"speakers": corpus.plain(found), "limit": limit, "offset": offset}


@router.get("/speakers/{name:path}", summary="One speaker: quotes over time, outlets, roles", tags=["corpus"])
def get_speaker(name: str, request: Request) -> dict[str, Any]:
    summary, quotes = corpus.speaker(store_of(request, "show speakers"), name)
    return {"speaker": corpus.plain(summary), "quotes": corpus.plain(quotes)}


@router.get("/people", summary="The speaker registry: one person across articles", tags=["corpus"])
def list_people(request: Request, q: corpus.Name = None, limit: corpus.Limit = 50,
                offset: corpus.Offset = 0) -> dict[str, Any]:
    """People merged across articles (spelling variants, surnames, resolved roles), most quoted first, each
    with the reason for every merge; ``q``: a name or variant holding it. Users' merges and splits apply."""
    found = corpus.people(store_of(request, "list people"), q, limit, offset)
    return {"people": corpus.plain(found), "limit": limit, "offset": offset}


@router.get("/people/{person_id:path}", summary="One person: variants and why, roles over time, every quote",
            tags=["corpus"])
def get_person(person_id: str, request: Request) -> dict[str, Any]:
    """The person with this registry id (``person-...``, ``org-...``), or with this name or variant."""
    return {"person": corpus.plain(corpus.person(store_of(request, "show people"), person_id))}


@router.get("/findings", summary="Findings across the stored articles", tags=["corpus"])
def list_findings(request: Request, type: corpus.Label = None, severity: corpus.Label = None,
                  outlet: corpus.Name = None, since: corpus.Day = None, until: corpus.Day = None,
                  limit: corpus.Limit = 20, offset: corpus.Offset = 0) -> dict[str, Any]:
    query = web_queries.FindingQuery(type=type, severity=severity, outlet=corpus.blank_to_none(outlet), since=since,
                                     until=until, limit=limit, offset=offset)
    page, counts = corpus.findings(store_of(request, "list findings"), query)
    return {**corpus.plain(page), "counts": corpus.plain(counts)}


@router.get("/traces", summary="Quote traces: one quote across articles", tags=["corpus"])
def list_traces(request: Request, q: corpus.Text = None, limit: corpus.Limit = 50) -> dict[str, Any]:
    """Quotes carried by two articles or more, most carried first; ``q``: the traces a wording matches."""
    found = corpus.traces(store_of(request, "trace quotes"), q, limit)
    return {"traces": corpus.plain(found), "limit": limit}


@router.get("/traces/{attribution_id:path}", summary="One quote's trace: every appearance, with the drift",
            tags=["corpus"])
def get_trace(attribution_id: str, request: Request) -> dict[str, Any]:
    """The trace holding ``<article id>#<ordinal>``: appearances in date order, each with its wording drift."""
    result: dict[str, Any] = corpus.plain(corpus.trace(store_of(request, "trace quotes"), attribution_id))
    return result


@router.get("/graph", summary="The citation graph: which outlets relay which", tags=["corpus"])
def get_graph(request: Request) -> dict[str, Any]:
    """Edges relayer -> source with their counts and example attribution ids (the page draws them)."""
    return {"edges": corpus.plain(corpus.citation_edges(store_of(request, "draw the citation graph")))}
