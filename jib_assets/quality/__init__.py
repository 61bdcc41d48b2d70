"""Data quality: pandera contracts, Great Expectations suites, reconciliation between steps."""
