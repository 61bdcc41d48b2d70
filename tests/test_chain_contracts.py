"""The pandera contracts of the chain's own tables: valid rows pass, and each rule can fail."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl
import pytest

from jib_assets.quality.contracts import validate_frame
from tests.builders import register_frame

P = date(2025, 3, 1)
B1, B2 = "123456782", "111222333"  # both pass the elfproef


def _frame(rows: list[dict], table: str) -> pl.DataFrame:
    """Every column of the register table, typed as the register says (unnamed columns NULL)."""
    return register_frame(table, rows)


GOOD = {
    "duo_selectie": ([
        dict(peildatum=P, bsn=B1, jib_id="JIB-ABCDEFGHIJ23", geboortedatum=date(2000, 5, 1), leeftijd=24, geslacht="V", woongemeente="GM0988",
             hoogste_diploma="VMBO_TL", laatste_onderwijssoort="MBO_BOL", laatste_onderwijs_einddatum=date(2024, 7, 31)),
        dict(peildatum=P, bsn=None, jib_id="JIB-ABCDEFGHIJ45", geboortedatum=None, leeftijd=26, geslacht="M", woongemeente="GM0957",
             hoogste_diploma=None, laatste_onderwijssoort=None, laatste_onderwijs_einddatum=None),  # erased
    ]),
    "ib_lijst": ([
        dict(peildatum=P, bsn=B1, jib_id="JIB-ABCDEFGHIJ23", woongemeente="GM0988", inkomen_werk=Decimal("0.00"), in_bezit_van_werk=False,
             nulinkomen=True),
        dict(peildatum=P, bsn=B2, jib_id="JIB-ABCDEFGHIJ45", woongemeente="GM0988", inkomen_werk=Decimal("472.99"), in_bezit_van_werk=True,
             nulinkomen=False),
    ]),
    "gemeente_lijst": ([
        dict(peildatum=P, gemeentecode="GM0988", bsn=B1, jib_id="JIB-ABCDEFGHIJ23", categorie="benaderen",
             status="instroom", soort_instroom="verhuisd", reden_uitstroom=None, verhuisd_van="GM0957",
             verhuisd_naar=None, datum_instroom=P, eerste_maand=False),
        dict(peildatum=P, gemeentecode="GM0957", bsn=None, jib_id="JIB-ABCDEFGHIJ45", categorie="bezwaar",
             status="uitstroom", soort_instroom=None, reden_uitstroom="verhuisd", verhuisd_van=None,
             verhuisd_naar="GM0988", datum_instroom=date(2025, 1, 1), eerste_maand=False),
    ]),
    "werklijst_casemanager": ([
        dict(peildatum=P, gemeentecode="GM0988", jib_id="JIB-ABCDEFGHIJ23", geslachtsnaam="Jansen", voorvoegsel=None,
             voornamen="Eva", straatnaam="Markt", huisnummer=1, huisletter=None, huisnummertoevoeging=None,
             postcode="6001AB", woonplaats="Weert", geboortedatum=date(2000, 5, 1), categorie="zzp",
             datum_instroom=P),
    ]),
}


@pytest.mark.parametrize("table", GOOD)
def test_valid_rows_pass(table):
    rows = GOOD[table]
    ok, failures, _ = validate_frame(table, _frame(rows, table))
    assert ok and failures == 0


@pytest.mark.parametrize(
    ("table", "change", "column"),
    [
        ("duo_selectie", {"leeftijd": 27}, "leeftijd"),
        ("duo_selectie", {"bsn": "123456789"}, "bsn"),  # fails the elfproef
        ("duo_selectie", {"woongemeente": "GM9999"}, "woongemeente"),
        ("duo_selectie", {"laatste_onderwijs_einddatum": P}, "laatste_onderwijs_voor_peildatum"),
        ("ib_lijst", {"nulinkomen": False}, "nulinkomen_is_inkomen_nul"),
        ("ib_lijst", {"inkomen_werk": Decimal("-1.00"), "nulinkomen": False}, "inkomen_werk"),
        ("gemeente_lijst", {"categorie": "onbekend"}, "categorie"),
        ("gemeente_lijst", {"soort_instroom": None}, "soort_bij_instroom_reden_bij_uitstroom"),
        ("gemeente_lijst", {"verhuisd_van": None}, "verhuisd_van_alleen_bij_verhuizing"),
        ("gemeente_lijst", {"datum_instroom": date(2025, 4, 1)}, "datum_instroom_niet_na_peildatum"),
        ("gemeente_lijst", {"jib_id": "JIB-abc"}, "jib_id"),
        ("werklijst_casemanager", {"categorie": "bekend"}, "categorie"),
        ("werklijst_casemanager", {"postcode": "6001 AB"}, "postcode"),
    ],
)
def test_each_chain_rule_can_fail(table, change, column):
    rows = GOOD[table]
    broken = [{**rows[0], **change}, *rows[1:]]
    ok, failures, examples = validate_frame(table, _frame(broken, table))
    assert not ok and failures >= 1
    assert any(column in example for example in examples)


def test_the_worklist_contract_refuses_a_bsn_column():
    rows = GOOD["werklijst_casemanager"]
    frame = _frame(rows, "werklijst_casemanager").with_columns(pl.lit(B1).alias("bsn"))
    ok, _, examples = validate_frame("werklijst_casemanager", frame)
    assert not ok
    assert any("bsn" in example for example in examples)
    assert not any(B1 in example for example in examples)


def test_a_duplicate_person_in_a_month_fails():
    rows = GOOD["gemeente_lijst"]
    ok, _, _ = validate_frame("gemeente_lijst", _frame([rows[0], rows[0]], "gemeente_lijst"))
    assert not ok


def test_two_erased_persons_in_one_month_are_two_persons_not_a_duplicate():
    rows = GOOD["duo_selectie"]
    other = {**rows[1], "jib_id": "JIB-ABCDEFGHIJ67"}
    assert validate_frame("duo_selectie", _frame([rows[0], rows[1], other], "duo_selectie"))[0]
    assert not validate_frame("duo_selectie", _frame([rows[0], rows[1], rows[1]], "duo_selectie"))[0]
