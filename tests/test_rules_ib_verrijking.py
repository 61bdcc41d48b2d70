"""rules.md 2, IB income enrichment: one test per rule, on hand-made BRP, DUO and UWV rows run
through persoon_toestand and the selection as the assets run them.

Persons are named by a label; their BSN is made up and never appears in test output.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from jib_assets import parameters
from jib_assets.chain.duo_selectie import build_duo_selectie
from jib_assets.chain.ib_verrijking import build_ib_lijst
from jib_assets.chain.persoon_toestand import build_persoon_toestand
from jib_assets.db import scalar
from tests.builders import SourceRows
from jib_assets.parameters import Versioned
from test_rules_duo_selectie import person_row
from test_rules_gemeente_filter import SOURCES

P = date(2025, 3, 1)
INKOMENSMAAND = date(2025, 2, 1)

KEY = b"test-key-not-secret"

_bsn_by_label: dict[str, str] = {}


def bsn(label: str) -> str:
    """A made-up BSN for a label (this step does not check the elfproef)."""
    return _bsn_by_label.setdefault(label, f"{900000000 + len(_bsn_by_label):09d}")


def label(number: str) -> str:
    return next((k for k, v in _bsn_by_label.items() if v == number), "?")


def verrijk(con, peildatum: date = P, **parameters) -> dict[str, int]:
    """Steps 1 and 2 of the peildatum as the assets run them; the enrichment's counts. `parameters`
    (inkomensgrens, lag_maanden) go to persoon_toestand, where the threshold is compared."""
    build_persoon_toestand(con, peildatum, KEY, **parameters)
    build_duo_selectie(con, peildatum)
    return build_ib_lijst(con, peildatum)


class Snapshot(SourceRows):
    """Selected persons of one peildatum (their BRP and DUO rows) and the UWV rows of that month's delivery."""

    def __init__(self, con, peildatum: date = P):
        super().__init__(con, peildatum, SOURCES)

    def geselecteerd(self, who: str, gemeente: str = "GM0363") -> Snapshot:
        """Someone selected on P: 24, male, one address, VMBO_TL only, last enrolment VO ended 2016-07-31."""
        self._insert("brp_personen", {"bsn": bsn(who), "geboortedatum": date(2000, 6, 15), "geslacht": "M"})
        self._insert("brp_adressen", {"bsn": bsn(who), "gemeentecode": gemeente, "begindatum": date(2018, 1, 1)})
        self._insert("duo_diplomas", {"bsn": bsn(who), "diploma": "VMBO_TL", "datum_diploma": date(2016, 7, 1)})
        self._insert("duo_inschrijvingen", {"bsn": bsn(who), "onderwijssoort": "VO", "begindatum": date(2012, 8, 1),
                                            "einddatum": date(2016, 7, 31)})
        return self

    def polis(self, who: str, sv_loon: str, maand: date = INKOMENSMAAND, baan: int = 1) -> Snapshot:
        self.con.execute("INSERT INTO uwv_polis VALUES (?, ?, ?, ?, ?, ?, 40, 'BEPAALD')",
                         [self.peildatum, next(self.regel), bsn(who), maand, f"12345678{baan}L01", Decimal(sv_loon)])
        return self

    def uitkering(self, who: str, soort: str, begin: str, eind: str | None = None) -> Snapshot:
        self.con.execute("INSERT INTO uwv_uitkeringen VALUES (?, ?, ?, ?, ?, ?)",
                         [self.peildatum, next(self.regel), bsn(who), soort, begin, eind])
        return self


def op_lijst(con, peildatum: date = P) -> set[str]:
    return {label(b) for (b,) in con.execute("SELECT bsn FROM ib_lijst WHERE peildatum = ?", [peildatum]).fetchall()}


def verrijking(con, who: str, peildatum: date = P) -> dict:
    return person_row(con, "ib_verrijking", bsn(who), peildatum, "bsn", who)


def test_rule_2_income_strictly_below_the_threshold_stays_on_the_list(con):
    Snapshot(con).geselecteerd("472_99").polis("472_99", "472.99").geselecteerd("473_00").polis("473_00", "473.00")
    verrijk(con, P)
    assert op_lijst(con) == {"472_99"}
    assert verrijking(con, "473_00")["inkomen_werk"] == Decimal("473.00")


def test_rule_2_income_from_work_sums_all_jobs_of_the_month(con):
    (Snapshot(con)
        .geselecteerd("samen_erboven").polis("samen_erboven", "300.00", baan=1).polis("samen_erboven", "200.00", baan=2)
        .geselecteerd("samen_eronder").polis("samen_eronder", "200.00", baan=1).polis("samen_eronder", "272.99", baan=2))
    verrijk(con, P)
    assert op_lijst(con) == {"samen_eronder"}
    assert verrijking(con, "samen_erboven")["inkomen_werk"] == Decimal("500.00")
    assert verrijking(con, "samen_eronder")["inkomen_werk"] == Decimal("472.99")


def test_rule_2_no_polis_rows_is_income_0_nulinkomen_and_no_work(con):
    Snapshot(con).geselecteerd("geen_polis")
    verrijk(con, P)
    row = verrijking(con, "geen_polis")
    assert (row["inkomen_werk"], row["nulinkomen"], row["in_bezit_van_werk"]) == (Decimal("0.00"), True, False)
    assert op_lijst(con) == {"geen_polis"}


def test_rule_2_in_bezit_van_werk_with_a_zero_wage_row(con):
    Snapshot(con).geselecteerd("nul_loon").polis("nul_loon", "0.00").geselecteerd("wat_loon").polis("wat_loon", "12.50")
    verrijk(con, P)
    nul, wat = verrijking(con, "nul_loon"), verrijking(con, "wat_loon")
    assert (nul["in_bezit_van_werk"], nul["nulinkomen"]) == (True, True)
    assert (wat["in_bezit_van_werk"], wat["nulinkomen"]) == (True, False)
    assert op_lijst(con) == {"nul_loon", "wat_loon"}


def test_rule_2_only_the_income_month_counts(con):
    (Snapshot(con)
        .geselecteerd("loon_in_maand_P").polis("loon_in_maand_P", "5000.00", maand=P)
        .polis("loon_in_maand_P", "5000.00", maand=date(2025, 1, 1))
        .geselecteerd("loon_in_inkomensmaand").polis("loon_in_inkomensmaand", "5000.00"))
    verrijk(con, P)
    assert verrijking(con, "loon_in_maand_P")["inkomen_werk"] == Decimal("0.00")
    assert verrijking(con, "loon_in_maand_P")["inkomensmaand"] == INKOMENSMAAND
    assert op_lijst(con) == {"loon_in_maand_P"}


def test_rule_2_a_benefit_holding_on_the_peildatum_leaves_the_list(con):
    (Snapshot(con)
        .geselecteerd("toeslag_tot_P").uitkering("toeslag_tot_P", "TW", "2024-01-01", "2025-03-01")
        .geselecteerd("vanaf_P").uitkering("vanaf_P", "WW", "2025-03-01")
        .geselecteerd("twee_soorten").uitkering("twee_soorten", "ZW", "2025-01-01").uitkering("twee_soorten", "WW", "2025-02-01")
        .geselecteerd("eind_P_min_1").uitkering("eind_P_min_1", "WW", "2024-06-01", "2025-02-28")
        .geselecteerd("begin_P_plus_1").uitkering("begin_P_plus_1", "PARTICIPATIEWET", "2025-03-02"))
    verrijk(con, P)
    assert op_lijst(con) == {"eind_P_min_1", "begin_P_plus_1"}
    assert verrijking(con, "twee_soorten")["soorten_uitkering"] == "WW,ZW"
    assert verrijking(con, "toeslag_tot_P")["uitkering"] is True
    assert verrijking(con, "eind_P_min_1")["soorten_uitkering"] is None


def test_rule_2_threshold_is_the_version_in_force_on_the_peildatum(con, monkeypatch):
    monkeypatch.setattr(parameters, "INKOMENSGRENS", Versioned(
        ((date(2019, 1, 1), Decimal("473.00")), (date(2025, 3, 1), Decimal("500.00")))))
    februari = date(2025, 2, 1)
    Snapshot(con, februari).geselecteerd("verdient_480").polis("verdient_480", "480.00", maand=date(2025, 1, 1))
    Snapshot(con).geselecteerd("verdient_480").polis("verdient_480", "480.00")
    verrijk(con, februari)
    verrijk(con, P)
    assert op_lijst(con, februari) == set()
    assert op_lijst(con, P) == {"verdient_480"}
    assert verrijking(con, "verdient_480", P)["inkomensgrens"] == Decimal("500.00")


def test_rule_2_an_explicit_threshold_overrides_the_parameter(con):
    Snapshot(con).geselecteerd("verdient_480").polis("verdient_480", "480.00")
    verrijk(con, P, inkomensgrens=Decimal("480.01"))
    assert op_lijst(con) == {"verdient_480"}


def test_rule_2_lag_parameter_2_takes_the_month_two_before(con):
    (Snapshot(con)
        .geselecteerd("werkte_in_januari").polis("werkte_in_januari", "900.00", maand=date(2025, 1, 1))
        .geselecteerd("werkte_in_februari").polis("werkte_in_februari", "900.00", maand=date(2025, 2, 1)))
    verrijk(con, P, lag_maanden=2)
    assert op_lijst(con) == {"werkte_in_februari"}
    assert verrijking(con, "werkte_in_januari")["inkomensmaand"] == date(2025, 1, 1)


def test_rule_2_lag_below_one_month_is_refused(con):
    Snapshot(con).geselecteerd("iemand")
    with pytest.raises(ValueError, match="lag_maanden"):
        verrijk(con, P, lag_maanden=0)


def test_rule_2_the_list_belongs_to_the_woongemeente_and_carries_the_selection(con):
    Snapshot(con).geselecteerd("in_ede", gemeente="GM0228").polis("in_ede", "100.00")
    verrijk(con, P)
    result = con.execute("SELECT * EXCLUDE (bsn, jib_id) FROM ib_lijst WHERE peildatum = ?", [P])
    row = dict(zip([d[0] for d in result.description], result.fetchall()[0], strict=True))
    assert row == {
        "peildatum": P, "woongemeente": "GM0228", "inkomen_werk": Decimal("100.00"), "in_bezit_van_werk": True,
        "nulinkomen": False, "geboortedatum": date(2000, 6, 15), "leeftijd": 24, "geslacht": "M",
        "hoogste_diploma": "VMBO_TL", "laatste_onderwijssoort": "VO", "laatste_onderwijs_einddatum": date(2016, 7, 31),
    }


def test_rule_2_only_the_snapshot_of_the_peildatum_counts(con):
    februari = date(2025, 2, 1)
    # February's delivery said the person worked in February; March's delivery does not.
    Snapshot(con, februari).polis("herzien", "900.00").uitkering("herzien", "WW", "2024-01-01")
    Snapshot(con).geselecteerd("herzien")
    Snapshot(con, februari).geselecteerd("alleen_in_februari")
    verrijk(con, P)
    assert op_lijst(con) == {"herzien"}
    assert scalar(con, "SELECT count(*) FROM ib_verrijking") == 1


def test_rule_2_rerun_is_idempotent_and_returns_the_same_counts(con):
    (Snapshot(con)
        .geselecteerd("onder_grens").polis("onder_grens", "10.00")
        .geselecteerd("nul").geselecteerd("boven_grens").polis("boven_grens", "1000.00")
        .geselecteerd("uitkering").uitkering("uitkering", "WAJONG", "2020-01-01").polis("uitkering", "2000.00"))
    first = verrijk(con, P)
    assert verrijk(con, P) == first
    assert first == {
        "geselecteerd": 4, "op_lijst": 2, "niet_op_lijst_uitkering": 1, "niet_op_lijst_werk": 1,
        "op_lijst_nulinkomen": 1, "op_lijst_in_bezit_van_werk": 1, "geselecteerd_in_bezit_van_werk": 3,
        "polisregels_inkomensmaand": 3,
    }
    assert scalar(con, "SELECT count(*) FROM ib_lijst") == 2
    assert scalar(con, "SELECT count(*) FROM ib_verrijking") == 4
