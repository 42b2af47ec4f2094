"""The Jinja2 environment of the pages: templates from this package, autoescape always on.

Article text, titles, speaker names and URLs are untrusted; nothing in a template is marked ``|safe``,
and the only URLs put in ``href`` are the server's own paths and ``view.safe_href`` results.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, PackageLoader, StrictUndefined
from starlette.responses import HTMLResponse

from newsprobe.web.view import LEGEND, article_path, person_path, safe_href, speaker_path, trace_path

ENVIRONMENT = Environment(
    loader=PackageLoader("newsprobe.web", "templates"),
    autoescape=True,  # every template, whatever its name
    undefined=StrictUndefined,  # a misspelt variable is an error in the tests, not a blank on the page
    trim_blocks=True,
    lstrip_blocks=True,
)


def pager_query(values: Mapping[str, Any], offset: int) -> str:
    """The query string of the same search at another offset (urlencode quotes every value)."""
    kept = {name: value for name, value in values.items() if value not in (None, "") and name != "offset"}
    return urlencode({**kept, "offset": max(0, offset)})


ENVIRONMENT.globals.update(legend=LEGEND, article_path=article_path, person_path=person_path,
                           speaker_path=speaker_path, trace_path=trace_path)
ENVIRONMENT.filters["href"] = safe_href
ENVIRONMENT.filters["pager_query"] = pager_query


def page(name: str, *, status: int = 200, **context: Any) -> HTMLResponse:
    return HTMLResponse(ENVIRONMENT.get_template(name).render(**context), status_code=status)
