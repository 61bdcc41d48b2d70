"""What `jib run` shows while a Dagster run executes in its process: the step that runs, or the last line that
step logged (the publication's suppression logs how many of its components are solved), read from the run's
event log by a thread beside the run. A national month runs about two minutes and the publication that
completes a quarter ten; a spinner alone said nothing about where they were.

Only step names and the steps' own log lines are shown, which never hold a person's data (docs/privacy.md).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import dagster as dg

STAP_KLAAR = frozenset({dg.DagsterEventType.STEP_SUCCESS, dg.DagsterEventType.STEP_FAILURE,
                        dg.DagsterEventType.STEP_SKIPPED})


class Volger:
    """The state of one run as its events arrive (`lees`), and the status line it gives (`regel`)."""

    def __init__(self, label: str):
        self.label = label
        self.lopend: dict[str, str] = {}  # step -> the last line it logged ("" none yet), in the order started
        self.klaar = 0

    def lees(self, entry: dg.EventLogEntry) -> None:
        event = entry.dagster_event
        if event is None:  # a line the step logged itself (context.log)
            if entry.step_key in self.lopend and entry.user_message:
                self.lopend[entry.step_key] = entry.user_message.splitlines()[0]
        elif event.event_type == dg.DagsterEventType.STEP_START:
            self.lopend[event.step_key] = ""
        elif event.event_type in STAP_KLAAR:
            self.lopend.pop(event.step_key, None)
            self.klaar += 1

    def regel(self) -> str:
        """The label, the steps done, and the step started last in its own words (its name until it said any)."""
        klaar = f" ({self.klaar} step{'s' if self.klaar != 1 else ''} done)" if self.klaar else ""
        if not self.lopend:
            return self.label + klaar
        stap, gezegd = next(reversed(self.lopend.items()))
        return f"{self.label}{klaar}: {gezegd or stap}"


def volg(instance: dg.DagsterInstance, run_id: str, volger: Volger, toon: Callable[[str], None],
         stop: threading.Event, interval: float = 0.5) -> None:
    """Until `stop` is set: read the run's new events every `interval` seconds and show the status line."""
    cursor = None
    while True:
        gestopt = stop.wait(interval)
        try:
            nieuw = instance.get_records_for_run(run_id, cursor=cursor)
        except Exception:  # noqa: BLE001 - no run record yet, or the storage busy: try again next time
            nieuw = None
        if nieuw is not None:
            cursor = nieuw.cursor
            for record in nieuw.records:
                volger.lees(record.event_log_entry)
            toon(volger.regel())
        if gestopt:
            return


@contextmanager
def gevolgd(instance: dg.DagsterInstance, label: str, toon: Callable[[str], None],
            interval: float = 0.5) -> Iterator[str]:
    """A new run id for the run executed inside; meanwhile `toon` gets its status line (see `Volger`)."""
    run_id = str(uuid.uuid4())
    stop = threading.Event()
    thread = threading.Thread(target=volg, args=(instance, run_id, Volger(label), toon, stop, interval),
                              name="jib-voortgang", daemon=True)
    thread.start()
    try:
        yield run_id
    finally:
        stop.set()
        thread.join()
