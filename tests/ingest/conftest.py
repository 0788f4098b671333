"""A local HTTP server on 127.0.0.1 with fixture pages and feeds, for fetch and feed tests.

It serves well-behaved pages and feeds, and misbehaving ones: a slow trickle, a
stalled body, a huge body, a redirect loop, a wrong content type and a malformed
feed. Every response ends by itself within a few seconds, and the server stops
at the end of the test, so nothing outlives the test or leaves loopback.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

PARAGRAPH = (
    "The city council said on Tuesday that {n} new homes were finished last year, "
    "up 12% on the year before, and that another 300 are planned for the coming spring. "
    "Officials told reporters the programme had cost £4.5m so far, with most of the money "
    "spent on flood defences along the river and on repairs to older terraced streets. "
    "Residents welcomed the news but said rents had still risen by about £20 a week. "
)


def article_html(n: int, title: str | None = None) -> bytes:
    title = title or f"Council finishes {n} homes"
    body = "".join(f"<p>{PARAGRAPH.format(n=n)}</p>" for _ in range(3))
    return (f"<!doctype html><html><head><title>{title}</title></head><body>"
            f"<article><h1>{title}</h1>{body}</article></body></html>").encode()


Handler = Callable[[BaseHTTPRequestHandler], None]


@dataclass
class Site:
    """Routes (path → handler) and a count of requests per path."""

    base: str = ""
    routes: dict[str, Handler] = field(default_factory=dict)
    hits: dict[str, int] = field(default_factory=dict)

    def url(self, path: str) -> str:
        return self.base + path

    def serve(self, path: str, body: bytes, content_type: str, etag: str | None = None,
              last_modified: str | None = None) -> None:
        """A static response that answers ``304`` to a matching ``If-None-Match`` or
        ``If-Modified-Since`` when given an ``etag`` or a ``last_modified``."""

        def handle(h: BaseHTTPRequestHandler) -> None:
            if (etag and h.headers.get("If-None-Match") == etag) or (
                    last_modified and h.headers.get("If-Modified-Since") == last_modified):
                h.send_response(304)
                h.end_headers()
                return
            h.send_response(200)
            h.send_header("Content-Type", content_type)
            h.send_header("Content-Length", str(len(body)))
            if etag:
                h.send_header("ETag", etag)
            if last_modified:
                h.send_header("Last-Modified", last_modified)
            h.end_headers()
            h.wfile.write(body)

        self.routes[path] = handle


def _redirect(to: str) -> Handler:
    def handle(h: BaseHTTPRequestHandler) -> None:
        h.send_response(302)
        h.send_header("Location", to)
        h.send_header("Content-Length", "0")
        h.end_headers()
    return handle


def _trickle(h: BaseHTTPRequestHandler) -> None:
    """Headers at once, then one byte every 0.1 s for at most 8 s."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    for _ in range(80):
        h.wfile.write(b"x")
        h.wfile.flush()
        time.sleep(0.1)


def _stall(h: BaseHTTPRequestHandler) -> None:
    """Headers, then silence for 6 s."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    h.wfile.flush()
    time.sleep(6)


def _huge(h: BaseHTTPRequestHandler) -> None:
    """A 20 MB body with no Content-Length, sent until the client hangs up."""
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.end_headers()
    chunk = b"<p>" + b"a" * 65_536 + b"</p>"
    for _ in range(300):
        h.wfile.write(chunk)


def _huge_declared(h: BaseHTTPRequestHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", str(10**9))
    h.end_headers()


@pytest.fixture
def site() -> Iterator[Site]:
    site = Site()

    class Handle(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            path = self.path.split("?", 1)[0]
            site.hits[path] = site.hits.get(path, 0) + 1
            handler = site.routes.get(path)
            if handler is None:
                self.send_error(404)
                return
            # The client may hang up early, as the size cap and deadline tell it to.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                handler(self)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handle)
    server.daemon_threads = True
    site.base = f"http://127.0.0.1:{server.server_address[1]}"
    for n in range(1, 4):
        site.serve(f"/articles/{n}.html", article_html(n), "text/html; charset=utf-8")
    site.serve("/plain.txt", PARAGRAPH.format(n=7).encode() * 3, "text/plain")
    site.serve("/image.png", b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png")
    site.routes.update({
        "/slow": _trickle, "/stall": _stall, "/huge": _huge, "/huge-declared": _huge_declared,
        "/loop/a": _redirect("/loop/b"), "/loop/b": _redirect("/loop/a"),
        "/moved": _redirect("/articles/1.html"),
    })
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield site
    finally:
        server.shutdown()
        server.server_close()
