"""Extraction: the spaCy pipeline and claimledger's components."""
