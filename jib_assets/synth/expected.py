"""The generator's own answer: who, in the synthetic world, meets the JIB conditions of
rules.md steps 1 to 4 on each peildatum. It calibrates the world (about 300 youths in
Midden-Limburg) and is what a correct pipeline should find in the deliveries.

Computed on the world's arrays with the rules' definitions (a period holds on P when it
began on or before P and has not ended before P), independently of the pipeline's SQL.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jib_assets.parameters import BEKEND_REGELINGEN, INKOMEN_LAG_MAANDEN, INKOMENSGRENS
from jib_assets.synth import calendar as cal
from jib_assets.synth.education import SK_CODES
from jib_assets.synth.world import World

CATEGORIES = ("", "bezwaar", "bekend", "zzp", "benaderen")
BEZWAAR, BEKEND, ZZP, BENADEREN = 1, 2, 3, 4


@dataclass
class MonthList:
    month: int
    selected: np.ndarray  # per pid: DUO selection (rules.md 1)
    on_list: np.ndarray  # per pid: on the JIB list (rules.md 2)
    woon: np.ndarray  # per pid: woongemeente index (-1: not resident)
    categorie: np.ndarray  # per pid: index into CATEGORIES (0 when not on the list)
    instroom: np.ndarray  # per pid: on this list, not on the previous list of the same municipality
    uitstroom: np.ndarray  # per pid: on the previous list of a municipality, not on this one of it
    uitstroom_gemeente: np.ndarray  # per pid: the municipality whose list they left (-1: none)

    def worklist(self) -> np.ndarray:
        """pids of the casemanager's worklist: new inflow of categorie zzp or benaderen."""
        return np.flatnonzero(self.instroom & ((self.categorie == ZZP) | (self.categorie == BENADEREN)))


def in_delivery(world: World, month: int) -> np.ndarray:
    """Per pid: in the delivery of this month (birth years P.year-31..P.year-15, registered by P)."""
    p = int(cal.month_start(month))
    year = 1970 + month // 12
    by, _, _ = cal.ymd(world.people.birth)
    return (by >= year - 31) & (by <= year - 15) & (world.people.registered <= p)


def _holds(n: int, person: np.ndarray, begin: np.ndarray, end: np.ndarray, p: int) -> np.ndarray:
    out = np.zeros(n, dtype=bool)
    out[person[(begin <= p) & (end >= p)]] = True
    return out


class ListMaker:
    """Makes the list month by month, remembering the previous one for the delta."""

    def __init__(self, world: World) -> None:
        self.world = world
        n = world.people.n
        edu = world.edu
        self.duo_known_from = np.full(n, cal.NEVER, dtype=np.int64)
        np.minimum.at(self.duo_known_from, edu.enrol_person, edu.enrol_begin)
        np.minimum.at(self.duo_known_from, edu.dipl_person, edu.dipl_date)
        self.sk_from = np.full(n, cal.NEVER, dtype=np.int64)
        sk = np.isin(edu.dipl_diploma, SK_CODES)
        np.minimum.at(self.sk_from, edu.dipl_person[sk], edu.dipl_date[sk])
        self.previous: MonthList | None = None

    def make(self, month: int, bezwaar_from: np.ndarray) -> MonthList:
        w, n = self.world, self.world.people.n
        p = int(cal.month_start(month))
        people = w.people
        age = cal.age_on(people.birth, p)
        a = w.addresses
        n_addresses = np.bincount(a.person[(a.begin <= p) & (a.end >= p)], minlength=n)
        at = a.holding(np.arange(n), np.full(n, p))
        woon = np.where((n_addresses == 1) & (people.death > p) & (people.emigration > p), a.gemeente[np.maximum(at, 0)], -1)
        resident = in_delivery(w, month) & (woon >= 0)
        edu = w.edu
        selected = (
            resident
            & (self.duo_known_from <= p)
            & (age >= 23) & (age <= 26)
            & (self.sk_from > p)
            & ~_holds(n, edu.enrol_person, edu.enrol_begin, edu.enrol_end, p)
        )
        income_month = month - INKOMEN_LAG_MAANDEN
        rows = w.polis.month == income_month
        income = np.bincount(w.polis.person[rows], weights=w.polis.cents[rows], minlength=n)
        threshold = int(INKOMENSGRENS.on(cal.to_date(p)) * 100)
        b = w.benefits
        on_list = selected & (income < threshold) & ~_holds(n, b.person, b.begin, b.end, p)

        c = w.clients
        client_rows = (c.begin <= p) & (c.end >= p) & np.isin(c.attrs["regeling"], BEKEND_REGELINGEN)
        client_rows &= c.attrs["gemeente"] == woon[c.person]
        bekend = np.zeros(n, dtype=bool)
        bekend[c.person[client_rows]] = True
        k = w.kvk
        zzp = _holds(n, k.person, k.begin, k.end, p)
        categorie = np.select(
            [~on_list, bezwaar_from <= month, bekend, zzp], [0, BEZWAAR, BEKEND, ZZP], BENADEREN
        ).astype(np.int8)

        prev = self.previous
        if prev is None:
            instroom, uitstroom = on_list.copy(), np.zeros(n, dtype=bool)
        else:
            stays = on_list & prev.on_list & (woon == prev.woon)
            instroom = on_list & ~stays
            uitstroom = prev.on_list & ~stays
        left = np.where(uitstroom, prev.woon if prev is not None else -1, -1)
        self.previous = MonthList(month, selected, on_list, woon, categorie, instroom, uitstroom, left)
        return self.previous
