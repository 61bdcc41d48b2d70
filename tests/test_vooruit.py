"""publish/vooruit.py: the publication's protection solved ahead, in a second process, while later months run; the
publication after them publishes exactly what it would have solved itself, reusing what was solved ahead."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from jib_assets.publish.analytics import STAAT, publish_analytics, read_solutions
from jib_assets.publish.vooruit import Vooruit
from jib_assets.report import voorbeeld
from jib_assets.report.voorbeeld import bouw_warehouse

JANUARI = date(2025, 1, 1)


@pytest.fixture(scope="module")
def volledig(tmp_path_factory) -> Path:
    """The report's voorbeeld cut to two months (its six take 37 s to publish): the warehouse after February, never
    written to."""
    path = tmp_path_factory.mktemp("vooruit") / "februari.duckdb"
    with pytest.MonkeyPatch.context() as mp, duckdb.connect(str(path)) as con:
        mp.setattr(voorbeeld, "MAANDEN", 2)
        bouw_warehouse(con)
    return path


def _na_januari(volledig: Path, target: Path) -> Path:
    """The warehouse as it was after January: February's figures and membership not yet there (nor the quarter so far,
    which no publication shows before the quarter is complete)."""
    shutil.copy(volledig, target)
    with duckdb.connect(str(target)) as con:
        con.execute("DELETE FROM monitoring_maand WHERE peildatum > $p", {"p": JANUARI})
        con.execute("DELETE FROM regio_indeling WHERE peildatum > $p", {"p": JANUARI})
        con.execute("DELETE FROM monitoring_kwartaal")
    return target


def _tabellen(path: Path) -> dict[str, list[tuple]]:
    with duckdb.connect(str(path), read_only=True) as con:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                for t in ("monitoring_maand", "monitoring_kwartaal", "bereiken")}


def test_a_solve_ahead_after_january_is_reused_by_the_publication_after_february_which_publishes_the_same(
        volledig, tmp_path):
    warehouse = _na_januari(volledig, tmp_path / "jib.duckdb")
    with Vooruit(warehouse) as vooruit:
        vooruit.na_maand(JANUARI, meer=True)
        assert vooruit._bezig  # started: January is the warehouse's latest and months follow
        vooruit.voor_publicatie()
        assert vooruit.opgelost == [JANUARI] and vooruit._proces is None
    with duckdb.connect(str(warehouse)) as con:
        vooruit_opgelost = read_solutions(con)
        # Nothing was published: no state of what a publication showed.
        assert not con.execute(f"SELECT count(*) FROM duckdb_tables() WHERE table_name = '{STAAT}'").fetchall()[0][0]
        assert vooruit_opgelost  # January's components
        # February runs: its figures arrive beside what was solved ahead.
        con.execute(f"ATTACH '{volledig}' AS feb (READ_ONLY)")
        con.execute("INSERT INTO monitoring_maand SELECT * FROM feb.monitoring_maand WHERE peildatum > $p", {"p": JANUARI})
        con.execute("INSERT INTO regio_indeling SELECT * FROM feb.regio_indeling WHERE peildatum > $p", {"p": JANUARI})
        con.execute("INSERT INTO monitoring_kwartaal SELECT * FROM feb.monitoring_kwartaal")
        con.execute("DETACH feb")
        na = publish_analytics(con, tmp_path / "na.duckdb")
    zelf_kopie = tmp_path / "zelf.duckdb"
    shutil.copy(volledig, zelf_kopie)
    with duckdb.connect(str(zelf_kopie)) as con:
        zelf = publish_analytics(con, tmp_path / "zelf_pub.duckdb")
    assert zelf["componenten_hergebruikt"] == 0
    # The publication found January's components solved ahead and solved only February's.
    assert na["componenten_hergebruikt"] >= 1
    assert na["componenten_opgelost"] < zelf["componenten_opgelost"]
    assert _tabellen(tmp_path / "na.duckdb") == _tabellen(tmp_path / "zelf_pub.duckdb")
    assert {k: na[k] for k in ("onderdrukt_primair", "onderdrukt_secundair", "onderdrukt_als_bereik")} == \
        {k: zelf[k] for k in ("onderdrukt_primair", "onderdrukt_secundair", "onderdrukt_als_bereik")}


def test_leaving_while_the_second_process_starts_solves_or_is_done_stops_it_at_once(volledig, tmp_path):
    """A month that fails leaves the run (and so `Vooruit`) whatever the second process is doing. It is killed, not
    asked to stop: a `multiprocessing.Pool`'s terminate could hang for good (a `jib run` hung so in CI)."""
    import time

    warehouse = _na_januari(volledig, tmp_path / "jib.duckdb")
    for wacht in (0.0, 1.0, 6.0):  # starting, solving, done and waiting for the next input
        started = time.perf_counter()
        with Vooruit(warehouse) as vooruit:
            vooruit.na_maand(JANUARI, meer=True)
            proces = vooruit._proces
            time.sleep(wacht)
        assert not proces.is_alive() and vooruit._proces is None and not vooruit._bezig
        assert time.perf_counter() - started < wacht + 30


class _TraagTeVersturen:
    """An input whose pickling takes a second: the run leaves while its thread is still sending it."""

    def __reduce__(self):
        import time

        time.sleep(1.0)
        return (dict, ())


def test_leaving_while_an_input_is_being_sent_raises_nothing_in_the_sending_thread(volledig, tmp_path, monkeypatch):
    """The pipe is closed only after the sending thread ended: closed under it, its `send` raised a TypeError ('NoneType'
    object cannot be interpreted as an integer) that the run printed as an exception in thread jib-vooruit-invoer."""
    import threading

    from jib_assets.publish import vooruit as module

    fouten: list[type[BaseException]] = []
    monkeypatch.setattr(threading, "excepthook", lambda args: fouten.append(args.exc_type))
    monkeypatch.setattr(module, "read_input", lambda con: _TraagTeVersturen())
    warehouse = _na_januari(volledig, tmp_path / "jib.duckdb")
    with Vooruit(warehouse) as vooruit:
        vooruit.na_maand(JANUARI, meer=True)
        zender = vooruit._zender
    nog_bezig = zender.is_alive()
    zender.join()
    assert fouten == []
    assert vooruit._proces is None and not nog_bezig  # stop() waited for it


def test_no_solve_ahead_for_the_last_month_a_month_not_the_latest_when_switched_off_or_without_regions(volledig, tmp_path):
    warehouse = _na_januari(volledig, tmp_path / "jib.duckdb")
    for maand, meer, aan in ((JANUARI, False, True), (date(2024, 12, 1), True, True), (JANUARI, True, False)):
        with Vooruit(warehouse, aan=aan) as vooruit:
            vooruit.na_maand(maand, meer=meer)
            assert not vooruit._bezig and vooruit._proces is None
            vooruit.voor_publicatie()
            assert vooruit.opgelost == []
    with duckdb.connect(str(warehouse)) as con:
        assert read_solutions(con) == {}
        con.execute("DROP TABLE regio_indeling")  # a warehouse an earlier release wrote: no solve ahead, no error
    with Vooruit(warehouse) as vooruit:
        vooruit.na_maand(JANUARI, meer=True)
        assert not vooruit._bezig and vooruit._proces is None


def test_a_solve_ahead_that_fails_keeps_nothing_and_stops_nothing(volledig, tmp_path):
    warehouse = _na_januari(volledig, tmp_path / "jib.duckdb")
    with duckdb.connect(str(warehouse)) as con:
        con.execute("UPDATE monitoring_maand SET instroom = instroom + 1 WHERE niveau = 'gemeente'")  # breaks a sum
    with Vooruit(warehouse) as vooruit:
        vooruit.na_maand(JANUARI, meer=True)
        assert vooruit._bezig
        vooruit.voor_publicatie()  # the second process raised: not kept, not raised here
        assert vooruit.opgelost == [] and vooruit._proces is None
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert read_solutions(con) == {}
        # The publication meets the same figures and says what is wrong.
        with pytest.raises(ValueError, match="relation.* do not hold on the exact figures"):
            publish_analytics(con, tmp_path / "pub.duckdb")
