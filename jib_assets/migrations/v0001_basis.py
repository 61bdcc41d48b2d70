"""The schema of release 48e75e5 (2026-11), the first with a warehouse in use: the baseline.

Nothing to change: its tables are this release's, and what this release adds is additive (the register's
evolution after the numbered migrations). Recording version 1 marks the warehouse as managed from here on.
"""

from __future__ import annotations

import duckdb


def apply(con: duckdb.DuckDBPyConnection) -> None:
    """No change to the release's tables."""
