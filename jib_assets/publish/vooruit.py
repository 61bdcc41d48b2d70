"""Solving the publication's small-number protection ahead, while the next months run.

A `jib run` (or `jib demo`) of several months publishes once, after the last; most of that publication is the
suppression's choice, window by window (a month; a quarter with the month before it: privacy/suppression.py). A
window's choice depends on its own figures and on the windows before it, and later months do not change those figures
(the demo's months 1-9 were the same after month 12). So after each month that is the warehouse's latest, a second
process makes the choice for the figures so far, at a lower priority, while the next month's chain runs; the hidden
sets it makes are added to the warehouse's cache of them (`suppressie_oplossingen`), where the publication finds each
by the hash of its exact input (`Oplossingen`). The publication therefore publishes exactly what it would have solved
itself (the demo's tables were identical either way), in less time: it solves only what came after the last solve
ahead.

Nothing is published ahead and nothing else is kept; a solve ahead whose input turns out different (a month rerun
since) is simply not found. A solve ahead that fails is not reported here: the publication solves the same figures
and reports it. Only with a second core (JIB_DUCKDB_THREADS above 1) and a month still to run after it.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from datetime import date
from multiprocessing.pool import AsyncResult, Pool
from pathlib import Path
from types import TracebackType

from jib_assets import db
from jib_assets.operations import volg_ouder
from jib_assets.publish.analytics import Invoer, keep_solutions, read_input, suppress

log = logging.getLogger(__name__)

NICE = 10  # the solve ahead yields to the month's chain, which is what the user waits for


def _tweede_proces() -> None:
    """The second process yields to the chain, and stops solving when the run's process is killed (it would otherwise
    solve a national publication for minutes with nobody waiting)."""
    os.nice(NICE)
    volg_ouder()


def _solve(invoer: Invoer) -> dict[str, str]:
    """In the second process: the hidden sets the publication of these figures would use or make."""
    return suppress(invoer)[3].gebruikt


class Vooruit:
    """One second process for a run of months (a context manager: it stops the process on leaving). Call `na_maand`
    after each month that ran, and `voor_publicatie` before publishing; both hold no connection afterwards."""

    def __init__(self, warehouse: Path, *, aan: bool = True):
        self.warehouse, self.aan = Path(warehouse), aan
        self._pool: Pool | None = None
        self._bezig: AsyncResult | None = None
        self._maand: date | None = None  # the month the running solve ahead is through
        self.opgelost: list[date] = []  # the months through which a solve ahead was kept, in order

    def na_maand(self, maand: date, *, meer: bool) -> None:
        """After `maand` ran: keep what the solve ahead made when it is done; then, when none is running, more months
        follow (`meer`) and `maand` is the warehouse's latest, start one for the figures through `maand`."""
        if not self.aan or (self._bezig is None and not meer):
            return
        if self._bezig is not None and not self._bezig.ready():
            return  # still at it: the next month's end starts the next one
        with db.connect(self.warehouse) as con:
            self._bewaar(con)
            if not meer or not db.table_exists(con, "regio_indeling") or \
                    db.scalar(con, "SELECT max(peildatum) FROM regio_indeling") != maand:
                return
            invoer = read_input(con)
        if self._pool is None:
            self._pool = multiprocessing.get_context("spawn").Pool(1, initializer=_tweede_proces)
        self._bezig = self._pool.apply_async(_solve, (invoer,))
        self._maand = maand

    def voor_publicatie(self) -> None:
        """Wait for the solve ahead that is running, keep what it made, and stop the second process."""
        if self._bezig is not None:
            self._bezig.wait()
            with db.connect(self.warehouse) as con:
                self._bewaar(con)
        self.stop()

    def stop(self) -> None:
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
        self._bezig = None

    def _bewaar(self, con) -> None:
        if self._bezig is None:
            return
        bezig, self._bezig = self._bezig, None
        try:
            gebruikt = bezig.get()
        except Exception as fout:  # the publication solves the same figures and reports what goes wrong
            log.info("solving ahead through %s failed (%s); the publication solves it", f"{self._maand:%Y-%m}",
                     type(fout).__name__)
            return
        keep_solutions(con, gebruikt, bij=True)
        self.opgelost.append(self._maand)

    def __enter__(self) -> Vooruit:
        return self

    def __exit__(self, soort: type[BaseException] | None, fout: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
