"""The synthetic deliveries: exactly the format of sources.md, deterministic, calibrated, and
consistent between months and with the generator's own expected list.

One AM33 run of four months is shared by most tests. Assertion messages never show a BSN
or a name: tests assert on counts and patterns.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import openpyxl
import polars as pl
import pytest

from jib_assets.parameters import STARTKWALIFICATIE_DIPLOMAS
from jib_assets.privacy.pseudonym import jib_id
from jib_assets.reference import gemeenten, gemeenten_in_region
from jib_assets.synth import SynthSummary, generate

KEY = b"synth-test-key-not-secret"
SEED = 11
MONTHS = ["2025-01", "2025-02", "2025-03", "2025-04"]

# sources.md, written out again here so that a slip in the generator's own table is caught.
HEADERS = {
    "brp_personen.csv": "bsn;geslachtsnaam;voorvoegsel;voornamen;geboortedatum;geslacht;datum_overlijden;datum_vertrek_buitenland",
    "brp_adressen.csv": "bsn;gemeentecode;straatnaam;huisnummer;huisletter;huisnummertoevoeging;postcode;woonplaats;begindatum;einddatum",
    "duo_diplomas.csv": "bsn;diploma;datum_diploma;brin",
    "duo_inschrijvingen.csv": "bsn;onderwijssoort;brin;begindatum;einddatum",
    "uwv_polis.csv": "bsn;maand;loonheffingennummer;sv_loon;uren;contractvorm",
    "uwv_uitkeringen.csv": "bsn;uitkering;begindatum;einddatum",
    "kvk_inschrijvingen.csv": "bsn;kvk_nummer;rechtsvorm;begindatum;einddatum",
    "gemeente_klanten.csv": "gemeentecode;bsn;regeling;begindatum;einddatum",
}
ENUMS = {
    ("brp_personen.csv", "geslacht"): {"M", "V", "X"},
    ("duo_diplomas.csv", "diploma"): {"VMBO_BB", "VMBO_KB", "VMBO_GL", "VMBO_TL", "PRO", "VSO", "MBO1", "MBO2", "MBO3",
                                      "MBO4", "HAVO", "VWO", "HBO_AD", "HBO_BACHELOR", "HBO_MASTER", "WO_BACHELOR",
                                      "WO_MASTER"},
    ("duo_inschrijvingen.csv", "onderwijssoort"): {"VO", "PRO", "VSO", "VAVO", "MBO_BOL", "MBO_BBL", "HBO", "WO"},
    ("uwv_polis.csv", "contractvorm"): {"ONBEPAALD", "BEPAALD", "OPROEP", "UITZEND"},
    ("uwv_uitkeringen.csv", "uitkering"): {"WW", "ZW", "WGA", "IVA", "WAJONG", "TW", "PARTICIPATIEWET", "IOAW", "IOAZ"},
    ("kvk_inschrijvingen.csv", "rechtsvorm"): {"EENMANSZAAK", "VOF", "MAATSCHAP", "OVERIG"},
    ("gemeente_klanten.csv", "regeling"): {"WMO", "PARTICIPATIEWET", "SCHULDHULP", "JEUGDWET"},
}
PATTERNS = {
    "bsn": r"^\d{9}$",
    "postcode": r"^\d{4}[A-Z]{2}$",
    "loonheffingennummer": r"^\d{9}L\d{2}$",
    "brin": r"^[0-9A-Z]{4}$",
    "kvk_nummer": r"^\d{8}$",
    "maand": r"^\d{4}-\d{2}$",
    "sv_loon": r"^\d+,\d{2}$",
    "uren": r"^\d+,\d{2}$",
    "gemeentecode": r"^GM\d{4}$",
    "huisnummer": r"^[1-9]\d*$",
}
DATE_COLUMNS = {"geboortedatum", "datum_overlijden", "datum_vertrek_buitenland", "begindatum", "einddatum", "datum_diploma"}
CASEMANAGER_HEADER = ("jib_id", "gemeentecode", "datum_kaartje", "reactie_kaartje", "datum_huisbezoek", "bereikt",
                      "toestemming", "ondersteuningsvraag", "datum_uitstroom", "bestemming", "bestede_uren", "bezwaar",
                      "opmerkingen")


def _run(landing: Path, region: str = "AM33", first: str = MONTHS[0], last: str = MONTHS[-1], seed: int = SEED,
         dirty: bool = False) -> SynthSummary:
    return generate(region, date.fromisoformat(first + "-01"), date.fromisoformat(last + "-01"), seed=seed, dirty=dirty,
                    landing=landing, key=KEY, progress=False)


@pytest.fixture(scope="module")
def am33(tmp_path_factory) -> tuple[Path, SynthSummary]:
    landing = tmp_path_factory.mktemp("am33")
    return landing, _run(landing)


def _read(path: Path) -> pl.DataFrame:
    return pl.read_csv(path, separator=";", infer_schema=False, quote_char='"')


def _elfproef(bsn: pl.Series) -> pl.Series:
    digits = [bsn.str.slice(i, 1).cast(pl.Int64) for i in range(9)]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return total % 11 == 0


def _bad(mask: pl.Series) -> int:
    """How many rows break a rule; tests assert on this count, so a failure never shows the rows themselves."""
    return int((~mask.fill_null(False)).sum())


def _date_ok(col: pl.Series) -> pl.Series:
    values = col.drop_nulls()
    return values.str.contains(r"^\d{4}-\d{2}-\d{2}$") & values.str.to_date("%Y-%m-%d", strict=False).is_not_null()


# --- layout and format -------------------------------------------------------------------------


def test_every_month_is_a_complete_folder(am33):
    landing, _ = am33
    assert sorted(p.name for p in landing.iterdir()) == MONTHS
    for month in MONTHS:
        folder = landing / month
        assert {p.name for p in folder.iterdir()} == {*HEADERS, "casemanager", "_COMPLETE"}
        complete = folder / "_COMPLETE"
        assert complete.stat().st_size == 0
        assert all(complete.stat().st_mtime_ns >= p.stat().st_mtime_ns for p in folder.glob("*.csv")), "_COMPLETE is last"


def test_csv_bytes_follow_the_conventions(am33):
    landing, _ = am33
    for month in MONTHS:
        for name, header in HEADERS.items():
            raw = (landing / month / name).read_bytes()
            text = raw.decode("utf-8")  # raises if not UTF-8
            assert text.startswith(header + "\n"), f"{month}/{name}: header"
            assert "\r" not in text and text.endswith("\n")
            assert '"' not in text, f"{month}/{name}: no field here needs quoting"
            n_sep = header.count(";")
            assert all(line.count(";") == n_sep for line in text[:-1].split("\n")), f"{month}/{name}: field count"


def test_fields_have_the_formats_of_sources_md(am33):
    landing, _ = am33
    known_codes = set(gemeenten()["gemeentecode"].to_list())
    for month in (MONTHS[0], MONTHS[-1]):
        for name in HEADERS:
            df = _read(landing / month / name)
            assert df.height > 0, f"{month}/{name} is empty"
            for column in df.columns:
                col = df[column]
                if column in PATTERNS:
                    assert col.null_count() == 0, f"{name}.{column} has no empty values"
                    assert _bad(col.str.contains(PATTERNS[column])) == 0, f"{month}/{name}.{column} pattern"
                if column in DATE_COLUMNS:
                    assert _bad(_date_ok(col)) == 0, f"{month}/{name}.{column} is YYYY-MM-DD and a calendar date"
                if (name, column) in ENUMS:
                    assert set(col.unique().to_list()) <= ENUMS[(name, column)], f"{name}.{column} value set"
            assert _bad(_elfproef(df["bsn"])) == 0, f"{month}/{name}: every BSN passes the elfproef"
            if "gemeentecode" in df.columns:
                assert set(df["gemeentecode"].unique().to_list()) <= known_codes, f"{name}: gemeentecode in reference"
            if "einddatum" in df.columns:
                ended = df.filter(pl.col("einddatum").is_not_null())
                assert _bad(ended["einddatum"] >= ended["begindatum"]) == 0, f"{month}/{name}: no period ends before it begins"
                assert df["begindatum"].null_count() == 0


def test_keys_are_unique_and_bsns_distinct(am33):
    landing, _ = am33
    keys = {
        "brp_personen.csv": ["bsn"], "brp_adressen.csv": ["bsn", "begindatum"],
        "duo_diplomas.csv": ["bsn", "diploma", "datum_diploma"],
        "duo_inschrijvingen.csv": ["bsn", "onderwijssoort", "brin", "begindatum"],
        "uwv_polis.csv": ["bsn", "maand", "loonheffingennummer"], "uwv_uitkeringen.csv": ["bsn", "uitkering", "begindatum"],
        "kvk_inschrijvingen.csv": ["bsn", "kvk_nummer", "begindatum"],
        "gemeente_klanten.csv": ["gemeentecode", "bsn", "regeling", "begindatum"],
    }
    month = MONTHS[-1]
    for name, key in keys.items():
        df = _read(landing / month / name)
        duplicates = int(df.select(key).is_duplicated().sum())
        assert duplicates == 0, f"{name}: key {key} is unique"
    personen = _read(landing / month / "brp_personen.csv")
    leading_zero = int(personen["bsn"].str.starts_with("0").sum())
    assert leading_zero > 0, "leading zeros occur and are kept"
    for name in keys:
        orphans = len(set(_read(landing / month / name)["bsn"].to_list()) - set(personen["bsn"].to_list()))
        assert orphans == 0, f"{name}: every BSN has a BRP record"


def test_addresses_are_one_at_a_time_and_look_dutch(am33):
    landing, _ = am33
    month = MONTHS[-1]
    adressen = _read(landing / month / "brp_adressen.csv").with_columns(
        pl.col("begindatum").str.to_date(), pl.col("einddatum").str.to_date())
    overlapping = (
        adressen.sort("bsn", "begindatum")
        .with_columns(pl.col("einddatum").shift(1).over("bsn").alias("previous_end"))
        .filter(pl.col("previous_end").is_not_null() & (pl.col("previous_end") >= pl.col("begindatum")))
    )
    n_overlapping = overlapping.height
    assert n_overlapping == 0, "address periods of a person do not overlap"
    most_open = int(adressen.filter(pl.col("einddatum").is_null()).group_by("bsn").len()["len"].max())
    assert most_open == 1, "at most one open address per person"
    names = dict(zip(gemeenten()["gemeentecode"], gemeenten()["gemeentenaam"], strict=True))
    assert _bad(adressen["woonplaats"] == adressen["gemeentecode"].replace_strict(names)) == 0, "woonplaats is the gemeente's"
    region = set(gemeenten_in_region("AM33")["gemeentecode"].to_list())
    in_region = float(adressen.filter(pl.col("einddatum").is_null())["gemeentecode"].is_in(list(region)).mean())
    assert 0.85 < in_region < 1.0, "most live in the region, some moved out of it"
    limburg = adressen.filter(pl.col("gemeentecode") == "GM0988")["postcode"].str.slice(0, 4).cast(pl.Int64)
    assert _bad(limburg.is_between(5800, 6499)) == 0, "Weert's postcodes lie in Limburg's range"


def test_persons_cover_ages_15_to_30_with_margins(am33):
    landing, _ = am33
    for month in (MONTHS[0], MONTHS[-1]):
        peildatum = date.fromisoformat(month + "-01")
        born = _read(landing / month / "brp_personen.csv")["geboortedatum"].str.to_date()
        years = born.dt.year()
        assert (years.min(), years.max()) == (peildatum.year - 31, peildatum.year - 15)
        assert _bad(born <= peildatum) == 0


def test_names_are_dutch_with_diacritics_and_voorvoegsels(am33):
    landing, _ = am33
    personen = _read(landing / MONTHS[0] / "brp_personen.csv")
    with_prefix = float(personen["voorvoegsel"].is_in(["van", "de", "van der", "van den"]).mean())
    assert with_prefix > 0.05
    diacritics = int(personen["voornamen"].str.contains("[éëïöü]").sum())
    assert diacritics > 0, "names with diacritics (for the encoding defect)"
    assert (personen["geslachtsnaam"].null_count(), personen["voornamen"].null_count()) == (0, 0)


# --- snapshots in time ------------------------------------------------------------------------------


def test_polis_holds_the_twelve_months_before_the_folder_month(am33):
    landing, _ = am33
    for month in MONTHS:
        p = date.fromisoformat(month + "-01")
        expected = [f"{(p.year * 12 + p.month - 1 - k) // 12:04d}-{(p.year * 12 + p.month - 1 - k) % 12 + 1:02d}"
                    for k in range(12, 0, -1)]
        months = _read(landing / month / "uwv_polis.csv")["maand"].unique().sort().to_list()
        assert months == expected, f"{month}: polis months"


def test_later_snapshot_keeps_the_history_of_an_earlier_one(am33):
    landing, _ = am33
    first, later = landing / MONTHS[0], landing / MONTHS[-1]
    p1 = MONTHS[0] + "-01"

    def lines(folder: Path, name: str) -> set[str]:
        return set((folder / name).read_text(encoding="utf-8").split("\n")[1:-1])

    missing = len(lines(first, "duo_diplomas.csv") - lines(later, "duo_diplomas.csv"))
    assert missing == 0, "diplomas recur unchanged"
    a, b = _read(first / "brp_personen.csv"), _read(later / "brp_personen.csv")
    fixed = [c for c in a.columns if not c.startswith("datum_")]
    changed = a.join(b, on=fixed, how="anti", nulls_equal=True).height
    assert changed == 0, "persons recur with the same name, birth date and gender"
    known = a.filter(pl.col("datum_overlijden").is_not_null() | pl.col("datum_vertrek_buitenland").is_not_null())
    forgotten = known.join(b, on=a.columns, how="anti", nulls_equal=True).height
    assert forgotten == 0, "a known death or emigration stays"
    for name in ("brp_adressen.csv", "duo_inschrijvingen.csv", "uwv_uitkeringen.csv", "kvk_inschrijvingen.csv",
                 "gemeente_klanten.csv"):
        a, b = _read(first / name), _read(later / name)
        key = [c for c in a.columns if c != "einddatum"]
        closed = a.filter(pl.col("einddatum").is_not_null())
        changed = closed.join(b, on=a.columns, how="anti", nulls_equal=True).height
        assert changed == 0, f"{name}: ended periods recur"
        still_open = a.filter(pl.col("einddatum").is_null()).join(b, on=key, how="left", suffix="_later", nulls_equal=True)
        later_end = still_open["einddatum_later"]
        assert _bad(later_end.is_null() | (later_end >= p1)) == 0, (
            f"{name}: an open period is later still open or ends on or after the first peildatum")
        assert _bad(b["begindatum"] <= MONTHS[-1] + "-01") == 0, f"{name}: nothing begins after the peildatum"
    pol1, pol2 = _read(first / "uwv_polis.csv"), _read(later / "uwv_polis.csv")
    shared = sorted(set(pol1["maand"]) & set(pol2["maand"]))
    assert shared
    same = pol1.filter(pl.col("maand").is_in(shared)).sort(pol1.columns).equals(
        pol2.filter(pl.col("maand").is_in(shared)).sort(pol1.columns))
    assert same, "a month's wages are the same in later deliveries"


def test_no_einddatum_or_death_after_the_peildatum(am33):
    landing, _ = am33
    for month in MONTHS:
        p = month + "-01"
        personen = _read(landing / month / "brp_personen.csv")
        for column in ("datum_overlijden", "datum_vertrek_buitenland"):
            assert _bad(personen[column].drop_nulls() <= p) == 0
        for name in ("brp_adressen.csv", "duo_inschrijvingen.csv", "uwv_uitkeringen.csv", "gemeente_klanten.csv"):
            df = _read(landing / month / name)
            assert _bad(df["einddatum"].drop_nulls() <= p) == 0, f"{month}/{name}: a future einddatum is not known yet"


# --- the expected list: calibration and agreement with the files ------------------------------------


def test_calibration_midden_limburg(am33):
    _, summary = am33
    first = summary.expected(MONTHS[0])
    assert 220 <= first <= 380, "first-month list of Midden-Limburg is about 300"
    inflow = [summary.instroom(m) for m in MONTHS[1:]]
    assert 20 <= sum(inflow) / len(inflow) <= 50, "30-40 new a month"
    assert 35 <= summary.expected(MONTHS[0], "GM0988") <= 70, "about 50 in Weert"
    per_gemeente = [g for g in summary.gemeente_months if g.maand == MONTHS[0] and g.in_regio]
    assert len(per_gemeente) == 8 and all(g.op_lijst > 0 for g in per_gemeente)
    assert summary.instroom(MONTHS[0]) == first, "the first list is all new inflow"


def test_lists_are_split_into_categories(am33):
    _, summary = am33
    rows = [g for g in summary.gemeente_months if g.in_regio]
    total = sum(g.op_lijst for g in rows)
    assert sum(g.bekend + g.zzp + g.benaderen + g.bezwaar for g in rows) == total
    assert sum(g.benaderen for g in rows) > sum(g.bekend for g in rows) > sum(g.zzp for g in rows) > 0
    for g in rows:
        assert g.werklijst <= g.instroom


def _expected_from_files(folder: Path, month: str) -> dict[str, tuple[int, int]]:
    """rules.md steps 1-2 on the written files, independently of the generator: gemeente -> (selectie, lijst)."""
    con = duckdb.connect()
    for name in HEADERS:
        con.execute(f"CREATE TABLE {name[:-4]} AS SELECT * FROM read_csv(?, delim=';', header=true, all_varchar=true)",
                    [str(folder / name)])
    p = date.fromisoformat(month + "-01")
    income_month = f"{(p.year * 12 + p.month - 2) // 12:04d}-{(p.year * 12 + p.month - 2) % 12 + 1:02d}"
    holds = "begindatum::DATE <= $p AND (einddatum IS NULL OR einddatum::DATE >= $p)"
    rows = con.execute(
        f"""
        WITH duo AS (SELECT bsn FROM duo_diplomas UNION SELECT bsn FROM duo_inschrijvingen),
        adres AS (SELECT bsn, any_value(gemeentecode) AS gemeente, count(*) AS n FROM brp_adressen WHERE {holds} GROUP BY bsn),
        sk AS (SELECT DISTINCT bsn FROM duo_diplomas WHERE diploma IN (SELECT unnest($sk)) AND datum_diploma::DATE <= $p),
        onderwijs AS (SELECT DISTINCT bsn FROM duo_inschrijvingen WHERE {holds}),
        inkomen AS (SELECT bsn, sum(replace(sv_loon, ',', '.')::DECIMAL(12, 2)) AS bedrag FROM uwv_polis
                    WHERE maand = $income_month GROUP BY bsn),
        uitkering AS (SELECT DISTINCT bsn FROM uwv_uitkeringen WHERE {holds}),
        selectie AS (
            SELECT p.bsn, a.gemeente FROM brp_personen p JOIN duo USING (bsn) JOIN adres a USING (bsn)
            WHERE a.n = 1
              AND (datum_overlijden IS NULL OR datum_overlijden::DATE > $p)
              AND (datum_vertrek_buitenland IS NULL OR datum_vertrek_buitenland::DATE > $p)
              AND year($p) - year(geboortedatum::DATE)
                  - CASE WHEN month($p) * 100 + day($p) < month(geboortedatum::DATE) * 100 + day(geboortedatum::DATE)
                         THEN 1 ELSE 0 END BETWEEN 23 AND 26
              AND p.bsn NOT IN (SELECT bsn FROM sk) AND p.bsn NOT IN (SELECT bsn FROM onderwijs))
        SELECT gemeente, count(*),
               count(*) FILTER (WHERE coalesce(i.bedrag, 0) < 473 AND u.bsn IS NULL)
        FROM selectie s LEFT JOIN inkomen i USING (bsn) LEFT JOIN uitkering u USING (bsn)
        GROUP BY gemeente
        """,
        {"p": p, "sk": list(STARTKWALIFICATIE_DIPLOMAS), "income_month": income_month},
    ).fetchall()
    con.close()
    return {g: (s, lijst) for g, s, lijst in rows}


def test_expected_list_matches_the_rules_applied_to_the_files(am33):
    landing, summary = am33
    for month in (MONTHS[0], MONTHS[-1]):
        from_files = {g: v for g, v in _expected_from_files(landing / month, month).items() if v[1]}
        generator = {g.gemeentecode: (g.duo_selectie, g.op_lijst) for g in summary.gemeente_months
                     if g.maand == month and g.op_lijst}
        assert from_files == generator, f"{month}: the files give the generator's expected list"


# --- casemanager spreadsheets -----------------------------------------------------------------------


def _sheets(folder: Path) -> list[Path]:
    return sorted((folder / "casemanager").glob("*.xlsx"))


def test_casemanager_spreadsheets_follow_sources_md(am33):
    landing, summary = am33
    assert _sheets(landing / MONTHS[0]) == [], "the first month's work shows in the next month's copy"
    month = MONTHS[-1]
    personen = _read(landing / month / "brp_personen.csv")["bsn"].to_list()
    ids = {jib_id(KEY, b) for b in personen}
    rows = []
    for path in _sheets(landing / month):
        wb = openpyxl.load_workbook(path)
        assert wb.sheetnames == ["monitoring"], f"{path.name}: one sheet"
        values = list(wb["monitoring"].iter_rows(values_only=True))
        assert values[0][:13] == CASEMANAGER_HEADER and all(v is None for v in values[0][13:])
        rows += [r for r in values[1:] if any(v is not None for v in r)]
    unknown = sum(r[0] not in ids for r in rows)
    assert unknown == 0, "every jib_id is jib_id(key, BSN) of a youth in the delivery"
    werklijst_before = sum(g.werklijst for g in summary.gemeente_months if g.in_regio and g.maand < month)
    assert len(rows) == werklijst_before, "one row per youth of the earlier worklists"
    regio = set(gemeenten_in_region("AM33")["gemeentecode"].to_list())
    assert {r[1] for r in rows} <= regio

    def norm(v):
        return None if v is None else str(v).strip().lower()

    assert {norm(r[3]) for r in rows} <= {"ja", "j", "nee", "n", "geen", None}
    for column in (5, 6, 11):
        assert {norm(r[column]) for r in rows} <= {"ja", "j", "nee", "n", None}
    assert {norm(r[7]) for r in rows} <= {"werk", "opleiding", "zorg", "schulden", "huisvesting", "anders", None}
    for column in (2, 4, 8):
        for v in (r[column] for r in rows if r[column] is not None):
            assert hasattr(v, "year") or re.fullmatch(r"\d{2}-\d{2}-\d{4}|\d{4}-\d{2}-\d{2}", v) is not None, "date form"
    hours = [float(str(r[10]).replace(",", ".")) for r in rows]
    assert all(h >= 0.5 for h in hours)
    forms = {type(r[10]).__name__ + ("," if isinstance(r[10], str) and "," in r[10] else "") for r in rows}
    assert {"float", "str,"} <= forms or {"int", "str,"} <= forms, "hours as numbers and as text with a comma"
    bezwaar = sum(norm(r[11]) in {"ja", "j"} for r in rows)
    contacted = len(rows)
    assert bezwaar / contacted < 0.06, "a few objections"
    assert any(r[12] for r in rows), "free text remarks"


def test_casemanager_copies_are_cumulative(am33):
    landing, _ = am33
    previous: set[str] = set()
    for month in MONTHS[1:]:
        ids = set()
        for path in _sheets(landing / month):
            ids |= {r[0] for r in openpyxl.load_workbook(path)["monitoring"].iter_rows(min_row=2, values_only=True) if r[0]}
        gone = len(previous - ids)
        assert gone == 0, f"{month}: earlier rows stay"
        assert len(ids) > len(previous)
        previous = ids


def test_bezwaar_in_a_spreadsheet_takes_effect_the_same_month(am33):
    landing, summary = am33
    month = MONTHS[-1]
    objected = set()
    for path in _sheets(landing / month):
        for r in openpyxl.load_workbook(path)["monitoring"].iter_rows(min_row=2, values_only=True):
            bezwaar = r[11] is not None and str(r[11]).strip().lower() in {"ja", "j"}
            no_contact = r[3] is not None and str(r[3]).strip().lower() in {"nee", "n"}  # rules.md 3: opt-out by card
            if r[0] and (bezwaar or no_contact):
                objected.add(r[0])
    on_list_bezwaar = sum(g.bezwaar for g in summary.gemeente_months if g.maand == month)
    assert on_list_bezwaar <= len(objected), "categorie bezwaar only for those marked in a spreadsheet"


# --- determinism -------------------------------------------------------------------------------------


def _digest(landing: Path) -> dict[str, str]:
    return {str(p.relative_to(landing)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(landing.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes_in_another_process(tmp_path):
    """Two runs, one in a fresh interpreter with another hash seed and one polars thread: every file identical."""
    a, b = tmp_path / "a", tmp_path / "b"
    _run(a, region="GM0988", first="2025-01", last="2025-02", dirty=True)
    code = (
        "import sys; from datetime import date; from pathlib import Path; from jib_assets.synth import generate;"
        f"generate('GM0988', date(2025, 1, 1), date(2025, 2, 1), seed={SEED}, dirty=True, landing=Path(sys.argv[1]),"
        f" key={KEY!r}, progress=False)"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345", "POLARS_MAX_THREADS": "1"}
    subprocess.run([sys.executable, "-c", code, str(b)], check=True, env=env, timeout=300)
    da, db = _digest(a), _digest(b)
    assert any(k.endswith(".xlsx") for k in da)
    assert da == db


def test_another_seed_gives_other_data(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    _run(a, region="GM0988", first="2025-01", last="2025-01")
    _run(b, region="GM0988", first="2025-01", last="2025-01", seed=SEED + 1)
    for name in HEADERS:
        same = (a / "2025-01" / name).read_bytes() == (b / "2025-01" / name).read_bytes()
        assert not same, name


# --- the summary -------------------------------------------------------------------------------------


def test_summary_is_printable_and_serialisable(am33):
    _, summary = am33
    assert summary.persons > 40_000
    assert summary.files == len(MONTHS) * (len(HEADERS) + 1) + sum(len(_sheets(am33[0] / m)) for m in MONTHS)
    assert summary.bytes == sum(p.stat().st_size for p in am33[0].rglob("*") if p.is_file())
    rows = summary.rows()
    assert all(len(r) == len(SynthSummary.COLUMNS) for r in rows)
    assert any(r[1] == "AM33 totaal" for r in rows)
    json.dumps(summary.to_dict())
    assert summary.table().row_count == len(rows) + len(MONTHS), "a heading row per month"


def test_unknown_region_or_range_is_a_value_error(tmp_path):
    with pytest.raises(ValueError, match="unknown region"):
        _run(tmp_path, region="AM99")
    with pytest.raises(ValueError, match="before"):
        _run(tmp_path, first="2025-03", last="2025-01")
