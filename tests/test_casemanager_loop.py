"""Issue 13, the casemanager's loop: the card answered "nee" is an objection (rules.md 3, opt-out), the
worklist's history and triage columns, the leavers' note, and the bestemming-against-register warning.

Built on hand-made persons with the chain's own functions (Wereld of test_rules_gemeente_filter);
persons are named by a letter, BSNs and names never appear in an assertion.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from test_rules_gemeente_filter import G1, KEY, P1, P2, P3, P4, Wereld

from jib_assets.db import scalar
from jib_assets.privacy.erasure import erase_warehouse, remaining_in_warehouse
from tests.builders import new_con


@pytest.fixture
def wereld(con) -> Wereld:
    return Wereld(con)


def kaartje(wereld: Wereld, p: date, naam: str, reactie: str | None, **values) -> None:
    """A row of P's casemanager delivery: the card sent on P, with this reaction (as typed by people)."""
    wereld.rij("casemanager_monitoring", p, jib_id=wereld.jib(naam), gemeentecode=values.pop("gemeente", G1),
               datum_kaartje=values.pop("datum_kaartje", p), reactie_kaartje=reactie, **values)


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


def _csv(path) -> list[dict[str, str]]:
    import csv
    import io

    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig")), delimiter=";"))


def _xlsx(path) -> list[dict[str, object]]:
    import openpyxl

    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    return [dict(zip(rows[0], r, strict=True)) for r in rows[1:]]


@pytest.fixture(scope="module")
def terugkeer(tmp_path_factory):
    """A: on G1's worklist in P1 (card answered ja, visited, consent), left in P2 for work, back in P3.
    B: new in P3 with a PRO diploma. C: bekend in P1 (never on a worklist), left in P2.
    Exports of P2 and P3 written with 'long on the list' from 2 months (the default is 12).
    Built once for the module; the tests only read the exports."""
    with pytest.MonkeyPatch.context() as monkeypatch:
        with new_con() as con:
            yield _terugkeer(Wereld(con), tmp_path_factory.mktemp("terugkeer"), monkeypatch)


def _terugkeer(wereld: Wereld, tmp_path, monkeypatch) -> tuple[Wereld, object]:
    from jib_assets.publish import exports

    monkeypatch.setattr(exports, "LANG_OP_LIJST_MAANDEN", 2)
    wereld.op_lijst(P1, "A", G1)
    wereld.op_lijst(P1, "C", G1)
    wereld.klant(P1, "C", G1, "WMO", date(2024, 1, 1))
    wereld.op_lijst(P2, "A", G1)
    wereld.rij("uwv_polis", P2, bsn=wereld.bsn("A"), maand=date(2025, 1, 1), loonheffingennummer="123456789L01",
               sv_loon=Decimal("900.00"), uren=Decimal("60"), contractvorm="BEPAALD")
    wereld.persoon(P2, "C", G1, duo=True)
    wereld.rij("uwv_uitkeringen", P2, bsn=wereld.bsn("C"), uitkering="WW", begindatum=date(2025, 1, 5), einddatum=None)
    wereld.op_lijst(P3, "A", G1)
    wereld.op_lijst(P3, "B", G1)
    wereld.rij("duo_diplomas", P3, bsn=wereld.bsn("B"), diploma="PRO", datum_diploma=date(2017, 7, 1), brin="12AB")
    for p in (P2, P3):  # the cumulative spreadsheet copies
        kaartje(wereld, p, "A", "ja", datum_kaartje=date(2025, 1, 8), datum_huisbezoek=date(2025, 1, 20), bereikt=True, toestemming=True)
    wereld.bouw(P1, P2, P3)
    for p in (P2, P3):
        exports.write_exports(wereld.con, p, tmp_path)
    return wereld, tmp_path


def test_leavers_note_lists_worklist_youths_who_left_with_reason_and_no_bsn(terugkeer):
    wereld, out = terugkeer
    folder = out / "2025-02" / G1
    for rows in (_csv(folder / "uitstroom_casemanager.csv"), _xlsx(folder / "uitstroom_casemanager.xlsx")):
        assert [(wereld.alias[r["jib_id"]], r["reden_uitstroom"], r["geslachtsnaam"]) for r in rows] == [
            ("A", "werk", "AchternaamA")]  # C left too (uitkering) but was never on a worklist
        assert not any("bsn" in c.lower() for c in rows[0])
        assert wereld.bsn("A") not in str(rows)
    assert _csv(out / "2025-03" / G1 / "uitstroom_casemanager.csv") == []


def test_worklist_shows_history_what_the_casemanager_recorded_and_triage_marks(terugkeer):
    wereld, out = terugkeer
    folder = out / "2025-03" / G1
    for rows, fmt in ((_csv(folder / "werklijst_casemanager.csv"), str),
                      (_xlsx(folder / "werklijst_casemanager.xlsx"), lambda v: v)):
        by = {wereld.alias[r["jib_id"]]: r for r in rows}
        assert set(by) == {"A", "B"}
        a, b = by["A"], by["B"]
        assert (a["eerder_maanden_op_lijst"], a["eerder_uitstroom_maand"], a["eerder_reden_uitstroom"]) == (
            fmt(1), "2025-02", "werk")
        assert (a["eerder_reactie_kaartje"], a["eerder_toestemming"]) == ("ja", "ja")
        assert str(a["eerder_datum_kaartje"])[:10] == "2025-01-08" and str(a["eerder_datum_huisbezoek"])[:10] == "2025-01-20"
        assert a["signalen"] == ("geen inkomen: geen loon in de inkomensmaand; lang op de lijst: 2 maanden in totaal; "
                                 "terug na uitstroom in 2025-02 (werk)")
        # B is new: no history, no casemanager record; PRO background and no income.
        assert b["eerder_maanden_op_lijst"] == fmt(0)
        assert b["eerder_uitstroom_maand"] in ("", None) and b["eerder_reactie_kaartje"] in ("", None)
        assert b["signalen"] == "geen inkomen: geen loon in de inkomensmaand; PRO/VSO: diploma PRO"
        assert not any("bsn" in c.lower() for c in rows[0])


def test_rerun_after_erasing_an_aged_out_objector_keeps_everyone_else(wereld):
    # A objects in P1 aged 26 and is 27 from P2 on: on P3 (27 on P3 and P2) no rule needs A, so persoon_toestand
    # keeps no row of A's for P3 (buiten_doelgroep counts them) and the erasure finds none there; a rerun of P3
    # (which jib wat-als does too) must still find B. (Such a row once stayed with neither BSN nor jib_id, and a
    # NULL in the erased pseudonyms dropped everyone.)
    for p in (P1, P2, P3):
        wereld.op_lijst(p, "A", G1, geboren=date(1998, 1, 15))
        wereld.op_lijst(p, "B", G1)
    kaartje(wereld, P1, "A", "nee")
    wereld.bouw(P1, P2, P3)
    erase_warehouse(wereld.con, KEY)
    assert scalar(wereld.con, "SELECT count(*) FROM persoon_toestand WHERE peildatum = ? AND bsn IS NULL", [P3]) == 0
    assert scalar(wereld.con, "SELECT sum(personen) FROM buiten_doelgroep WHERE peildatum = ?", [P3]) == 1
    wereld.bouw(P3)
    assert wereld.lijst(P3, "status") == {("B", G1): "blijft"}


def test_bestemming_werk_recorded_more_than_three_months_ago_while_still_on_the_list_warns(wereld):
    from test_rules_gemeente_filter import P5

    from jib_assets.explain.bestemming import build_bestemming_afwijking

    # A: the casemanager recorded werk on 15-01-2025, yet A stays on the list. B: recorded werk on
    # 15-01-2025 and really left in P2. C: werk recorded on 15-03-2025 (not yet three months by P5).
    # D and E: afzien and eigen_onderneming on 15-01-2025, still on the list: the rules keep them there
    # (no delivery shows declining help; a business makes a youth categorie zzp), so no warning.
    maanden = (P1, P2, date(2025, 3, 1), date(2025, 4, 1), P5)
    for p in maanden:
        wereld.op_lijst(p, "A", G1)
        wereld.op_lijst(p, "C", G1)
        for naam, bestemming in (("D", "afzien"), ("E", "eigen_onderneming")):
            wereld.op_lijst(p, naam, G1)
            if p > P1:
                kaartje(wereld, p, naam, "ja", datum_kaartje=date(2025, 1, 5), datum_uitstroom=date(2025, 1, 15),
                        bestemming=bestemming)
        if p == P1:
            wereld.op_lijst(p, "B", G1)
        else:
            wereld.persoon(p, "B", G1)
        if p > P1:
            kaartje(wereld, p, "A", "ja", datum_kaartje=date(2025, 1, 5), datum_uitstroom=date(2025, 1, 15),
                    bestemming="werk")
            kaartje(wereld, p, "B", "ja", datum_kaartje=date(2025, 1, 5), datum_uitstroom=date(2025, 1, 15),
                    bestemming="werk")
            kaartje(wereld, p, "C", "ja", datum_kaartje=date(2025, 1, 5),
                    datum_uitstroom=date(2025, 3, 15) if p >= date(2025, 4, 1) else None,
                    bestemming="werk" if p >= date(2025, 4, 1) else None)
    wereld.bouw(*maanden)
    # 15-01 is more than three months before P5 (01-05), not before P4 (01-04: exactly 2.5 months).
    assert build_bestemming_afwijking(wereld.con, date(2025, 4, 1)) == {}
    assert build_bestemming_afwijking(wereld.con, P5) == {G1: 1}
    rows = wereld.con.execute("SELECT jib_id, bestemming, maanden_verschil FROM bestemming_afwijking "
                              "WHERE peildatum = ?", [P5]).fetchall()
    assert [(wereld.alias[j], b, m) for j, b, m in rows] == [("A", "werk", 4)]


def test_the_warning_says_how_many_youths_where_and_what_to_do_without_naming_them():
    from jib_assets.explain.bestemming import beschrijving

    assert beschrijving({}) is None  # passed: nothing to say
    text = beschrijving({"GM0988": 2, "GM0957": 1})
    assert text.startswith("3 youth(s) in 2 municipality(ies) still on the list")
    assert "more than 3 months ago" in text and "bestemming_afwijking" in text and "casemanager" in text
    assert "JIB-" not in text and "GM0988" not in text  # counts only: per gemeente in the check's metadata
