"""Ingest through the web: off unless ``serve --allow-ingest``, and then only with the token.

A post is queued as a job in the ledger (``store/jobs.py``) and answered at once;
the server's :class:`IngestQueue` thread runs the jobs one at a time, extraction in
a worker process bounded in time, so no page ever waits on an ingest and a 2 MB
upload slows none. An uploaded article goes through the same readers and extraction
as ``claimledger ingest``: it is written to a private temporary file whose suffix
says the format, so HTML is reduced to its article text exactly as on the command
line. A URL is fetched with the fetch module's limits and its address guard, so
the server cannot be made to request hosts on its own network.
"""

from __future__ import annotations

import asyncio
import json
import tempfile
import threading
import time
import uuid
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Annotated, Literal, cast

from anyio import to_thread
from fastapi import (
    APIRouter,
    Depends,
    Form,
    HTTPException,
    Query,
    Request,
    UploadFile,
)
from fastapi import Path as PathParameter
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from claimledger import ledger
from claimledger.contract import document_id
from claimledger.ingest import Overrides, iter_inputs
from claimledger.ingest.fetch import AddressGuard, FetchPolicy, client, fetch_article
from claimledger.records import Article, Rejection
from claimledger.store import Store, open_store
from claimledger.store.jobs import IngestJob, JobStore
from claimledger.web.pages import Settings, allowed, render, settings
from claimledger.web.security import MAX_BODY_BYTES

router = APIRouter()
MAX_FIELD_CHARS = 1024 * 1024
"""Starlette refuses a form field over 1 MiB (400) before this is checked; pasted text
is held to that, and a larger article goes as a file (up to ``MAX_BODY_BYTES``)."""
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


async def upload(file: Annotated[UploadFile | None, Form()] = None,
                 text: Annotated[str | None, Form(max_length=MAX_FIELD_CHARS)] = None,
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


@dataclass(frozen=True, slots=True)
class JobView:
    """An ingest job as the API and the pages show it."""

    job: str
    status: str
    name: str
    created_at: str
    finished_at: str | None
    stored: list[str]
    rejected: list[Rejection]

    @staticmethod
    def of(job: IngestJob) -> JobView:
        result = json.loads(job.result) if job.result else {"stored": [], "rejected": []}
        return JobView(job.id, job.status, job.name, job.created_at, job.finished_at,
                       result["stored"], [Rejection(**r) for r in result["rejected"]])


WAIT_LIMIT = 300.0
"""Longest a post may ask to wait for its job (``wait``); pages never wait at all."""


@router.post("/api/ingest", dependencies=[Depends(allowed)], summary="Ingest one article",
             status_code=202)
async def ingest(request: Request, response: Response,
                 posted: Annotated[Upload, Depends(upload)],
                 wait: Annotated[float, Query(ge=0, le=WAIT_LIMIT)] = 0) -> JobView:
    """Queue one article (text, HTML or a URL to fetch) and answer with its job (202).
    With ``?wait=SECONDS`` the answer waits that long for the job and, once it is done,
    carries its result (200): the stored document ids and the rejections."""
    job = await _queued(request, posted)
    deadline = time.monotonic() + wait
    while True:
        found = request.app.state.store.ingest_job(job.id)
        view = JobView.of(found or job)
        if view.status == "done" or time.monotonic() >= deadline:
            break
        await asyncio.sleep(0.2)
    response.status_code = 200 if view.status == "done" else 202
    response.headers["Location"] = f"/api/ingest/jobs/{job.id}"
    return view


@router.get("/api/ingest/jobs/{job_id}", summary="An ingest job: queued, running or done")
async def job_status(request: Request,
                     job_id: Annotated[str, PathParameter(max_length=64)]) -> JobView:
    found = request.app.state.store.ingest_job(job_id)
    if found is None:
        raise HTTPException(404, "no such ingest job")
    return JobView.of(found)


@router.get("/ingest", include_in_schema=False)
async def form(request: Request, conf: Annotated[Settings, Depends(settings)]) -> HTMLResponse:
    if not conf.allow_ingest:
        raise HTTPException(404, "ingest is disabled")
    jobs = [JobView.of(j) for j in request.app.state.store.ingest_jobs(20)]
    return render(request, "ingest.html", {"jobs": jobs})


@router.get("/ingest/jobs/{job_id}", include_in_schema=False)
async def job_page(request: Request,
                   job_id: Annotated[str, PathParameter(max_length=64)]) -> HTMLResponse:
    """A job's status; the page reloads itself until the job is done."""
    found = request.app.state.store.ingest_job(job_id)
    if found is None:
        raise HTTPException(404, "no such ingest job")
    return render(request, "ingest_job.html", JobView.of(found))


@router.post("/ingest", dependencies=[Depends(allowed)], include_in_schema=False)
async def ingest_form(request: Request, posted: Annotated[Upload, Depends(upload)]
                      ) -> RedirectResponse:
    """The HTML form's submit: straight to the job's page, which follows it."""
    job = await _queued(request, posted)
    return RedirectResponse(f"/ingest/jobs/{job.id}", status_code=303)


async def _queued(request: Request, posted: Upload) -> IngestJob:
    """``posted`` as a job in the ledger, with the server's ingest thread woken for it."""
    overrides = json.dumps({k: v for k, v in asdict(posted.overrides).items() if v})
    job = IngestJob(uuid.uuid4().hex, datetime.now(UTC).isoformat(), "queued", posted.name,
                    posted.fmt, posted.data, overrides, posted.fetch)
    conf: Settings = request.app.state.settings
    await to_thread.run_sync(_enqueue, conf.db, job)
    request.app.state.ingest_queue.wake()
    return job


def _enqueue(db: str, job: IngestJob) -> None:
    store = open_store(db)
    try:
        cast(JobStore, store).enqueue(job)
    finally:
        store.close()


class IngestQueue:
    """The server's ingest worker: a thread that takes queued jobs in order and runs
    each through :func:`claimledger.ledger.ingest`, extraction on a worker process
    bounded by ``max_seconds``, on a store of its own. ``wake`` starts it on a new job
    at once; it also looks every ``POLL`` seconds, for jobs other servers queued."""

    POLL = 2.0

    def __init__(self, db: str, max_seconds: float) -> None:
        self.db, self.max_seconds = db, max_seconds
        self._wake, self._stop = threading.Event(), threading.Event()
        self._thread = threading.Thread(target=self._work, name="claimledger-ingest",
                                        daemon=True)

    def start(self) -> None:
        self._thread.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()
        self._thread.join(timeout=30)

    def _work(self) -> None:
        store = open_store(self.db)
        jobs = cast(JobStore, store)
        try:
            jobs.requeue_running()
            while not self._stop.is_set():
                job = jobs.claim_job()
                if job is None:
                    self._wake.wait(self.POLL)
                    self._wake.clear()
                    continue
                try:
                    result = _run(store, job, self.max_seconds)
                except Exception as exc:  # a bug must fail one job, not stop the queue
                    result = IngestResult([], [Rejection(f"web:{job.name}", "ingest_failed",
                                                         f"{type(exc).__name__}: {exc}"[:300])])
                jobs.finish_job(job.id, json.dumps(asdict(result)))
        finally:
            store.close()


def _run(store: Store, job: IngestJob, max_seconds: float) -> IngestResult:
    """One job through the readers, extraction and the ledger, as ``ingest`` runs it."""
    posted = Upload(job.payload, job.name, "html" if job.format == "html" else "text",
                    Overrides(**json.loads(job.overrides)), job.fetch)
    items = _fetched(posted) if posted.fetch else _uploaded(posted)
    ledger.ingest(items, store, command="web ingest",
                  extract_with=partial(ledger.extract, limits=ledger.Limits(max_seconds)))
    ids = [document_id(a.text) for a in items if isinstance(a, Article)]
    return IngestResult([i for i in ids if store.known(i)],
                        [r for r in items if isinstance(r, Rejection)])


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
