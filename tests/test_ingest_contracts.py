"""The pandera contracts of the delivery tables: a valid frame passes, and each check fails on a frame
that breaks it, with examples that name column, check and line but never a value."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import duckdb
import polars as pl
import pyarrow
import pytest

from jib_assets.db import install_macros
from jib_assets.ingest import CSV_SOURCES, ingest_csv, store
from jib_assets.quality.contracts import CONTRACTS, _chunks, passes_elfproef, validate_frame, validate_table
from test_ingest_csv import B1, B2, VALID, csv_text, write_month

P = date(2025, 3, 1)


@pytest.fixture(scope="module")
def frames(tmp_path_factory) -> dict[str, pl.DataFrame]:
    """Each delivery table's two valid rows, as the loader typed them."""
    folder = write_month(tmp_path_factory.mktemp("contracts"), {n: csv_text(n, *VALID[n]) for n in CSV_SOURCES})
    with duckdb.connect() as con:
        install_macros(con)
        for name in CSV_SOURCES:
            ingest_csv(con, folder, name, P)
        return {name: con.sql(f"SELECT * FROM {name} ORDER BY regel").pl() for name in CSV_SOURCES}


def casemanager_frame() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "peildatum": [P], "bestand": ["noord.xlsx"], "regel": [2], "jib_id": ["JIB-ABCDEFGHIJKL"],
            "gemeentecode": ["GM0014"], "datum_kaartje": [date(2025, 2, 3)], "reactie_kaartje": ["ja"],
            "datum_huisbezoek": [None], "bereikt": [True], "toestemming": [None], "ondersteuningsvraag": ["werk"],
            "datum_uitstroom": [None], "bestemming": [None], "bestede_uren": [Decimal("1.50")], "bezwaar": [False],
        },
        schema_overrides={"datum_huisbezoek": pl.Date, "toestemming": pl.Boolean, "datum_uitstroom": pl.Date,
                          "bestemming": pl.String, "bestede_uren": pl.Decimal(8, 2)},
    )


def test_every_table_has_a_contract():
    assert set(CONTRACTS) == {
        *CSV_SOURCES, "casemanager_monitoring", "duo_selectie", "ib_lijst", "gemeente_lijst", "werklijst_casemanager",
    }


def test_valid_frames_pass(frames):
    for name, frame in frames.items():
        assert validate_frame(name, frame) == (True, 0, []), name
    assert validate_frame("casemanager_monitoring", casemanager_frame()) == (True, 0, [])


@pytest.mark.parametrize(("bsn", "passes"), [("123456782", True), ("111222333", True), ("000000000", True),
                                            ("123456781", False), ("023456782", False)])
def test_elfproef(bsn, passes):
    assert pl.select(passes_elfproef(pl.lit(bsn))).item() is passes


def test_the_ingest_elfproef_is_the_rule_digit_by_digit():
    """sql/ingest_macros.sql sums the weights per group of three digits, from lists; here the rule is computed digit
    by digit, on 200,001 numbers spread over every 9-digit value and the hand-checked ones above."""
    numbers = [*range(0, 1_000_000_000, 4999), 999_999_999, 123456782, 111222333, 123456781, 23456782]

    def rule(n: int) -> bool:
        d = [int(c) for c in f"{n:09d}"]
        return (sum((9 - i) * d[i] for i in range(8)) - d[8]) % 11 == 0

    con = duckdb.connect()
    store.prepare(con)
    macro = con.execute("SELECT list(ingest_elfproef(n) ORDER BY i) FROM unnest(?) WITH ORDINALITY AS t(n, i)",
                        [numbers]).fetchall()[0][0]
    assert macro == [rule(n) for n in numbers]
    assert macro[-5:] == [False, True, True, False, False]  # 999999999, then the hand-checked cases
    assert 0.08 < sum(macro) / len(macro) < 0.1  # about one number in eleven passes


def first(column: str, value, dtype=None) -> pl.Expr:
    """Set `column` of the first row (regel 2) to value."""
    return pl.when(pl.col("regel") == 2).then(pl.lit(value, dtype=dtype)).otherwise(pl.col(column)).alias(column)


CASES = [
    ("uwv_polis", first("bsn", "123456781"), "bsn: elfproef faalt op 1 rij(en), regel 2"),
    ("uwv_polis", first("bsn", "12345678"), "bsn: str_matches('^[0-9]{9}$') faalt op 1 rij(en), regel 2"),
    ("uwv_polis", first("bsn", None, pl.String), "bsn: not_nullable faalt op 1 rij(en), regel 2"),
    ("uwv_polis", first("sv_loon", Decimal("-1.00"), pl.Decimal(12, 2)),
     "sv_loon: greater_than_or_equal_to(0) faalt op 1 rij(en), regel 2"),
    ("uwv_polis", first("uren", Decimal("-0.50"), pl.Decimal(10, 2)),
     "uren: greater_than_or_equal_to(0) faalt op 1 rij(en), regel 2"),
    ("uwv_polis", first("contractvorm", "VAST"), "contractvorm: isin("),
    ("uwv_polis", first("loonheffingennummer", "123"), "loonheffingennummer: str_matches("),
    ("uwv_polis", first("maand", date(2025, 2, 3)), "maand: eerste_dag_van_de_maand faalt op 1 rij(en), regel 2"),
    ("uwv_polis", pl.col("sv_loon").cast(pl.Float64),
     "sv_loon: dtype('Decimal(precision=12, scale=2)') faalt (Float64)"),
    ("uwv_polis", pl.lit("x").alias("extra"), "UwvPolis: column_in_schema faalt (extra)"),
    ("uwv_polis", first("regel", 1, pl.Int64), "regel: greater_than_or_equal_to(2) faalt op 1 rij(en), regel 1"),
    ("uwv_polis", [first("bsn", B2), first("loonheffingennummer", "987654321L02")],
     "UwvPolis: multiple_fields_uniqueness faalt op 2 rij(en), regel 2, 3"),
    ("brp_personen", first("geslacht", "Q"), "geslacht: isin("),
    ("brp_personen", first("geboortedatum", None, pl.Date), "geboortedatum: not_nullable"),
    ("brp_adressen", first("einddatum", date(2019, 12, 31)),
     "BrpAdressen: einddatum_niet_voor_begindatum faalt op 1 rij(en), regel 2"),
    ("brp_adressen", first("gemeentecode", "GM9999"), "gemeentecode: isin("),
    ("brp_adressen", first("postcode", "9711 AB"), "postcode: str_matches("),
    ("brp_adressen", first("huisnummer", -1, pl.Int32), "huisnummer: greater_than_or_equal_to(0)"),
    ("duo_diplomas", first("diploma", "MBO5"), "diploma: isin("),
    ("duo_inschrijvingen", first("brin", "ab12"), "brin: str_matches("),
    ("uwv_uitkeringen", first("einddatum", date(2023, 12, 31)), "UwvUitkeringen: einddatum_niet_voor_begindatum"),
    ("kvk_inschrijvingen", first("kvk_nummer", "1234"), "kvk_nummer: str_matches("),
    ("gemeente_klanten", first("regeling", "BIJSTAND"), "regeling: isin("),
]


@pytest.mark.parametrize(("table", "change", "example"), CASES, ids=[e.split(" faalt")[0] for *_, e in CASES])
def test_each_check_can_fail(frames, table, change, example):
    changes = change if isinstance(change, list) else [change]
    ok, failures, examples = validate_frame(table, frames[table].with_columns(changes))
    assert not ok and failures >= 1
    assert any(e.startswith(example) for e in examples), examples
    assert not any(B1 in e or B2 in e or "123456781" in e for e in examples)


CASEMANAGER_CASES = [
    (first("jib_id", "JIB-123"), "jib_id: str_matches("),
    (first("reactie_kaartje", "misschien"), "reactie_kaartje: isin("),
    (first("bestede_uren", Decimal("-1.00"), pl.Decimal(8, 2)), "bestede_uren: greater_than_or_equal_to(0)"),
    (first("bestemming", "pensioen"), "bestemming: isin("),
    (first("gemeentecode", None, pl.String), "gemeentecode: not_nullable"),
    (first("bestand", "casemanager/noord.xlsx"), "bestand: str_matches("),
]


@pytest.mark.parametrize(("change", "example"), CASEMANAGER_CASES, ids=[e for _, e in CASEMANAGER_CASES])
def test_each_casemanager_check_can_fail(change, example):
    ok, _, examples = validate_frame("casemanager_monitoring", casemanager_frame().with_columns(change))
    assert not ok and any(e.startswith(example) for e in examples), examples


def test_validate_table_checks_the_stored_month(con, tmp_path):
    ingest_csv(con, write_month(tmp_path, {"uwv_polis": csv_text("uwv_polis", *VALID["uwv_polis"])}), "uwv_polis", P)
    assert validate_table(con, "uwv_polis", P) == (True, 0, [])
    con.execute("UPDATE uwv_polis SET sv_loon = -5 WHERE regel = 3")
    ok, failures, examples = validate_table(con, "uwv_polis", P)
    assert (ok, failures, examples) == (False, 1, ["sv_loon: greater_than_or_equal_to(0) faalt op 1 rij(en), regel 3"])
    assert validate_table(con, "uwv_polis", date(2025, 4, 1)) == (True, 0, [])


def test_small_batches_are_validated_in_frames_of_the_chunk_size():
    # DuckDB hands out batches of about 120,000 rows whatever size is asked; pandera's fixed cost per
    # frame made a national polis file twice as slow when each batch was validated apart.
    batches = [pyarrow.record_batch({"regel": [2 * i, 2 * i + 1]}) for i in range(5)]
    reader = pyarrow.RecordBatchReader.from_batches(batches[0].schema, batches)
    frames = list(_chunks(reader, 3))
    assert [f.height for f in frames] == [4, 4, 2]
    assert pl.concat(frames)["regel"].to_list() == list(range(10))
    empty = pyarrow.RecordBatchReader.from_batches(batches[0].schema, [])
    assert [(f.height, f.columns) for f in _chunks(empty, 3)] == [(0, ["regel"])]


def test_validate_table_in_chunks_still_finds_duplicate_keys(con, tmp_path):
    good1, good2 = VALID["uwv_polis"]
    ingest_csv(con, write_month(tmp_path, {"uwv_polis": csv_text("uwv_polis", good1, good2)}), "uwv_polis", P)
    con.execute("INSERT INTO uwv_polis SELECT * REPLACE (regel + 10 AS regel) FROM uwv_polis")
    ok, failures, examples = validate_table(con, "uwv_polis", P, chunk_rows=1)
    assert (ok, failures) == (False, 4)
    assert examples == ["UwvPolis: multiple_fields_uniqueness faalt op 4 rij(en), regel 2, 3, 12, 13"]
    with pytest.raises(ValueError, match="no contract for table 'quarantaine'"):
        validate_table(con, "quarantaine", P)


def test_validate_table_finds_a_key_repeated_within_one_chunk_where_pandera_reports_it(con, tmp_path):
    # The key is checked once over the whole month, not by pandera per chunk; the examples keep pandera's order.
    good1, good2 = VALID["uwv_polis"]
    ingest_csv(con, write_month(tmp_path, {"uwv_polis": csv_text("uwv_polis", good1, good2)}), "uwv_polis", P)
    con.execute("INSERT INTO uwv_polis SELECT * REPLACE (regel + 10 AS regel, -1 AS sv_loon) FROM uwv_polis")
    frame = con.sql("SELECT * FROM uwv_polis").pl()
    expected = (False, 6, [
        "UwvPolis: multiple_fields_uniqueness faalt op 4 rij(en), regel 2, 3, 12, 13",
        "sv_loon: greater_than_or_equal_to(0) faalt op 2 rij(en), regel 12, 13",
    ])
    assert validate_table(con, "uwv_polis", P) == validate_frame("uwv_polis", frame) == expected
