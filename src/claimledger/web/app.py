"""The FastAPI application: one store, the page routers, headers and error pages.

Page handlers are ``async`` and run on the event loop thread, so the one reading
connection is never used by two threads at once; ingest, which writes, is queued and
run by a worker thread on a store of its own, extraction in a worker process (see
``routes/ingest.py``).
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException

from claimledger.store import QueryTooSlow, open_store
from claimledger.web.pages import Settings, package_dir, render
from claimledger.web.routes import (
    api_docs,
    checks,
    claims,
    conflicts,
    documents,
    ingest,
    measures,
    overview,
    quotes,
    search,
    speakers,
    stories,
)
from claimledger.web.security import Guard


def create_app(conf: Settings) -> FastAPI:
    """The app for one ledger; the store opens at start-up and closes at shutdown."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = open_store(conf.db)
        app.state.store = store
        app.state.reads = store.listings()
        queue = ingest.IngestQueue(conf.db, conf.max_seconds) if conf.allow_ingest else None
        app.state.ingest_queue = queue
        if queue is not None:
            queue.start()
        try:
            yield
        finally:
            if queue is not None:
                queue.stop()
            store.close()

    app = FastAPI(title="claimledger", lifespan=lifespan, docs_url=None, redoc_url=None,
                  openapi_url="/api/openapi.json",
                  description="Numeric claims and quotes from news articles, each tied to "
                  "its source span and speaker. Every page's data is here as JSON.")
    app.state.settings = conf
    app.add_middleware(Guard)
    app.mount("/static", StaticFiles(directory=package_dir("static")), name="static")
    for module in (overview, documents, claims, quotes, stories, measures, conflicts, checks,
                   speakers, search, ingest, api_docs):
        app.include_router(module.router)
    app.add_exception_handler(HTTPException, _error)
    app.add_exception_handler(RequestValidationError, _error)
    app.add_exception_handler(QueryTooSlow, _error)
    return app


async def _error(request: Request, exc: Exception) -> Response:
    """JSON under /api/, an escaped HTML page elsewhere; never the raw exception text."""
    if isinstance(exc, HTTPException):
        status, detail = exc.status_code, str(exc.detail)
    elif isinstance(exc, QueryTooSlow):
        status, detail = 503, "the query took too long; narrow it down"
    else:
        status, detail = 422, "invalid request parameters"
    if request.url.path.startswith("/api/"):
        return JSONResponse({"detail": detail}, status_code=status)
    return render(request, "error.html", {"status": status, "detail": detail},
                  status_code=status)
