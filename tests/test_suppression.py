"""rules.md 5, small numbers: primary and secondary suppression on hand-made monitoring rows."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest

from jib_assets.privacy.suppression import (
    cells,
    constraint_groups,
    primary,
    recoverable_cells,
    secondary,
    suppress_monitoring,
)

P = date(2025, 1, 1)
GEMEENTEN = pl.DataFrame({
    "gemeentecode": ["GM0001", "GM0002", "GM0003", "GM0004"],
    "arbeidsmarktregio_code": ["AM01", "AM01", "AM01", "AM02"],
    "rmc_regio_code": ["MC01", "MC01", "MC02", "MC02"],
})


def rij(niveau: str, regiocode: str, peildatum: date = P, **waarden) -> dict:
    return {"peildatum": peildatum, "niveau": niveau, "regiocode": regiocode, "regionaam": regiocode, **waarden}


def frame(rows: list[dict]) -> pl.DataFrame:
    return pl.DataFrame(rows).with_columns(pl.col("peildatum").cast(pl.Date))


def no_kwartaal(maand: pl.DataFrame) -> pl.DataFrame:
    return maand.clear().drop("peildatum").insert_column(0, pl.Series("kwartaal", [], pl.String))


def suppress(maand: pl.DataFrame, kwartaal: pl.DataFrame | None = None):
    return suppress_monitoring(maand, no_kwartaal(maand) if kwartaal is None else kwartaal, GEMEENTEN)


def value(out: pl.DataFrame, regiocode: str, kolom: str, peildatum: date = P):
    return out.filter((pl.col("regiocode") == regiocode) & (pl.col("peildatum") == peildatum))[kolom].item()


def test_counts_1_to_4_are_suppressed_0_and_5_are_not():
    rows = [rij("gemeente", f"GM000{i}", op_lijst=v) for i, v in enumerate([0, 1, 4, 5], start=1)]
    c = cells(frame(rows), pl.DataFrame())
    assert primary(c).to_list() == [False, True, True, False]


@pytest.mark.parametrize(("basis", "suppressed"), [(0, True), (9, True), (10, False), (30, False)])
def test_an_average_over_fewer_than_10_persons_is_suppressed(basis, suppressed):
    rows = [rij("gemeente", "GM0001", uren_gemiddeld_per_jongere=2.5, uren_gemiddeld_per_jongere_basis=basis)]
    c = cells(frame(rows).with_columns(pl.col("uren_gemiddeld_per_jongere").cast(pl.Decimal(10, 2))), pl.DataFrame())
    hidden = dict(zip(c["kolom"], primary(c)))
    assert hidden["uren_gemiddeld_per_jongere"] is suppressed


def test_the_median_is_suppressed_below_10_leavers():
    rows = [rij("gemeente", "GM0001", uitstroom=9, mediaan_maanden_op_lijst_uitstroom=3.0),
            rij("gemeente", "GM0002", uitstroom=10, mediaan_maanden_op_lijst_uitstroom=4.0)]
    maand, _, _ = suppress(frame(rows))
    assert value(maand, "GM0001", "mediaan_maanden_op_lijst_uitstroom") is None
    assert value(maand, "GM0002", "mediaan_maanden_op_lijst_uitstroom") == 4.0


def test_a_split_within_a_row_never_has_one_suppressed_cell():
    # instroom 20 = nieuw 3 + terugkeer 8 + verhuisd 9: nieuw alone would be 20 - 8 - 9.
    rows = [rij("gemeente", "GM0004", instroom=20, instroom_nieuw=3, instroom_terugkeer=8, instroom_verhuisd=9)]
    maand, _, verslag = suppress(frame(rows))
    assert value(maand, "GM0004", "instroom_nieuw") is None
    assert value(maand, "GM0004", "instroom_terugkeer") is None  # the smallest other part
    assert value(maand, "GM0004", "instroom_verhuisd") == 9
    assert value(maand, "GM0004", "instroom") == 20
    assert (verslag.primair, verslag.secundair) == (1, 1)


def test_a_zero_is_published_as_zero_and_a_suppressed_cell_as_null():
    rows = [rij("gemeente", "GM0004", instroom=12, instroom_nieuw=2, instroom_terugkeer=0, instroom_verhuisd=10)]
    maand, _, _ = suppress(frame(rows))
    # the complement is the positive part, not the zero (a zero protects little)
    assert value(maand, "GM0004", "instroom_terugkeer") == 0
    assert value(maand, "GM0004", "instroom_verhuisd") is None
    assert maand.schema["instroom"] == pl.Int64


def test_a_gemeente_cannot_be_recovered_from_its_region_minus_the_others():
    rows = [
        rij("gemeente", "GM0001", op_lijst=3), rij("gemeente", "GM0002", op_lijst=40), rij("gemeente", "GM0003", op_lijst=50),
        rij("arbeidsmarktregio", "AM01", op_lijst=93),
    ]
    maand, _, _ = suppress(frame(rows))
    assert value(maand, "GM0001", "op_lijst") is None
    assert value(maand, "GM0002", "op_lijst") is None  # the smaller of the others
    assert value(maand, "GM0003", "op_lijst") == 50
    assert value(maand, "AM01", "op_lijst") == 93


def test_a_suppressed_region_is_protected_within_nederland():
    # nederland = MC01 + MC02; MC02 = 4 is suppressed, so MC01 (= NL - MC02) must be too, and below it a gemeente.
    rows = [
        rij("gemeente", "GM0001", op_lijst=30), rij("gemeente", "GM0002", op_lijst=20),
        rij("gemeente", "GM0003", op_lijst=2), rij("gemeente", "GM0004", op_lijst=2),
        rij("rmc_regio", "MC01", op_lijst=50), rij("rmc_regio", "MC02", op_lijst=4),
        rij("nederland", "NL", op_lijst=54),
    ]
    maand, _, _ = suppress(frame(rows))
    assert value(maand, "MC02", "op_lijst") is None
    assert value(maand, "MC01", "op_lijst") is None
    assert value(maand, "NL", "op_lijst") == 54
    assert None in (value(maand, "GM0001", "op_lijst"), value(maand, "GM0002", "op_lijst"))


def test_a_month_cannot_be_recovered_from_its_quarter():
    feb, mar = date(2025, 2, 1), date(2025, 3, 1)
    maand = frame([rij("gemeente", "GM0004", d, instroom=v) for d, v in ((P, 3), (feb, 10), (mar, 12))])
    kwartaal = pl.DataFrame({"kwartaal": ["2025-Q1"], "maanden": [3], "niveau": ["gemeente"], "regiocode": ["GM0004"],
                             "regionaam": ["GM0004"], "instroom": [25]})
    out, kw, _ = suppress(maand, kwartaal)
    assert value(out, "GM0004", "instroom", P) is None
    assert value(out, "GM0004", "instroom", feb) is None  # the smaller other month
    assert kw["instroom"].item() == 25


def test_a_stock_of_a_quarter_is_its_last_month_and_is_suppressed_with_it():
    feb, mar = date(2025, 2, 1), date(2025, 3, 1)
    maand = frame([rij("gemeente", "GM0004", d, op_lijst=v) for d, v in ((P, 30), (feb, 10), (mar, 3))])
    kwartaal = pl.DataFrame({"kwartaal": ["2025-Q1"], "maanden": [3], "niveau": ["gemeente"], "regiocode": ["GM0004"],
                             "regionaam": ["GM0004"], "op_lijst": [3]})
    out, kw, _ = suppress(maand, kwartaal)
    assert kw["op_lijst"].item() is None and value(out, "GM0004", "op_lijst", mar) is None
    assert value(out, "GM0004", "op_lijst", P) == 30  # a stock is not the sum of the months


def test_the_hours_total_is_hidden_when_the_average_is():
    rows = [rij("gemeente", "GM0004", kaartje_verstuurd=7, uren_totaal=70.0, uren_totaal_basis=12,
                uren_gemiddeld_per_jongere=10.0, uren_gemiddeld_per_jongere_basis=7)]
    maand, _, _ = suppress(frame(rows))
    assert value(maand, "GM0004", "uren_gemiddeld_per_jongere") is None
    # else uren_totaal / uren_gemiddeld_per_jongere_basis (70 / 7) gives the average
    assert None in (value(maand, "GM0004", "uren_totaal"), value(maand, "GM0004", "uren_gemiddeld_per_jongere_basis"))
    assert value(maand, "GM0004", "uren_gemiddeld_per_jongere_basis") == value(maand, "GM0004", "kaartje_verstuurd")


def test_no_suppressed_count_follows_from_all_relations_together():
    """The group rule alone can leave a cell that the two hierarchies together give away; the audit closes it."""
    gemeenten = pl.DataFrame({
        "gemeentecode": ["GM0001", "GM0002", "GM0003", "GM0004", "GM0005"],
        "arbeidsmarktregio_code": ["AM01", "AM01", "AM01", "AM02", "AM03"],
        "rmc_regio_code": ["MC01", "MC01", "MC02", "MC02", "MC03"],
    })
    v = {"GM0001": 3, "GM0002": 30, "GM0003": 2, "GM0004": 8, "GM0005": 20}
    regio = {"AM01": 35, "AM02": 8, "AM03": 20, "MC01": 33, "MC02": 10, "MC03": 20}
    rows = [rij("gemeente", g, op_lijst=x) for g, x in v.items()]
    rows += [rij("arbeidsmarktregio" if r.startswith("AM") else "rmc_regio", r, op_lijst=x) for r, x in regio.items()]
    rows.append(rij("nederland", "NL", op_lijst=63))
    maand = frame(rows)
    c = cells(maand, pl.DataFrame())
    g = constraint_groups(c, gemeenten)
    first = primary(c)
    primaries = set(c.filter(first)["cel"].to_list())
    groups_only, _ = secondary(c, g, first)
    assert set(recoverable_cells(c, g, groups_only)) & primaries  # the group rule alone leaks here
    out, _, verslag = suppress_monitoring(maand, no_kwartaal(maand), gemeenten)
    hidden = cells(out, pl.DataFrame())["waarde"].is_null()
    assert not set(recoverable_cells(c, g, hidden)) & primaries
    assert value(out, "GM0001", "op_lijst") is None and value(out, "GM0003", "op_lijst") is None
    assert verslag.niet_gecontroleerd == 0


def test_published_relations_hold_on_exact_figures():
    """The relations the suppression assumes are true of the data (else it would protect the wrong cells)."""
    rows = [rij("gemeente", "GM0001", instroom=5, instroom_man=2, instroom_vrouw=3, instroom_x=0),
            rij("arbeidsmarktregio", "AM01", instroom=5, instroom_man=2, instroom_vrouw=3, instroom_x=0)]
    c = cells(frame(rows), pl.DataFrame())
    g = constraint_groups(c, GEMEENTEN).filter(pl.col("exact") & pl.col("lineair"))
    sums = g.join(c, on="cel").group_by("groep").agg(
        pl.when(pl.col("rol") == "totaal").then(-pl.col("waarde")).otherwise(pl.col("waarde")).sum().alias("d")
    )
    assert sums.height > 0 and (sums["d"] == 0).all()
