"""jib wat-als and jib uitleg for a month whose deliveries and per-person states the warehouse no longer keeps
(retention keeps the latest month's only): both rebuild the month from landing/YYYY-MM, and say clearly what
to do when that folder is gone. Two months of Nederweert (GM0946) through `jib synth` and `jib run`, built
once for the module; January is outside the warehouse's raw window, February is the latest month. Persons
are named by jib_id; no BSN or name appears in an assertion."""

from __future__ import annotations

import hashlib
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import polars as pl
import pytest
from typer.testing import CliRunner

from jib_assets.cli import app
from jib_assets.explain.uitleg import UitlegError, uitleg_maand
from jib_assets.explain.wat_als import TOTAAL, Variant, WatAlsError, wat_als
from tests.builders import jib, jib_env

GEBIED = "GM0946"
KEY = "explain-window-test-key-5c2a9e71"
JAN, FEB = date(2025, 1, 1), date(2025, 2, 1)


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("buiten_venster")
    env = jib_env(home, JIB_PSEUDONYM_KEY=KEY, JIB_GEBIED=GEBIED, JIB_BEWAAR_MAANDEN_RUW="1", JIB_BEWAAR_MAANDEN="3")
    synth = jib(["synth", "--region", GEBIED, "--from", "2025-01", "--to", "2025-02"], env)
    assert synth.returncode == 0, synth.stderr[-2000:]
    run = jib(["run", "--from", "2025-01", "--to", "2025-02"], env)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    return home


def warehouse(home: Path) -> Path:
    return home / "warehouse" / "jib.duckdb"


def query(home: Path, text: str, params: list | None = None) -> list[tuple]:
    con = duckdb.connect(str(warehouse(home)), read_only=True)
    try:
        return con.execute(text, params).fetchall()
    finally:
        con.close()


def stored(home: Path, p: date) -> dict[str, tuple[int, int]]:
    """Per gemeente, read straight from the warehouse: (on the stored list of P, on P's stored worklist)."""
    lijst = dict(query(home, "SELECT gemeentecode, count(*) FROM gemeente_lijst WHERE peildatum = ? "
                             "AND status <> 'uitstroom' GROUP BY ALL", [p]))
    werk = dict(query(home, "SELECT gemeentecode, count(*) FROM werklijst_casemanager WHERE peildatum = ? GROUP BY ALL",
                      [p]))
    return {g: (lijst.get(g, 0), werk.get(g, 0)) for g in lijst.keys() | werk.keys()}


def simulate(home: Path, p: date, variant: Variant, landing: Path | None = None) -> dict[str, dict[str, int]]:
    result = wat_als(warehouse(home), p, KEY.encode(), variant, gebied=[GEBIED],
                     landing=home / "landing" if landing is None else landing)
    return {r["gemeentecode"]: r for r in result.tabel.to_dicts()}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def januari_bsns(home: Path) -> list[str]:
    return pl.read_csv(home / "landing" / "2025-01" / "brp_personen.csv", separator=";",
                       infer_schema=False)["bsn"].to_list()


def test_january_is_outside_the_raw_window_and_has_an_erased_objector(home):
    """The situation the other tests rely on: the warehouse keeps no January snapshot or state, the lists stay,
    and one youth of January's list objected later (erased row, bsn NULL)."""
    assert query(home, "SELECT DISTINCT peildatum FROM brp_personen") == [(FEB,)]
    assert query(home, "SELECT DISTINCT peildatum FROM persoon_toestand") == [(FEB,)]
    assert stored(home, JAN)[GEBIED][0] > 0
    assert query(home, "SELECT count(*) FROM gemeente_lijst g JOIN bezwaar_register b USING (jib_id) "
                       "WHERE g.peildatum = ? AND g.bsn IS NULL", [JAN]) == [(1,)]


def test_todays_parameters_reproduce_the_stored_lists_of_a_month_outside_the_window(home):
    before = digest(warehouse(home))
    for p in (JAN, FEB):
        result = simulate(home, p, Variant())
        # erbij = eraf = 0: the same jib_ids per gemeente as the real run, the erased objector included.
        assert {g: (r["op_lijst"], r["werklijst"]) for g, r in result.items() if g != TOTAAL} == stored(home, p), p
        assert {g: (r["op_lijst_variant"], r["werklijst_variant"], r["erbij"], r["eraf"])
                for g, r in result.items() if g != TOTAAL} == {
            g: (n, w, 0, 0) for g, (n, w) in stored(home, p).items()}, p
    assert digest(warehouse(home)) == before  # nothing was written to the warehouse


def test_the_latest_month_does_not_read_landing(home, tmp_path):
    result = simulate(home, FEB, Variant(), landing=tmp_path / "leeg")
    assert (result[GEBIED]["op_lijst"], result[GEBIED]["eraf"]) == (stored(home, FEB)[GEBIED][0], 0)


def test_a_threshold_of_zero_takes_everyone_off_for_werk_and_a_higher_one_only_adds(home):
    n, _ = stored(home, JAN)[GEBIED]
    nul = simulate(home, JAN, Variant(inkomensgrens=Decimal("0")))[GEBIED]
    # By rule: strictly below EUR 0 is nobody, so all of January's list leaves, for work (none has a benefit:
    # that would have kept them off the real list), the objector too; no one is left for the worklist.
    assert (nul["op_lijst_variant"], nul["eraf"], nul["eraf_werk"], nul["erbij"], nul["werklijst_variant"]) == (
        0, n, n, 0, 0)
    hoger = simulate(home, JAN, Variant(inkomensgrens=Decimal("600")))[GEBIED]
    assert hoger["eraf"] == 0 and hoger["erbij"] >= 1
    assert hoger["op_lijst_variant"] == n + hoger["erbij"]


def test_wat_als_without_the_landing_folder_says_which_and_how_to_get_it_back(home, tmp_path):
    incomplete = tmp_path / "landing"
    (incomplete / "2025-01").mkdir(parents=True)  # there, but without _COMPLETE
    for landing in (tmp_path / "weg", incomplete):
        with pytest.raises(WatAlsError) as error:
            simulate(home, JAN, Variant(), landing=landing)
        message = " ".join(str(error.value).split())
        assert "2025-01" in message and str(landing / "2025-01") in message
        assert "JIB_BEWAAR_MAANDEN_RUW" in message and "jib bewaartermijn landing --archief" in message
        assert "put that folder back" in message


def januari_person(home: Path) -> tuple[str, str, str, str]:
    """A youth on January's stored list, not an objector: (jib_id, gemeentecode, categorie, geslachtsnaam)."""
    return query(home, "SELECT jib_id, gemeentecode, categorie, geslachtsnaam FROM gemeente_lijst WHERE peildatum = ? "
                       "AND status = 'instroom' AND bsn IS NOT NULL ORDER BY jib_id LIMIT 1", [JAN])[0]


def explain(home: Path, jib_id: str, landing: Path | None = None) -> str:
    return uitleg_maand(warehouse(home), JAN, bsn=None, jib_id=jib_id, key=KEY.encode(), gebied=[GEBIED],
                        landing=home / "landing" if landing is None else landing).tekst()


def test_uitleg_of_a_month_outside_the_window_recomputes_its_state(home):
    jib_id, gemeente, categorie, naam = januari_person(home)
    text = explain(home, jib_id)
    assert "niet bekend bij duo" not in text.lower() and "Niet bekend" not in text
    assert "Bekend bij DUO: ja" in text
    assert "Uitkomst stap 1: geselecteerd door DUO." in text
    assert "Op de JIB-lijst (inkomen onder de grens en geen uitkering): ja." in text
    assert f"Lijst van gemeente {gemeente}; categorie {categorie}:" in text
    assert f"{gemeente}: instroom, soort nieuw; op de lijst sinds 01-01-2025 (1 maand)." in text
    assert naam not in text
    assert sum(bsn in text for bsn in januari_bsns(home)) == 0


def test_uitleg_of_an_objector_outside_the_window_says_only_the_objection(home, tmp_path):
    (objector,) = query(home, "SELECT jib_id FROM bezwaar_register")[0]
    for landing in (None, tmp_path / "weg"):  # first, before anything is recomputed: no landing needed
        result = uitleg_maand(warehouse(home), JAN, bsn=None, jib_id=objector, key=KEY.encode(), gebied=[GEBIED],
                              landing=home / "landing" if landing is None else landing)
        assert [kop for kop, _ in result.secties] == ["Bezwaar"]


def test_uitleg_without_the_landing_folder_says_the_state_is_not_kept(home, tmp_path):
    jib_id, *_ = januari_person(home)
    with pytest.raises(UitlegError) as error:
        explain(home, jib_id, landing=tmp_path / "weg")
    message = " ".join(str(error.value).split())
    assert "per-person state of 2025-01 are no longer kept" in message and "retention" in message
    assert str(tmp_path / "weg" / "2025-01") in message and "jib bewaartermijn landing --archief" in message
    assert "niet bekend" not in message.lower()
    with pytest.raises(UitlegError, match="needs JIB_PSEUDONYM_KEY"):
        uitleg_maand(warehouse(home), JAN, bsn=None, jib_id=jib_id, key=None, landing=home / "landing")


def test_uitleg_of_the_latest_month_without_its_deliveries_recomputes_and_says_the_same(home, tmp_path):
    """With the default JIB_BEWAAR_MAANDEN_RUW=0 a month's deliveries leave the warehouse at the end of its run, while
    its per-person state stays (the next month reads it). The explanation's client schemes and KvK period come from
    the deliveries, so it is recomputed from landing, and says what it says with them kept."""
    from jib_assets import db
    from jib_assets.privacy import bewaartermijn

    zonder = tmp_path / "jib.duckdb"
    shutil.copy(warehouse(home), zonder)
    with db.connect(zonder) as con:
        assert bewaartermijn.leveringen_weg(con, FEB, 0)["kvk_inschrijvingen"] > 0
    personen = query(home, "SELECT jib_id, categorie FROM gemeente_lijst WHERE peildatum = ? AND bsn IS NOT NULL "
                           "ORDER BY categorie IN ('zzp', 'bekend') DESC, jib_id LIMIT 4", [FEB])
    assert {c for _, c in personen} & {"zzp", "bekend"}  # a fact from the deliveries to tell
    for jib_id, _ in personen:
        kept, recomputed = (uitleg_maand(path, FEB, bsn=None, jib_id=jib_id, key=KEY.encode(), gebied=[GEBIED],
                                         landing=home / "landing").tekst() for path in (warehouse(home), zonder))
        assert recomputed == kept, jib_id


@pytest.fixture
def cli_home(home, tmp_path, monkeypatch) -> Path:
    """JIB_HOME for the command line: the module's warehouse and landing (only read), as the settings find them."""
    monkeypatch.setenv("JIB_HOME", str(home))
    monkeypatch.setenv("JIB_GEBIED", GEBIED)
    monkeypatch.setenv("JIB_PSEUDONYM_KEY", KEY)
    monkeypatch.setenv("DAGSTER_HOME", str(home / "dagster"))
    return home


def test_the_commands_read_landing_from_the_settings(cli_home, tmp_path, monkeypatch):
    runner = CliRunner()
    n, w = stored(cli_home, JAN)[GEBIED]
    result = runner.invoke(app, ["wat-als", "--maand", "2025-01", "--csv"])
    assert result.exit_code == 0, result.output[-2000:]
    assert result.output.splitlines()[-1].startswith(f"{TOTAAL};{n};{n};0;0;{w};{w}")
    jib_id, gemeente, *_ = januari_person(cli_home)
    result = runner.invoke(app, ["uitleg", "--maand", "2025-01", "--jib-id", jib_id])
    assert result.exit_code == 0, result.output[-2000:]
    assert "Uitkomst stap 1: geselecteerd door DUO." in result.output
    assert f"{gemeente}: instroom" in result.output
    # Another JIB_HOME with the same warehouse and no landing folder: both commands stop with the message.
    other = tmp_path / "home"
    (other / "warehouse").mkdir(parents=True)
    shutil.copy(warehouse(cli_home), warehouse(other))
    monkeypatch.setenv("JIB_HOME", str(other))
    for args in (["wat-als", "--maand", "2025-01"], ["uitleg", "--maand", "2025-01", "--jib-id", jib_id]):
        result = runner.invoke(app, args)
        output = " ".join(result.output.split())
        assert result.exit_code == 2, output[-2000:]
        assert "jib bewaartermijn landing --archief" in output
        assert str(other / "landing" / "2025-01") in "".join(output.split())  # Rich may break a long path
        assert sum(bsn in result.output for bsn in januari_bsns(cli_home)) == 0


def test_wat_als_for_another_area_than_the_month_was_processed_for_is_refused(home):
    """Without JIB_GEBIED (NL) on a warehouse processed for one gemeente, wat-als counted youths of other
    gemeenten as joining; now it says which area the month was processed for and what to set."""
    for p in (JAN, FEB):
        with pytest.raises(WatAlsError) as raised:
            wat_als(warehouse(home), p, KEY.encode(), Variant(), gebied=None, landing=home / "landing")
        message = " ".join(str(raised.value).split())
        assert f"{p:%Y-%m} was processed for an area of 1 gemeenten, and JIB_GEBIED gives 342" in message
    with pytest.raises(WatAlsError, match="area of 1 gemeenten, and JIB_GEBIED gives 2"):
        wat_als(warehouse(home), FEB, KEY.encode(), Variant(), gebied=[GEBIED, "GM0988"], landing=home / "landing")


def test_a_landing_folder_changed_since_the_run_is_refused(home, tmp_path):
    """A redelivery not yet run would be compared with the lists of the files before it; the lines read per file
    must be what the month's run read (ingest_bestanden), or wat-als says to rerun the month first."""
    landing = tmp_path / "landing"
    shutil.copytree(home / "landing" / "2025-01", landing / "2025-01")
    polis = landing / "2025-01" / "uwv_polis.csv"
    lines = polis.read_text(encoding="utf-8").splitlines(keepends=True)
    polis.write_text("".join(lines[:-1]), encoding="utf-8")  # one line fewer, still ending with a line end
    with pytest.raises(WatAlsError) as error:
        simulate(home, JAN, Variant(), landing=landing)
    message = " ".join(str(error.value).split())
    assert f"uwv_polis.csv: {len(lines) - 2:,} lines against {len(lines) - 1:,}" in message
    assert "jib run --from 2025-01" in message


def test_an_income_lag_of_two_reads_the_wages_of_that_month_from_landing(home):
    # January is read again from landing/2025-01, whose polis holds twelve months; the warehouse stores only what
    # the month's rules read (the income month December), so the variant's income month, November, must come from
    # the ingest of the variant. Checked against the landing file itself, summed here with Polars.
    from jib_assets.explain.in_memory import month_in_memory

    polis = pl.read_csv(home / "landing" / "2025-01" / "uwv_polis.csv", separator=";", infer_schema_length=0)
    loon = polis.with_columns(pl.col("sv_loon").str.replace(",", ".").cast(pl.Decimal(14, 2)))
    for lag, maand in ((1, "2024-12"), (2, "2024-11")):
        with month_in_memory(warehouse(home), JAN, KEY.encode(), landing=home / "landing", gebied=[GEBIED],
                             lag_maanden=lag) as con:
            toestand = con.sql("SELECT bsn, inkomensmaand, inkomen_werk FROM persoon_toestand "
                               "WHERE peildatum = $p AND bsn IS NOT NULL", params={"p": JAN}).pl()
        assert toestand["inkomensmaand"].unique().to_list() == [date.fromisoformat(f"{maand}-01")]
        verwacht = (loon.filter(pl.col("maand") == maand).group_by("bsn").agg(pl.col("sv_loon").sum().alias("loon"))
                    .join(toestand, on="bsn").select(pl.col("loon").sum()).item())
        assert verwacht > 0, maand  # persons of the month had wages then, so the comparison means something
        assert toestand["inkomen_werk"].sum() == verwacht, maand
