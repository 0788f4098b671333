"""Presenting the ledger: tables and machine formats for the terminal."""
