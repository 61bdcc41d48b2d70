"""rules.md 4, the monthly delta: one test per rule, months built in sequence on hand-made persons.

Persons are named by a letter (see Wereld in test_rules_gemeente_filter); BSNs and names never appear
in an assertion.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from test_rules_gemeente_filter import G1, G2, G3, P1, P2, P3, P4, P5, P6, Wereld

from jib_assets.chain.maand_delta import DeltaOrderError, build_gemeente_lijst, conservation, ib_lijst_mismatch
from jib_assets.db import scalar
from tests.builders import new_con


@pytest.fixture
def wereld(con) -> Wereld:
    return Wereld(con)


def test_first_month_everyone_is_instroom_nieuw(wereld):
    wereld.op_lijst(P1, "A", G1)
    wereld.op_lijst(P1, "B", G2)
    wereld.op_lijst(P2, "A", G1)
    wereld.op_lijst(P2, "B", G2)
    counts = wereld.bouw(P1, P2)
    columns = ("status", "soort_instroom", "datum_instroom", "eerste_maand")
    assert wereld.lijst(P1, *columns) == {
        ("A", G1): ("instroom", "nieuw", P1, True), ("B", G2): ("instroom", "nieuw", P1, True),
    }
    assert wereld.lijst(P2, *columns) == {
        ("A", G1): ("blijft", None, P1, False), ("B", G2): ("blijft", None, P1, False),
    }
    assert (counts[P1]["eerste_maand"], counts[P1]["soort_instroom_nieuw"], counts[P1]["werklijst"]) == (1, 2, 2)
    assert (counts[P2]["eerste_maand"], counts[P2]["status_blijft"], counts[P2]["werklijst"]) == (0, 2, 0)


def test_soort_instroom_nieuw_terugkeer_and_verhuisd_with_verhuisd_van(wereld):
    wereld.op_lijst(P1, "A", G1)
    wereld.op_lijst(P1, "B", G2)
    # P2: A drops off the list (still living in G1); B moved to G1 and is on its list; C is new.
    wereld.persoon(P2, "A", G1)
    wereld.op_lijst(P2, "B", G1, adressen=[(G2, date(2020, 1, 1), date(2025, 1, 9)), (G1, date(2025, 1, 10), None)])
    wereld.op_lijst(P2, "C", G1)
    # P3: A is back in G1 after a month's gap.
    wereld.op_lijst(P3, "A", G1)
    wereld.op_lijst(P3, "B", G1)
    wereld.op_lijst(P3, "C", G1)
    wereld.bouw(P1, P2, P3)
    columns = ("status", "soort_instroom", "verhuisd_van", "reden_uitstroom", "verhuisd_naar")
    assert wereld.lijst(P2, *columns) == {
        ("A", G1): ("uitstroom", None, None, "onbekend", None),
        ("B", G2): ("uitstroom", None, None, "verhuisd", G1),
        ("B", G1): ("instroom", "verhuisd", G2, None, None),
        ("C", G1): ("instroom", "nieuw", None, None, None),
    }
    assert wereld.lijst(P3, "status", "soort_instroom") == {
        ("A", G1): ("instroom", "terugkeer"), ("B", G1): ("blijft", None), ("C", G1): ("blijft", None),
    }


def test_verhuisd_comes_before_terugkeer_and_terugkeer_is_per_gemeente(wereld):
    # A: G1 in P1, G2 in P2, G1 again in P3: verhuisd (from G2), though also on G1's list before.
    # B: G2 in P1, on no list in P2, G1 in P3: nieuw in G1 (neither P-1 elsewhere nor earlier here).
    wereld.op_lijst(P1, "A", G1)
    wereld.op_lijst(P2, "A", G2)
    wereld.op_lijst(P3, "A", G1)
    wereld.op_lijst(P1, "B", G2)
    wereld.persoon(P2, "B", G2)
    wereld.op_lijst(P3, "B", G1)
    wereld.bouw(P1, P2, P3)
    assert wereld.lijst(P3, "status", "soort_instroom", "verhuisd_van") == {
        ("A", G1): ("instroom", "verhuisd", G2), ("A", G2): ("uitstroom", None, None),
        ("B", G1): ("instroom", "nieuw", None),
    }


# The facts that make each reden_uitstroom apply in P2 for someone on G1's list of P1 (born 2000-06-15
# unless the leeftijd fact says otherwise). Case k holds the facts of reasons k..9 together, so the
# expected reason is always the k-th: the first that applies.
REDENEN = (
    "overleden", "vertrokken_buitenland", "verhuisd", "leeftijd", "startkwalificatie",
    "onderwijs", "uitkering", "werk", "onbekend",
)


def _uitstroom_facts(wereld: Wereld, facts: set[str], naam: str = "X") -> None:
    brp = {}
    if "overleden" in facts:
        brp["overleden"] = date(2025, 1, 20)
    if "vertrokken_buitenland" in facts:
        brp["vertrokken"] = date(2025, 1, 25)
    if "verhuisd" in facts:
        brp["adressen"] = [(G1, date(2020, 1, 1), date(2025, 1, 14)), (G2, date(2025, 1, 15), None)]
    # Born 1998-01-15: 26 on P1, 27 on P2.
    geboren = date(1998, 1, 15) if "leeftijd" in facts else date(2000, 6, 15)
    wereld.op_lijst(P1, naam, G1, geboren=geboren)
    # DUO-known on P2 unless the case is onbekend: then DUO has no record of them on P2.
    wereld.persoon(P2, naam, G1, geboren=geboren, duo=bool(facts - {"onbekend"}), **brp)
    bsn = wereld.bsn(naam)
    if "startkwalificatie" in facts:
        wereld.rij("duo_diplomas", P2, bsn=bsn, diploma="MBO2", datum_diploma=date(2025, 1, 20), brin="12AB")
    if "onderwijs" in facts:
        wereld.rij("duo_inschrijvingen", P2, bsn=bsn, onderwijssoort="MBO_BOL", brin="12AB",
                   begindatum=date(2025, 1, 15), einddatum=None)
    if "uitkering" in facts:
        wereld.rij("uwv_uitkeringen", P2, bsn=bsn, uitkering="WW", begindatum=date(2025, 1, 10), einddatum=None)
    if "werk" in facts:
        # January is P2's income month; two jobs together reach the threshold exactly.
        for nummer, loon in (("123456789L01", Decimal("300.00")), ("987654321L01", Decimal("173.00"))):
            wereld.rij("uwv_polis", P2, bsn=bsn, maand=date(2025, 1, 1), loonheffingennummer=nummer,
                       sv_loon=loon, uren=Decimal("20"), contractvorm="OPROEP")


# Case k's person is "X" * (k + 1): Wereld derives a BSN from a name's first letter and length, so each
# case has its own BSN, and they share one world (the chain decides per person).
UITSTROOM_NAAM = {reden: "X" * (k + 1) for k, reden in enumerate(REDENEN)}


def add_uitstroom_cases(wereld: Wereld) -> None:
    """Every case of REDENEN in one world, each on its own person UITSTROOM_NAAM[reden] (not yet built)."""
    for k, reden in enumerate(REDENEN):
        _uitstroom_facts(wereld, set(REDENEN[k:]), UITSTROOM_NAAM[reden])


@pytest.fixture(scope="module")
def uitstroom_wereld():
    """The nine cases of REDENEN and, as person Y, 27 and moved and working, built over P1 and P2 once for
    the module (about 20 chain months fewer than one world per case). Read only."""
    with new_con() as con:
        wereld = Wereld(con)
        add_uitstroom_cases(wereld)
        _uitstroom_facts(wereld, {"leeftijd", "verhuisd", "werk"}, "Y")
        wereld.bouw(P1, P2)
        yield wereld


@pytest.mark.parametrize("k", range(len(REDENEN)), ids=REDENEN)
def test_reden_uitstroom_is_the_first_that_applies_on_p(uitstroom_wereld, k):
    reden, naar = uitstroom_wereld.lijst(P2, "reden_uitstroom", "verhuisd_naar")[(UITSTROOM_NAAM[REDENEN[k]], G1)]
    assert reden == REDENEN[k]
    assert naar == (G2 if REDENEN[k] == "verhuisd" else None)


def test_every_uitstroom_case_leaves_g1_and_nobody_comes_in(uitstroom_wereld):
    # The cases share a world: each person is one uitstroom row of G1 in P2 and no one joins a list there
    # (the one who moved to G2 is 27), so no case's row could stand in for another's.
    assert sorted(uitstroom_wereld.lijst(P2, "status").items()) == sorted(
        [((naam, G1), "uitstroom") for naam in [*UITSTROOM_NAAM.values(), "Y"]]
    )


def test_turned_27_and_moved_is_verhuisd_and_died_beats_everything(uitstroom_wereld):
    assert uitstroom_wereld.lijst(P2, "reden_uitstroom", "verhuisd_naar")[("Y", G1)] == ("verhuisd", G2)


def test_werk_is_income_at_or_above_the_threshold_of_the_income_month(wereld):
    # All three stay DUO-known and 23-26 in P2; only the income of January (P2's income month) differs.
    for naam, loon in (("A", "472.99"), ("B", "473.00")):
        wereld.op_lijst(P1, naam, G1)
        wereld.op_lijst(P2, naam, G1)
        wereld.rij("uwv_polis", P2, bsn=wereld.bsn(naam), maand=date(2025, 1, 1), loonheffingennummer="123456789L01",
                   sv_loon=Decimal(loon), uren=Decimal("10"), contractvorm="BEPAALD")
    # C earned well in February, which is not the income month of P2.
    wereld.op_lijst(P1, "C", G1)
    wereld.op_lijst(P2, "C", G1)
    wereld.rij("uwv_polis", P2, bsn=wereld.bsn("C"), maand=date(2025, 2, 1), loonheffingennummer="123456789L01",
               sv_loon=Decimal("2000"), uren=Decimal("100"), contractvorm="BEPAALD")
    wereld.bouw(P1, P2)
    # By hand (rules.md 2 and 4): 472.99 < 473.00 stays on the list; exactly 473.00 is not below the
    # threshold, so B leaves with reason werk; C's January income is 0.
    assert wereld.lijst(P2, "status", "reden_uitstroom", "inkomen_werk") == {
        ("A", G1): ("blijft", None, Decimal("472.99")), ("B", G1): ("uitstroom", "werk", Decimal("473.00")),
        ("C", G1): ("blijft", None, Decimal("0.00")),
    }


def test_verhuisd_naar_is_the_new_woongemeente_whether_or_not_on_a_list_there(wereld):
    wereld.op_lijst(P1, "A", G1)
    wereld.op_lijst(P1, "B", G1)
    # Both moved out of G1 on 10 January: A onto G2's list, B to G3 where they are on no list (they
    # earn above the threshold there: verhuisd comes before werk).
    wereld.op_lijst(P2, "A", G2, adressen=[(G1, date(2020, 1, 1), date(2025, 1, 9)), (G2, date(2025, 1, 10), None)])
    wereld.persoon(P2, "B", G3, adressen=[(G1, date(2020, 1, 1), date(2025, 1, 9)), (G3, date(2025, 1, 10), None)],
                   duo=True)
    wereld.rij("uwv_polis", P2, bsn=wereld.bsn("B"), maand=date(2025, 1, 1), loonheffingennummer="123456789L01",
               sv_loon=Decimal("900"), uren=Decimal("80"), contractvorm="BEPAALD")
    wereld.bouw(P1, P2)
    assert wereld.lijst(P2, "status", "reden_uitstroom", "verhuisd_naar", "verhuisd_van") == {
        ("A", G1): ("uitstroom", "verhuisd", G2, None), ("A", G2): ("instroom", None, None, G1),
        ("B", G1): ("uitstroom", "verhuisd", G3, None),
    }


def test_datum_instroom_restarts_after_a_gap_and_stays_on_the_uitstroom_row(wereld):
    for p in (P1, P2, P4, P5):
        wereld.op_lijst(p, "A", G1)
    for p in (P3, P6):
        wereld.persoon(p, "A", G1)
    wereld.bouw(P1, P2, P3, P4, P5, P6)
    assert [wereld.lijst(p, "status", "datum_instroom")[("A", G1)] for p in (P1, P2, P3, P4, P5, P6)] == [
        ("instroom", P1), ("blijft", P1), ("uitstroom", P1), ("instroom", P4), ("blijft", P4), ("uitstroom", P4),
    ]


def test_uitstroom_keeps_the_categorie_of_its_last_month_unless_in_bezwaar(wereld):
    # A was zzp and leaves; B objects in the month they leave; C objected in P1 and leaves in P3.
    for naam in "ABC":
        wereld.op_lijst(P1, naam, G1)
        wereld.persoon(P3, naam, G1)
    wereld.kvk(P1, "A", date(2024, 1, 1))
    wereld.persoon(P2, "A", G1)
    wereld.persoon(P2, "B", G1, duo=True)
    wereld.op_lijst(P2, "C", G1)
    wereld.spreadsheet(P1, "C", bezwaar=True)
    wereld.spreadsheet(P2, "B", bezwaar=True)
    wereld.rij("uwv_uitkeringen", P2, bsn=wereld.bsn("B"), uitkering="WW", begindatum=date(2025, 1, 20), einddatum=None)
    wereld.rij("duo_diplomas", P3, bsn=wereld.bsn("C"), diploma="HAVO", datum_diploma=date(2025, 2, 20), brin="12AB")
    wereld.bouw(P1, P2, P3)
    assert wereld.lijst(P2, "status", "categorie", "reden_uitstroom") == {
        ("A", G1): ("uitstroom", "zzp", "onbekend"), ("B", G1): ("uitstroom", "bezwaar", "uitkering"),
        ("C", G1): ("blijft", "bezwaar", None),
    }
    # C's BSN was erased from the list; the reason is read by jib_id from persoon_toestand, the BSN not stored.
    assert wereld.lijst(P3, "status", "categorie", "reden_uitstroom", "hoogste_diploma", "bsn IS NULL") == {
        ("C", G1): ("uitstroom", "bezwaar", "startkwalificatie", "HAVO", True),
    }


def test_naw_from_the_snapshot_of_p_and_the_last_address_in_this_gemeente_on_uitstroom(wereld):
    wereld.op_lijst(P1, "A", G1)
    wereld.persoon(P2, "A", G3, adressen=[(G1, date(2020, 1, 1), date(2025, 1, 9)), (G3, date(2025, 1, 10), None)])
    wereld.op_lijst(P1, "B", G1)
    wereld.op_lijst(P2, "B", G1, adressen=[(G1, date(2020, 1, 1), date(2025, 1, 4)), (G1, date(2025, 1, 5), None)])
    wereld.bouw(P1, P2)
    # "Is it the person's first address (index 0)?" rather than the street itself, which is NAW.
    naw = wereld.lijst(P2, "straatnaam = 'Straat' || right(geslachtsnaam, 1) || '0'", "huisnummer",
                       "postcode IS NOT NULL", "geboortedatum")
    assert naw == {
        ("A", G1): (True, 1, True, date(2000, 6, 15)),  # the G1 address they left, not the new one in G3
        ("B", G1): (False, 2, True, date(2000, 6, 15)),  # the address holding on P2
    }


def test_conservation_holds_month_after_month(wereld):
    # A stays; B leaves in P2 and returns in P4; C moves G1 -> G2 in P3; D enters G2 in P2; E only P1.
    plan = {
        P1: {"A": G1, "B": G1, "C": G1, "E": G2},
        P2: {"A": G1, "C": G1, "D": G2},
        P3: {"A": G1, "C": G2, "D": G2},
        P4: {"A": G1, "B": G1, "C": G2},
    }
    for p, lijst in plan.items():
        for naam in "ABCDE":
            if naam in lijst:
                wereld.op_lijst(p, naam, lijst[naam])
            else:
                wereld.persoon(p, naam, G1)
    # An IB list of the month before the first processed one does not count as its P-1 stock.
    wereld.op_lijst(date(2024, 12, 1), "A", G1)
    wereld.bouw_tot_ib_lijst(date(2024, 12, 1))
    counts = wereld.bouw(*plan)
    for p in plan:
        assert conservation(wereld.con, p) == []
    # Worked by hand: P2 D in, B and E out; P3 C in (G2), C out (G1); P4 B in, D out.
    flows = {p: (counts[p]["status_instroom"], counts[p]["status_uitstroom"], counts[p]["op_lijst"]) for p in plan}
    assert flows == {P1: (4, 0, 4), P2: (1, 2, 3), P3: (1, 1, 3), P4: (1, 1, 3)}
    # A lost uitstroom row breaks it, for that gemeente only.
    wereld.con.execute("DELETE FROM gemeente_lijst WHERE peildatum = ? AND status = 'uitstroom' AND gemeentecode = ?",
                       [P4, G2])
    assert conservation(wereld.con, P4) == [G2]


def test_delta_order_error_when_the_previous_month_was_never_processed(wereld):
    for p in (P1, P2, P3):
        wereld.op_lijst(p, "A", G1)
    wereld.bouw(P1)
    with pytest.raises(DeltaOrderError, match="materialise 2025-02 first"):
        build_gemeente_lijst(wereld.con, P3)
    assert scalar(wereld.con, "SELECT count(*) FROM gemeente_lijst WHERE peildatum = ?", [P3]) == 0
    wereld.bouw(P2, P3)
    with pytest.raises(DeltaOrderError, match="materialise 2025-04 first"):
        build_gemeente_lijst(wereld.con, P6)


def test_a_month_whose_lists_are_all_empty_still_counts_as_processed(wereld):
    wereld.op_lijst(P1, "A", G1)
    for p in (P2, P3):
        wereld.persoon(p, "A", G1)
    wereld.op_lijst(P4, "A", G1)
    wereld.bouw(P1, P2, P3, P4)  # P3 has no rows at all, and P4 is not refused for it
    assert wereld.lijst(P3) == {}
    assert wereld.lijst(P4, "status", "soort_instroom", "eerste_maand") == {("A", G1): ("instroom", "terugkeer", False)}


def _snapshot(wereld: Wereld, name: str) -> None:
    wereld.con.execute(f"CREATE OR REPLACE TABLE {name}_lijst AS SELECT * FROM gemeente_lijst")
    wereld.con.execute(f"CREATE OR REPLACE TABLE {name}_werk AS SELECT * FROM werklijst_casemanager")


def _differences(wereld: Wereld, name: str, peildatum: date | None = None) -> int:
    """Rows that differ between the snapshot and the tables now (both ways), optionally for one month."""
    where = "" if peildatum is None else f"WHERE peildatum = DATE '{peildatum.isoformat()}'"
    total = 0
    for table, copy in (("gemeente_lijst", f"{name}_lijst"), ("werklijst_casemanager", f"{name}_werk")):
        total += scalar(
            wereld.con,
            f"SELECT count(*) FROM ((SELECT * FROM {table} {where} EXCEPT ALL SELECT * FROM {copy} {where}) "
            f"UNION ALL (SELECT * FROM {copy} {where} EXCEPT ALL SELECT * FROM {table} {where}))",
        )
    return total


def test_rerunning_a_month_leaves_the_same_rows(wereld):
    for naam, gemeente in (("A", G1), ("B", G1), ("C", G2)):
        wereld.op_lijst(P1, naam, gemeente)
    wereld.op_lijst(P2, "A", G1)
    wereld.persoon(P2, "B", G1)
    wereld.op_lijst(P2, "C", G1)
    wereld.op_lijst(P2, "D", G2)
    wereld.kvk(P2, "D", date(2024, 1, 1))
    first = wereld.bouw(P1, P2)
    _snapshot(wereld, "voor")
    again = wereld.bouw(P2)
    assert _differences(wereld, "voor") == 0
    assert again[P2] == first[P2]
    assert scalar(wereld.con, "SELECT count(*) FROM gemeente_lijst WHERE peildatum = ?", [P2]) == 5


def test_rerunning_an_earlier_month_replaces_it_and_leaves_later_months_until_rerun(wereld):
    for p in (P1, P2, P3):
        wereld.op_lijst(p, "A", G1)
        wereld.op_lijst(p, "B", G1)
    wereld.bouw(P1, P2, P3)
    _snapshot(wereld, "voor")
    # A corrected delivery of P2: DUO has no record of B after all (so B is off the list, reason unknown).
    for table in ("duo_diplomas", "duo_inschrijvingen"):
        wereld.con.execute(f"DELETE FROM {table} WHERE peildatum = ? AND bsn = ?", [P2, wereld.bsn("B")])
    wereld.bouw(P2)
    assert wereld.lijst(P2, "status", "reden_uitstroom") == {
        ("A", G1): ("blijft", None), ("B", G1): ("uitstroom", "onbekend"),
    }
    assert _differences(wereld, "voor", P3) == 0  # P3 stays as it was
    assert conservation(wereld.con, P3) == [G1]  # and its check shows it is stale
    wereld.bouw(P3)
    assert wereld.lijst(P3, "status", "soort_instroom", "datum_instroom") == {
        ("A", G1): ("blijft", None, P1), ("B", G1): ("instroom", "terugkeer", P3),
    }
    assert conservation(wereld.con, P3) == []


def test_the_lists_hold_exactly_the_ib_list_also_with_bezwaar(wereld):
    for naam in "AB":
        wereld.op_lijst(P1, naam, G1)
    wereld.spreadsheet(P1, "A", bezwaar=True)
    wereld.bouw(P1)
    assert ib_lijst_mismatch(wereld.con, P1) == 0
    wereld.con.execute("UPDATE gemeente_lijst SET gemeentecode = ? WHERE jib_id = ?", [G2, wereld.jib("A")])
    assert ib_lijst_mismatch(wereld.con, P1) == 2
