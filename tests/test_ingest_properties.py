"""Whatever a supplier sends, the reader either refuses the file with a DeliveryError or loads it so
that every row is accounted for (loaded or quarantined) and every loaded row keeps its contract.
And on generated deliveries, quarantaine finds exactly the defects the generator planted."""

from __future__ import annotations

import json
import tempfile
from datetime import date
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from jib_assets.db import install_macros
from jib_assets.ingest import CSV_SOURCES, DeliveryError, ingest_casemanager, ingest_csv
from jib_assets.quality.contracts import validate_table
from test_ingest_csv import B3, VALID, csv_text, header

P = date(2025, 3, 1)
NAMES = list(CSV_SOURCES)
PROPERTY = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Fields that are valid somewhere, invalid elsewhere, or awkward for a CSV reader.
TOKENS = st.sampled_from([
    "", B3, "123456782", "12345678", "000000000", "GM0014", "GM9999", "2025-02-30", "2025-02", "2024-01-01",
    "1234,56", "-1,00", "1.5", "M", "X", "WW", "VO", "MBO2", "ONBEPAALD", "12AB", "123456789L01", "12345678",
    '"', '""', '"a;b"', '"x""y"', "\r", "\t", " ", "é", "\x00", "\ufeff", "Jansen", "😀",
])


@pytest.fixture(scope="module")
def workspace():
    """One connection and folder for all examples of a test: every ingest replaces the same partition."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "landing" / "2025-03"
        folder.mkdir(parents=True)
        (folder / "_COMPLETE").touch()
        con = duckdb.connect()
        install_macros(con)
        yield con, folder
        con.close()


def assert_loads_or_refuses(con, folder: Path, name: str, content: bytes) -> None:
    (folder / f"{name}.csv").write_bytes(content)
    try:
        result = ingest_csv(con, folder, name, P)
    except DeliveryError as error:
        assert f"{name}.csv" in str(error)
        event("refused")
        return
    event("loaded with quarantaine" if result.rows_quarantined else "loaded")
    assert result.rows_read == result.rows_loaded + result.rows_quarantined
    table_rows = con.execute(f"SELECT count(*), count(DISTINCT regel) FROM {name} WHERE peildatum = ?", [P]).fetchall()
    assert table_rows == [(result.rows_loaded, result.rows_loaded)]
    quarantined = con.execute(
        "SELECT count(*), count(DISTINCT regel), count(*) FILTER (WHERE reden IS NULL OR reden = '') "
        "FROM quarantaine WHERE peildatum = ? AND bestand = ?", [P, f"{name}.csv"]
    ).fetchall()
    assert quarantined == [(result.rows_quarantined, result.rows_quarantined, 0)]
    ok, failures, examples = validate_table(con, name, P)
    assert ok, examples


@PROPERTY
@given(name=st.sampled_from(NAMES), data=st.binary(max_size=600), with_header=st.booleans())
def test_arbitrary_bytes_never_crash_the_reader(workspace, name, data, with_header):
    con, folder = workspace
    content = (header(name).encode() + b"\n" + data) if with_header else data
    assert_loads_or_refuses(con, folder, name, content)


MUTATIONS = st.lists(
    st.tuples(st.sampled_from(["replace", "insert", "delete", "duplicate_line"]), st.integers(0, 10_000),
              st.binary(min_size=1, max_size=4)),
    min_size=1, max_size=6,
)


@PROPERTY
@given(name=st.sampled_from(NAMES), mutations=MUTATIONS, crlf=st.booleans())
def test_mutated_valid_files_never_crash_the_reader(workspace, name, mutations, crlf):
    con, folder = workspace
    content = bytearray(csv_text(name, *VALID[name], *VALID[name][::-1], eol="\r\n" if crlf else "\n").encode())
    for kind, at, data in mutations:
        at %= len(content) + 1
        if kind == "replace":
            content[at: at + len(data)] = data
        elif kind == "insert":
            content[at:at] = data
        elif kind == "delete":
            del content[at: at + len(data)]
        else:
            lines = bytes(content).split(b"\n")
            lines.insert(at % len(lines), lines[at % len(lines)])
            content = bytearray(b"\n".join(lines))
    assert_loads_or_refuses(con, folder, name, bytes(content))


@PROPERTY
@given(name=st.sampled_from(NAMES), lines=st.lists(st.lists(TOKENS | st.text(max_size=8), max_size=12), max_size=8))
def test_rows_of_odd_fields_are_loaded_or_quarantined(workspace, name, lines):
    con, folder = workspace
    rows = [";".join(fields) for fields in lines]
    assert_loads_or_refuses(con, folder, name, csv_text(name, VALID[name][0], *rows).encode())


@pytest.mark.slow
def test_quarantaine_finds_exactly_the_defects_the_generator_planted(con, tmp_path):
    from jib_assets.synth.generate import generate

    landing = tmp_path / "landing"
    generate("GM0088", date(2025, 1, 1), date(2025, 2, 1), seed=7, dirty=True, landing=landing, key=b"k",
             progress=False)
    reason_of_kind = {
        "invalid_bsn": "bsn: elfproef faalt", "duplicate_row": "dubbele sleutel, eerste op regel ",
        "unknown_gemeentecode": "gemeentecode: onbekend (GM", "impossible_date": ": onmogelijke datum",
        "end_before_begin": "einddatum: voor begindatum", "negative_amount": ": negatief",
    }
    for folder in sorted(landing.iterdir()):
        peildatum = date.fromisoformat(f"{folder.name}-01")
        defects = json.loads((folder / "_defects.json").read_text(encoding="utf-8"))["defects"]
        refused = {d["file"]: d["kind"] for d in defects if d["kind"] in ("wrong_header", "encoding")}
        for name in CSV_SOURCES:
            if f"{name}.csv" in refused:
                with pytest.raises(DeliveryError, match="wrong header" if refused[f"{name}.csv"] == "wrong_header"
                                   else "not UTF-8"):
                    ingest_csv(con, folder, name, peildatum)
            else:
                ingest_csv(con, folder, name, peildatum)
                assert validate_table(con, name, peildatum)[0]
        ingest_casemanager(con, folder, peildatum)
        assert validate_table(con, "casemanager_monitoring", peildatum)[0]

        planted = {(d["file"], d["line"]): d["kind"] for d in defects if d["file"] not in refused}
        # Only ingest runs here, so no worklist was ever made and every spreadsheet row is about no one the
        # municipality was given; that rule is tested in test_ingest_casemanager and, on generated months
        # with the chain, in test_sleutel (no spreadsheet row of the generator is quarantined there).
        found = dict(((b, r), reden) for b, r, reden in con.execute(
            "SELECT bestand, regel, reden FROM quarantaine WHERE peildatum = ? "
            "AND reden <> 'jib_id: nooit op een werklijst van deze gemeente'", [peildatum]).fetchall())
        assert set(found) == set(planted)
        assert all(reason_of_kind[planted[k]] in found[k] for k in planted)


def test_the_generator_writes_the_format_the_reader_reads():
    from jib_assets.ingest.sources import CASEMANAGER_KOLOMMEN, CASEMANAGER_SHEET
    from jib_assets.synth import formats

    assert formats.HEADERS == {spec.bestand: spec.header for spec in CSV_SOURCES.values()}
    assert formats.KEYS == {spec.bestand: spec.key for spec in CSV_SOURCES.values()}
    assert (formats.CASEMANAGER_COLUMNS, formats.CASEMANAGER_SHEET) == (CASEMANAGER_KOLOMMEN, CASEMANAGER_SHEET)
