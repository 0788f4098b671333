"""Tables for reconciliation, in SQL that SQLite and PostgreSQL both accept.

``DOUBLE PRECISION`` is an 8-byte float in both (SQLite reads it as REAL), and no
engine-specific type or default is used, so one script serves both migration lists.
"""

from __future__ import annotations

RECONCILE = """
CREATE TABLE measures (
    id TEXT PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    kind_of_period TEXT NOT NULL,
    unit TEXT
);
CREATE TABLE measure_claims (
    claim_id TEXT PRIMARY KEY REFERENCES claims(id) ON DELETE CASCADE,
    measure_id TEXT NOT NULL REFERENCES measures(id),
    quantity TEXT NOT NULL,
    concepts TEXT NOT NULL,
    head TEXT NOT NULL,
    bounded INTEGER NOT NULL,
    low DOUBLE PRECISION,
    high DOUBLE PRECISION,
    reading TEXT,
    period_kind TEXT NOT NULL,
    period_start TEXT,
    period_end TEXT,
    period_reading TEXT NOT NULL,
    figure_key TEXT NOT NULL,
    why TEXT NOT NULL
);
CREATE INDEX measure_claims_measure ON measure_claims(measure_id);
CREATE INDEX measure_claims_figure ON measure_claims(figure_key);
CREATE TABLE measure_concepts (
    concept TEXT NOT NULL,
    claim_id TEXT NOT NULL REFERENCES measure_claims(claim_id) ON DELETE CASCADE,
    PRIMARY KEY (concept, claim_id)
);
CREATE TABLE conflicts (
    id TEXT PRIMARY KEY,
    measure_id TEXT NOT NULL REFERENCES measures(id),
    claim_a TEXT NOT NULL,
    claim_b TEXT NOT NULL,
    relative_gap DOUBLE PRECISION NOT NULL,
    explanation TEXT NOT NULL
);
CREATE INDEX conflicts_measure ON conflicts(measure_id);
CREATE TABLE consistency_checks (
    id TEXT PRIMARY KEY,
    part_claim_id TEXT NOT NULL,
    whole_claim_id TEXT NOT NULL,
    part_measure_id TEXT NOT NULL,
    whole_measure_id TEXT NOT NULL,
    consistent INTEGER NOT NULL,
    arithmetic TEXT NOT NULL
);
CREATE TABLE figure_origins (
    claim_id TEXT PRIMARY KEY,
    figure_key TEXT NOT NULL,
    first_claim_id TEXT NOT NULL,
    role TEXT NOT NULL,
    why TEXT NOT NULL
);
CREATE INDEX figure_origins_figure ON figure_origins(figure_key);
CREATE TABLE minhash_signatures (
    document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    signature TEXT NOT NULL
);
CREATE TABLE minhash_bands (
    band TEXT NOT NULL,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    PRIMARY KEY (band, document_id)
);
CREATE TABLE document_links (
    document_id TEXT NOT NULL,
    copy_of TEXT NOT NULL,
    similarity DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (document_id, copy_of)
);
CREATE INDEX document_links_copy ON document_links(copy_of);
"""
"""Migration ``0003_reconcile``."""

RECONCILE_NAMES = """
ALTER TABLE measure_claims ADD COLUMN names TEXT NOT NULL DEFAULT '';
"""
"""Migration ``0004_reconcile_names``: the names in a claim's sentence, which claims
on measures without a field concept must share to be compared."""

STORIES = """
ALTER TABLE claims ADD COLUMN thing TEXT;
ALTER TABLE claims ADD COLUMN modifiers TEXT;
ALTER TABLE claims ADD COLUMN event TEXT;
ALTER TABLE claims ADD COLUMN about TEXT;
ALTER TABLE documents ADD COLUMN published_from TEXT;
ALTER TABLE conflicts ADD COLUMN kind TEXT NOT NULL DEFAULT 'conflict';
ALTER TABLE measures ADD COLUMN story_id TEXT;
ALTER TABLE measure_claims ADD COLUMN change INTEGER NOT NULL DEFAULT 0;
CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    size INTEGER NOT NULL,
    norm_sq DOUBLE PRECISION NOT NULL,
    first_published TEXT,
    last_published TEXT
);
CREATE TABLE story_documents (
    document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    story_id TEXT NOT NULL REFERENCES stories(id),
    similarity DOUBLE PRECISION NOT NULL
);
CREATE INDEX story_documents_story ON story_documents(story_id);
CREATE TABLE story_terms (
    term TEXT NOT NULL,
    story_id TEXT NOT NULL REFERENCES stories(id),
    weight DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (term, story_id)
);
"""
"""Migration ``0006_stories``: the readings extraction now makes of each figure (what
it counts, narrowed how, in what event), where a publication date came from, stories
(documents on one event, with the summed term weights their members are matched
against), the story of each measure and the kind of each disagreement."""

EXTRACT_2 = """
ALTER TABLE claims ADD COLUMN amount DOUBLE PRECISION;
ALTER TABLE claims ADD COLUMN amount_low DOUBLE PRECISION;
ALTER TABLE claims ADD COLUMN amount_high DOUBLE PRECISION;
ALTER TABLE claims ADD COLUMN amount_unit TEXT;
ALTER TABLE quotes ADD COLUMN quoted TEXT;
ALTER TABLE runs ADD COLUMN host TEXT;
ALTER TABLE runs ADD COLUMN pid INTEGER;
ALTER TABLE runs ADD COLUMN interrupted INTEGER NOT NULL DEFAULT 0;
"""
"""Migration ``0007_extract_2``, the ``claimledger.extract/2`` contract: a claim's value
and unit are now as printed ("19 cents": 19, cent) and the ``amount`` columns hold the
amount compared (0.19, USD); rows written before hold the compared amount in ``value``
and ``unit`` and nothing here, and readers fall back to them (``COALESCE``). A quote is
now one attribution, ``quoted`` the JSON list of its spans inside quotation marks. A run
records the host and process that made it, so the next run on that host can mark it
``interrupted`` when that process is gone without finishing it."""

MEASURES_BY_STORY = """
CREATE INDEX measures_story ON measures(story_id);
"""
"""Migration ``0008_measures_by_story``: a new claim is matched against the measures of
its story (the same figure said in other words joins them), one indexed lookup per
document."""

QUOTE_RULES = """
ALTER TABLE quotes ADD COLUMN rule TEXT;
"""
"""Migration ``0010_quote_rules``: the attribution rule that found each quote's speaker
(``claimledger.quotes.v3``); ``NULL`` on rows an older component wrote."""

CONFLICT_REVIEWS = """
CREATE TABLE conflict_reviews (
    conflict_id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    note TEXT NOT NULL,
    reviewed_at TEXT NOT NULL
);
"""
"""Migration ``0011_conflict_reviews``: a reviewer's mark on a disagreement (reviewed,
confirmed, dismissed with a note). Keyed by conflict id, which is derived from the two
claims, and kept apart from ``conflicts`` so a rebuild leaves it standing."""

CLAIM_LISTING = """
CREATE INDEX documents_outlet ON documents(outlet);
CREATE INDEX claims_speaker ON claims(speaker_id);
"""
"""Migration ``0012_claim_listing``: the web's claims list filters by outlet and by
speaker; each is one indexed lookup instead of a scan of every claim."""

INGEST_JOBS = """
CREATE TABLE ingest_jobs (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    status TEXT NOT NULL,
    name TEXT NOT NULL,
    format TEXT NOT NULL,
    payload BYTEA NOT NULL,
    overrides TEXT NOT NULL,
    fetch_url TEXT,
    result TEXT,
    finished_at TEXT
);
CREATE INDEX ingest_jobs_queue ON ingest_jobs(status, created_at);
"""
"""Migration ``0009_ingest_jobs``: the web app's ingest queue (``store/jobs.py``).
``BYTEA`` is PostgreSQL's byte string; SQLite stores the bytes as they are."""

MEASURE_PARTS = """
ALTER TABLE measure_claims ADD COLUMN part INTEGER NOT NULL DEFAULT 0;
"""
"""Migration ``0013_measure_parts``: whether a claim is a part of the figure after it
("94,000 of the 140,000 deaths"), which is set against parts only."""

STORY_NEIGHBOURS = """
DROP TABLE story_terms;
ALTER TABLE stories DROP COLUMN norm_sq;
CREATE TABLE document_terms (
    term TEXT NOT NULL,
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    weight DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (term, document_id)
);
CREATE INDEX document_terms_document ON document_terms(document_id);
CREATE TABLE document_neighbours (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    neighbour_id TEXT NOT NULL,
    similarity DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (document_id, neighbour_id)
);
CREATE INDEX document_neighbours_neighbour ON document_neighbours(neighbour_id);
CREATE INDEX conflicts_claim_a ON conflicts(claim_a);
CREATE INDEX conflicts_claim_b ON conflicts(claim_b);
CREATE INDEX consistency_checks_part ON consistency_checks(part_claim_id);
CREATE INDEX consistency_checks_whole ON consistency_checks(whole_claim_id);
"""
"""Migration ``0014_story_neighbours``: stories grouped by shared nearest neighbours
instead of one-pass centroids (:mod:`claimledger.reconcile.stories`): each document's
term vector and its nearest documents, in place of each story's summed vector; and
the indexes that let a story's claims be taken out and placed again when a new
document splits or joins stories. Stories of a ledger stored before keep their old
grouping, and new documents cannot find those documents as neighbours, until
``claimledger reconcile`` rebuilds them."""

STORY_CLOSE = """
CREATE TABLE document_close (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    other_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    similarity DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (document_id, other_id)
);
"""
"""Migration ``0015_story_close``: pairs of documents at ``stories.CLOSE`` or more,
stored both ways, which link whether or not either keeps the other among its nearest
(a story with more copies of one report than a document keeps neighbours). A ledger
stored before has no such pairs, so its stories stay as they were until
``claimledger reconcile`` rebuilds them."""

RECONCILE_TABLES = ("document_close", "document_neighbours", "document_terms",
                    "story_documents", "stories", "document_links", "minhash_bands",
                    "minhash_signatures", "figure_origins", "consistency_checks", "conflicts",
                    "measure_concepts", "measure_claims", "measures")
"""Every reconciliation table, dependents first, so they can be cleared in this order."""
