"""Small-number protection on generated data: three months of Midden-Limburg (AM33) through the real
chain, then the suppression on the warehouse's exact monitoring tables (the area's gemeenten and
their regions only), attacked from the published copies alone."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import numpy as np
import polars as pl
import pytest

from jib_assets.privacy.attack import audit
from jib_assets.privacy.suppression import cells, lidmaatschap_uit_gemeenten, primary, suppress_monitoring

pytestmark = pytest.mark.slow

GEBIED = "AM33"
KEY = "some-long-random-test-key-1234567890"


def _jib(home: Path, *args: str) -> None:
    env = {**os.environ, "JIB_HOME": str(home), "JIB_GEBIED": GEBIED, "JIB_PSEUDONYM_KEY": KEY}
    cli = Path(sys.executable).with_name("jib")
    done = subprocess.run([str(cli), *args], env=env, capture_output=True, text=True, cwd=home)
    # jib prints counts and step errors only (tests/test_privacy_logs.py): safe to show
    assert done.returncode == 0, f"jib {args[0]} failed:\n{(done.stdout + done.stderr)[-3000:]}"


@pytest.fixture(scope="module")
def exact(tmp_path_factory) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    bestaand = os.environ.get("JIB_TEST_AM33_HOME")  # a home made by the same two commands, to save minutes
    home = Path(bestaand) if bestaand else tmp_path_factory.mktemp("am33")
    if not bestaand:
        _jib(home, "synth", "--region", GEBIED, "--from", "2025-01", "--to", "2025-03")
        _jib(home, "run", "--from", "2025-01", "--to", "2025-03")
    con = duckdb.connect(str(home / "warehouse" / "jib.duckdb"), read_only=True)
    try:
        gemeenten = con.sql("SELECT gemeentecode, arbeidsmarktregio_code, rmc_regio_code FROM gemeenten").pl()
        codes = gemeenten.filter(pl.col("arbeidsmarktregio_code") == GEBIED)["gemeentecode"].to_list()
        lid = lidmaatschap_uit_gemeenten(gemeenten, codes).filter(pl.col("niveau") != "nederland")
        regios = lid["regiocode"].unique().to_list()

        def area(table: str, order: str) -> pl.DataFrame:
            return con.sql(f"SELECT * FROM {table} ORDER BY {order}, niveau, regiocode").pl().filter(
                ((pl.col("niveau") == "gemeente") & pl.col("regiocode").is_in(codes)) | pl.col("regiocode").is_in(regios)
            )

        return area("monitoring_maand", "peildatum"), area("monitoring_kwartaal", "kwartaal"), lid
    finally:
        con.close()


def test_suppression_on_three_months_of_am33_protects_every_small_count_and_keeps_the_region(exact):
    maand, kwartaal, lid = exact
    start = time.monotonic()
    pub_maand, pub_kwartaal, verslag = suppress_monitoring(maand, kwartaal, lid)
    seconden = time.monotonic() - start
    print(f"AM33 3 months: {verslag.as_dict()} in {seconden:.1f}s")

    # The attack from the published tables and ranges alone: no primary cell narrower than 5.
    assert audit(maand, kwartaal, pub_maand, pub_kwartaal, lid, verslag.bereiken) >= 5
    assert verslag.kleinste_interval is None or verslag.kleinste_interval >= 5

    # Every primary cell hidden; no zero hidden to protect anything; published cells exact.
    c_exact, c_pub = cells(maand, kwartaal), cells(pub_maand, pub_kwartaal)
    bekend = c_exact["waarde"].is_not_null().to_numpy()  # (a median of no leavers is NULL already)
    hidden = c_pub["waarde"].is_null().to_numpy() & bekend
    first = primary(c_exact).to_numpy()
    assert hidden[first & bekend].all()
    assert not (hidden & ~first & (np.nan_to_num(c_exact["waarde"].to_numpy()) == 0)).any()

    # The labour-market region's headline figures are published in every month and quarter.
    for pub, periode in ((pub_maand, "peildatum"), (pub_kwartaal, "kwartaal")):
        am33 = pub.filter(pl.col("regiocode") == GEBIED).select(periode, "op_lijst", "instroom", "uitstroom")
        assert am33.height > 0 and am33.null_count().row(0) == (0, 0, 0, 0)

    # Every range holds its exact value, on a hidden secondary count of 5 or more, as a ten from a multiple of 5
    # (never from 0).
    sleutels = ["tabel", "periode", "niveau", "regiocode", "kolom"]
    rng = c_exact.with_columns(pl.Series("hidden", hidden)).join(verslag.bereiken, on=sleutels, how="inner")
    assert rng.height == verslag.secundair_bereik > 0
    assert rng.filter(~pl.col("hidden") | (pl.col("waarde") < pl.col("van")) | (pl.col("waarde") > pl.col("tot"))
                      | (pl.col("van") < 5) | (pl.col("van") % 5 != 0)
                      | (pl.col("tot") - pl.col("van") + 1 != 10)).is_empty()
    assert not first[rng["cel"].to_numpy()].any()
    # MC38 (AM33 without Cranendonck) cannot be exact whenever Cranendonck's count is 1-4, but is never hidden
    # without a range: its headline figures are published in every period, exactly or as a range.
    kop = c_exact.with_columns(pl.Series("hidden", hidden)).filter(
        (pl.col("regiocode") == "MC38") & pl.col("kolom").is_in(["op_lijst", "instroom", "uitstroom"]))
    assert kop.height == 3 * (3 + 1)
    assert kop.filter(pl.col("hidden")).join(verslag.bereiken, on=sleutels, how="anti").is_empty()

    # Utility, measured against the exact figures: of the non-zero counts of 10 or more, the share hidden without a
    # range and the share shown as a range.
    telling = c_exact["telling"].to_numpy() & (np.nan_to_num(c_exact["waarde"].to_numpy()) >= 10)
    als_bereik = np.zeros(hidden.size, bool)
    als_bereik[rng["cel"].to_numpy()] = True
    assert verslag.aandeel_10_plus_onderdrukt == pytest.approx((hidden & ~als_bereik)[telling].mean(), abs=1e-4)
    assert verslag.aandeel_10_plus_bereik == pytest.approx(als_bereik[telling].mean(), abs=1e-4)
    # Regression guard (measured 2026-11 on this data: the group rule hid 30-40%, optimal suppression alone 20%,
    # with decades and twenties 5.9% hidden and the rest of those 20% shown as a range; with ranges from 5, 2.4%;
    # with ranges checked against the attacker's points found, which leaves the budget for every candidate, 0.0%).
    assert verslag.aandeel_10_plus_onderdrukt < 0.01


def test_monthly_publications_side_by_side_tell_no_more_than_the_last(exact):
    """Three monthly publications of the quarter (January; January and February; the whole quarter, which only then
    has its quarter row): each shows the cells of the one before as they were shown, so an analyst who keeps all
    three and combines every figure of each narrows no primary cell below 5. Chosen with its quarter in one model
    instead, January would be shown differently (the positive control): cells hidden in one and shown in the other."""
    from jib_assets.privacy.suppression import attack_intervals, bereik, protect, relations

    maand, kwartaal, lid = exact
    maanden = sorted(maand["peildatum"].unique())
    staat, uitkomsten = None, []
    for n in (1, 2, 3):
        deel = maand.filter(pl.col("peildatum").is_in(maanden[:n]))
        q = kwartaal if n == 3 else kwartaal.clear()  # only a complete quarter is published
        _, _, verslag = suppress_monitoring(deel, q, lid, eerder=staat)
        staat = verslag.staat
        uitkomsten.append(staat)
    assert verslag.vast == uitkomsten[1].height  # the third kept every cell of the second
    for eerder, later in zip(uitkomsten, uitkomsten[1:]):
        samen = eerder.join(later, on="sleutel", suffix="_later")
        assert samen.height == eerder.height  # every earlier cell is published again
        assert (samen["verborgen"] == samen["verborgen_later"]).all() and (samen["vorm"] == samen["vorm_later"]).all()

    # The analyst's attack on all three: a cell shown exactly in any of them is known, a range bounds it.
    c = cells(maand, kwartaal)
    rel = relations(c, lid)
    laatste = uitkomsten[-1]
    assert laatste["sleutel"].to_list() == c.select(pl.concat_str(["tabel", "periode", "niveau", "regiocode", "kolom"],
                                                                 separator="|")).to_series().to_list()
    verborgen = laatste["verborgen"].to_numpy().copy()
    for eerder in uitkomsten[:-1]:
        getoond = laatste.select("sleutel").join(eerder.filter(~pl.col("verborgen")).with_columns(pl.lit(True).alias("g")),
                                                 on="sleutel", how="left", maintain_order="left")["g"].fill_null(False).to_numpy()
        verborgen &= ~getoond
    van, tot = bereik(np.nan_to_num(c["waarde"].to_numpy()), laatste["vorm"].to_numpy())
    doelen = np.flatnonzero(primary(c).to_numpy() & c["optelbaar"].to_numpy() & verborgen)
    assert attack_intervals(c, rel, verborgen, doelen, van, tot)["breedte"].min() >= 5 - 1e-6

    # Published afresh, the months are shown as the monthly publications showed them: they are chosen before their
    # quarter (`_protect_maanden_eerst`), so their choice never depends on it.
    _, _, vrij = suppress_monitoring(maand, kwartaal, lid)
    januari = uitkomsten[0].join(vrij.staat, on="sleutel", suffix="_vrij")
    assert januari.height == uitkomsten[0].height and (januari["verborgen"] == januari["verborgen_vrij"]).all()
    # Positive control: chosen in one model with its quarter, January would be shown otherwise.
    samen, _, _ = protect(c, rel, primary(c).to_numpy(), lidmaatschap=lid)
    januari = uitkomsten[0].join(pl.DataFrame({"sleutel": laatste["sleutel"], "samen": samen}), on="sleutel")
    assert (januari["verborgen"] != januari["samen"]).any()
