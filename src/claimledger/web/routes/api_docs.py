"""``/docs``: the JSON API described for people, read from the app's own OpenAPI
description (Swagger UI would load its scripts from a CDN; nothing here may)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from claimledger.web.pages import render

router = APIRouter()


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    where: str
    required: bool
    description: str


@dataclass(frozen=True, slots=True)
class Endpoint:
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Parameter]


@router.get("/docs", include_in_schema=False)
async def api_docs(request: Request) -> HTMLResponse:
    return render(request, "api_docs.html", endpoints(request.app.openapi()))


def endpoints(spec: dict[str, Any]) -> list[Endpoint]:
    """Every operation of ``spec``, in path order."""
    out = []
    for path, operations in sorted(spec.get("paths", {}).items()):
        for method, op in operations.items():
            params = [Parameter(p["name"], p.get("in", ""), bool(p.get("required")),
                                p.get("description") or p.get("schema", {}).get("description")
                                or "")
                      for p in op.get("parameters", [])]
            out.append(Endpoint(method.upper(), path, op.get("summary", ""),
                                op.get("description", ""), params))
    return out
