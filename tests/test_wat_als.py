"""jib wat-als (issue 13): steps 1-3 recomputed with other parameters beside the real month, on a small
warehouse file built with the chain's own functions from hand-made persons (Wereld). Persons are named by
a letter; no BSN or name appears in an assertion."""

from __future__ import annotations

import hashlib
from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest
from test_rules_gemeente_filter import G1, G2, KEY, P1, P2, Wereld

from jib_assets.db import install_macros
from jib_assets.explain.wat_als import TOTAAL, Variant, WatAlsError, parse_leeftijd, wat_als


def loon(wereld: Wereld, p: date, naam: str, maand: date, bedrag: str) -> None:
    wereld.rij("uwv_polis", p, bsn=wereld.bsn(naam), maand=maand, loonheffingennummer="123456789L01",
               sv_loon=Decimal(bedrag), uren=Decimal("10"), contractvorm="BEPAALD")


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    """Two months. P2 (income month January): in G1 A (no income), B (EUR 450 in January), C (EUR 400),
    D (27 on P2: off the list), E (a SCHULDHULP client), F (EUR 500 in December, nothing in January);
    in G2 H (no income). P1 (income month December): F is off (werk), the others are on, D too."""
    path = tmp_path_factory.mktemp("wat_als") / "jib.duckdb"
    con = duckdb.connect(str(path))
    install_macros(con)
    wereld = Wereld(con)
    for p in (P1, P2):
        for naam in "ABCEF":
            wereld.op_lijst(p, naam, G1)
        wereld.op_lijst(p, "H", G2)
        wereld.op_lijst(p, "D", G1, geboren=date(1998, 1, 15))  # 26 on P1, 27 on P2
        wereld.klant(p, "E", G1, "SCHULDHULP", date(2024, 1, 1))
        loon(wereld, p, "B", date(2025, 1, 1), "450.00")
        loon(wereld, p, "C", date(2025, 1, 1), "400.00")
        loon(wereld, p, "F", date(2024, 12, 1), "500.00")
    wereld.bouw(P1, P2)
    con.close()
    return path


def rows(result) -> dict[str, dict[str, int]]:
    return {r["gemeentecode"]: r for r in result.tabel.to_dicts()}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_todays_parameters_give_exactly_the_real_month(warehouse):
    before = digest(warehouse)
    result = rows(wat_als(warehouse, P2, KEY, Variant()))
    # By hand: G1 has A, B, C, E, F on the list of P2 (D turned 27); G2 has H. The worklist of P2 is F
    # (new: off in P1 for December's wage); that of P1 everyone on the list (first month).
    assert {g: (r["op_lijst"], r["op_lijst_variant"], r["erbij"], r["eraf"], r["werklijst"], r["werklijst_variant"])
            for g, r in result.items()} == {
        G1: (5, 5, 0, 0, 1, 1), G2: (1, 1, 0, 0, 0, 0), TOTAAL: (6, 6, 0, 0, 1, 1)}
    first = rows(wat_als(warehouse, P1, KEY, Variant(inkomensgrens=Decimal("473.00"), leeftijd=(23, 26))))
    assert {g: (r["op_lijst"], r["op_lijst_variant"], r["werklijst"], r["werklijst_variant"])
            for g, r in first.items()} == {G1: (5, 5, 5, 5), G2: (1, 1, 1, 1), TOTAAL: (6, 6, 6, 6)}
    assert digest(warehouse) == before  # nothing was written to the warehouse


def test_inkomensgrens_400_drops_those_at_or_above_it_with_reason_werk(warehouse):
    result = wat_als(warehouse, P2, KEY, Variant(inkomensgrens=Decimal("400")))
    g1 = rows(result)[G1]
    # B (450) and C (exactly 400: strictly below keeps a youth on) leave; F's income was in December.
    assert (g1["op_lijst"], g1["op_lijst_variant"], g1["erbij"], g1["eraf"], g1["eraf_werk"]) == (5, 3, 0, 2, 2)
    assert rows(result)[TOTAAL]["eraf"] == 2
    assert result.redenen == ["werk"]


def test_leeftijd_23_27_brings_in_the_27_year_old(warehouse):
    g1 = rows(wat_als(warehouse, P2, KEY, Variant(leeftijd=(23, 27))))[G1]
    assert (g1["op_lijst"], g1["op_lijst_variant"], g1["erbij"], g1["eraf"]) == (5, 6, 1, 0)
    # D was on G1's list of P1, so under the variant D stays (blijft): the worklist is still F alone.
    assert (g1["werklijst"], g1["werklijst_variant"]) == (1, 1)
    narrower = rows(wat_als(warehouse, P2, KEY, Variant(leeftijd=(23, 23))))[G1]
    assert (narrower["op_lijst_variant"], narrower["eraf"], narrower["eraf_leeftijd"]) == (0, 5, 5)


def test_inkomen_lag_2_reads_december(warehouse):
    g1 = rows(wat_als(warehouse, P2, KEY, Variant(inkomen_lag=2)))[G1]
    # December: F earned 500 (leaves, werk); B's and C's January wages no longer count (they stay on).
    assert (g1["op_lijst_variant"], g1["eraf"], g1["eraf_werk"], g1["erbij"]) == (4, 1, 1, 0)


def test_regelingen_change_the_categorie_not_the_list(warehouse):
    result = rows(wat_als(warehouse, P1, KEY, Variant(regelingen=("WMO", "PARTICIPATIEWET", "SCHULDHULP"))))
    # E becomes bekend: still on the list, no longer on the first month's worklist.
    assert (result[G1]["op_lijst_variant"], result[G1]["werklijst"], result[G1]["werklijst_variant"]) == (5, 5, 4)


def test_bad_input_is_refused_with_a_clear_message(warehouse, tmp_path):
    with pytest.raises(WatAlsError, match="run that month first"):
        wat_als(warehouse, date(2025, 3, 1), KEY, Variant())
    with pytest.raises(WatAlsError, match="No warehouse"):
        wat_als(tmp_path / "none.duckdb", P2, KEY, Variant())
    with pytest.raises(WatAlsError, match="unknown scheme"):
        wat_als(warehouse, P2, KEY, Variant(regelingen=("WMO", "BIJSTAND")))
    with pytest.raises(WatAlsError, match="VAN-TOT"):
        parse_leeftijd("23")
    with pytest.raises(WatAlsError, match="at most"):
        parse_leeftijd("27-23")
    assert parse_leeftijd("22-26") == (22, 26)
