"""Origins: the first appearance, new sources, and echoes (copies, re-quotes, unsourced)."""

from __future__ import annotations

from collections.abc import Callable

from claimledger.reconcile.measures import Assignment
from claimledger.reconcile.origins import history, source_key

Place = Callable[..., Assignment]
TEXT = "Officials say 61,000 soldiers are absent without leave."


def test_roles_follow_date_then_ingest_order(place: Place) -> None:
    wire = place(TEXT, "61,000", 61000, doc="wire", order=5, published="2025-03-01",
                 speaker="General staff", speaker_key="general staff")
    copy = place(TEXT, "61,000", 61000, doc="copy", order=6, published="2025-03-02",
                 speaker="General staff", speaker_key="general staff")
    requote = place(TEXT, "61,000", 61000, doc="paper", order=2, published="2025-03-04",
                    speaker="General Staff in Kyiv", speaker_key="general staff in kyiv")
    bare = place(TEXT, "61,000", 61000, doc="blog", order=1, published=None)
    ombudsman = place(TEXT, "61,000", 61000, doc="radio", order=9, published="2025-03-05",
                      speaker="The ombudsman", speaker_key="the ombudsman")
    found = {f.claim_id: f for f in history([bare, ombudsman, requote, copy, wire],
                                            {frozenset(("wire", "copy"))})}
    assert {f.first_claim_id for f in found.values()} == {wire.claim.id}
    assert found[wire.claim.id].role == "origin"
    assert found[copy.claim.id].role == "echo" and "near-copy" in found[copy.claim.id].why
    assert found[requote.claim.id].role == "echo" and "re-quoted" in found[requote.claim.id].why
    assert found[bare.claim.id].role == "echo"  # undated and unsourced: comes last
    assert found[ombudsman.claim.id].role == "independent"


def test_source_key_drops_where_a_source_sits() -> None:
    assert source_key("military officials in kyiv") == "military officials"
    assert source_key(None) is None


def test_within_a_document_the_attributed_appearance_is_the_origin(place: Place) -> None:
    text = "Officials say 61,000 soldiers are absent without leave. 61,000 AWOL."
    headline = place(text, "61,000", 61000, doc="a", order=1)
    body = place(text, "61,000 AWOL", 61000, doc="a", order=1, speaker="Officials",
                 speaker_key="officials")
    found = {f.claim_id: f for f in history([headline, body], set())}
    assert found[body.claim.id].role == "origin"
    assert found[headline.claim.id].role == "echo"
