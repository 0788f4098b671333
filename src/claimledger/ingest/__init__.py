"""Ingest: turn files, directories, archives and stdin into :class:`Article` records.

Every input ends as an ``Article`` or a ``Rejection`` with a reason; nothing is
silently dropped, and one bad input never stops the others.
"""

from claimledger.ingest.sources import Overrides, iter_inputs

__all__ = ["Overrides", "iter_inputs"]
