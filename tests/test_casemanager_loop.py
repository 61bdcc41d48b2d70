"""Issue 13, the casemanager's loop: the card answered "nee" is an objection (rules.md 3, opt-out), the
worklist's history and triage columns, the leavers' note, and the bestemming-against-register warning.

Built on hand-made persons with the chain's own functions (Wereld of test_rules_gemeente_filter);
persons are named by a letter, BSNs and names never appear in an assertion.
"""

from __future__ import annotations

from datetime import date

import pytest
from test_rules_gemeente_filter import G1, KEY, P1, P2, P3, P4, Wereld

from jib_assets.db import scalar
from jib_assets.privacy.erasure import erase_warehouse, remaining_in_warehouse


@pytest.fixture
def wereld(con) -> Wereld:
    return Wereld(con)


def kaartje(wereld: Wereld, p: date, naam: str, reactie: str | None, **values) -> None:
    """A row of P's casemanager delivery: the card sent on P, with this reaction (as typed by people)."""
    wereld.rij("casemanager_monitoring", p, jib_id=wereld.jib(naam), gemeentecode=values.pop("gemeente", G1),
               datum_kaartje=p, reactie_kaartje=reactie, **values)


def test_reactie_kaartje_nee_is_an_objection_from_that_month(wereld):
    # A answered the card "nee" in the delivery of P2; B answered "ja"; C sent nothing back ("geen").
    # A leaves the list in P3 and comes back in P4: without the objection that is a terugkeer instroom.
    for p in (P1, P2):
        for naam in "ABC":
            wereld.op_lijst(p, naam, G1)
    wereld.op_lijst(P3, "A", G1)
    wereld.rij("duo_inschrijvingen", P3, bsn=wereld.bsn("A"), onderwijssoort="MBO_BOL", brin="12AB",
               begindatum=date(2025, 2, 15), einddatum=date(2025, 3, 15))  # in education on P3 only
    for naam in "BC":
        wereld.op_lijst(P3, naam, G1)
    for naam in "ABC":
        wereld.op_lijst(P4, naam, G1)
    kaartje(wereld, P2, "A", "nee")
    kaartje(wereld, P2, "B", "ja")
    kaartje(wereld, P2, "C", "geen")
    for p in (P3, P4):  # the cumulative copies of later months
        kaartje(wereld, p, "A", "nee")
    wereld.bouw(P1, P2, P3, P4)

    assert [wereld.lijst(p, "categorie")[("A", G1)] for p in (P1, P2, P3, P4)] == [
        "benaderen", "bezwaar", "bezwaar", "bezwaar"]
    assert wereld.lijst(P4, "status", "soort_instroom")[("A", G1)] == ("instroom", "terugkeer")
    assert scalar(wereld.con, "SELECT peildatum_bezwaar FROM bezwaar_register WHERE jib_id = ?", [wereld.jib("A")]) == P2
    # Off every later worklist (P1's worklist was everyone: the first month).
    assert wereld.werklijst(P1) == {("A", G1): "benaderen", ("B", G1): "benaderen", ("C", G1): "benaderen"}
    assert all(("A", G1) not in wereld.werklijst(p) for p in (P2, P3, P4))
    # "ja" and "geen" are no objection.
    assert wereld.lijst(P4, "categorie")[("B", G1)] == "benaderen"
    assert wereld.lijst(P4, "categorie")[("C", G1)] == "benaderen"
    # Identifying fields erased from the lists and the worklist, history included ...
    assert wereld.identifying_present("gemeente_lijst", "A") == {P1: False, P2: False, P3: False, P4: False}
    assert wereld.identifying_present("werklijst_casemanager", "A") == {P1: False}
    assert wereld.identifying_present("gemeente_lijst", "B") == {P1: True, P2: True, P3: True, P4: True}
    # ... and, by the erasure step, from every table the warehouse keeps (source snapshots included).
    bsn_a = wereld.bsn("A")
    assert scalar(wereld.con, "SELECT count(*) FROM brp_personen WHERE bsn = ?", [bsn_a]) > 0
    changed = erase_warehouse(wereld.con, KEY)
    assert sum(changed.values()) > 0
    assert remaining_in_warehouse(wereld.con, KEY) == {}
    for table in ("brp_personen", "brp_adressen", "duo_diplomas", "persoon_toestand"):
        assert scalar(wereld.con, f"SELECT count(*) FROM {table} WHERE bsn = ?", [bsn_a]) == 0, table
    assert scalar(wereld.con, "SELECT count(*) FROM brp_personen WHERE bsn = ?", [wereld.bsn("B")]) > 0
