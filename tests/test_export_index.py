"""The erasure's index of the export files (privacy/erasure.export_index): which rows of which export file
hold an identifying value, read only from files written since the last erasure, so a month's erasure does
not read every file of every month again; and the folders and check built on it."""

from __future__ import annotations

import os
from datetime import date

import duckdb
import polars as pl
import pytest

from jib_assets.privacy import erasure


def _write(exports, bestand: str, rows: list[dict[str, str]]) -> None:
    path = exports / bestand
    path.parent.mkdir(parents=True, exist_ok=True)
    pl.DataFrame(rows, schema={"jib_id": pl.String, "geslachtsnaam": pl.String, "gemeentecode": pl.String}).write_csv(
        path, separator=";")


@pytest.fixture
def exports(tmp_path):
    folder = tmp_path / "exports"
    _write(folder, "2025-01/GM0988/jib_lijst.csv", [
        {"jib_id": "JIB-A", "geslachtsnaam": "Aal", "gemeentecode": "GM0988"},
        {"jib_id": "JIB-B", "geslachtsnaam": "", "gemeentecode": "GM0988"},  # erased already
    ])
    _write(folder, "2025-02/GM0988/jib_lijst.csv", [
        {"jib_id": "JIB-A", "geslachtsnaam": "Aal", "gemeentecode": "GM0988"},
        {"jib_id": "JIB-C", "geslachtsnaam": "Cor", "gemeentecode": "GM0988"},
    ])
    _write(folder, "2025-02/GM0946/jib_lijst.csv", [{"jib_id": "JIB-D", "geslachtsnaam": "Dop", "gemeentecode": "GM0946"}])
    (folder / "2025-02" / "GM0946" / "leesmij.txt").write_text("not an export table")
    return folder


@pytest.fixture
def reads(monkeypatch):
    """The export files read from disk (not from the index), in order."""
    seen: list[str] = []
    real = erasure._rows_with_identifying_value

    def spy(path, ident):
        seen.append(f"{path.parent.parent.name}/{path.parent.name}/{path.name}")
        return real(path, ident)

    monkeypatch.setattr(erasure, "_rows_with_identifying_value", spy)
    return seen


def _rows(frame: pl.DataFrame) -> list[tuple[str, str]]:
    return sorted(frame.iter_rows())


def test_the_index_lists_every_row_with_an_identifying_value_and_reads_a_file_once(exports, reads):
    first = erasure.export_index(exports)
    # checked by hand against the fixture: JIB-B's name is empty, the txt file is not an export table
    assert _rows(first) == [("2025-01/GM0988/jib_lijst.csv", "JIB-A"), ("2025-02/GM0946/jib_lijst.csv", "JIB-D"),
                            ("2025-02/GM0988/jib_lijst.csv", "JIB-A"), ("2025-02/GM0988/jib_lijst.csv", "JIB-C")]
    assert len(reads) == 3
    assert oct((exports / erasure.EXPORT_INDEX).stat().st_mode & 0o777) == "0o600"

    reads.clear()
    assert _rows(erasure.export_index(exports)) == _rows(first)
    assert reads == []  # nothing changed: nothing read again


def test_a_rewritten_or_new_file_is_read_again_and_a_removed_one_leaves_the_index(exports, reads):
    erasure.export_index(exports)
    reads.clear()
    _write(exports, "2025-02/GM0988/jib_lijst.csv", [
        {"jib_id": "JIB-A", "geslachtsnaam": "", "gemeentecode": "GM0988"},  # the erasure's rewrite
        {"jib_id": "JIB-C", "geslachtsnaam": "Cor", "gemeentecode": "GM0988"},
    ])
    _write(exports, "2025-03/GM0988/jib_lijst.csv", [{"jib_id": "JIB-E", "geslachtsnaam": "Eik", "gemeentecode": "GM0988"}])
    os.remove(exports / "2025-02" / "GM0946" / "jib_lijst.csv")

    rows = erasure.export_index(exports)
    assert sorted(reads) == ["2025-02/GM0988/jib_lijst.csv", "2025-03/GM0988/jib_lijst.csv"]
    assert _rows(rows) == [("2025-01/GM0988/jib_lijst.csv", "JIB-A"), ("2025-02/GM0988/jib_lijst.csv", "JIB-C"),
                           ("2025-03/GM0988/jib_lijst.csv", "JIB-E")]


def test_another_set_of_identifying_columns_or_a_damaged_index_reads_every_file(exports, reads, monkeypatch):
    erasure.export_index(exports)
    reads.clear()
    monkeypatch.setattr(erasure, "identifying", lambda: ["bsn", "geslachtsnaam", "telefoonnummer"])
    erasure.export_index(exports)
    assert len(reads) == 3

    reads.clear()
    (exports / erasure.EXPORT_INDEX).write_bytes(b"not parquet")
    assert len(erasure.export_index(exports)) == 4
    assert len(reads) == 3


def test_files_to_rewrite_and_the_check_take_the_register_from_the_warehouse(exports):
    con = duckdb.connect()
    con.execute("CREATE TABLE bezwaar_register (jib_id VARCHAR, peildatum_bezwaar DATE)")
    con.execute("INSERT INTO bezwaar_register VALUES ('JIB-A', DATE '2025-02-01'), ('JIB-B', DATE '2025-02-01')")
    assert erasure.export_files_to_rewrite(con, exports) == [(date(2025, 1, 1), "GM0988", "jib_lijst"),
                                                             (date(2025, 2, 1), "GM0988", "jib_lijst")]
    assert erasure.remaining_in_exports(con, exports) == {"2025-01/GM0988/jib_lijst.csv": 1,
                                                          "2025-02/GM0988/jib_lijst.csv": 1}
    con.execute("DELETE FROM bezwaar_register")
    assert erasure.export_files_to_rewrite(con, exports) == []
    assert erasure.remaining_in_exports(con, exports) == {}
