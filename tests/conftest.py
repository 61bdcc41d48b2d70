"""Shared fixtures: an in-memory DuckDB with the rule macros, and a demo pseudonym key."""

from __future__ import annotations

import duckdb
import pytest

from jib_assets.db import install_macros

TEST_KEY = "test-key-not-secret"


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
