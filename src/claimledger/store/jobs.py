"""Web ingest jobs, kept in the ledger so a posted article outlives the server.

The web app answers a post at once with a job; a worker thread of the server takes
jobs in the order they came and runs each through the same ingest as the command
line, extraction on a bounded worker process, so pages never wait on it. A job left
``running`` by a server that stopped is taken up again when the next one starts; the
ledger skips what a job already stored, so running one twice loses and doubles
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

JobStatus = Literal["queued", "running", "done"]


@dataclass(frozen=True, slots=True)
class IngestJob:
    """What was posted (the bytes and their format, or a URL to fetch), its metadata as
    JSON, and, once done, the result as JSON (stored ids and rejections)."""

    id: str
    created_at: str
    status: JobStatus
    name: str
    format: str
    payload: bytes
    overrides: str
    fetch: str | None = None
    result: str | None = None
    finished_at: str | None = None


@runtime_checkable
class JobStore(Protocol):
    """The part of a store the web app's ingest queue needs."""

    def enqueue(self, job: IngestJob) -> None: ...

    def claim_job(self) -> IngestJob | None:
        """The oldest queued job, now marked running; ``None`` when there is none."""
        ...

    def finish_job(self, job_id: str, result: str) -> None: ...

    def requeue_running(self) -> int:
        """Jobs a stopped server left running, queued again; how many."""
        ...

    def ingest_job(self, job_id: str) -> IngestJob | None: ...

    def ingest_jobs(self, limit: int = 50) -> list[IngestJob]:
        """The newest jobs first, without their payloads."""
        ...
