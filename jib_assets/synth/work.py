"""Jobs and wages: the polisadministratie.

Job spells come from three processes: side jobs while at school, regular jobs after it
(whose contract form sets how long they last, and whose odds fall with risk and without a
startkwalificatie), and the job that comes with a BBL enrolment. A second small job runs
alongside for some. Each spell then yields one polis row per calendar month it touches:
hours from the contract's size, the share of the month worked and (for on-call and agency
work) a monthly swing, times a youth-minimum-wage-based hourly rate. Those swings carry
part-timers across the EUR 473 threshold from month to month, as in life.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jib_assets.synth import calendar as cal
from jib_assets.synth.education import SO, Education
from jib_assets.synth.population import People, Scope
from jib_assets.synth.spells import Spells, logit, pick, renewal, sigmoid

CONTRACTS = np.array(["ONBEPAALD", "BEPAALD", "OPROEP", "UITZEND"])
CONTRACT_MEAN_DAYS = np.array([2400.0, 900.0, 720.0, 500.0])
# Contract mix of regular jobs by level (no startkwalificatie, startkwalificatie, higher education).
CONTRACT_MIX = np.array([[0.15, 0.30, 0.30, 0.25], [0.40, 0.32, 0.13, 0.15], [0.50, 0.38, 0.06, 0.06]])
# Share of the time in a regular job, by level, before risk.
EMPLOYED_SHARE = np.array([0.82, 0.84, 0.88])
FULLTIME_SHARE = np.array([0.35, 0.55, 0.75])
# Adult minimum wage per hour (approximate, per calendar year) and the youth shares of it by age.
MINIMUM_WAGE = {2019: 9.50, 2020: 9.80, 2021: 10.00, 2022: 10.50, 2023: 11.75, 2024: 13.50, 2025: 14.20, 2026: 14.60}
YOUTH_SHARE = ((0, 0.30), (16, 0.345), (17, 0.395), (18, 0.50), (19, 0.60), (20, 0.80), (21, 1.0))


@dataclass
class Jobs:
    spells: Spells  # attrs: contract, hours (per full month), premium, employer, insured (counts for WW/ZW)


def _employers(rng: np.random.Generator, n_employers: int, size: int) -> np.ndarray:
    """Employers drawn with Zipf-like weights: a few big ones (supermarkets, agencies), many small."""
    weights = 1.0 / (np.arange(n_employers) + 3.0) ** 0.9
    cdf = np.cumsum(weights)
    return np.minimum(np.searchsorted(cdf, rng.random(size) * cdf[-1], side="right"), n_employers - 1)


def job_spells(rng: np.random.Generator, scope: Scope, people: People, edu: Education, n_employers: int) -> Jobs:
    h0, h1 = scope.h0, scope.h1
    age15 = cal.add_years(people.birth, 15)
    age16 = cal.add_years(people.birth, 16)
    registered = np.maximum(people.registered, h0)
    stop = np.minimum(h1, people.exit - 1)
    level = edu.level
    risk = people.risk
    # Newcomers without Dutch schooling enter the labour market on arrival.
    school_end = np.where(people.schooled, edu.school_end, people.registered)

    def regular_draw(r, idx, running):
        mix = CONTRACT_MIX[level[idx]] * (CONTRACT_MEAN_DAYS if running else 1.0)
        contract = pick(r, mix)
        full = (contract != 2) & (r.random(idx.size) < FULLTIME_SHARE[level[idx]])
        hours = np.where(full, r.uniform(148, 173, idx.size),
                         np.where(contract == 2, r.uniform(20, 110, idx.size), r.uniform(40, 130, idx.size)))
        premium = np.select([level[idx] == 0, level[idx] == 1],
                            [r.uniform(1.0, 1.12, idx.size), r.uniform(1.02, 1.35, idx.size)], r.uniform(1.2, 2.0, idx.size))
        attrs = {"contract": contract, "hours": hours, "premium": premium, "employer": _employers(r, n_employers, idx.size),
                 "insured": np.ones(idx.size, dtype=bool)}
        return CONTRACT_MEAN_DAYS[contract], attrs

    def side_draw(r, idx, running):
        contract = pick(r, np.tile([0.0, 0.35, 0.60, 0.05], (idx.size, 1)))
        attrs = {"contract": contract, "hours": r.uniform(12, 70, idx.size), "premium": r.uniform(1.0, 1.1, idx.size),
                 "employer": _employers(r, n_employers, idx.size), "insured": np.zeros(idx.size, dtype=bool)}
        return np.full(idx.size, 240.0), attrs

    def second_draw(r, idx, running):
        attrs = {"contract": np.full(idx.size, 2), "hours": r.uniform(8, 50, idx.size),
                 "premium": r.uniform(1.0, 1.15, idx.size), "employer": _employers(r, n_employers, idx.size),
                 "insured": np.zeros(idx.size, dtype=bool)}
        return np.full(idx.size, 180.0), attrs

    p_regular = sigmoid(logit(EMPLOYED_SHARE[level]) - 0.45 * risk) * np.where(edu.disabled, 0.3, 1.0)
    p_regular *= np.where(people.schooled, 1.0, 0.75)
    mean_regular = CONTRACT_MIX[level] @ CONTRACT_MEAN_DAYS
    start = np.maximum.reduce([registered, school_end + 1, age16])
    regular = renewal(rng, start, stop, p_regular, mean_regular, earliest=np.maximum(school_end + 1, age16), draw=regular_draw)

    side_start = np.maximum(registered, age15)
    side_stop = np.minimum(stop, school_end)
    side = renewal(rng, side_start, side_stop, sigmoid(-0.1 - 0.3 * risk), 240.0, earliest=age15, draw=side_draw)
    side = _cut_at(side, school_end)

    second = renewal(rng, start, stop, 0.06, 180.0, earliest=np.maximum(school_end + 1, age16), draw=second_draw)

    bbl = (edu.enrol_soort == SO["MBO_BBL"]) & (edu.enrol_end >= h0) & (edu.enrol_begin <= h1)
    bbl_person = edu.enrol_person[bbl]
    bbl_jobs = Spells(
        bbl_person, edu.enrol_begin[bbl], edu.enrol_end[bbl],
        {"contract": np.full(bbl_person.size, 1), "hours": rng.uniform(110, 150, bbl_person.size),
         "premium": rng.uniform(1.0, 1.1, bbl_person.size), "employer": _employers(rng, n_employers, bbl_person.size),
         "insured": np.ones(bbl_person.size, dtype=bool)},
    )
    return Jobs(clip_to_life(Spells.concat([regular, side, second, bbl_jobs]), people))


def _cut_at(spells: Spells, until: np.ndarray) -> Spells:
    spells.end = np.minimum(spells.end, until[spells.person])
    return spells.select(spells.end >= spells.begin)


def clip_to_life(spells: Spells, people: People) -> Spells:
    """Nothing happens to a person before they are registered or after they have left or died."""
    spells.begin = np.maximum(spells.begin, people.registered[spells.person])
    spells.end = np.minimum(spells.end, people.exit[spells.person] - 1)
    return spells.select(spells.end >= spells.begin)


def hourly_wage(birth: np.ndarray, month: np.ndarray) -> np.ndarray:
    """The minimum hourly wage for the person's age in that month (the youth scale up to 21)."""
    age = cal.age_at_month_start(birth, month)
    share = np.zeros(age.shape)
    for from_age, s in YOUTH_SHARE:
        share[age >= from_age] = s
    first_year, last_year = min(MINIMUM_WAGE), max(MINIMUM_WAGE)
    table = np.array([MINIMUM_WAGE[y] for y in range(first_year, last_year + 1)])
    return table[np.clip(1970 + month // 12, first_year, last_year) - first_year] * share


@dataclass
class Polis:
    """One row per job per month: sorted by month, person, employer; amounts in cents and centi-hours."""

    person: np.ndarray
    month: np.ndarray
    employer: np.ndarray
    cents: np.ndarray
    centihours: np.ndarray
    contract: np.ndarray


def polis(rng: np.random.Generator, scope: Scope, people: People, jobs: Jobs) -> Polis:
    """Monthly wage rows for the months first-12 .. last-1 (all the deliveries together show)."""
    s = jobs.spells
    m_lo, m_hi = scope.first_month - 12, scope.last_month - 1
    first_m = np.maximum(cal.month_of(s.begin), m_lo)
    last_m = np.minimum(cal.month_of(np.minimum(s.end, cal.NEVER - 1)), m_hi)
    count = np.maximum(last_m - first_m + 1, 0)
    spell = np.repeat(np.arange(len(s), dtype=np.int64), count)
    month = first_m[spell] + np.arange(spell.size) - np.repeat(np.cumsum(count) - count, count)
    ms = cal.month_start(month)
    me = cal.month_start(month + 1) - 1
    share = (np.minimum(s.end[spell], me) - np.maximum(s.begin[spell], ms) + 1) / (me - ms + 1)
    del ms, me
    contract = s.attrs["contract"][spell].astype(np.int8)
    swing = rng.lognormal(0.0, 1.0, spell.size) ** np.where(contract >= 2, 0.12, 0.05)
    centihours = np.rint(np.maximum(1.0, s.attrs["hours"][spell] * share * swing) * 100).astype(np.int64)
    del share, swing
    person = s.person[spell]
    cents = np.rint(centihours * hourly_wage(people.birth[person], month) * s.attrs["premium"][spell]).astype(np.int64)
    employer = s.attrs["employer"][spell]
    del spell

    # One row per person, month and employer (two spells at one employer in a month are one polis row),
    # sorted by month, person, employer: one integer key, one sort.
    key = ((month - m_lo) << 42) | (person << 20) | employer
    assert person.max(initial=0) < 1 << 22 and employer.max(initial=0) < 1 << 20, "polis key overflow"
    order = np.argsort(key, kind="stable")
    key = key[order]
    new = np.ones(key.size, dtype=bool)
    new[1:] = key[1:] != key[:-1]
    group = np.cumsum(new) - 1
    firsts = order[new]
    return Polis(
        person[firsts], month[firsts], employer[firsts],
        np.bincount(group, weights=cents[order]).astype(np.int64),
        np.bincount(group, weights=centihours[order]).astype(np.int64),
        contract[firsts],
    )
