"""URL -> bytes, carefully: timeouts, a size cap, a redirect limit, and no private addresses by default.

Fetching a URL somebody pasted (or a feed linked) is server-side request forgery waiting to happen:
a link to ``http://169.254.169.254/`` or ``http://localhost:8080/admin`` must not be followed unless the
user says so (``allow_private``). Every hop of a redirect chain is checked, and the connection goes to
the very address that was checked, so DNS cannot answer differently between the check and the connect.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
import zlib
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urljoin, urlsplit

from newsprobe.errors import Errors, InputError

_REDIRECTS = {301, 302, 303, 307, 308}
_CHUNK = 65536


@dataclass(frozen=True)
class FetchOptions:
    timeout: float = 20.0  # seconds for connecting and for each read, and the overall budget is 3x this
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    allow_private: bool = False
    user_agent: str = "newsprobe"


@dataclass(frozen=True)
class Fetched:
    """A fetched resource: the final URL after redirects, its body and what the server said it is."""

    url: str
    data: bytes
    content_type: str | None  # media type only, lower case ("text/html")
    charset: str | None  # from the Content-Type header, if the server named one


def is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


def fetch(url: str, options: FetchOptions) -> Fetched:
    """GET ``url``; raise ``InputError`` (E009 refused address, E010 anything else) with a clear reason."""
    deadline = time.monotonic() + 3 * options.timeout
    current = url
    for _ in range(options.max_redirects + 1):
        response, connection = _request(current, options)
        try:
            if response.status in _REDIRECTS:
                location = response.getheader("Location")
                if not location:
                    raise InputError(Errors.E010, url=url, detail=f"HTTP {response.status} without a Location header")
                current = urljoin(current, location)
                continue
            if response.status != 200:
                raise InputError(Errors.E010, url=url, detail=f"HTTP {response.status} {response.reason}".strip())
            data = _read_body(response, url, options, deadline)
            content_type, charset = content_type_of(response.getheader("Content-Type"))
            return Fetched(current, data, content_type, charset)
        finally:
            connection.close()
    raise InputError(Errors.E010, url=url, detail=f"more than {options.max_redirects} redirects")


def _request(url: str, options: FetchOptions) -> tuple[http.client.HTTPResponse, http.client.HTTPConnection]:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise InputError(Errors.E010, url=url, detail="only http:// and https:// URLs can be fetched")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as error:
        raise InputError(Errors.E010, url=url, detail=f"bad port: {error}") from error
    address = _checked_address(url, parts.hostname, port, options.allow_private)
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = _PinnedHTTPSConnection(parts.hostname, port, address, timeout=options.timeout)
    else:
        connection = _PinnedHTTPConnection(parts.hostname, port, address, timeout=options.timeout)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    try:
        connection.request("GET", path, headers={
            "User-Agent": options.user_agent,
            "Accept": "text/html,application/xhtml+xml,application/rss+xml,application/atom+xml,*/*;q=0.5",
            "Accept-Encoding": "gzip, deflate",
        })
        return connection.getresponse(), connection
    except TimeoutError as error:
        connection.close()
        raise InputError(Errors.E010, url=url, detail=f"timed out after {options.timeout:g} s") from error
    except (OSError, http.client.HTTPException) as error:
        connection.close()
        raise InputError(Errors.E010, url=url, detail=_describe(error)) from error


def _checked_address(url: str, host: str, port: int, allow_private: bool) -> str:
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise InputError(Errors.E010, url=url, detail=f"cannot resolve {host}: {_describe(error)}") from error
    addresses = [str(info[4][0]) for info in infos]
    if not allow_private:
        for address in addresses:
            # is_global is False for loopback, RFC 1918, link-local (cloud metadata), CGNAT, unique-local
            # IPv6 and the rest of the special-purpose registry; one such answer refuses the host.
            if not ipaddress.ip_address(address.split("%", 1)[0]).is_global:
                raise InputError(Errors.E009, url=url, address=address)
    return addresses[0]


class _PinnedHTTPConnection(http.client.HTTPConnection):
    """Connects to the address that was checked, not to whatever DNS answers next."""

    def __init__(self, host: str, port: int, address: str, *, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._address = address

    def connect(self) -> None:
        self.sock = socket.create_connection((self._address, self.port), self.timeout)


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, *, timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._address = address

    def connect(self) -> None:
        raw = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(raw, server_hostname=self.host)  # type: ignore[attr-defined]


def _read_body(response: http.client.HTTPResponse, url: str, options: FetchOptions, deadline: float) -> bytes:
    declared = response.getheader("Content-Length")
    if declared and declared.isdigit() and int(declared) > options.max_bytes:
        raise InputError(Errors.E003, size=int(declared), limit=options.max_bytes)
    encoding = (response.getheader("Content-Encoding") or "identity").lower()
    # wbits 47 = gzip or zlib header, detected; -15 would be raw deflate, which servers rarely send.
    decompressor = zlib.decompressobj(47) if encoding in {"gzip", "x-gzip", "deflate"} else None
    parts: list[bytes] = []
    size = 0
    try:
        while True:
            if time.monotonic() > deadline:
                raise InputError(Errors.E010, url=url, detail=f"timed out after {3 * options.timeout:g} s in all")
            chunk = response.read(_CHUNK)
            if not chunk:
                break
            if decompressor is not None:
                chunk = decompressor.decompress(chunk, options.max_bytes + 1 - size)
            size += len(chunk)
            if size > options.max_bytes:
                raise InputError(Errors.E003, size=size, limit=options.max_bytes)
            parts.append(chunk)
    except TimeoutError as error:
        raise InputError(Errors.E010, url=url, detail=f"timed out after {options.timeout:g} s") from error
    except (OSError, http.client.HTTPException, zlib.error) as error:
        raise InputError(Errors.E010, url=url, detail=_describe(error)) from error
    return b"".join(parts)


def content_type_of(header: str | None) -> tuple[str | None, str | None]:
    if not header:
        return None, None
    message = Message()
    message["Content-Type"] = header
    charset = message.get_param("charset")
    return message.get_content_type(), charset if isinstance(charset, str) else None


def _describe(error: BaseException) -> str:
    if isinstance(error, ssl.SSLError):
        return f"TLS error: {error.reason or error}"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror
    return f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
