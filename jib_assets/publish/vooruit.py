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
import threading
from datetime import date
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from types import TracebackType

from jib_assets import db
from jib_assets.operations import volg_ouder
from jib_assets.publish.analytics import Invoer, keep_solutions, read_input, suppress

log = logging.getLogger(__name__)

NICE = 10  # the solve ahead yields to the month's chain, which is what the user waits for
ZENDER_WACHT = 10.0  # seconds `stop` waits for the thread sending an input (it ends once the process is gone)


def _tweede_proces() -> None:
    """The second process yields to the chain, and stops solving when the run's process is killed (it would otherwise
    solve a national publication for minutes with nobody waiting)."""
    os.nice(NICE)
    volg_ouder()


def _solve(invoer: Invoer) -> dict[str, str]:
    """In the second process: the hidden sets the publication of these figures would use or make."""
    return suppress(invoer)[3].gebruikt


def _werk(taken: Connection, uitkomsten: Connection) -> None:
    """The second process: solve each input it is sent, and send back (True, hidden sets) or (False, the error's
    type), until the run closes its end or kills it."""
    _tweede_proces()
    while True:
        try:
            invoer = taken.recv()
        except EOFError:
            return
        try:
            uitkomsten.send((True, _solve(invoer)))
        except Exception as fout:  # noqa: BLE001 - the publication solves the same figures and reports it
            uitkomsten.send((False, type(fout).__name__))


def _stuur(taken: Connection, invoer: Invoer) -> None:
    """Send an input from a thread: the pipe takes a national input only as fast as the second process reads it, and
    at the first month that process is still starting. A process killed meanwhile (the run failed) is no error."""
    try:
        taken.send(invoer)
    except OSError:
        pass


class Vooruit:
    """One second process for a run of months (a context manager: it stops the process on leaving). Call `na_maand`
    after each month that ran, and `voor_publicatie` before publishing; both hold no connection afterwards.

    A plain process with two pipes, not a `multiprocessing.Pool`: a pool's `terminate()` can hang for good when it
    stops a worker that is sending its result (CPython issues 73945 and 96995), and a failed month stops this process
    whatever it is doing (a `jib run` whose second month failed hung in CI, 2026-12-06). `kill()` cannot hang."""

    def __init__(self, warehouse: Path, *, aan: bool = True):
        self.warehouse, self.aan = Path(warehouse), aan
        self._proces: BaseProcess | None = None
        self._taken: Connection | None = None  # the run's end of the pipe of inputs
        self._uitkomsten: Connection | None = None  # the run's end of the pipe of results
        self._zender: threading.Thread | None = None  # the thread sending the latest input (`_stuur`)
        self._bezig = False  # a solve ahead was sent and its result not yet read
        self._maand: date | None = None  # the month the running solve ahead is through
        self.opgelost: list[date] = []  # the months through which a solve ahead was kept, in order

    def na_maand(self, maand: date, *, meer: bool) -> None:
        """After `maand` ran: keep what the solve ahead made when it is done; then, when none is running, more months
        follow (`meer`) and `maand` is the warehouse's latest, start one for the figures through `maand`."""
        if not self.aan or (not self._bezig and not meer):
            return
        if self._bezig and not self._uitkomsten.poll():
            return  # still at it: the next month's end starts the next one
        with db.connect(self.warehouse) as con:
            self._bewaar(con)
            if not meer or not db.table_exists(con, "regio_indeling") or \
                    db.scalar(con, "SELECT max(peildatum) FROM regio_indeling") != maand:
                return
            invoer = read_input(con)
        if self._proces is None:
            ctx = multiprocessing.get_context("spawn")
            taken, self._taken = ctx.Pipe(duplex=False)
            self._uitkomsten, uitkomsten = ctx.Pipe(duplex=False)
            self._proces = ctx.Process(target=_werk, args=(taken, uitkomsten), name="jib-vooruit", daemon=True)
            self._proces.start()
            taken.close()
            uitkomsten.close()
        self._zender = threading.Thread(target=_stuur, args=(self._taken, invoer), name="jib-vooruit-invoer",
                                        daemon=True)
        self._zender.start()
        self._bezig, self._maand = True, maand

    def voor_publicatie(self) -> None:
        """Wait for the solve ahead that is running, keep what it made, and stop the second process."""
        if self._bezig:
            self._uitkomsten.poll(None)
            with db.connect(self.warehouse) as con:
                self._bewaar(con)
        self.stop()

    def stop(self) -> None:
        """Kill the second process; then the thread sending it an input ends at once (no one reads the pipe), and only
        after that is the pipe closed: closed under a thread that is writing to it, `send` raised a TypeError in that
        thread (CI, 2026-12-06). A thread still writing after `ZENDER_WACHT` seconds keeps its end of the pipe."""
        if self._proces is not None:
            self._proces.kill()
            self._proces.join()
            if self._zender is not None:
                self._zender.join(ZENDER_WACHT)
            if self._zender is None or not self._zender.is_alive():
                self._taken.close()
            self._uitkomsten.close()
            self._proces = self._taken = self._uitkomsten = self._zender = None
        self._bezig = False

    def _bewaar(self, con) -> None:
        if not self._bezig:
            return
        self._bezig = False
        try:
            gelukt, gebruikt = self._uitkomsten.recv()
        except EOFError:  # the second process died
            gelukt, gebruikt = False, "EOFError"
        if not gelukt:  # the publication solves the same figures and reports what goes wrong
            log.info("solving ahead through %s failed (%s); the publication solves it", f"{self._maand:%Y-%m}",
                     gebruikt)
            return
        keep_solutions(con, gebruikt, bij=True)
        self.opgelost.append(self._maand)

    def __enter__(self) -> Vooruit:
        return self

    def __exit__(self, soort: type[BaseException] | None, fout: BaseException | None, tb: TracebackType | None) -> None:
        self.stop()
