"""Who lives in the synthetic world, and where: the people of a region's birth cohorts, their
moves in, out and within it, immigration, emigration and death, as address periods.

Only the people the region's deliveries need are simulated: the residents of its
municipalities at the start of the window, the people who move in during it, and new
arrivals from abroad. Those who move out stay in the world (their new gemeentecode is
outside the region), so that a list can say where they went.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import polars as pl

from jib_assets.synth import calendar as cal
from jib_assets.synth.pools import Geography, NamePools, elfproef_numbers, letter_pairs

# Share of all inhabitants per birth year among the 15-30 year-olds (CBS: ~220,000 a year of 17.9 million).
COHORT_SHARE = 0.0124
# Residents who came to the Netherlands after compulsory schooling: DUO does not know them.
EARLY_IMMIGRANT_SHARE = 0.07
# New arrivals from abroad per year, as a share of the resident cohorts.
IMMIGRATION_RATE = 0.015
EMIGRATION_RATE = {"native": 0.004, "early_immigrant": 0.04, "new_immigrant": 0.12}
DEATH_RATE = 0.0003
# Moves per person-year by completed age; where a move goes.
MOVE_RATE_BY_AGE = ((0, 0.05), (18, 0.13), (21, 0.17), (28, 0.12))
MOVE_SAME_GEMEENTE, MOVE_SAME_AMR = 0.50, 0.30  # the rest goes anywhere in the country
MEAN_MOVE_RATE = 0.14  # MOVE_RATE_BY_AGE averaged over the ages 14-31 of the birth cohorts
SEX_CODES = np.array(["M", "V", "X"])
HUISLETTERS = ("A", "B", "C", "D")
TOEVOEGINGEN = ("1", "2", "3", "hs", "bis", "I", "II")

ORIGIN_RESIDENT, ORIGIN_IN_MOVER, ORIGIN_IMMIGRANT = 0, 1, 2


@dataclass(frozen=True)
class Scope:
    """What a run covers: the region's municipalities and the simulated time window."""

    region: str
    geo: Geography
    in_region: np.ndarray  # per gemeente index
    amr: np.ndarray  # arbeidsmarktregio index per gemeente index
    first_month: int
    last_month: int

    @property
    def h0(self) -> int:
        """Start of the window: the first polis month of the first delivery."""
        return int(cal.month_start(self.first_month - 12))

    @property
    def h1(self) -> int:
        """End of the window: the last day of the last delivery month."""
        return int(cal.month_end(self.last_month))

    @property
    def birth_lo(self) -> int:
        """Deliveries hold the birth years P.year-31 .. P.year-15: everyone aged 15-30, with a margin."""
        return cal.day(date(1970 + self.first_month // 12 - 31, 1, 1))

    @property
    def birth_hi(self) -> int:
        return cal.day(date(1970 + self.last_month // 12 - 15, 12, 31))


def make_scope(region: str, geo: Geography, region_codes: list[str], first: date, last: date) -> Scope:
    g = geo.gemeenten
    amr_codes = g["arbeidsmarktregio_code"].to_numpy()
    _, amr = np.unique(amr_codes, return_inverse=True)
    return Scope(
        region=region.upper(),
        geo=geo,
        in_region=np.isin(geo.codes, region_codes),
        amr=amr.astype(np.int64),
        first_month=cal.month_index(first),
        last_month=cal.month_index(last),
    )


@dataclass
class People:
    """One entry per simulated person; index = pid. Dates in days (calendar.NEVER = never)."""

    birth: np.ndarray
    sex: np.ndarray  # index into SEX_CODES
    risk: np.ndarray  # latent disadvantage, N(0, 1): drives school, work, benefits and support alike
    registered: np.ndarray  # first day in the BRP (birth, or arrival from abroad)
    schooled: np.ndarray  # went to school in the Netherlands (DUO knows them)
    origin: np.ndarray
    emigration: np.ndarray
    death: np.ndarray
    home: np.ndarray  # gemeente index at the start of the person's own window

    @property
    def n(self) -> int:
        return self.birth.size

    @property
    def exit(self) -> np.ndarray:
        """First day without an address: the day of emigration, or the day after death."""
        return np.minimum(self.emigration, np.where(self.death < cal.NEVER, self.death + 1, cal.NEVER))

    def take(self, order: np.ndarray) -> People:
        return People(**{k: v[order] for k, v in self.__dict__.items()})


def _sample(rng: np.random.Generator, weights: np.ndarray, n: int) -> np.ndarray:
    cdf = np.cumsum(weights, dtype=np.float64)
    return np.minimum(np.searchsorted(cdf, rng.random(n) * cdf[-1], side="right"), weights.size - 1)


def _sample_within(rng: np.random.Generator, group: np.ndarray, weights: np.ndarray, of: np.ndarray) -> np.ndarray:
    """For each entry of `of` (a group id), an item of that group drawn in proportion to weights."""
    order = np.lexsort((np.arange(group.size), group))
    g, w = group[order], weights[order].astype(np.float64)
    cum = np.cumsum(w)
    start = np.searchsorted(g, of, side="left")
    stop = np.searchsorted(g, of, side="right") - 1
    base = np.where(start > 0, cum[np.maximum(start - 1, 0)], 0.0)
    target = base + rng.random(of.size) * (cum[stop] - base)
    pick = np.clip(np.searchsorted(cum, target, side="right"), start, stop)
    return order[pick]


def _uniform_days(rng: np.random.Generator, lo: np.ndarray | int, hi: np.ndarray | int, n: int) -> np.ndarray:
    lo = np.broadcast_to(np.asarray(lo, dtype=np.int64), n)
    hi = np.broadcast_to(np.asarray(hi, dtype=np.int64), n)
    return lo + np.floor(rng.random(n) * (hi - lo + 1)).astype(np.int64)


def draw_people(rng: np.random.Generator, scope: Scope) -> tuple[People, np.ndarray]:
    """The population, and per person the start of their own window (h0, the move-in date or the arrival)
    with the gemeente they live in from then (for the address history)."""
    g = scope.geo.gemeenten
    inwoners = g["inwoners"].to_numpy().astype(np.float64)
    h0, h1 = scope.h0, scope.h1
    years = (scope.birth_hi - scope.birth_lo + 1) / cal.YEAR
    window_years = (h1 - h0 + 1) / cal.YEAR
    region_idx = np.flatnonzero(scope.in_region)

    # Residents at h0, municipality by municipality in proportion to inwoners.
    n_res = np.rint(inwoners[region_idx] * COHORT_SHARE * years).astype(np.int64)
    res_home = np.repeat(region_idx, n_res)
    n_r = res_home.size
    res_birth = _uniform_days(rng, scope.birth_lo, scope.birth_hi, n_r)
    res_registered = res_birth.copy()
    adult_at_h0 = cal.add_years(res_birth, 17) <= h0
    early = adult_at_h0 & (rng.random(n_r) < EARLY_IMMIGRANT_SHARE)
    arrival_lo = cal.add_years(res_birth, 16)
    res_registered[early] = _uniform_days(rng, arrival_lo[early], h0, int(early.sum()))

    # Movers in from the rest of the country, as many as the region's residents move out.
    out_share = _out_move_share(scope, inwoners)
    n_in = int(np.rint(n_r * MEAN_MOVE_RATE * out_share * window_years))
    outside = np.flatnonzero(~scope.in_region)
    if outside.size == 0:
        n_in = 0
    near = np.isin(scope.amr[outside], np.unique(scope.amr[region_idx]))
    in_origin = outside[_sample(rng, inwoners[outside] ** 1.1 * np.where(near, 5.0, 1.0), n_in)] if n_in else np.empty(0, int)
    in_birth = _uniform_days(rng, scope.birth_lo, scope.birth_hi, n_in)
    in_date = _uniform_days(rng, h0, h1, n_in)
    in_dest = region_idx[_sample(rng, inwoners[region_idx], n_in)]

    # New arrivals from abroad: aged 15-30 on arrival, within the birth years.
    n_imm = int(np.rint(n_r * IMMIGRATION_RATE * window_years))
    imm_arrival = _uniform_days(rng, h0, h1, n_imm)
    lo = np.maximum(scope.birth_lo, cal.add_years(imm_arrival, -30))
    hi = np.minimum(scope.birth_hi, cal.add_years(imm_arrival, -15))
    imm_birth = _uniform_days(rng, lo, np.maximum(lo, hi), n_imm)
    imm_dest = region_idx[_sample(rng, inwoners[region_idx], n_imm)]

    n = n_r + n_in + n_imm
    origin = np.concatenate([np.full(n_r, ORIGIN_RESIDENT), np.full(n_in, ORIGIN_IN_MOVER), np.full(n_imm, ORIGIN_IMMIGRANT)])
    people = People(
        birth=np.concatenate([res_birth, in_birth, imm_birth]),
        sex=np.where(rng.random(n) < 0.0005, 2, (rng.random(n) < 0.493).astype(np.int64)),
        risk=rng.standard_normal(n),
        registered=np.concatenate([res_registered, in_birth, imm_arrival]),
        schooled=np.concatenate([~early, np.ones(n_in, bool), np.zeros(n_imm, bool)]),
        origin=origin,
        emigration=np.full(n, cal.NEVER, dtype=np.int64),
        death=np.full(n, cal.NEVER, dtype=np.int64),
        home=np.concatenate([res_home, in_origin, imm_dest]),
    )
    # The in-mover's move date travels along as its "window start".
    window_start = np.concatenate([np.full(n_r, h0), in_date, imm_arrival])
    dest = np.concatenate([res_home, in_dest, imm_dest])

    kind = np.where(origin == ORIGIN_IMMIGRANT, "new_immigrant", np.where(~people.schooled, "early_immigrant", "native"))
    rate = np.select([kind == k for k in EMIGRATION_RATE], list(EMIGRATION_RATE.values()))
    from_day = np.maximum(window_start, h0)
    emig = from_day + np.rint(rng.exponential(cal.YEAR / rate)).astype(np.int64) + 1
    people.emigration = np.where(emig <= h1, emig, cal.NEVER)
    death = from_day + np.rint(rng.exponential(cal.YEAR / DEATH_RATE, n)).astype(np.int64) + 1
    people.death = np.where((death <= h1) & (death < people.emigration), death, cal.NEVER)

    # Shuffle, so that a pid (and the BSN given in pid order) says nothing about where someone lives.
    order = rng.permutation(n)
    return people.take(order), np.stack([window_start[order], dest[order]])


def _out_move_share(scope: Scope, inwoners: np.ndarray) -> float:
    """The share of a region resident's moves that leave the region (so in-movers balance them)."""
    region = scope.in_region
    if region.all():
        return 0.0
    national = inwoners**1.1
    leave_national = national[~region].sum() / national.sum()
    amr_of_region = np.unique(scope.amr[region])
    same_amr = np.isin(scope.amr, amr_of_region)
    leave_amr = inwoners[same_amr & ~region].sum() / inwoners[same_amr].sum()
    return MOVE_SAME_AMR * leave_amr + (1 - MOVE_SAME_GEMEENTE - MOVE_SAME_AMR) * leave_national


def move_rate(age: np.ndarray) -> np.ndarray:
    rate = np.zeros(age.shape)
    for from_age, r in MOVE_RATE_BY_AGE:
        rate[age >= from_age] = r
    return rate


@dataclass
class Addresses:
    person: np.ndarray
    gemeente: np.ndarray
    begin: np.ndarray
    end: np.ndarray  # inclusive; NEVER while still living there
    street: np.ndarray
    huisnummer: np.ndarray
    huisletter: np.ndarray  # index into HUISLETTERS, -1: none
    toevoeging: np.ndarray  # index into TOEVOEGINGEN, -1: none

    def holding(self, persons: np.ndarray, days: np.ndarray) -> np.ndarray:
        """Row index of the address each person holds on each day (-1: none). Rows sorted by person, begin."""
        key = self.person * (1 << 22) + self.begin
        at = np.searchsorted(key, persons * (1 << 22) + days, side="right") - 1
        ok = (at >= 0) & (self.person[np.maximum(at, 0)] == persons) & (self.end[np.maximum(at, 0)] >= days)
        return np.where(ok, at, -1)

    def first_of(self, persons: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.person, persons, side="left")


def address_history(rng: np.random.Generator, scope: Scope, people: People, starts: np.ndarray) -> Addresses:
    """Address periods: the one held when the window starts, then moves until emigration or death."""
    geo, n = scope.geo, people.n
    inwoners = geo.gemeenten["inwoners"].to_numpy().astype(np.float64)
    window_start, dest = starts
    exit_day = people.exit
    h1 = scope.h1

    person, gem, begin, end = [], [], [], []
    # The in-movers' earlier address outside the region, up to the day before they move in.
    movers = np.flatnonzero(people.origin == ORIGIN_IN_MOVER)
    lived_there = np.rint(rng.exponential(4 * cal.YEAR, movers.size)).astype(np.int64)
    before = np.maximum(people.birth[movers], window_start[movers] - 1 - lived_there)
    person.append(movers), gem.append(people.home[movers]), begin.append(before), end.append(window_start[movers] - 1)

    # The address held at the window start (backdated for residents) and the moves after it.
    backdate = np.rint(rng.exponential(6 * cal.YEAR, n)).astype(np.int64)
    cur_begin = np.where(people.origin == ORIGIN_RESIDENT, np.maximum(people.registered, window_start - backdate), window_start)
    cur_gem = dest.copy()
    mid = window_start + (h1 - window_start) // 2
    rate = move_rate(cal.age_on(people.birth, mid))
    t = cur_begin.copy()
    t[people.origin == ORIGIN_RESIDENT] = window_start[people.origin == ORIGIN_RESIDENT]
    alive = np.arange(n)
    stop = np.minimum(h1, exit_day - 1)
    while alive.size:
        t_next = t[alive] + 1 + np.rint(rng.exponential(cal.YEAR / rate[alive])).astype(np.int64)
        moving = t_next <= stop[alive]
        done = alive[~moving]
        person.append(done), gem.append(cur_gem[done]), begin.append(cur_begin[done])
        end.append(np.where(exit_day[done] < cal.NEVER, exit_day[done] - 1, cal.NEVER))
        alive, t_next = alive[moving], t_next[moving]
        person.append(alive), gem.append(cur_gem[alive]), begin.append(cur_begin[alive]), end.append(t_next - 1)
        cur_gem[alive] = _destination(rng, scope, cur_gem[alive], inwoners)
        cur_begin[alive] = t_next
        t[alive] = t_next

    person_a = np.concatenate(person)
    order = np.lexsort((np.concatenate(begin), person_a))
    a_person, a_gem = person_a[order], np.concatenate(gem)[order]
    a_begin, a_end = np.concatenate(begin)[order], np.concatenate(end)[order]
    m = a_person.size
    first_street = geo.street_offset[a_gem]
    street = first_street + (rng.random(m) * (geo.street_offset[a_gem + 1] - first_street)).astype(np.int64)
    huisnummer = 1 + (rng.random(m) * geo.street_max_nr[street]).astype(np.int64)
    letter = np.where(rng.random(m) < 0.06, rng.integers(0, len(HUISLETTERS), m), -1)
    toevoeging = np.where(rng.random(m) < 0.05, rng.integers(0, len(TOEVOEGINGEN), m), -1)
    return Addresses(a_person, a_gem, a_begin, a_end, street, huisnummer, letter, toevoeging)


def _destination(rng: np.random.Generator, scope: Scope, current: np.ndarray, inwoners: np.ndarray) -> np.ndarray:
    u = rng.random(current.size)
    same_amr = _sample_within(rng, scope.amr, inwoners, scope.amr[current])
    anywhere = _sample(rng, inwoners**1.1, current.size)
    return np.where(u < MOVE_SAME_GEMEENTE, current, np.where(u < MOVE_SAME_GEMEENTE + MOVE_SAME_AMR, same_amr, anywhere))


def postcodes(geo: Geography, street: np.ndarray, huisnummer: np.ndarray) -> pl.Series:
    """A street's postcode digits, with letters that change every 40 house numbers along it."""
    pairs = pl.Series(letter_pairs(), dtype=pl.String)
    pair = pairs.gather((geo.street_pc_pair[street] + huisnummer // 40) % pairs.len())
    return pl.Series(geo.street_pc_digits[street]).cast(pl.String).str.zfill(4) + pair


@dataclass
class Names:
    """Indices into the name pools (strings are made only when a snapshot is written)."""

    first: np.ndarray  # into voornaam_pool
    second: np.ndarray  # into voornaam_pool, -1: one given name
    surname: np.ndarray  # into the surname pool
    voornaam_pool: np.ndarray
    surname_pool: np.ndarray
    voorvoegsel_pool: np.ndarray


def names(rng: np.random.Generator, pools: NamePools, sex: np.ndarray) -> Names:
    """Given names by sex (a second given name for some), a family name with its voorvoegsel."""
    n = sex.size
    female = sex == 1
    x = sex == 2
    male_n = pools.male.size

    def given() -> np.ndarray:
        as_female = female | (x & (rng.random(n) < 0.5))
        return np.where(as_female, male_n + _sample(rng, pools.female_w, n), _sample(rng, pools.male_w, n))

    first, second = given(), given()
    second = np.where((rng.random(n) < 0.45) & (second != first), second, -1)
    return Names(first, second, _sample(rng, pools.surname_w, n), np.concatenate([pools.male, pools.female]),
                 pools.surname, pools.voorvoegsel)


def bsns(rng: np.random.Generator, n: int) -> np.ndarray:
    """Distinct valid BSNs, ascending, so that pid order (already shuffled) is BSN order."""
    return np.sort(elfproef_numbers(rng, n))
