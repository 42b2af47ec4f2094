"""A stable ``Article.id``: the source's own id, else the normalised URL, else a hash of the text.

Stable means the same article gets the same id in every run and on every machine, so analyses can be
joined and compared: a file path is not used (it differs between machines), a URL is normalised so that
tracking parameters and fragments do not make one article look like two.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from newsprobe.ingest.text import content_id

# Query parameters that say how a reader arrived, not which article it is.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_")
_TRACKING = {"fbclid", "gclid", "dclid", "msclkid", "igshid", "ref", "ref_src", "cmpid", "ocid", "smid", "at_medium",
             "at_campaign"}


def article_id(source_id: str | None, url: str | None, text: str) -> str:
    if source_id and source_id.strip():
        return source_id.strip()
    if url and url.strip():
        return normalize_url(url.strip())
    return content_id(text)


def normalize_url(url: str) -> str:
    """Lower-case scheme and host, no default port, no fragment, no tracking parameters."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return url
    host = (parts.hostname or "").lower()
    default_port = {"http": 80, "https": 443}.get(parts.scheme.lower())
    try:
        port = parts.port
    except ValueError:
        port = None
    netloc = host if port in (None, default_port) else f"{host}:{port}"
    if parts.username:
        netloc = f"{parts.username}@{netloc}"
    query = [(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True)
             if not key.lower().startswith(_TRACKING_PREFIXES) and key.lower() not in _TRACKING]
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", urlencode(query), ""))
