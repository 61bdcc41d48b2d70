"""Issue 9 guards at ingest: a delivery that shrinks stops the month unless accepted; control characters,
absurdly long text and implausible dates go to quarantaine with a reason; the reasons are counted in the
Dagster metadata, never a value."""

from __future__ import annotations

from datetime import date

import dagster as dg
import pytest

from jib_assets.ingest import ingest_csv, krimp
from jib_assets.parameters import MAX_TEKST_LENGTE
from test_ingest_csv import B1, B2, B3, P, csv_text, quarantined, rows, write_month

FEB = date(2025, 2, 1)
PERSOON = f"{B3};Visser;;Kees;1999-01-01;M;;"


def load(con, tmp_path, name: str, *lines: str, month: str = "2025-03", peildatum: date = P, **kwargs):
    folder = write_month(tmp_path, {name: csv_text(name, *lines)}, month=month)
    return ingest_csv(con, folder, name, peildatum, **kwargs)


# --- deliveries cannot silently shrink -----------------------------------------------------------------------

@pytest.mark.parametrize("name", ["duo_diplomas", "uwv_polis"])
def test_a_header_only_file_fails_the_month_naming_the_file_and_both_counts(con, tmp_path, name):
    previous = {
        "duo_diplomas": (f"{B1};VMBO_TL;2018-07-01;12AB", f"{B2};MBO1;2019-07-01;", f"{B3};MBO1;2019-07-01;"),
        "uwv_polis": (f"{B1};2025-01;123456789L01;10,00;8;OPROEP", f"{B2};2025-01;123456789L01;0;0;OPROEP",
                      f"{B3};2025-01;123456789L01;5;1;OPROEP"),
    }[name]
    load(con, tmp_path, name, *previous, month="2025-02", peildatum=FEB)
    with pytest.raises(krimp.KrimpError) as error:
        load(con, tmp_path, name)
    message = str(error.value)
    assert message.startswith(f"{name}.csv has 0 data rows in the delivery of 2025-03, against 3 in the previous "
                              "delivery (2025-02)")
    assert f"{krimp.TAG}={name}.csv" in message and f"--accepteer-krimp {name}.csv" in message
    # Nothing of the shrunken file was written: no rows, no count for the next month to compare with.
    assert rows(con, name) == []
    assert con.execute("SELECT peildatum FROM ingest_bestanden WHERE bestand = ?", [f"{name}.csv"]).fetchall() == [
        (FEB,)
    ]


def test_accepted_the_shrunken_file_loads_and_says_so(con, tmp_path):
    load(con, tmp_path, "duo_diplomas", f"{B1};VMBO_TL;2018-07-01;12AB", f"{B2};MBO1;2019-07-01;",
         month="2025-02", peildatum=FEB)
    result = load(con, tmp_path, "duo_diplomas", accepteer_krimp=True)
    assert (result.rows_read, result.rows_loaded) == (0, 0)
    assert result.volume == krimp.Volume("duo_diplomas.csv", 0, 2, FEB, gekrompen=True, geaccepteerd=True)
    # An empty delivery records no count, so the next month is still compared with February's 2 rows.
    assert con.execute("SELECT peildatum, rijen_gelezen FROM ingest_bestanden").fetchall() == [(FEB, 2)]


def test_the_first_month_refuses_only_an_empty_file(con, tmp_path):
    with pytest.raises(krimp.KrimpError, match=r"^duo_diplomas\.csv has no data rows in the delivery of 2025-03"):
        load(con, tmp_path, "duo_diplomas")
    result = load(con, tmp_path, "duo_diplomas", f"{B1};VMBO_TL;2018-07-01;12AB")
    assert result.volume == krimp.Volume("duo_diplomas.csv", 1, None, None, gekrompen=False, geaccepteerd=False)


def test_fewer_than_half_of_the_previous_rows_fails_half_passes(con, tmp_path):
    diplomas = [f"{b};MBO1;2019-07-0{i};" for i, b in enumerate((B1, B2, B3), 1)] + [f"{B1};VMBO_TL;2018-07-01;"]
    load(con, tmp_path, "duo_diplomas", *diplomas, month="2025-02", peildatum=FEB)  # 4 rows
    with pytest.raises(krimp.KrimpError, match="has 1 data rows in the delivery of 2025-03, against 4 in"):
        load(con, tmp_path, "duo_diplomas", diplomas[0])
    # Quarantined rows count as delivered: the rule is about the file's size, not its quality.
    result = load(con, tmp_path, "duo_diplomas", diplomas[0], f"{B2};ONBEKEND;2019-07-01;")
    assert (result.rows_read, result.rows_loaded, result.volume.gekrompen) == (2, 1, False)


def test_a_rerun_of_an_earlier_month_compares_with_the_month_before_it(con, tmp_path):
    load(con, tmp_path, "duo_diplomas", f"{B1};MBO1;2019-07-01;", month="2025-01", peildatum=date(2025, 1, 1))
    load(con, tmp_path, "duo_diplomas", *[f"{b};MBO1;2019-07-01;" for b in (B1, B2, B3)])  # March: 3 rows
    result = load(con, tmp_path, "duo_diplomas", f"{B1};MBO1;2019-07-01;", month="2025-02", peildatum=FEB)
    assert result.volume.rijen_vorige == 1 and not result.volume.gekrompen


def test_the_run_tag_names_files_with_or_without_csv_and_refuses_typos():
    assert krimp.accepted_files({krimp.TAG: "uwv_polis, duo_diplomas.csv"}) == {"uwv_polis.csv", "duo_diplomas.csv"}
    assert krimp.accepted_files({}) == set()
    with pytest.raises(ValueError, match="uwv_poliss.csv, which is not a delivery file"):
        krimp.accepted_files({krimp.TAG: "uwv_poliss"})
    assert krimp.tags(["uwv_polis.csv"]) == {krimp.TAG: "uwv_polis.csv"}


# --- text that does not belong in a name or address ------------------------------------------------------------

@pytest.mark.parametrize(
    ("naam", "reden"),
    [
        ("Jan\x00sen", "geslachtsnaam: stuurteken"),
        ("Jan\tsen", "geslachtsnaam: stuurteken"),
        ("Jan\rsen", "geslachtsnaam: stuurteken"),
        ("\x1b[31mJansen", "geslachtsnaam: stuurteken"),
        ("J" * (MAX_TEKST_LENGTE + 1), f"geslachtsnaam: langer dan {MAX_TEKST_LENGTE} tekens"),
    ],
    ids=["NUL", "tab", "carriage return", "escape", "too long"],
)
def test_control_characters_and_absurd_lengths_go_to_quarantaine(con, tmp_path, naam, reden):
    result = load(con, tmp_path, "brp_personen", f"{B1};{naam};;Jan;2001-05-17;M;;", PERSOON)
    assert quarantined(con, "brp_personen.csv") == [(2, reden)]
    assert [r[2] for r in rows(con, "brp_personen")] == [B3]
    assert result.reasons == {reden: 1}


def test_a_name_of_the_maximum_length_and_ordinary_accents_load(con, tmp_path):
    load(con, tmp_path, "brp_personen", f"{B1};{'J' * MAX_TEKST_LENGTE};;Zoë Ångström-Ç;2001-05-17;M;;")
    assert quarantined(con, "brp_personen.csv") == []


# --- plausible dates --------------------------------------------------------------------------------------------

VOOR = "onaannemelijke datum (voor 1900-01-01)"
NA_P = "onaannemelijke datum (na de peildatum)"
NA_2J = "onaannemelijke datum (meer dan 2 jaar na de peildatum)"

DATES = [
    ("brp_personen", f"{B1};Jansen;;Jan;0000-01-01;M;;", f"geboortedatum: {VOOR}"),
    ("brp_personen", f"{B1};Jansen;;Jan;1899-12-31;M;;", f"geboortedatum: {VOOR}"),
    ("brp_personen", f"{B1};Jansen;;Jan;2025-03-02;M;;", f"geboortedatum: {NA_P}"),
    ("brp_personen", f"{B1};Jansen;;Jan;2001-05-17;M;9999-12-31;", f"datum_overlijden: {NA_2J}"),
    ("brp_personen", f"{B1};Jansen;;Jan;2001-05-17;M;;0000-01-01", f"datum_vertrek_buitenland: {VOOR}"),
    ("brp_personen", f"{B1};Jansen;;Jan;2001-05-17;M;2027-03-02;", f"datum_overlijden: {NA_2J}"),
    ("duo_diplomas", f"{B1};MBO2;9999-12-31;", f"datum_diploma: {NA_2J}"),
    ("duo_inschrijvingen", f"{B1};MBO_BOL;12AB;1800-09-01;", f"begindatum: {VOOR}"),
    ("uwv_uitkeringen", f"{B1};WW;2030-01-01;", f"begindatum: {NA_2J}"),
    ("uwv_polis", f"{B1};9999-12;123456789L01;10,00;8;OPROEP", f"maand: {NA_2J}"),
    ("kvk_inschrijvingen", f"{B1};12345678;VOF;2020-01-01;1899-01-01",
     f"einddatum: {VOOR}; einddatum: voor begindatum"),
]


@pytest.mark.parametrize(("name", "line", "reden"), DATES, ids=[f"{n}: {r}" for n, _, r in DATES])
def test_implausible_dates_go_to_quarantaine_with_the_window(con, tmp_path, name, line, reden):
    load(con, tmp_path, name, line)
    assert quarantined(con, f"{name}.csv") == [(2, reden)]


@pytest.mark.parametrize(
    ("name", "line"),
    [
        ("brp_personen", f"{B1};Jansen;;Jan;2025-03-01;M;;"),  # born on the peildatum
        ("brp_personen", f"{B1};Jansen;;Jan;1900-01-01;M;2027-03-01;"),  # the edges of both windows
        ("duo_inschrijvingen", f"{B1};HBO;12AB;2026-09-01;2030-07-31"),  # enrolled ahead, ends years ahead
        ("kvk_inschrijvingen", f"{B1};12345678;VOF;2020-01-01;9999-12-31"),  # a running period: no upper bound
        ("gemeente_klanten", f"GM0014;{B1};WMO;2024-01-01;2031-12-31"),  # an indication valid for years
        ("uwv_uitkeringen", f"{B1};WW;2024-01-01;"),  # open period
    ],
)
def test_plausible_dates_and_far_ends_of_running_periods_load(con, tmp_path, name, line):
    load(con, tmp_path, name, line)
    assert quarantined(con, f"{name}.csv") == []
    assert len(rows(con, name)) == 1


# --- what the data team sees in Dagster -------------------------------------------------------------------------

def _materialize(home, tags=None, peildatum: date = P):
    from jib_assets.assets.ingest import csv_asset
    from jib_assets.resources import JibResource

    return dg.materialize(
        [csv_asset("duo_diplomas")], partition_key=peildatum.isoformat(),
        resources={"jib": JibResource(home=str(home))}, tags=tags or {}, raise_on_error=False,
    )


def test_dagster_metadata_counts_each_reason_and_records_an_accepted_shrink(tmp_path):
    write_month(tmp_path, {"duo_diplomas": csv_text(
        "duo_diplomas", *[f"{b};MBO1;2019-07-01;" for b in (B1, B2, B3)], f"{B1};MBO2;0000-01-01;",
        f"{B2};MBO2;9999-12-31;", f"{B3};MBO2;9999-12-31;",
    )}, month="2025-02")
    feb = _materialize(tmp_path, peildatum=FEB)
    metadata = feb.asset_materializations_for_node("duo_diplomas")[0].metadata
    assert metadata[f"quarantaine: datum_diploma: {VOOR}"].value == 1
    assert metadata[f"quarantaine: datum_diploma: {NA_2J}"].value == 2
    assert f"| datum_diploma: {NA_2J} | 2 |" in metadata["quarantaine_redenen"].value
    assert B1 not in str(metadata)

    write_month(tmp_path, {"duo_diplomas": csv_text("duo_diplomas")})  # March: header only
    refused = _materialize(tmp_path)
    assert not refused.success
    failure = next(e for e in refused.all_events if e.is_step_failure)
    assert "duo_diplomas.csv has 0 data rows in the delivery of 2025-03, against 6" in str(failure)

    accepted = _materialize(tmp_path, {krimp.TAG: "duo_diplomas.csv"})
    assert accepted.success
    metadata = accepted.asset_materializations_for_node("duo_diplomas")[0].metadata
    assert metadata["krimp_geaccepteerd"].value is True
    assert metadata["rijen_vorige_levering"].value == 6
    assert "accepted for this month by the run tag jib/accepteer_krimp" in metadata["krimp_acceptatie"].value


def test_a_mistyped_acceptance_tag_fails_the_run(tmp_path):
    write_month(tmp_path, {"duo_diplomas": csv_text("duo_diplomas", f"{B1};MBO1;2019-07-01;")})
    result = _materialize(tmp_path, {krimp.TAG: "duo_diploma"})
    assert not result.success
