"""HTML pages: main text and metadata through trafilatura."""

from __future__ import annotations

import re
from typing import Any

import trafilatura

from claimledger.ingest.decode import normalise_newlines
from claimledger.ingest.errors import Rejected

MIN_WORDS = 8
"""Fewer words than this is a menu, a paywall stub or an error page, not an article."""


def extract_html(html: str | bytes, url: str | None = None) -> dict[str, Any]:
    """Main text and metadata of a page; :class:`Rejected` when it has no article text."""
    try:
        extracted = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False
        )
    except Exception as exc:  # trafilatura raises many kinds on malformed markup
        raise Rejected("bad_html", f"HTML could not be parsed: {exc}") from exc
    result: dict[str, Any] = {}
    if extracted is not None:
        result = extracted if isinstance(extracted, dict) else extracted.as_dict()
    if len((result.get("text") or "").split()) < MIN_WORDS:
        raise Rejected("no_article_text", "the page holds no article text")
    body = normalise_newlines(result["text"])
    title = clean_title(result.get("title"), result.get("sitename"), result.get("hostname"),
                        result.get("author"))
    return {
        "text": f"{title}\n{body}" if title and not body.startswith(title) else body,
        "title": title,
        "published": result.get("date"),
        "outlet": result.get("sitename") or result.get("hostname"),
        "url": result.get("url") or url,
        "author": result.get("author"),
    }


_SEPARATOR = re.compile(r"\s+(?:\||-|–|—|\*|::|•)\s+")


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def clean_title(title: str | None, *names: str | None) -> str | None:
    """Drop trailing " | Site name", " - Site" and " | by Author" parts of a page title.

    A trailing part goes only when it names the site, its host or the author, so
    a headline with a dash of its own keeps it.
    """
    if not title:
        return title
    known = [k for n in names if n and (k := _squash(n.removeprefix("www.").split(".")[0]))]
    title = title.strip()
    for separator in reversed(list(_SEPARATOR.finditer(title))):
        tail = _squash(re.sub(r"^[Bb]y\s+", "", title[separator.end():]))
        if not tail or not any(tail in k or k in tail for k in known):
            break
        title = title[: separator.start()]
    return title
