"""claimledger."""
