"""How a page is declared: one function gives the data, served as HTML and as JSON.

``@page(router, "/measures/{measure_id}", "measure.html")`` registers the function
under ``/api/measures/{measure_id}`` (in the OpenAPI description) and an HTML
route at ``/measures/{measure_id}`` that renders the same data through the
template, so the JSON twin can never drift from what a person sees.
"""

from __future__ import annotations

import hmac
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, TypeVar
from urllib.parse import parse_qsl, urlencode, urlsplit

from fastapi import APIRouter, Depends, Form, Header, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from claimledger.store import Store
from claimledger.store.listings import Listings
from claimledger.web.chart import claim_points, timeline
from claimledger.web.highlight import highlighted
from claimledger.web.paging import MAX_PAGE
from claimledger.web.reconciled import MeasureDetail, conflicted_claims, disputes

PAGE_SIZE = 50
PageData = TypeVar("PageData")


@dataclass(frozen=True, slots=True)
class Settings:
    """What ``claimledger serve`` was started with."""

    db: str
    allow_ingest: bool = False
    token: str | None = None
    max_seconds: float = 300.0
    """The time one web-ingested document's extraction may take."""


def package_dir(name: str) -> Path:
    return Path(str(resources.files("claimledger.web").joinpath(name)))


@cache
def environment() -> Environment:
    """Templates shared by the web app and the report; autoescape is always on."""
    env = Environment(loader=FileSystemLoader(package_dir("templates")),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["num"] = number
    env.filters["http_url"] = http_url
    env.filters["counted"] = counted
    env.globals["highlight"] = highlighted
    env.globals["measure_chart"] = measure_chart
    env.globals["conflicted_claims"] = conflicted_claims
    env.globals["disputes"] = disputes
    env.globals["requery"] = requery
    return env


def requery(query: str, **changes: object) -> str:
    """``query`` (a query string) with some parameters set, or dropped when ``None``:
    the links of a filtered list keep its other filters."""
    params = dict(parse_qsl(query))
    for name, value in changes.items():
        if value is None:
            params.pop(name, None)
        else:
            params[name] = str(value)
    return "?" + urlencode(params) if params else ""


def measure_chart(detail: MeasureDetail, link: bool) -> Markup:
    """The timeline of a measure's claims, conflicting ones ringed; marks link when ``link``."""
    conflicted = conflicted_claims(detail.conflicts)
    return timeline(claim_points(detail.claims, conflicted, link), detail.measure.label,
                    detail.measure.unit)


def http_url(url: str | None) -> str | None:
    """A link target only when it is a web address: a stored ``javascript:`` or ``data:``
    URL is never made a link."""
    if url and urlsplit(url.strip()).scheme.lower() in ("http", "https"):
        return url.strip()
    return None


def counted(n: int, word: str, many: str | None = None) -> str:
    """"1 claim", "3 claims", "1,204 echoes": a count with its noun agreeing."""
    return f"{number(n)} {word if n == 1 else many or word + 's'}"


def number(value: float | None) -> str:
    """Values as people read them: 400,000 and 2.5, never 400000.0."""
    if value is None:
        return "–"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.6g}"


def store(request: Request) -> Store:
    found: Store = request.app.state.store
    return found


def reads(request: Request) -> Listings:
    found: Listings = request.app.state.reads
    return found


def settings(request: Request) -> Settings:
    found: Settings = request.app.state.settings
    return found


def allowed(conf: Annotated[Settings, Depends(settings)],
            authorization: Annotated[str | None, Header()] = None,
            token: Annotated[str | None, Form()] = None) -> None:
    """Writes (ingest, review marks) need ``serve --allow-ingest`` and its token, from
    ``Authorization: Bearer`` or the form; compared in constant time."""
    if not conf.allow_ingest or not conf.token:
        raise HTTPException(403, "writing is disabled; start serve with --allow-ingest")
    given = token or (authorization or "").removeprefix("Bearer ").strip()
    if not hmac.compare_digest(given.encode(), conf.token.encode()):
        raise HTTPException(401, "a valid ingest token is required")


StoreDep = Annotated[Store, Depends(store)]
SettingsDep = Annotated[Settings, Depends(settings)]
ListingsDep = Annotated[Listings, Depends(reads)]
PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE, description="1-based page number")]


def page(router: APIRouter, path: str, template: str
         ) -> Callable[[Callable[..., Awaitable[PageData]]], Callable[..., Awaitable[PageData]]]:
    """Register ``fn`` as ``/api{path}`` (JSON) and ``{path}`` (HTML through ``template``)."""

    def register(fn: Callable[..., Awaitable[PageData]]) -> Callable[..., Awaitable[PageData]]:
        summary = (fn.__doc__ or "").strip().splitlines()[0] if fn.__doc__ else None
        router.add_api_route("/api" + path, fn, methods=["GET"], summary=summary)

        async def html(request: Request, **kwargs: Any) -> HTMLResponse:
            data = await fn(**kwargs)
            return render(request, template, data)

        own = inspect.signature(fn, eval_str=True)
        request_param = inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                          annotation=Request)
        html.__signature__ = own.replace(  # type: ignore[attr-defined]
            parameters=[request_param, *own.parameters.values()],
            return_annotation=HTMLResponse)
        router.add_api_route(path, html, methods=["GET"], response_class=HTMLResponse,
                             include_in_schema=False)
        return fn

    return register


def render(request: Request, template: str, data: Any, status_code: int = 200) -> HTMLResponse:
    conf: Settings = request.app.state.settings
    body = environment().get_template(template).render(
        page=data, path=request.url.path, allow_ingest=conf.allow_ingest)
    return HTMLResponse(body, status_code=status_code)
