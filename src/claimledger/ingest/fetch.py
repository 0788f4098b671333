"""Fetch web pages over HTTP(S) with every cost bounded, for ``ingest URL`` and ``watch``.

A page is read as a stream and dropped at ``max_bytes``; the whole exchange has
a deadline (so a server trickling one byte a second cannot hold a worker);
redirects are followed by hand, at most ``max_redirects`` hops, so that every hop
passes the same checks; only text and HTML (or, for feeds, feed types) are
accepted. Every failure is a :class:`Rejected` with a stable reason, which the
callers turn into ``Rejection`` records.

With an :class:`AddressGuard` (the web app's ingest), a URL whose host resolves
to a private, link-local, loopback or otherwise non-public address is refused
before any connection is made, on every redirect hop. The client then connects to
an address the guard checked at that moment (:class:`_PinnedBackend`), never to one
a second DNS answer gives: a server that answers a public address to the check and
an internal one to the connect (DNS rebinding) is refused.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from claimledger.ingest.decode import decode
from claimledger.ingest.errors import Rejected
from claimledger.ingest.html import extract_html
from claimledger.ingest.plaintext import headline
from claimledger.ingest.sources import DEFAULT_MAX_BYTES, Overrides, iter_inputs
from claimledger.records import Article, Rejection

USER_AGENT = "claimledger/0.1 (+https://pypi.org/project/claimledger/)"
PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json",
              "application/json", "application/xml", "text/xml", "application/rdf+xml")
_REDIRECTS = (301, 302, 303, 307, 308)

Resolver = Callable[[str, int], list[str]]


def resolve(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to (IPv4 and IPv6)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return sorted({str(info[4][0]) for info in infos})


@dataclass(frozen=True, slots=True)
class AddressGuard:
    """Refuses URLs whose host resolves to an address that is not public.

    ``allow_loopback`` lets 127.0.0.0/8 and ::1 through (for tests against a
    local server); private, link-local and the rest stay refused.
    """

    allow_loopback: bool = False
    resolver: Resolver = resolve

    def check(self, url: str) -> None:
        """Raise :class:`Rejected` (``refused_address``) unless every address is allowed."""
        parts = urlsplit(url)
        if not parts.hostname:
            raise Rejected("bad_url", f"no host in {url!r}")
        self.address(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))

    def address(self, host: str, port: int) -> str:
        """The address to connect to for ``host``: resolved now, and only when every
        address it resolves to is allowed (else :class:`Rejected`)."""
        try:
            addresses = self.resolver(host, port)
        except (OSError, UnicodeError) as exc:
            raise Rejected("unreachable", f"cannot resolve {host}: {exc}") from exc
        if not addresses:
            raise Rejected("unreachable", f"{host} resolves to no address")
        for address in addresses:
            if not self._allowed(ipaddress.ip_address(address.split("%", 1)[0])):
                raise Rejected("refused_address",
                               f"{host} resolves to {address}, not a public address")
        return addresses[0]

    def _allowed(self, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
        if isinstance(ip, ipaddress.IPv6Address):
            if ip.ipv4_mapped is not None:
                ip = ip.ipv4_mapped
            elif _embeds_ipv4(ip) or ip.is_site_local:
                return False  # "[::127.0.0.1]", NAT64, 6to4, Teredo: no news site is there
        if ip.is_loopback:
            return self.allow_loopback
        return ip.is_global and not ip.is_multicast


_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


def _embeds_ipv4(ip: ipaddress.IPv6Address) -> bool:
    """Forms that carry an IPv4 address inside (and past the checks on it):
    IPv4-compatible ``::a.b.c.d``, NAT64 ``64:ff9b::/96``, 6to4 ``2002::/16``, Teredo."""
    return (ip in _IPV4_COMPATIBLE or ip in _NAT64 or ip.sixtofour is not None
            or ip.teredo is not None)


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """Limits for one fetch; the defaults suit news pages."""

    max_bytes: int = 5_000_000
    timeout: float = 15.0
    """Seconds allowed for connecting and for each read."""
    deadline: float = 60.0
    """Seconds allowed for the whole fetch, redirects and body included."""
    max_redirects: int = 5
    accept: tuple[str, ...] = PAGE_TYPES
    guard: AddressGuard | None = None
    headers: tuple[tuple[str, str], ...] = ()
    """Extra request headers (``If-None-Match`` and friends for feeds)."""


DEFAULT_POLICY = FetchPolicy()
NO_OVERRIDES = Overrides()


@dataclass(frozen=True, slots=True)
class Page:
    """A fetched response body with what the caller needs to interpret and revalidate it."""

    url: str
    status: int
    content: bytes
    content_type: str
    etag: str | None = None
    last_modified: str | None = None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


def client(policy: FetchPolicy = DEFAULT_POLICY) -> httpx.Client:
    """One client to reuse across fetches (connection pooling); redirects stay manual.
    With a guard, every connection goes to an address the guard has just checked."""
    transport = None if policy.guard is None else _pinned_transport(policy.guard)
    return httpx.Client(timeout=httpx.Timeout(policy.timeout), follow_redirects=False,
                        headers={"User-Agent": USER_AGENT}, transport=transport)


class _PinnedBackend(httpcore.NetworkBackend):
    """httpcore's sockets, opened to the address the guard resolves and checks at
    connect time. The URL's host still names the server for the Host header and for
    TLS (SNI and the certificate check), which httpcore takes from the request."""

    def __init__(self, guard: AddressGuard) -> None:
        self._guard = guard
        self._tcp = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Any = None) -> httpcore.NetworkStream:
        address = self._guard.address(host, port)
        return self._tcp.connect_tcp(address, port, timeout, local_address, socket_options)

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Any = None) -> httpcore.NetworkStream:
        raise Rejected("refused_address", "a local socket is not a news site")

    def sleep(self, seconds: float) -> None:
        self._tcp.sleep(seconds)


def _pinned_transport(guard: AddressGuard) -> httpx.HTTPTransport:
    """httpx's transport over a pool that connects through :class:`_PinnedBackend`.
    httpx takes no network backend, so its pool is replaced; a test that rebinds
    a name between check and connect fails if a new httpx stops using it."""
    transport = httpx.HTTPTransport()
    transport._pool = httpcore.ConnectionPool(ssl_context=httpx.create_ssl_context(),
                                              network_backend=_PinnedBackend(guard))
    return transport


def _check_url(url: str) -> None:
    """An http(s) URL whose host and port can be read; a malformed one ("http://[::1",
    port 99999) is a rejection, never an exception out of the run."""
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises on a port out of range
    except ValueError as exc:
        raise Rejected("bad_url", f"malformed URL ({exc}): {url[:200]}") from exc
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise Rejected("bad_url", f"not an http(s) URL: {url[:200]}")


def fetch(url: str, http: httpx.Client, policy: FetchPolicy = DEFAULT_POLICY) -> Page:
    """GET ``url`` within ``policy``; raise :class:`Rejected` with a reason otherwise."""
    started = time.monotonic()
    for _hop in range(policy.max_redirects + 1):
        _check_url(url)
        if policy.guard is not None:
            policy.guard.check(url)
        try:
            with http.stream("GET", url, headers=dict(policy.headers)) as response:
                if response.status_code in _REDIRECTS and "location" in response.headers:
                    url = urljoin(url, response.headers["location"])
                    continue
                return _read(url, response, policy, started)
        except httpx.TimeoutException as exc:
            raise Rejected("timeout", f"no answer within {policy.timeout:g} s: {url}") from exc
        except httpx.InvalidURL as exc:
            raise Rejected("bad_url", f"invalid URL {url!r}: {exc}") from exc
        except httpx.HTTPError as exc:
            raise Rejected("unreachable", f"{type(exc).__name__}: {exc}") from exc
    raise Rejected("too_many_redirects", f"more than {policy.max_redirects} redirects")


def _read(url: str, response: httpx.Response, policy: FetchPolicy, started: float) -> Page:
    if response.status_code == 304:
        return Page(url, 304, b"", "", response.headers.get("etag"),
                    response.headers.get("last-modified"))
    if response.status_code != 200:
        raise Rejected("http_error", f"HTTP {response.status_code} from {url}")
    content_type = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type not in policy.accept:
        raise Rejected("unsupported_type",
                       f"content type {content_type or 'missing'!r} is not one of "
                       f"{', '.join(policy.accept)}")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > policy.max_bytes:
        raise Rejected("too_large", f"{int(declared):,} bytes declared, over the "
                       f"{policy.max_bytes:,}-byte limit")
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > policy.max_bytes:
            raise Rejected("too_large", f"larger than the {policy.max_bytes:,}-byte limit")
        if time.monotonic() - started > policy.deadline:
            raise Rejected("timeout", f"not finished within {policy.deadline:g} s: {url}")
    return Page(url, 200, bytes(body), content_type, response.headers.get("etag"),
                response.headers.get("last-modified"))


def page_article(page: Page, source: str) -> Article:
    """The article in a fetched page; :class:`Rejected` when it holds none."""
    if page.content_type == "text/plain":
        text = decode(page.content)
        return Article(source=source, text=text, title=headline(text), url=page.url)
    meta = extract_html(decode(page.content), url=page.url)
    meta["url"] = meta.get("url") or page.url
    return Article(source=source, **meta)


def is_url(arg: str) -> bool:
    return arg.startswith(("http://", "https://"))


def iter_args(args: list[str], overrides: Overrides = NO_OVERRIDES,
              max_bytes: int = DEFAULT_MAX_BYTES, policy: FetchPolicy = DEFAULT_POLICY
              ) -> Iterator[Article | Rejection]:
    """Like :func:`iter_inputs`, but ``http(s)://`` arguments are fetched; order is kept."""
    policy = replace(policy, max_bytes=max_bytes)
    with client(policy) as http:
        for arg in args:
            if not is_url(arg):
                yield from iter_inputs([arg], overrides, max_bytes)
                continue
            item = fetch_article(arg, http, policy)
            yield overrides.apply(item) if isinstance(item, Article) else item


def fetch_article(url: str, http: httpx.Client, policy: FetchPolicy) -> Article | Rejection:
    try:
        page = fetch(url, http, policy)
        return page_article(page, url)
    except Rejected as exc:
        return Rejection(url, exc.reason, exc.detail)
