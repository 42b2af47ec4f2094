"""The pages: server-rendered HTML over the same service and store calls as the API (``api/routes.py``)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Request
from starlette.responses import HTMLResponse, Response

from newsprobe.api import corpus
from newsprobe.api.problems import ApiError
from newsprobe.api.routes import check_token, service_of, store_of
from newsprobe.api.service import AnalyzeInput
from newsprobe.corpus.citations import citation_svg
from newsprobe.store import web_queries
from newsprobe.web.templating import page
from newsprobe.web.view import article_path, article_view, month_bars

router = APIRouter(include_in_schema=False)
_FORM_FIELDS = ("text", "url", "title", "published", "outlet")


def _common(request: Request) -> dict[str, bool]:
    store = request.app.state.store
    return {"has_store": store is not None, "has_corpus": store is not None}


def _limits(request: Request) -> dict[str, str]:
    settings = service_of(request).settings
    return {"body": f"{settings.web_max_body_bytes / 1_000_000:g} MB", "seconds": f"{settings.web_analysis_timeout:g}"}


@router.get("/", response_class=HTMLResponse)
def analyse_page(request: Request) -> HTMLResponse:
    settings = service_of(request).settings
    return page("analyse.html", form=dict.fromkeys(_FORM_FIELDS, ""), error=None, limits=_limits(request),
                needs_token=settings.api_token is not None, **_common(request))


@router.post("/analyze", response_class=HTMLResponse)
async def analyse_form(
    request: Request,
    text: Annotated[str, Form()] = "",
    url: Annotated[str, Form()] = "",
    title: Annotated[str, Form()] = "",
    published: Annotated[str, Form()] = "",
    outlet: Annotated[str, Form()] = "",
    save: Annotated[str, Form()] = "",
    token: Annotated[str, Form()] = "",
) -> HTMLResponse:
    """Analyse what was pasted (text or HTML, decided by looking) or the URL; show the result at once."""
    form = {"text": text, "url": url, "title": title, "published": published, "outlet": outlet}
    settings = service_of(request).settings
    request_input = AnalyzeInput(auto=text if text.strip() else None, url=url.strip() or None,
                                 title=title or None, published=published or None, outlet=outlet or None)
    try:
        store = None
        if save:
            store = store_of(request, "save analyses")
            check_token(request, token or None)
        service = service_of(request)
        analysis = await service.analyze(request_input)
        saved = None
        if store is not None:
            await service.run(lambda: store.save(analysis))
            saved = article_path(analysis.article.id)
    except ApiError as error:
        return page("analyse.html", status=error.status, form=form, error=error, limits=_limits(request),
                    needs_token=settings.api_token is not None, **_common(request))
    return page("article.html", view=article_view(analysis), saved=saved, stored=saved is not None,
                json_href=None, **_common(request))


# --- the corpus ---------------------------------------------------------------------------------------------


def _values(request: Request) -> dict[str, str]:
    return {name: value for name, value in request.query_params.items() if name != "offset"}


def _json_href(request: Request) -> str:
    query = request.url.query
    return "/api" + request.url.path + (f"?{query}" if query else "")


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request, q: corpus.Text = None, speaker: corpus.Name = None, outlet: corpus.Name = None,
                  since: corpus.Day = None, until: corpus.Day = None, source_type: corpus.Label = None,
                  kind: corpus.Kind = None, finding_type: corpus.Label = None, limit: corpus.Limit = 20,
                  offset: corpus.Offset = 0) -> HTMLResponse:
    query = corpus.search_query(q, speaker, outlet, since, until, source_type, kind, finding_type, limit, offset)
    found = corpus.articles(store_of(request, "list articles"), query)
    return page("articles.html", page=found, values=_values(request), json_href=_json_href(request),
                **_common(request))


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article_page(article_id: str, request: Request) -> HTMLResponse:
    analysis = corpus.article(store_of(request, "show stored articles"), article_id)
    return page("article.html", view=article_view(analysis), saved=None, stored=True,
                json_href=_json_href(request), **_common(request))


@router.get("/attributions", response_class=HTMLResponse)
def attributions_page(request: Request, q: corpus.Text = None, speaker: corpus.Name = None,
                      outlet: corpus.Name = None, since: corpus.Day = None, until: corpus.Day = None,
                      source_type: corpus.Label = None, kind: corpus.Kind = None, finding_type: corpus.Label = None,
                      limit: corpus.Limit = 20, offset: corpus.Offset = 0) -> HTMLResponse:
    query = corpus.search_query(q, speaker, outlet, since, until, source_type, kind, finding_type, limit, offset)
    found = corpus.attributions(store_of(request, "search attributions"), query)
    return page("attributions.html", page=found, values=_values(request), json_href=_json_href(request),
                **_common(request))


@router.get("/speakers", response_class=HTMLResponse)
def speakers_page(request: Request, q: corpus.Name = None, limit: corpus.Limit = 50,
                  offset: corpus.Offset = 0) -> HTMLResponse:
    found = corpus.speakers(store_of(request, "list speakers"), q, limit, offset)
    return page("speakers.html", speakers=found, values=_values(request), limit=limit, offset=offset,
                json_href=_json_href(request), **_common(request))


@router.get("/speakers/{name:path}", response_class=HTMLResponse)
def speaker_page(name: str, request: Request) -> HTMLResponse:
    summary, quotes = corpus.speaker(store_of(request, "show speakers"), name)
    return page("speaker.html", speaker=summary, quotes=quotes, months=month_bars(quotes),
                json_href=_json_href(request), **_common(request))


@router.get("/people", response_class=HTMLResponse)
def people_page(request: Request, q: corpus.Name = None, limit: corpus.Limit = 50,
                offset: corpus.Offset = 0) -> HTMLResponse:
    found = corpus.people(store_of(request, "list people"), q, limit, offset)
    return page("people.html", people=found, values=_values(request), limit=limit, offset=offset,
                json_href=_json_href(request), **_common(request))


@router.get("/people/{person_id:path}", response_class=HTMLResponse)
def person_page(person_id: str, request: Request) -> HTMLResponse:
    found = corpus.person(store_of(request, "show people"), person_id)
    return page("person.html", person=found, json_href=_json_href(request), **_common(request))


@router.get("/findings", response_class=HTMLResponse)
def findings_page(request: Request, type: corpus.Label = None, severity: corpus.Label = None,
                  outlet: corpus.Name = None, since: corpus.Day = None, until: corpus.Day = None,
                  limit: corpus.Limit = 20, offset: corpus.Offset = 0) -> HTMLResponse:
    query = web_queries.FindingQuery(type=type, severity=severity, outlet=corpus.blank_to_none(outlet), since=since,
                                     until=until, limit=limit, offset=offset)
    found, counts = corpus.findings(store_of(request, "list findings"), query)
    return page("findings.html", page=found, counts=counts, values=_values(request), json_href=_json_href(request),
                **_common(request))


@router.get("/traces", response_class=HTMLResponse)
def traces_page(request: Request, q: corpus.Text = None, limit: corpus.Limit = 50) -> HTMLResponse:
    found = corpus.traces(store_of(request, "trace quotes"), q, limit)
    return page("traces.html", traces=found, values=_values(request), json_href=_json_href(request),
                **_common(request))


@router.get("/traces/{attribution_id:path}", response_class=HTMLResponse)
def trace_page(attribution_id: str, request: Request) -> HTMLResponse:
    found = corpus.trace(store_of(request, "trace quotes"), attribution_id)
    return page("trace.html", trace=found, json_href=_json_href(request), **_common(request))


@router.get("/graph", response_class=HTMLResponse)
def graph_page(request: Request) -> HTMLResponse:
    edges = corpus.citation_edges(store_of(request, "draw the citation graph"))
    return page("graph.html", edges=edges, json_href="/api/graph", **_common(request))


@router.get("/graph.svg")
def graph_picture(request: Request) -> Response:
    """The picture the graph page shows (``corpus.citations.citation_svg``: no script, labels escaped)."""
    edges = corpus.citation_edges(store_of(request, "draw the citation graph"))
    # Served as an image: its own policy allows the inline presentation styles an SVG may carry, nothing else.
    return Response(citation_svg(edges, width=900, height=600), media_type="image/svg+xml",
                    headers={"content-security-policy": "default-src 'none'; style-src 'unsafe-inline'"})
