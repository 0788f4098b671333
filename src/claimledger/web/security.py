"""Headers and limits that keep hostile article text and oversized requests harmless.

Article text is whatever a publisher (or an attacker posing as one) wrote. The
templates escape it; these headers are the second line: even markup that slipped
through could not run script, load from elsewhere, or be framed.
"""

from __future__ import annotations

import logging

from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOG = logging.getLogger(__name__)

CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
       "frame-ancestors 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]
MAX_BODY_BYTES = 5_000_000
"""The largest request body accepted (an uploaded article); larger ones get 413."""


class Guard:
    """ASGI middleware: security headers on every response, and a request-body cap.

    The cap is enforced on the bytes actually received, not only on a declared
    ``Content-Length``, so a chunked upload cannot slip past it: once the body
    grows past the cap, the client gets 413 and the app sees a disconnect (and
    anything it still tries to send is dropped).
    """

    def __init__(self, app: ASGIApp, max_body: int = MAX_BODY_BYTES) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > self.max_body:
            await _too_large(send)
            return
        received = 0
        started = refused = False

        async def capped() -> Message:
            nonlocal received, refused
            if refused:
                return {"type": "http.disconnect"}
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_body:
                refused = True
                if not started:
                    await _too_large(send)
                return {"type": "http.disconnect"}
            return message

        async def with_headers(message: Message) -> None:
            nonlocal started
            if refused:
                return
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        try:
            await self.app(scope, capped, with_headers)
        except Exception:  # a bug must still answer with the headers, and say nothing more
            LOG.exception("unhandled error on %s", scope.get("path"))
            if not started:
                await _plain(send, 500, b"internal error")


async def _too_large(send: Send) -> None:
    await _plain(send, 413, b"request body too large")


async def _plain(send: Send, status: int, body: bytes) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"text/plain"),
                            (b"content-length", str(len(body)).encode()), *HEADERS]})
    await send({"type": "http.response.body", "body": body})
