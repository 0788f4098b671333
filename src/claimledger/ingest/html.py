"""HTML pages: main text and metadata through trafilatura."""

from __future__ import annotations

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
    result = extracted.as_dict() if extracted is not None else {}
    if len((result.get("text") or "").split()) < MIN_WORDS:
        raise Rejected("no_article_text", "the page holds no article text")
    body = normalise_newlines(result["text"])
    title = result.get("title")
    return {
        "text": f"{title}\n{body}" if title and not body.startswith(title) else body,
        "title": title,
        "published": result.get("date"),
        "outlet": result.get("sitename") or result.get("hostname"),
        "url": result.get("url") or url,
        "author": result.get("author"),
    }
