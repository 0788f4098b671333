"""Ingest through the web: off unless ``serve --allow-ingest``, and then only with the token.

An uploaded article goes through the same readers and extraction as
``claimledger ingest``: it is written to a private temporary file whose suffix
says the format, so HTML is reduced to its article text exactly as on the command
line. A URL is fetched with the fetch module's limits and its address guard, so
the server cannot be made to request hosts on its own network. Writes open their
own store, so page reads never share a connection with an ingest in progress, and
one ingest runs at a time.
"""

from __future__ import annotations

import asyncio
import hmac
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from anyio import to_thread
from fastapi import APIRouter, Depends, Form, Header, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse

from claimledger import ledger
from claimledger.contract import document_id
from claimledger.extract.pipeline import Extractor
from claimledger.ingest import Overrides, iter_inputs
from claimledger.ingest.fetch import AddressGuard, FetchPolicy, client, fetch_article
from claimledger.records import Article, Rejection
from claimledger.store import open_store
from claimledger.web.pages import Settings, render, settings
from claimledger.web.security import MAX_BODY_BYTES

router = APIRouter()
_one_at_a_time = asyncio.Lock()
SUFFIX = {"text": ".txt", "html": ".html"}


@dataclass(frozen=True, slots=True)
class IngestResult:
    """Ids of the documents now in the ledger (new or already there), and rejections."""

    stored: list[str]
    rejected: list[Rejection]


@dataclass(frozen=True, slots=True)
class Upload:
    """An article as posted (its bytes and their format, or a URL to fetch) and metadata."""

    data: bytes
    name: str
    fmt: Literal["text", "html"]
    overrides: Overrides
    fetch: str | None = None


def allowed(conf: Annotated[Settings, Depends(settings)],
            authorization: Annotated[str | None, Header()] = None,
            token: Annotated[str | None, Form()] = None) -> None:
    """The token from ``Authorization: Bearer`` or the form; compared in constant time."""
    if not conf.allow_ingest or not conf.token:
        raise HTTPException(403, "ingest is disabled; start serve with --allow-ingest")
    given = token or (authorization or "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), conf.token.encode()):
        raise HTTPException(401, "a valid ingest token is required")


async def upload(file: Annotated[UploadFile | None, Form()] = None,
                 text: Annotated[str | None, Form(max_length=MAX_BODY_BYTES)] = None,
                 fmt: Annotated[Literal["text", "html"], Form(alias="format")] = "text",
                 title: Annotated[str | None, Form(max_length=500)] = None,
                 published: Annotated[str | None, Form(max_length=40)] = None,
                 outlet: Annotated[str | None, Form(max_length=200)] = None,
                 url: Annotated[str | None, Form(max_length=2000)] = None,
                 fetch: Annotated[str | None, Form(max_length=2000,
                                                   pattern=r"^https?://")] = None) -> Upload:
    """An uploaded file, pasted text or a URL to fetch; metadata fields are optional."""
    overrides = Overrides(title=title or None, published=published or None,
                          outlet=outlet or None, url=url or None)
    if file is not None and file.filename:
        return Upload(await file.read(), file.filename, fmt, overrides)
    if text:
        return Upload(text.encode("utf-8"), "pasted", fmt, overrides)
    if fetch:
        return Upload(b"", fetch, fmt, overrides, fetch=fetch)
    raise HTTPException(422, "send a file, some text or a URL to fetch")


@router.post("/api/ingest", dependencies=[Depends(allowed)], summary="Ingest one article")
async def ingest(request: Request, posted: Annotated[Upload, Depends(upload)]) -> IngestResult:
    """Store one article (text or HTML); answers with the stored ids or the rejection."""
    conf: Settings = request.app.state.settings
    async with _one_at_a_time:
        return await to_thread.run_sync(_ingest, conf.db, posted)


@router.get("/ingest", include_in_schema=False)
async def form(request: Request, conf: Annotated[Settings, Depends(settings)]) -> HTMLResponse:
    if not conf.allow_ingest:
        raise HTTPException(404, "ingest is disabled")
    return render(request, "ingest.html", None)


@router.post("/ingest", dependencies=[Depends(allowed)], include_in_schema=False)
async def ingest_form(request: Request, posted: Annotated[Upload, Depends(upload)]
                      ) -> RedirectResponse:
    """The HTML form's submit: on success, straight to the new document."""
    result = await ingest(request, posted)
    if not result.stored:
        detail = "; ".join(f"{r.reason}: {r.detail}" for r in result.rejected) or "unchanged"
        raise HTTPException(422, f"not stored: {detail}")
    return RedirectResponse(f"/documents/{result.stored[0]}", status_code=303)


@cache
def _extractor(model: str) -> Extractor:
    """One loaded pipeline for the server's lifetime: loading spaCy takes seconds."""
    return Extractor(model)


def _extract_loaded(items: Iterable[Article | Rejection], model: str,
                    processes: int) -> Iterator[ledger.Extracted | Rejection]:
    return ledger.extract(items, extractor=_extractor(model))


def _ingest(db: str, posted: Upload) -> IngestResult:
    items = _fetched(posted) if posted.fetch else _uploaded(posted)
    store = open_store(db)
    try:
        ledger.ingest(items, store, command="web ingest", extract_with=_extract_loaded)
        ids = [document_id(a.text) for a in items if isinstance(a, Article)]
        stored = [i for i in ids if store.known(i)]
    finally:
        store.close()
    return IngestResult(stored, [r for r in items if isinstance(r, Rejection)])


def _uploaded(posted: Upload) -> list[Article | Rejection]:
    source = f"web:{posted.name}"
    with tempfile.TemporaryDirectory(prefix="claimledger-web-") as tmp:
        path = Path(tmp) / f"upload{SUFFIX[posted.fmt]}"
        path.write_bytes(posted.data)
        return [replace(item, source=source)
                for item in iter_inputs([str(path)], posted.overrides, MAX_BODY_BYTES)]


def _fetched(posted: Upload) -> list[Article | Rejection]:
    policy = FetchPolicy(guard=AddressGuard())
    with client(policy) as http:
        item = fetch_article(posted.name, http, policy)
    return [posted.overrides.apply(item) if isinstance(item, Article) else item]
