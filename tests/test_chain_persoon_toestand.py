"""Each person's state on P is computed once (persoon_toestand) and every step reads it: the selection and
the uitstroom reason agree on the cases where two copies of the rules used to drift; the deployment's area
(JIB_GEBIED); a rerun of any month after an erasure.

Expected values are worked out by hand from rules.md in the comments. Persons are named by a letter
(Wereld of test_rules_gemeente_filter); no BSN or name appears in an assertion.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from test_rules_gemeente_filter import G1, G2, G3, KEY, P1, P2, P3, Wereld

from jib_assets.chain.duo_selectie import reconcile_duo_selectie
from jib_assets.chain.gemeente_filter import build_gemeente_filter, filter_matches_ib_lijst, register_repeats
from jib_assets.chain.ib_verrijking import enrichment_matches_selection
from jib_assets.chain.maand_delta import build_gemeente_lijst, build_werklijst, conservation
from jib_assets.chain.persoon_toestand import build_persoon_toestand, one_row_per_person
from jib_assets.db import scalar
from jib_assets.privacy import erasure, pseudonym
from jib_assets.privacy.pseudonym import jib_id
from jib_assets.quality.contracts import validate_table


@pytest.fixture
def wereld(con) -> Wereld:
    return Wereld(con)


def beoordeling(wereld: Wereld, p: date, naam: str, *columns: str) -> tuple:
    """A person's row of duo_beoordeling on P (by jib_id) beside their persoon_toestand, the given columns."""
    rows = wereld.con.execute(
        f"SELECT {', '.join(columns)} FROM duo_beoordeling JOIN persoon_toestand USING (peildatum, jib_id) "
        "WHERE peildatum = ? AND jib_id = ?", [p, wereld.jib(naam)]
    ).fetchall()
    assert len(rows) == 1, f"{naam} has {len(rows)} rows in duo_beoordeling"
    return rows[0]


def test_two_diplomas_on_one_date_selection_and_uitstroom_pick_the_same_highest(wereld):
    # X is on G1's list in P1; on 20 January 2025 X obtains MBO4 and HAVO, on one date.
    wereld.op_lijst(P1, "X", G1)
    wereld.op_lijst(P2, "X", G1)
    for diploma in ("MBO4", "HAVO"):
        wereld.rij("duo_diplomas", P2, bsn=wereld.bsn("X"), diploma=diploma, datum_diploma=date(2025, 1, 20),
                   brin="12AB")
    wereld.bouw(P1, P2)
    # By hand: both are a startkwalificatie (rules.md 1.2), so X is excluded in P2 and leaves with reason
    # startkwalificatie. The highest diploma is the last by date; on one date the higher level: HAVO.
    assert beoordeling(wereld, P2, "X", "uitkomst", "reden", "hoogste_diploma") == (
        "uitgesloten", "startkwalificatie", "HAVO")
    assert wereld.lijst(P2, "status", "reden_uitstroom", "hoogste_diploma") == {
        ("X", G1): ("uitstroom", "startkwalificatie", "HAVO"),
    }


def test_two_enrolments_ended_on_one_date_selection_and_uitstroom_agree_on_the_last_education(wereld):
    # X followed VO and VAVO, both 2012-08-01 .. 2018-07-31; X stays on the list in P1 and P2 and starts
    # working in February (P3's income month is February): leaves in P3 with reason werk.
    for p in (P1, P2, P3):
        wereld.op_lijst(p, "X", G1)
        wereld.rij("duo_inschrijvingen", p, bsn=wereld.bsn("X"), onderwijssoort="VAVO", brin="12AB",
                   begindatum=date(2012, 8, 1), einddatum=date(2018, 7, 31))
    wereld.rij("uwv_polis", P3, bsn=wereld.bsn("X"), maand=date(2025, 2, 1), loonheffingennummer="123456789L01",
               sv_loon=Decimal("1200.00"), uren=Decimal("120"), contractvorm="BEPAALD")
    wereld.bouw(P1, P2, P3)
    # By hand: same einddatum, same begindatum; the tie goes to the name, last first: VO after VAVO.
    assert wereld.lijst(P2, "status", "laatste_onderwijssoort") == {("X", G1): ("blijft", "VO")}
    assert wereld.lijst(P3, "status", "reden_uitstroom", "laatste_onderwijssoort") == {
        ("X", G1): ("uitstroom", "werk", "VO"),
    }
    assert beoordeling(wereld, P3, "X", "uitkomst", "laatste_onderwijssoort") == ("geselecteerd", "VO")


def test_exactly_at_the_threshold_is_not_on_the_list_and_leaves_with_werk(wereld):
    # January wages of 473.00 = the threshold in force (EUR 473 from 2019): not strictly below it.
    wereld.op_lijst(P1, "X", G1)
    wereld.op_lijst(P2, "X", G1)
    wereld.rij("uwv_polis", P2, bsn=wereld.bsn("X"), maand=date(2025, 1, 1), loonheffingennummer="123456789L01",
               sv_loon=Decimal("473.00"), uren=Decimal("40"), contractvorm="BEPAALD")
    wereld.bouw(P1, P2)
    assert scalar(wereld.con, "SELECT op_lijst FROM ib_verrijking WHERE peildatum = ?", [P2]) is False
    assert scalar(wereld.con, "SELECT count(*) FROM ib_lijst WHERE peildatum = ?", [P2]) == 0
    assert wereld.lijst(P2, "status", "reden_uitstroom") == {("X", G1): ("uitstroom", "werk")}


def test_the_threshold_comparison_is_written_once():
    from jib_assets.db import sql_dir

    comparing = sorted(
        f.name
        for f in sql_dir().glob("*.sql")
        for line in f.read_text(encoding="utf-8").splitlines()
        if "inkomensgrens" in line and not line.lstrip().startswith("--") and ("<" in line or ">" in line)
    )
    assert comparing == ["persoon_toestand.sql"]


AREA = [G1, G2]


def test_a_youth_who_moves_out_of_the_area_leaves_with_verhuisd_and_is_listed_nowhere(wereld):
    # X is on G1's list in P1; on 10 January X moves to G3, outside the area, and meets every condition
    # there. Y lives in G3 all along.
    wereld.op_lijst(P1, "X", G1)
    wereld.op_lijst(P2, "X", G3, adressen=[(G1, date(2020, 1, 1), date(2025, 1, 9)), (G3, date(2025, 1, 10), None)])
    for p in (P1, P2):
        wereld.op_lijst(p, "Y", G3)
    wereld.bouw(P1, P2, gebied=AREA)
    assert wereld.lijst(P2, "status", "reden_uitstroom", "verhuisd_naar") == {
        ("X", G1): ("uitstroom", "verhuisd", G3),
    }
    assert beoordeling(wereld, P2, "X", "uitkomst", "reden") == ("uitgesloten", "buiten_gebied")
    assert wereld.werklijst(P2) == {}
    assert conservation(wereld.con, P2) == []
    # Nothing about X or Y in G3: no list, selection, IB list or filter row there.
    for table, column in (("gemeente_lijst", "gemeentecode"), ("gemeente_filter", "gemeentecode"),
                          ("duo_selectie", "woongemeente"), ("ib_lijst", "woongemeente"),
                          ("werklijst_casemanager", "gemeentecode")):
        assert scalar(wereld.con, f"SELECT count(*) FROM {table} WHERE {column} = ?", [G3]) == 0, table


def test_a_person_outside_the_area_is_on_no_list(wereld):
    wereld.op_lijst(P1, "Y", G3)
    wereld.op_lijst(P1, "Z", G1)
    wereld.bouw(P1, gebied=AREA)
    assert wereld.lijst(P1, "status") == {("Z", G1): "instroom"}
    assert beoordeling(wereld, P1, "Y", "uitkomst", "reden") == ("uitgesloten", "buiten_gebied")
    # Without an area (NL), Y is on G3's list.
    wereld.bouw(P1)
    assert wereld.lijst(P1, "status") == {("Z", G1): "instroom", ("Y", G3): "instroom"}


def test_a_youth_who_moves_into_the_area_comes_in_as_nieuw(wereld):
    # Z meets every condition in G3 (outside the area) in P1 and moves to G1 on 10 January. G3 has no
    # list, so Z was on no list of P-1: instroom nieuw in G1 (with area NL it would be verhuisd van G3).
    wereld.op_lijst(P1, "Z", G3)
    wereld.op_lijst(P2, "Z", G1, adressen=[(G3, date(2020, 1, 1), date(2025, 1, 9)), (G1, date(2025, 1, 10), None)])
    wereld.bouw(P1, P2, gebied=AREA)
    assert wereld.lijst(P2, "status", "soort_instroom", "verhuisd_van") == {("Z", G1): ("instroom", "nieuw", None)}


def _copy(wereld: Wereld, tables: tuple[str, ...]) -> None:
    for table in tables:
        wereld.con.execute(f"CREATE OR REPLACE TABLE voor_{table} AS SELECT * FROM {table}")


def _differences(wereld: Wereld, tables: tuple[str, ...]) -> dict[str, int]:
    return {
        table: scalar(
            wereld.con,
            f"SELECT count(*) FROM ((SELECT * FROM {table} EXCEPT ALL SELECT * FROM voor_{table}) "
            f"UNION ALL (SELECT * FROM voor_{table} EXCEPT ALL SELECT * FROM {table}))",
        )
        for table in tables
    }


CHAIN_TABLES = (
    "persoon_toestand", "duo_beoordeling", "duo_selectie", "ib_verrijking", "ib_lijst", "gemeente_filter",
    "gemeente_lijst", "gemeente_lijst_maanden", "werklijst_casemanager", "bezwaar_register",
)


def test_rerun_of_earlier_months_after_an_erasure_succeeds_and_keeps_the_objection(wereld):
    # A, B and C are on G1's list in P1-P3; A and C object in the spreadsheet of P2. The month's erasure
    # then deletes their source rows of every month and empties their identifying fields everywhere.
    for p in (P1, P2, P3):
        for naam in "ABC":
            wereld.op_lijst(p, naam, G1)
    wereld.spreadsheet(P2, "A", bezwaar=True)
    wereld.spreadsheet(P2, "C", bezwaar=True)
    wereld.bouw(P1, P2, P3)
    assert erasure.erase_warehouse(wereld.con, KEY)
    assert scalar(wereld.con, "SELECT count(*) FROM brp_personen WHERE bsn = ?", [wereld.bsn("A")]) == 0
    _copy(wereld, CHAIN_TABLES)

    # The whole chain of P2 again, then the delta and worklist alone of P1 (the steps a data team
    # reruns from the UI), then P3: no step fails, and nothing changes.
    wereld.bouw(P2)
    build_gemeente_filter(wereld.con, P1)
    build_gemeente_lijst(wereld.con, P1)
    build_werklijst(wereld.con, P1)
    wereld.bouw(P3)
    assert _differences(wereld, CHAIN_TABLES) == dict.fromkeys(CHAIN_TABLES, 0)

    # The rerun months still meet their contracts (two erased rows in one month are two persons).
    for table in ("duo_selectie", "ib_lijst", "gemeente_lijst", "werklijst_casemanager"):
        for p in (P1, P2, P3):
            assert validate_table(wereld.con, table, p)[0], (table, p)

    assert [wereld.lijst(p, "categorie")[("A", G1)] for p in (P1, P2, P3)] == ["benaderen", "bezwaar", "bezwaar"]
    assert wereld.werklijst(P1) == {("A", G1): "benaderen", ("B", G1): "benaderen", ("C", G1): "benaderen"}
    assert wereld.werklijst(P2) == {} and wereld.werklijst(P3) == {}
    assert wereld.identifying_present("gemeente_lijst", "A") == {P1: False, P2: False, P3: False}
    assert erasure.remaining_in_warehouse(wereld.con, KEY) == {}


def test_rerun_that_re_ingests_an_erased_objectors_rows_reconciles_and_keeps_the_stored_state(wereld):
    # A and B are on G1's list in P1-P3; A objects in the spreadsheet of P2 and is erased everywhere.
    # A rerun of P2 (`jib run` for a redelivered file) ingests the landed files of P2 again, so A's
    # source rows of P2 are back until that run's erasure: they are A, not a new DUO-known person.
    for p in (P1, P2, P3):
        for naam in "AB":
            wereld.op_lijst(p, naam, G1)
    wereld.spreadsheet(P2, "A", bezwaar=True)
    wereld.bouw(P1, P2, P3)
    assert erasure.erase_warehouse(wereld.con, KEY)
    _copy(wereld, CHAIN_TABLES)

    wereld.op_lijst(P2, "A", G1)  # the re-ingest of P2's delivery
    wereld.bouw(P2)

    # By hand: two DUO-known persons (A by the kept row's jib_id, B by BSN), both selected, each once.
    assert reconcile_duo_selectie(wereld.con, P2, KEY) == {
        "duo_bekend": 2, "geselecteerd": 2, "uitgesloten": 0, "quarantaine": 0,
        "zonder_uitkomst": 0, "meerdere_uitkomsten": 0, "niet_duo_bekend": 0, "buiten_doelgroep": 0, "ok": True,
    }
    # A's state is the stored erased row: nothing of the re-ingested BSN entered a chain table.
    assert one_row_per_person(wereld.con, P2) == 0
    assert _differences(wereld, CHAIN_TABLES) == dict.fromkeys(CHAIN_TABLES, 0)
    assert erasure.erase_warehouse(wereld.con, KEY)
    assert erasure.remaining_in_warehouse(wereld.con, KEY) == {}


def test_rerun_of_a_month_after_erasing_objectors_it_only_counted_keeps_everyone_else(wereld):
    # A and C turn 23 on 15 February 2025: aged 22 on P1 and on P-1, so no rule of P1 can need them: P1 only
    # counts them (buiten_doelgroep), it keeps no row of theirs. Both are on G1's list in P3 and object there; B
    # is on the list all along. After the erasure, P1 holds nothing of A and C to erase (it once held two erased
    # rows without BSN and without jib_id, which a rerun had to keep apart).
    for p in (P1, P2, P3):
        wereld.op_lijst(p, "B", G1)
        for naam in "AC":
            wereld.op_lijst(p, naam, G1, geboren=date(2002, 2, 15))
    for naam in "AC":
        wereld.spreadsheet(P3, naam, bezwaar=True)
    wereld.bouw(P1, P2, P3)
    assert scalar(wereld.con, "SELECT sum(personen) FROM buiten_doelgroep WHERE peildatum = ?", [P1]) == 2
    assert erasure.erase_warehouse(wereld.con, KEY)
    assert scalar(wereld.con, "SELECT count(*) FROM persoon_toestand WHERE peildatum = ? AND bsn IS NULL", [P1]) == 0
    _copy(wereld, CHAIN_TABLES)

    wereld.bouw(P1)
    # By hand: B is recomputed and selected; A's and C's delivered rows went with the erasure, so the rerun no
    # longer counts them.
    assert reconcile_duo_selectie(wereld.con, P1, KEY) == {
        "duo_bekend": 1, "geselecteerd": 1, "uitgesloten": 0, "quarantaine": 0,
        "zonder_uitkomst": 0, "meerdere_uitkomsten": 0, "niet_duo_bekend": 0, "buiten_doelgroep": 0, "ok": True,
    }
    assert beoordeling(wereld, P1, "B", "uitkomst") == ("geselecteerd",)
    assert _differences(wereld, CHAIN_TABLES) == dict.fromkeys(CHAIN_TABLES, 0)
    assert one_row_per_person(wereld.con, P1) == 0


def test_reconciliation_still_sees_a_person_without_an_outcome_after_an_erasure(wereld):
    # The same warehouse as above; then B's row of duo_beoordeling is lost (a half-finished run): the
    # re-ingested objector A is still recognised, and B is counted as a DUO-known person without one.
    for p in (P1, P2):
        for naam in "AB":
            wereld.op_lijst(p, naam, G1)
    wereld.spreadsheet(P1, "A", bezwaar=True)
    wereld.bouw(P1, P2)
    assert erasure.erase_warehouse(wereld.con, KEY)
    wereld.op_lijst(P2, "A", G1)
    wereld.bouw(P2)
    for table in ("duo_beoordeling", "duo_selectie"):
        wereld.con.execute(f"DELETE FROM {table} WHERE peildatum = ? AND bsn = ?", [P2, wereld.bsn("B")])
    result = reconcile_duo_selectie(wereld.con, P2, KEY)
    assert (result["duo_bekend"], result["geselecteerd"], result["zonder_uitkomst"], result["ok"]) == (2, 1, 1, False)


def test_the_checks_of_the_new_tables_pass_on_a_built_month_and_see_each_break(wereld):
    for naam in "AB":
        wereld.op_lijst(P1, naam, G1)
    wereld.spreadsheet(P1, "A", bezwaar=True)
    wereld.bouw(P1)
    con = wereld.con
    assert (one_row_per_person(con, P1), enrichment_matches_selection(con, P1), register_repeats(con),
            filter_matches_ib_lijst(con, P1)) == (0, 0, 0, 0)
    con.execute("INSERT INTO persoon_toestand SELECT * FROM persoon_toestand WHERE peildatum = ? AND jib_id = ?",
                [P1, wereld.jib("B")])
    assert one_row_per_person(con, P1) == 1
    con.execute("DELETE FROM ib_verrijking WHERE jib_id = ?", [wereld.jib("B")])
    assert enrichment_matches_selection(con, P1) == 1
    con.execute("INSERT INTO bezwaar_register SELECT jib_id, peildatum_bezwaar + 31 FROM bezwaar_register")
    assert register_repeats(con) == 1
    con.execute("UPDATE gemeente_filter SET categorie = 'onbekend' WHERE jib_id = ?", [wereld.jib("B")])
    assert filter_matches_ib_lijst(con, P1) == 2  # not in the filter as a valid row, and a row without categorie


def test_jib_ids_the_month_before_holds_are_taken_over_and_only_new_persons_are_hashed(wereld, monkeypatch):
    # X, Y and Z are on G1's list in P1 and P2; W is first known in P2. Each jib_id is the HMAC of the BSN (rules.md,
    # pseudonym): P2 takes X's, Y's and Z's from P1's persoon_toestand and computes only W's; a rerun of P2 without
    # P1's states (retention removed them) takes all four from P2's own; without either every one is computed again,
    # with the same result.
    for p in (P1, P2):
        for naam in ("X", "Y", "Z"):
            wereld.op_lijst(p, naam, G1)
    wereld.op_lijst(P2, "W", G1)
    wereld.bouw(P1)
    geteld = []
    echte = pseudonym._hmac8
    monkeypatch.setattr(pseudonym, "_hmac8", lambda pads, bericht: geteld.append(1) or echte(pads, bericht))

    def ids() -> dict[str, str]:
        rows = wereld.con.execute("SELECT bsn, jib_id FROM persoon_toestand WHERE peildatum = ?", [P2]).fetchall()
        assert all(jib == jib_id(KEY, bsn) for bsn, jib in rows)
        return {wereld.alias[jib]: jib for _, jib in rows}

    wereld.bouw(P2)
    assert set(ids()) == {"W", "X", "Y", "Z"}
    assert len(geteld) == 1  # W's
    wereld.con.execute("DELETE FROM persoon_toestand WHERE peildatum = ?", [P1])
    geteld.clear()
    wereld.bouw(P2)
    assert set(ids()) == {"W", "X", "Y", "Z"} and len(geteld) == 0
    wereld.con.execute("DELETE FROM persoon_toestand WHERE peildatum = ?", [P2])
    wereld.bouw(P2)
    assert set(ids()) == {"W", "X", "Y", "Z"} and len(geteld) == 4


def _temp_tables(con) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() WHERE temporary").fetchall()}


def test_the_step_holds_its_table_of_every_duo_known_person_only_while_it_runs(wereld):
    # persoon_basis holds every DUO-known person of P (national: 3.55 million rows): the step drops it when it is
    # done, and when a load fails (here: the polis table is gone), so the connection does not carry it on.
    wereld.op_lijst(P1, "X", G1)
    assert build_persoon_toestand(wereld.con, P1, KEY) == 1
    assert not {"persoon_basis", "persoon_bekende_ids"} & _temp_tables(wereld.con)
    wereld.con.execute("ALTER TABLE uwv_polis RENAME TO uwv_polis_weg")
    with pytest.raises(Exception, match="uwv_polis"):
        build_persoon_toestand(wereld.con, P1, KEY)
    assert not {"persoon_basis", "persoon_bekende_ids"} & _temp_tables(wereld.con)
    assert scalar(wereld.con, "SELECT count(*) FROM persoon_toestand WHERE peildatum = ?", [P1]) == 1
