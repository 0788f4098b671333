"""Publication dates the metadata did not give: read from the URL or a date line, marked
as such, and never put over a date that was given."""

from __future__ import annotations

import pytest

from claimledger.ingest.dates import inferred_date
from claimledger.ledger import to_document
from claimledger.records import Article


@pytest.mark.parametrize("url, text, found", [
    ("https://news.example/2013/05/03/lohan-rehab", "Body.", ("2013-05-03", "url")),
    ("https://news.example/2013/may/03/local/rehab", "Body.", ("2013-05-03", "url")),
    (None, "Actress enters rehab\nMay 03,2013\nShe checked in.", ("2013-05-03", "text")),
    (None, "Judge sentences man\nPOSTED: 05 / 02 / 07,9:00 PM PDT\nA court...",
     ("2007-05-02", "text")),
    (None, "Headline\nPublished April 11,2007\nA man...", ("2007-04-11", "text")),
])
def test_a_date_is_read_from_the_address_or_a_date_line(
        url: str | None, text: str, found: tuple[str, str]) -> None:
    assert inferred_date(url, text) == found


def test_a_date_in_the_body_is_not_the_publication_date() -> None:
    text = ("Storm reaches the coast\n"
            "The last storm of this size reached the coast on March 3, 2011, and flooded "
            "three towns before it turned north again over open water.")
    assert inferred_date("https://news.example/weather/storm", text) is None


def test_a_given_date_is_kept_and_an_inferred_one_is_marked() -> None:
    text = "Actress enters rehab\nMay 03,2013\nShe checked in."
    given = to_document(Article("a.txt", text, published="2013-06-01"))
    assert (given.published, given.published_from) == ("2013-06-01", "given")
    read = to_document(Article("a.txt", text))
    assert (read.published, read.published_from) == ("2013-05-03", "text")
    unknown = to_document(Article("b.txt", "No date anywhere.\nJust words."))
    assert (unknown.published, unknown.published_from) == (None, None)


@pytest.mark.parametrize("given", ["9999-12-31", "0001-01-01", "-5000-01-01", "not a date"])
def test_an_impossible_given_date_is_unknown_and_noted(given: str) -> None:
    doc = to_document(Article("x.txt", "Flood\nThe river rose 2 metres.", published=given))
    assert (doc.published, doc.published_from) == (None, "unusable")


def test_a_given_date_in_range_is_kept() -> None:
    doc = to_document(Article("x.txt", "Flood\nThe river rose.", published="1850-03-02"))
    assert (doc.published, doc.published_from) == ("1850-03-02", "given")
