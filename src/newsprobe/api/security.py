"""Headers and limits every response and request goes through (a pure ASGI middleware: no per-request task).

- A restrictive Content-Security-Policy: scripts and styles only from this server's ``/static`` files (no
  inline script at all), no framing, no plug-ins, forms post only here; plus nosniff and no referrer.
- Unsafe methods: a request whose ``Origin`` is another site is refused (E048), so a page elsewhere cannot
  post forms to a server on the user's own machine; the body is read up to ``web_max_body_bytes`` and a
  longer one is refused (E040) before any route sees it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from newsprobe.api.problems import ApiError
from newsprobe.errors import Errors

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),  # no-referrer would make Chromium send "Origin: null" on our own forms
    (b"cross-origin-opener-policy", b"same-origin"),
)
_UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

ErrorResponder = Callable[[Scope, ApiError], Response]


class SecurityMiddleware:
    def __init__(self, app: ASGIApp, *, max_body_bytes: int, error_response: ErrorResponder) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.error_response = error_response

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send_with_headers = _adding_headers(send)
        if scope["method"] in _UNSAFE_METHODS:
            refusal = _cross_origin(scope)
            body: bytes | None = None
            if refusal is None:
                body, refusal = await self._read_body(scope, receive)
            if refusal is not None:
                await self.error_response(scope, refusal)(scope, receive, send_with_headers)
                return
            assert body is not None
            receive = _replay(body, receive)
        await self.app(scope, receive, send_with_headers)

    async def _read_body(self, scope: Scope, receive: Receive) -> tuple[bytes | None, ApiError | None]:
        too_large = ApiError.of(413, Errors.E040, limit=self.max_body_bytes)
        declared = _header(scope, b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body_bytes):
            return None, too_large if declared.isdigit() else ApiError.of(400, Errors.E049, http_status=400,
                                                                          detail="bad Content-Length")
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                return None, too_large
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks), None


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return None


def _cross_origin(scope: Scope) -> ApiError | None:
    origin = _header(scope, b"origin")
    if origin is None:
        return None
    host = _header(scope, b"host") or ""
    parts = urlsplit(origin)
    if parts.netloc.lower() == host.lower() and parts.scheme in {"http", "https"}:
        return None
    return ApiError.of(403, Errors.E048, method=scope["method"], origin=origin[:200])


def _replay(body: bytes, original: Receive) -> Receive:
    """The body read already, in one message; after it, the server's own messages (the disconnect)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return await original()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _adding_headers(send: Send) -> Callable[[Message], Awaitable[None]]:
    async def send_with_headers(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers: list[Any] = list(message.get("headers", []))
            present = {key.lower() for key, _ in headers}
            headers.extend(item for item in SECURITY_HEADERS if item[0] not in present)
            message = {**message, "headers": headers}
        await send(message)

    return send_with_headers
