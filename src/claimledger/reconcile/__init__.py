"""Reconciliation across documents: measures, conflicts, part-whole checks, origins."""
