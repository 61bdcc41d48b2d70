"""Shared fixtures: an in-memory DuckDB with the rule macros, and a demo pseudonym key; and which tests
are slow. Builders (BSNs, register-shaped frames, `jib` in a subprocess) are in tests/builders.py."""

from __future__ import annotations

import duckdb
import pytest

from jib_assets.db import install_macros

TEST_KEY = "test-key-not-secret"

# Kept out of the fast loop (`pytest -m "not slow"`), in one place: each generates deliveries, runs the
# chain or a published database, starts Great Expectations or a second Python, or searches with hypothesis.
SLOW_MODULES = {
    "test_end_to_end.py", "test_privacy_logs.py", "test_dirty_run.py", "test_privacy_erasure.py", "test_synth.py",
    "test_synth_dirty.py", "test_report.py", "test_cookbook.py", "test_expectations.py",
    "test_ingest_properties.py",
}
SLOW_TESTS = {
    "test_analytics.py::test_duckdb_1_4_and_the_current_duckdb_both_open_the_published_file",
    "test_dictionary.py::test_the_guide_dictionary_equals_the_generated_one",
    "test_dictionary.py::test_every_published_table_and_column_is_in_the_dictionary_with_its_comment",
    "test_plumbing.py::test_the_ingest_benchmark_runs_on_a_small_delivery",
    "test_plumbing.py::test_the_first_month_is_read_when_the_definitions_load_not_at_import",
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        module = item.path.name
        if module in SLOW_MODULES or f"{module}::{item.originalname}" in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def con() -> duckdb.DuckDBPyConnection:
    connection = duckdb.connect()
    install_macros(connection)
    yield connection
    connection.close()


@pytest.fixture
def key_env(monkeypatch: pytest.MonkeyPatch) -> bytes:
    monkeypatch.setenv("JIB_PSEUDONYM_KEY", TEST_KEY)
    return TEST_KEY.encode()
