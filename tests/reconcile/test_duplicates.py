"""MinHash signatures: copies score high and share a band, different texts do not."""

from __future__ import annotations

from claimledger.reconcile import duplicates

STORY = ("The harbour authority said on Monday that container traffic rose for a third "
         "month in a row, helped by new routes to the south and a quicker customs check. "
         "Dock workers said the extra shifts were welcome but asked for safer cranes. ")
OTHER = ("A local choir won the regional contest with a programme of folk songs, and its "
         "conductor thanked the volunteers who drove the singers to every rehearsal. ")


def test_a_syndicated_copy_is_near_and_an_unrelated_text_is_not() -> None:
    copy = "Harbour traffic up again\n" + STORY + "This story first ran on another site."
    a, b, c = (duplicates.signature(t) for t in (STORY * 2, copy + STORY, OTHER * 2))
    assert duplicates.similarity(a, b) >= duplicates.THRESHOLD
    assert set(duplicates.band_keys(a)) & set(duplicates.band_keys(b))
    assert duplicates.similarity(a, c) < 0.1


def test_signatures_survive_storage() -> None:
    sig = duplicates.signature(STORY)
    assert duplicates.similarity(duplicates.decode(duplicates.encode(sig)), sig) == 1.0
