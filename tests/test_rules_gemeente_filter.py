"""rules.md 3, municipal filtering: one test per rule, on a few hand-made persons per test.

Persons are named by a letter; their BSNs and names never appear in an assertion. `Wereld` writes the
source tables by hand and runs the whole chain over them (persoon_toestand, selection, enrichment,
filter, delta, worklist) as the assets do; it is shared with test_rules_maand_delta.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import duckdb
import pytest

from jib_assets.chain.duo_selectie import build_duo_selectie
from jib_assets.chain.gemeente_filter import categories_partition
from jib_assets.chain.ib_verrijking import build_ib_lijst
from jib_assets.chain.maand import build_month
from jib_assets.chain.persoon_toestand import build_persoon_toestand
from jib_assets.db import scalar
from jib_assets.privacy.pseudonym import jib_id
from tests.builders import elfproef_bsn

KEY = b"test-key-not-secret"
P1, P2, P3, P4, P5, P6 = (date(2025, m, 1) for m in range(1, 7))
G1, G2, G3 = "GM0957", "GM0988", "GM1640"
DAG = timedelta(days=1)

SOURCES = {
    "brp_personen": "bsn VARCHAR, geslachtsnaam VARCHAR, voorvoegsel VARCHAR, voornamen VARCHAR, geboortedatum DATE, "
    "geslacht VARCHAR, datum_overlijden DATE, datum_vertrek_buitenland DATE",
    "brp_adressen": "bsn VARCHAR, gemeentecode VARCHAR, straatnaam VARCHAR, huisnummer INTEGER, huisletter VARCHAR, "
    "huisnummertoevoeging VARCHAR, postcode VARCHAR, woonplaats VARCHAR, begindatum DATE, einddatum DATE",
    "duo_diplomas": "bsn VARCHAR, diploma VARCHAR, datum_diploma DATE, brin VARCHAR",
    "duo_inschrijvingen": "bsn VARCHAR, onderwijssoort VARCHAR, brin VARCHAR, begindatum DATE, einddatum DATE",
    "uwv_polis": "bsn VARCHAR, maand DATE, loonheffingennummer VARCHAR, sv_loon DECIMAL(12,2), uren DECIMAL(10,2), "
    "contractvorm VARCHAR",
    "uwv_uitkeringen": "bsn VARCHAR, uitkering VARCHAR, begindatum DATE, einddatum DATE",
    "kvk_inschrijvingen": "bsn VARCHAR, kvk_nummer VARCHAR, rechtsvorm VARCHAR, begindatum DATE, einddatum DATE",
    "gemeente_klanten": "gemeentecode VARCHAR, bsn VARCHAR, regeling VARCHAR, begindatum DATE, einddatum DATE",
}
TABLES = {
    **{name: f"peildatum DATE, regel BIGINT, {columns}" for name, columns in SOURCES.items()},
    "casemanager_monitoring": "peildatum DATE, bestand VARCHAR, regel BIGINT, jib_id VARCHAR, gemeentecode VARCHAR, "
    "datum_kaartje DATE, reactie_kaartje VARCHAR, datum_huisbezoek DATE, bereikt BOOLEAN, toestemming BOOLEAN, "
    "ondersteuningsvraag VARCHAR, datum_uitstroom DATE, bestemming VARCHAR, bestede_uren DECIMAL(8,2), bezwaar BOOLEAN",
}
IDENTIFYING = (
    "bsn", "geslachtsnaam", "voornamen", "geboortedatum", "straatnaam", "huisnummer", "postcode", "woonplaats",
)


class Wereld:
    """The source tables of the chain, created empty, filled per test with hand-made rows."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con
        self.regel = 0
        self.alias: dict[str, str] = {}
        for table, columns in TABLES.items():
            con.execute(f"CREATE TABLE {table} ({columns})")

    def bsn(self, naam: str) -> str:
        return elfproef_bsn(ord(naam[0]) * 100 + len(naam))

    def jib(self, naam: str) -> str:
        value = jib_id(KEY, self.bsn(naam))
        self.alias[value] = naam
        return value

    def rij(self, table: str, peildatum: date, **values: Any) -> None:
        self.regel += 1
        if table in SOURCES:
            values = {"regel": self.regel, **values}
        if table == "casemanager_monitoring":
            values = {"bestand": "cm.xlsx", "regel": self.regel, **values}
        names = ", ".join(["peildatum", *values])
        marks = ", ".join(["?"] * (len(values) + 1))
        self.con.execute(f"INSERT INTO {table} ({names}) VALUES ({marks})", [peildatum, *values.values()])

    def persoon(
        self,
        p: date,
        naam: str,
        gemeente: str = G1,
        *,
        geboren: date = date(2000, 6, 15),
        overleden: date | None = None,
        vertrokken: date | None = None,
        adressen: list[tuple[str, date, date | None]] | None = None,
        duo: bool = False,
    ) -> None:
        """The person in P's BRP snapshot, by default living at one address in `gemeente` since 2020.

        duo=True: also DUO-known (a VMBO diploma of 2016), so their state on P is evaluated; without it
        they are unknown to DUO on P and off every list with reden_uitstroom onbekend.
        """
        bsn = self.bsn(naam)
        self.jib(naam)
        if duo:
            self.rij("duo_diplomas", p, bsn=bsn, diploma="VMBO_BB", datum_diploma=date(2016, 7, 1), brin="12AB")
        self.rij("brp_personen", p, bsn=bsn, geslachtsnaam=f"Achternaam{naam}", voorvoegsel=None,
                 voornamen=f"Voornaam{naam}", geboortedatum=geboren, geslacht="V",
                 datum_overlijden=overleden, datum_vertrek_buitenland=vertrokken)
        for i, (gemeente_code, begin, eind) in enumerate(adressen or [(gemeente, date(2020, 1, 1), None)]):
            self.rij("brp_adressen", p, bsn=bsn, gemeentecode=gemeente_code, straatnaam=f"Straat{naam}{i}",
                     huisnummer=i + 1, huisletter=None, huisnummertoevoeging=None, postcode="6041AB",
                     woonplaats=f"Plaats{gemeente_code}", begindatum=begin, einddatum=eind)

    def op_lijst(
        self, p: date, naam: str, gemeente: str = G1, *, geboren: date = date(2000, 6, 15), **brp: Any
    ) -> None:
        """On the JIB list of P in `gemeente`: DUO-known with a VMBO diploma and an enrolment that ended
        in 2018, aged 23-26, no income, no benefit (so every condition of rules.md 1 and 2 holds)."""
        self.persoon(p, naam, gemeente, geboren=geboren, duo=True, **brp)
        self.rij("duo_inschrijvingen", p, bsn=self.bsn(naam), onderwijssoort="VO", brin="12AB",
                 begindatum=date(2012, 8, 1), einddatum=date(2018, 7, 31))

    def klant(self, p: date, naam: str, gemeente: str, regeling: str, begin: date, eind: date | None = None) -> None:
        self.rij("gemeente_klanten", p, gemeentecode=gemeente, bsn=self.bsn(naam), regeling=regeling,
                 begindatum=begin, einddatum=eind)

    def kvk(self, p: date, naam: str, begin: date, eind: date | None = None) -> None:
        self.rij("kvk_inschrijvingen", p, bsn=self.bsn(naam), kvk_nummer="12345678", rechtsvorm="EENMANSZAAK",
                 begindatum=begin, einddatum=eind)

    def spreadsheet(self, p: date, naam: str, gemeente: str = G1, *, bezwaar: bool | None) -> None:
        """A row of P's casemanager delivery about this person (jib_id typed as casemanagers do)."""
        self.rij("casemanager_monitoring", p, jib_id=f" {self.jib(naam).lower()} ", gemeentecode=gemeente,
                 datum_kaartje=p, bezwaar=bezwaar)

    def bouw(self, *maanden: date, **kwargs: Any) -> dict[date, dict[str, int]]:
        """Run the chain (persoon_toestand up to the worklist) for these months, in this order; the
        delta's counts per month."""
        return {p: build_month(self.con, p, KEY, **kwargs)["gemeente_lijst"] for p in maanden}

    def bouw_tot_ib_lijst(self, p: date) -> None:
        """Steps 1 and 2 only: persoon_toestand, duo_selectie and ib_lijst of P, no delta."""
        build_persoon_toestand(self.con, p, KEY)
        build_duo_selectie(self.con, p)
        build_ib_lijst(self.con, p)

    def lijst(self, p: date, *columns: str) -> dict[tuple[str, str], Any]:
        """(person, gemeente) -> column value(s) of gemeente_lijst of P. Never a BSN or name."""
        selected = ", ".join(columns or ("status",))
        rows = self.con.execute(
            f"SELECT jib_id, gemeentecode, {selected} FROM gemeente_lijst WHERE peildatum = ?", [p]
        ).fetchall()
        return {(self.alias.get(r[0], "?"), r[1]): (r[2] if len(r) == 3 else tuple(r[2:])) for r in rows}

    def werklijst(self, p: date) -> dict[tuple[str, str], Any]:
        rows = self.con.execute(
            "SELECT jib_id, gemeentecode, categorie FROM werklijst_casemanager WHERE peildatum = ?", [p]
        ).fetchall()
        return {(self.alias.get(j, "?"), g): c for j, g, c in rows}

    def identifying_present(self, table: str, naam: str) -> dict[date, bool]:
        """Per month: whether any identifying field of this person is still in `table`."""
        columns = [c for c in IDENTIFYING if c in self.columns(table)]
        rows = self.con.execute(
            f"SELECT peildatum, bool_or(NOT ({' IS NULL AND '.join(columns)} IS NULL)) FROM {table} "
            "WHERE jib_id = ? GROUP BY ALL ORDER BY 1",
            [self.jib(naam)],
        ).fetchall()
        return dict(rows)

    def columns(self, table: str) -> list[str]:
        return [r[0] for r in self.con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index", [table]
        ).fetchall()]


@pytest.fixture
def wereld(con) -> Wereld:
    return Wereld(con)


def test_categorie_is_the_first_rule_that_applies(wereld):
    for naam in "ABCDE":
        wereld.op_lijst(P1, naam, G1)
    # A: objected (marked in this month's spreadsheet), also a WMO client and self-employed.
    wereld.spreadsheet(P1, "A", bezwaar=True)
    wereld.klant(P1, "A", G1, "WMO", date(2024, 1, 1))
    wereld.kvk(P1, "A", date(2023, 5, 1))
    # B: a WMO client of their own woongemeente and self-employed.
    wereld.klant(P1, "B", G1, "WMO", date(2024, 1, 1))
    wereld.kvk(P1, "B", date(2023, 5, 1))
    # C: self-employed only. D: nothing. E: a Participatiewet client.
    wereld.kvk(P1, "C", date(2023, 5, 1))
    wereld.klant(P1, "E", G1, "PARTICIPATIEWET", date(2024, 10, 1), date(2025, 6, 30))
    wereld.bouw(P1)
    assert wereld.lijst(P1, "categorie") == {
        ("A", G1): "bezwaar", ("B", G1): "bekend", ("C", G1): "zzp", ("D", G1): "benaderen", ("E", G1): "bekend",
    }


def test_bekend_only_in_own_woongemeente_for_wmo_or_participatiewet_holding_on_p(wereld):
    for naam in "ABCDEF":
        wereld.op_lijst(P1, naam, G1)
    wereld.klant(P1, "A", G2, "WMO", date(2024, 1, 1))  # a client of another municipality
    wereld.klant(P1, "B", G1, "SCHULDHULP", date(2024, 1, 1))  # not a listed scheme
    wereld.klant(P1, "C", G1, "JEUGDWET", date(2024, 1, 1))
    wereld.klant(P1, "D", G1, "WMO", date(2024, 1, 1), P1 - DAG)  # ended the day before P
    wereld.klant(P1, "E", G1, "WMO", date(2024, 1, 1), P1)  # ends on P: einddatum is inclusive
    wereld.klant(P1, "F", G1, "PARTICIPATIEWET", P1 + DAG)  # starts after P
    wereld.bouw(P1)
    assert wereld.lijst(P1, "categorie") == {
        ("A", G1): "benaderen", ("B", G1): "benaderen", ("C", G1): "benaderen",
        ("D", G1): "benaderen", ("E", G1): "bekend", ("F", G1): "benaderen",
    }


def test_bekend_regelingen_is_a_parameter(wereld):
    wereld.op_lijst(P1, "A", G1)
    wereld.op_lijst(P1, "B", G1)
    wereld.klant(P1, "A", G1, "SCHULDHULP", date(2024, 1, 1))
    wereld.klant(P1, "B", G1, "WMO", date(2024, 1, 1))
    wereld.bouw(P1, bekend_regelingen=("SCHULDHULP",))
    assert wereld.lijst(P1, "categorie") == {("A", G1): "bekend", ("B", G1): "benaderen"}


def test_zzp_when_a_kvk_period_holds_on_p(wereld):
    for naam in "ABC":
        wereld.op_lijst(P1, naam, G1)
    wereld.kvk(P1, "A", P1)  # begins on P
    wereld.kvk(P1, "B", date(2022, 1, 1), P1 - DAG)  # ended before P
    wereld.kvk(P1, "C", date(2022, 1, 1), date(2026, 1, 1))
    wereld.bouw(P1)
    assert wereld.lijst(P1, "categorie") == {("A", G1): "zzp", ("B", G1): "benaderen", ("C", G1): "zzp"}


def test_bezwaar_from_the_month_of_marking_onward_and_not_before(wereld):
    for p in (P1, P2, P3):
        wereld.op_lijst(p, "A", G1)
        wereld.op_lijst(p, "B", G1)
    wereld.spreadsheet(P1, "A", bezwaar=None)
    wereld.spreadsheet(P2, "A", bezwaar=True)  # marked in the delivery of P2
    wereld.spreadsheet(P3, "A", bezwaar=False)  # a later copy says nee: the objection stands
    wereld.bouw(P1, P2, P3)
    assert [wereld.lijst(p, "categorie")[("A", G1)] for p in (P1, P2, P3)] == ["benaderen", "bezwaar", "bezwaar"]
    register = "SELECT peildatum_bezwaar FROM bezwaar_register WHERE jib_id = ?"
    assert scalar(wereld.con, register, [wereld.jib("A")]) == P2
    # Rerunning the month before the marking does not move the objection back in time.
    wereld.bouw(P1)
    assert wereld.lijst(P1, "categorie")[("A", G1)] == "benaderen"
    assert wereld.lijst(P1, "categorie")[("B", G1)] == "benaderen"


def test_bezwaar_erases_identifying_fields_history_included(wereld):
    for p in (P1, P2):
        wereld.op_lijst(p, "A", G1)
        wereld.op_lijst(p, "B", G1)
    wereld.bouw(P1)
    assert wereld.identifying_present("werklijst_casemanager", "A") == {P1: True}
    wereld.spreadsheet(P2, "A", bezwaar=True)
    wereld.bouw(P2)
    assert wereld.identifying_present("gemeente_lijst", "A") == {P1: False, P2: False}
    assert wereld.identifying_present("werklijst_casemanager", "A") == {P1: False}
    assert wereld.identifying_present("gemeente_lijst", "B") == {P1: True, P2: True}
    # What remains: the pseudonym, the categorie of each month, and the counts.
    assert wereld.lijst(P1, "categorie", "status")[("A", G1)] == ("benaderen", "instroom")
    assert wereld.lijst(P2, "categorie", "status")[("A", G1)] == ("bezwaar", "blijft")
    assert wereld.werklijst(P1) == {("A", G1): "benaderen", ("B", G1): "benaderen"}


def test_bezwaar_is_never_on_a_worklist(wereld):
    # A was approached in P1, objected in the P2 spreadsheet, left in P2 and came back in P3.
    wereld.op_lijst(P1, "A", G1)
    wereld.persoon(P2, "A", G1)
    wereld.op_lijst(P3, "A", G1)
    wereld.spreadsheet(P2, "A", bezwaar=True)
    # B objected before ever being on a list here, and comes in new in P2.
    wereld.spreadsheet(P1, "B", G2, bezwaar=True)
    wereld.op_lijst(P2, "B", G1)
    wereld.op_lijst(P3, "B", G1)
    wereld.bouw(P1, P2, P3)
    assert wereld.lijst(P3, "status", "soort_instroom", "categorie") == {
        ("A", G1): ("instroom", "terugkeer", "bezwaar"), ("B", G1): ("blijft", None, "bezwaar"),
    }
    assert wereld.lijst(P2, "status", "categorie")[("B", G1)] == ("instroom", "bezwaar")
    assert wereld.werklijst(P1) == {("A", G1): "benaderen"}
    assert wereld.werklijst(P2) == {}
    assert wereld.werklijst(P3) == {}


def test_bezwaar_register_keeps_the_first_month_and_reruns_leave_it_alone(wereld):
    wereld.op_lijst(P1, "A", G1)
    wereld.op_lijst(P2, "A", G1)
    wereld.spreadsheet(P1, "A", bezwaar=True)
    wereld.spreadsheet(P2, "A", bezwaar=True)  # the cumulative copy of the next month
    wereld.bouw(P1, P2)
    register = "SELECT jib_id, peildatum_bezwaar FROM bezwaar_register ORDER BY ALL"
    before = wereld.con.execute(register).fetchall()
    assert [d for _, d in before] == [P1]
    wereld.bouw(P1, P2)
    # A reloaded P1 delivery without the mark does not forget the objection either.
    wereld.con.execute("DELETE FROM casemanager_monitoring WHERE peildatum = ?", [P1])
    wereld.bouw(P2)
    assert wereld.con.execute(register).fetchall() == before
    assert wereld.lijst(P2, "categorie") == {("A", G1): "bezwaar"}


def test_worklist_is_the_instroom_of_zzp_and_benaderen_without_bsn(wereld):
    for naam in "ABCD":
        wereld.op_lijst(P1, naam, G1)
        wereld.op_lijst(P2, naam, G1)
    wereld.kvk(P1, "B", date(2024, 1, 1))
    wereld.kvk(P2, "B", date(2024, 1, 1))
    wereld.klant(P1, "C", G1, "WMO", date(2024, 1, 1))
    wereld.klant(P2, "C", G1, "WMO", date(2024, 1, 1))
    wereld.spreadsheet(P1, "D", bezwaar=True)
    for naam in "EFG":
        wereld.op_lijst(P2, naam, G2)
    wereld.kvk(P2, "F", date(2025, 1, 10))
    wereld.klant(P2, "G", G2, "PARTICIPATIEWET", date(2024, 1, 1))
    wereld.bouw(P1, P2)
    # First month: the whole list is instroom, so everyone of zzp or benaderen is on the worklist.
    assert wereld.werklijst(P1) == {("A", G1): "benaderen", ("B", G1): "zzp"}
    # Next month: only the new inflow.
    assert wereld.werklijst(P2) == {("E", G2): "benaderen", ("F", G2): "zzp"}
    assert wereld.columns("werklijst_casemanager") == [
        "peildatum", "gemeentecode", "jib_id", "geslachtsnaam", "voorvoegsel", "voornamen", "straatnaam",
        "huisnummer", "huisletter", "huisnummertoevoeging", "postcode", "woonplaats", "geboortedatum",
        "categorie", "datum_instroom",
    ]
    rows = wereld.con.execute(
        "SELECT jib_id, geslachtsnaam IS NOT NULL, straatnaam IS NOT NULL, postcode IS NOT NULL, "
        "geboortedatum = DATE '2000-06-15', datum_instroom FROM werklijst_casemanager WHERE peildatum = ?",
        [P2],
    ).fetchall()
    assert {(wereld.alias[j], *rest) for j, *rest in rows} == {
        ("E", True, True, True, True, P2), ("F", True, True, True, True, P2),
    }


def test_jib_id_is_the_keyed_pseudonym_of_the_bsn(wereld):
    wereld.op_lijst(P1, "A", G1)
    wereld.bouw(P1)
    stored = scalar(wereld.con, "SELECT jib_id FROM gemeente_lijst WHERE bsn = ?", [wereld.bsn("A")])
    assert stored == jib_id(KEY, wereld.bsn("A"))
    assert stored == scalar(wereld.con, "SELECT jib_id FROM werklijst_casemanager")
    # The key itself is in no table.
    for table in ("gemeente_lijst", "werklijst_casemanager", "bezwaar_register", "gemeente_lijst_maanden"):
        text = scalar(wereld.con, f"SELECT string_agg(CAST(t AS VARCHAR), '|') FROM {table} AS t") or ""
        assert KEY.decode() not in text


def test_categories_partition_the_list(wereld):
    for naam in "ABC":
        wereld.op_lijst(P1, naam, G1)
    wereld.kvk(P1, "B", date(2024, 1, 1))
    wereld.bouw(P1)
    assert categories_partition(wereld.con, P1) is True
    # A person lost between the IB list and the municipal lists breaks the partition.
    wereld.con.execute("DELETE FROM gemeente_lijst WHERE jib_id = ?", [wereld.jib("C")])
    assert categories_partition(wereld.con, P1) is False
