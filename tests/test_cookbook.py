"""Every cookbook query of docs/analysts.md runs against a freshly published database and returns rows,
and the guide shows each query exactly as it is in docs/cookbook/."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from jib_assets.report.voorbeeld import bouw_analytics

DOCS = Path(__file__).resolve().parents[1] / "docs"
QUERIES = sorted((DOCS / "cookbook").glob("*.sql"))


@pytest.fixture(scope="session")
def analytics(tmp_path_factory) -> Path:
    target = tmp_path_factory.getbasetemp() / "voorbeeld" / "analytics.duckdb"
    return target if target.exists() else bouw_analytics(target)


def test_there_are_thirteen_questions():
    assert len(QUERIES) == 13


@pytest.mark.parametrize("query", QUERIES, ids=lambda p: p.stem)
def test_the_query_runs_and_returns_rows(query, analytics):
    con = duckdb.connect(str(analytics), read_only=True)
    try:
        rows = con.execute(query.read_text(encoding="utf-8")).fetchall()
    finally:
        con.close()
    assert rows


@pytest.mark.parametrize("query", QUERIES, ids=lambda p: p.stem)
def test_the_guide_shows_the_query_as_it_is_in_the_file(query):
    guide = (DOCS / "analysts.md").read_text(encoding="utf-8")
    assert f"```sql\n{query.read_text(encoding='utf-8')}```" in guide
    assert f"docs/cookbook/{query.name}" in guide
