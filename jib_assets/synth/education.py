"""School careers: enrolment periods and diplomas, the DUO registers.

Each pupil goes through secondary school (VO, PRO or VSO) from the August after turning
twelve, then through a chain of follow-on stages (MBO, VAVO, HBO, WO, a second attempt
after dropping out, the next MBO level), each taken from a transition table by the
previous stage and its outcome, with the latent risk shifting the odds. Some without a
startkwalificatie go back to school as adults; some newcomers from abroad enrol too.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jib_assets.parameters import STARTKWALIFICATIE_DIPLOMAS
from jib_assets.synth import calendar as cal
from jib_assets.synth.population import People, Scope
from jib_assets.synth.pools import Schools
from jib_assets.synth.spells import logit, pick, sigmoid

# Secondary tracks, lowest to highest, with their share of pupils (ranked by ability).
TRACKS = ("VSO", "PRO", "VMBO_BB", "VMBO_KB", "VMBO_GL", "VMBO_TL", "HAVO", "VWO")
TRACK_SHARE = np.array([0.025, 0.025, 0.095, 0.115, 0.04, 0.27, 0.24, 0.19])
TRACK_YEARS = np.array([6, 6, 4, 4, 4, 4, 5, 6])
TRACK_SUCCESS = np.array([0.55, 0.80, 0.93, 0.94, 0.95, 0.95, 0.90, 0.92])
# Codes: onderwijssoort and diploma are small integers in the world, names only in the files.
SOORTEN = ("VO", "PRO", "VSO", "VAVO", "MBO_BOL", "MBO_BBL", "HBO", "WO")
DIPLOMAS = ("VMBO_BB", "VMBO_KB", "VMBO_GL", "VMBO_TL", "PRO", "VSO", "MBO1", "MBO2", "MBO3", "MBO4", "HAVO", "VWO",
            "HBO_AD", "HBO_BACHELOR", "HBO_MASTER", "WO_BACHELOR", "WO_MASTER")
SO = {name: i for i, name in enumerate(SOORTEN)}
DI = {name: i for i, name in enumerate(DIPLOMAS)}
NO_DIPLOMA = -1
SK_CODES = np.array([DI[d] for d in STARTKWALIFICATIE_DIPLOMAS])
HO_CODES = np.array([DI[d] for d in DIPLOMAS if d.startswith(("HBO", "WO"))])
TRACK_SOORT = np.array([SO["VSO"], SO["PRO"]] + [SO["VO"]] * 6)
TRACK_DIPLOMA = np.array([DI[t] for t in ("VSO", "PRO", "VMBO_BB", "VMBO_KB", "VMBO_GL", "VMBO_TL", "HAVO", "VWO")])

# Follow-on stages: enrolment kind, years, base success, onderwijssoort, diploma on success.
STAGES = ("NONE", "MBO1", "MBO2", "MBO3", "MBO4", "VAVO", "HBO_AD", "HBO", "HBO_M", "WO", "WO_M", "VO_HAVO")
S = {name: i for i, name in enumerate(STAGES)}
STAGE_YEARS = np.array([0, 1, 2, 3, 3, 1, 2, 4, 1, 3, 1, 2])
STAGE_SUCCESS = np.array([0, 0.78, 0.82, 0.84, 0.86, 0.60, 0.65, 0.72, 0.85, 0.80, 0.85, 0.80])
STAGE_DIPLOMA = np.array([NO_DIPLOMA if d == "" else DI[d] for d in
                          ("", "MBO1", "MBO2", "MBO3", "MBO4", "", "HBO_AD", "HBO_BACHELOR", "HBO_MASTER",
                           "WO_BACHELOR", "WO_MASTER", "HAVO")])
# Which school kind and (BOL) onderwijssoort each stage is given at.
STAGE_SCHOOL = np.array(["VO", "MBO", "MBO", "MBO", "MBO", "MBO", "HBO", "HBO", "HBO", "WO", "WO", "VO"])
STAGE_SOORT = np.array([SO[s] for s in ("VO", "MBO_BOL", "MBO_BOL", "MBO_BOL", "MBO_BOL", "VAVO", "HBO", "HBO", "HBO",
                                        "WO", "WO", "VO")])
STAGE_BBL_SHARE = np.array([0, 0.08, 0.25, 0.20, 0.10, 0, 0, 0, 0, 0, 0, 0])


def _next(table: dict[str, float]) -> np.ndarray:
    row = np.zeros(len(STAGES))
    for name, p in table.items():
        row[S[name]] = p
    row[S["NONE"]] += 1 - row.sum()
    return row


# Transitions after secondary school, by track and outcome (fail, success).
AFTER_TRACK = {
    ("VSO", 0): _next({"MBO1": 0.12}), ("VSO", 1): _next({"MBO1": 0.25}),
    ("PRO", 0): _next({"MBO1": 0.25}), ("PRO", 1): _next({"MBO1": 0.45, "MBO2": 0.05}),
    ("VMBO_BB", 0): _next({"MBO1": 0.60, "MBO2": 0.25}), ("VMBO_BB", 1): _next({"MBO1": 0.04, "MBO2": 0.80, "MBO3": 0.12}),
    ("VMBO_KB", 0): _next({"MBO1": 0.50, "MBO2": 0.35}), ("VMBO_KB", 1): _next({"MBO2": 0.30, "MBO3": 0.58, "MBO4": 0.10}),
    ("VMBO_GL", 0): _next({"MBO1": 0.35, "MBO2": 0.50}), ("VMBO_GL", 1): _next({"MBO3": 0.20, "MBO4": 0.76, "VO_HAVO": 0.04}),
    ("VMBO_TL", 0): _next({"MBO1": 0.35, "MBO2": 0.50}), ("VMBO_TL", 1): _next({"MBO3": 0.14, "MBO4": 0.74, "VO_HAVO": 0.12}),
    ("HAVO", 0): _next({"MBO4": 0.60, "VAVO": 0.30}), ("HAVO", 1): _next({"HBO": 0.72, "HBO_AD": 0.06, "MBO4": 0.12}),
    ("VWO", 0): _next({"VO_HAVO": 0.60, "VAVO": 0.25, "MBO4": 0.13}), ("VWO", 1): _next({"WO": 0.70, "HBO": 0.25}),
}
# Transitions after a follow-on stage, by stage and outcome.
AFTER_STAGE = {
    ("MBO1", 0): _next({"MBO1": 0.35}), ("MBO1", 1): _next({"MBO2": 0.55}),
    ("MBO2", 0): _next({"MBO2": 0.35, "MBO1": 0.20}), ("MBO2", 1): _next({"MBO3": 0.35}),
    ("MBO3", 0): _next({"MBO3": 0.30, "MBO2": 0.30}), ("MBO3", 1): _next({"MBO4": 0.30}),
    ("MBO4", 0): _next({"MBO4": 0.30, "MBO3": 0.30}), ("MBO4", 1): _next({"HBO": 0.40, "HBO_AD": 0.05}),
    ("VAVO", 0): _next({"MBO2": 0.25, "MBO3": 0.20}), ("VAVO", 1): _next({"HBO": 0.55, "MBO4": 0.20}),
    ("HBO_AD", 0): _next({"MBO4": 0.25}), ("HBO_AD", 1): _next({"HBO": 0.30}),
    ("HBO", 0): _next({"MBO4": 0.20, "HBO": 0.25}), ("HBO", 1): _next({"HBO_M": 0.08}),
    ("WO", 0): _next({"HBO": 0.50}), ("WO", 1): _next({"WO_M": 0.80}),
    ("VO_HAVO", 0): _next({"MBO4": 0.55}), ("VO_HAVO", 1): _next({"HBO": 0.80, "MBO4": 0.10}),
}
# Adults without a startkwalificatie who go back to school (between 19 and 27), and what they take.
LATE_RETURN_SHARE = 0.30
NEWCOMER_ENROL_SHARE = 0.20


@dataclass
class Education:
    enrol_person: np.ndarray
    enrol_soort: np.ndarray  # code into SOORTEN
    enrol_brin: np.ndarray  # index into the school register
    enrol_begin: np.ndarray
    enrol_end: np.ndarray
    dipl_person: np.ndarray
    dipl_diploma: np.ndarray  # code into DIPLOMAS
    dipl_date: np.ndarray
    dipl_brin: np.ndarray
    school_end: np.ndarray  # per person: end of the initial school career (NEVER: still at school; 0: none)
    level: np.ndarray  # per person: 0 no startkwalificatie, 1 startkwalificatie, 2 higher education diploma
    disabled: np.ndarray  # per person: a labour disability (the Wajong population)


def _with_risk(rows: np.ndarray, risk: np.ndarray, weight: float) -> np.ndarray:
    """Make leaving school (NONE) likelier with risk: its odds times exp(weight * risk)."""
    out = rows.copy()
    none = out[:, 0]
    odds = none / np.maximum(1 - none, 1e-9) * np.exp(weight * risk)
    new_none = odds / (1 + odds)
    scale = np.where(none < 1, (1 - new_none) / np.maximum(1 - none, 1e-9), 0)
    out[:, 1:] *= scale[:, None]
    out[:, 0] = new_none
    return out


class _Collector:
    def __init__(self) -> None:
        self.enrol: list[tuple] = []
        self.dipl: list[tuple] = []

    def enrolment(self, person, soort, brin, begin, end) -> None:
        self.enrol.append((person, np.broadcast_to(soort, person.shape), brin, begin, end))

    def diploma(self, person, diploma, date, brin) -> None:
        self.dipl.append((person, np.broadcast_to(diploma, person.shape), date, brin))


def _stage_dates(rng: np.random.Generator, begin: np.ndarray, years: np.ndarray, success: np.ndarray):
    """End of enrolment and diploma date: completers end after `years`, dropouts part-way."""
    full_end = cal.add_years(begin, years) - 1
    dropout = begin + np.rint(rng.uniform(0.15, 0.95, begin.size) * (full_end - begin)).astype(np.int64)
    end = np.where(success, full_end, np.maximum(dropout, begin + 30))
    diploma_date = full_end - rng.integers(12, 50, begin.size)
    return end, diploma_date


def careers(rng: np.random.Generator, scope: Scope, people: People, schools: Schools) -> Education:
    out = _Collector()
    n = people.n
    pupils = np.flatnonzero(people.schooled)
    risk = people.risk[pupils]
    amr = scope.amr[people.home[pupils]]
    ability = -0.75 * risk + 0.66 * rng.standard_normal(pupils.size)
    rank = np.argsort(np.argsort(ability, kind="stable"), kind="stable") / max(pupils.size, 1)
    track = np.searchsorted(np.cumsum(TRACK_SHARE), rank, side="right").clip(0, len(TRACKS) - 1)

    by, bm, _ = cal.ymd(people.birth[pupils])
    vo_begin = cal.first_of_year_month(by + 12 + (bm >= 10), 8)
    repeats = rng.random(pupils.size) < 0.12 + 0.04 * risk  # a year done twice
    years = TRACK_YEARS[track] + repeats + np.where(track == 0, rng.integers(0, 3, pupils.size), 0)
    success = rng.random(pupils.size) < sigmoid(logit(TRACK_SUCCESS[track]) - 0.5 * risk)
    end, ddate = _stage_dates(rng, vo_begin, years, success)
    brin = np.zeros(pupils.size, dtype=np.int64)
    for kind in ("VO", "PRO", "VSO"):
        m = TRACK_SOORT[track] == SO[kind]
        brin[m] = schools.pick(rng, kind, amr[m])
    out.enrolment(pupils, TRACK_SOORT[track], brin, vo_begin, end)
    out.diploma(pupils[success], TRACK_DIPLOMA[track][success], ddate[success], brin[success])

    # Follow-on stages, chained.
    table = np.stack([AFTER_TRACK[(TRACKS[t], s)] for t in range(len(TRACKS)) for s in (0, 1)])
    stage = pick(rng, _with_risk(table[track * 2 + success], risk, 0.5))
    who, prev_end, prev_success, career_end = np.arange(pupils.size), end, success, end.copy()
    highest_track = track  # for VAVO: which VO diploma it leads to
    after = np.stack([AFTER_STAGE.get((STAGES[k], s), _next({})) for k in range(len(STAGES)) for s in (0, 1)])
    for _ in range(5):
        go = stage > 0
        who, stage, prev_end, prev_success = who[go], stage[go], prev_end[go], prev_success[go]
        if not who.size:
            break
        pause = np.where(prev_success, 0, np.rint(rng.exponential(150, who.size))).astype(np.int64)
        begin = np.where(prev_success | (rng.random(who.size) < 0.5), cal.next_august(prev_end + pause),
                         cal.next_first_of_month(prev_end + pause))
        longer = np.isin(stage, [S["MBO4"], S["VAVO"], S["WO_M"]]) & (rng.random(who.size) < 0.3)
        yrs = STAGE_YEARS[stage] + longer
        ok = rng.random(who.size) < sigmoid(logit(STAGE_SUCCESS[stage]) - 0.5 * risk[who])
        s_end, s_date = _stage_dates(rng, begin, yrs, ok)
        bbl = rng.random(who.size) < STAGE_BBL_SHARE[stage]
        soort = np.where(bbl & (STAGE_SOORT[stage] == SO["MBO_BOL"]), SO["MBO_BBL"], STAGE_SOORT[stage])
        s_brin = _stage_brin(rng, schools, stage, amr[who])
        out.enrolment(pupils[who], soort, s_brin, begin, s_end)
        diploma = STAGE_DIPLOMA[stage]
        vavo = stage == S["VAVO"]
        diploma[vavo] = np.where(highest_track[who[vavo]] >= TRACKS.index("VWO"), DI["VWO"],
                                 np.where(highest_track[who[vavo]] >= TRACKS.index("HAVO"), DI["HAVO"], DI["VMBO_TL"]))
        gets = ok & (diploma != NO_DIPLOMA)
        out.diploma(pupils[who[gets]], diploma[gets], s_date[gets], s_brin[gets])
        career_end[who] = s_end
        stage = pick(rng, _with_risk(after[stage * 2 + ok], risk[who], 0.5))
        prev_end, prev_success = s_end, ok

    school_end = np.zeros(n, dtype=np.int64)
    school_end[pupils] = career_end
    edu = _finish(out, n)
    level = _levels(edu, n, scope.h1)
    _late_returns(rng, scope, people, schools, out, edu, school_end, level)
    _newcomers(rng, scope, people, schools, out)
    edu = _finish(out, n)
    disabled = np.zeros(n, dtype=bool)
    disabled[pupils] = rng.random(pupils.size) < np.select(
        [track == 0, track == 1], [0.45, 0.25], 0.004 * np.exp(0.6 * risk)
    )
    edu.school_end, edu.level, edu.disabled = school_end, _levels(edu, n, scope.h1), disabled
    return edu


def _stage_brin(rng: np.random.Generator, schools: Schools, stage: np.ndarray, amr: np.ndarray) -> np.ndarray:
    kind = STAGE_SCHOOL[stage]
    brin = np.zeros(stage.size, dtype=np.int64)
    for k in ("MBO", "HBO", "WO", "VO"):
        m = kind == k
        if m.any():
            brin[m] = schools.pick(rng, k, amr[m])
    return brin


def _finish(out: _Collector, n: int) -> Education:
    def cat(parts, i):
        return np.concatenate([p[i] for p in parts]).astype(np.int64) if parts else np.empty(0, dtype=np.int64)

    e, d = out.enrol, out.dipl
    return Education(
        cat(e, 0), cat(e, 1), cat(e, 2), cat(e, 3), cat(e, 4), cat(d, 0), cat(d, 1), cat(d, 2), cat(d, 3),
        np.zeros(n, np.int64), np.zeros(n, np.int64), np.zeros(n, bool),
    )


def _levels(edu: Education, n: int, by_day: int) -> np.ndarray:
    level = np.zeros(n, dtype=np.int64)
    done = edu.dipl_date <= by_day
    level[edu.dipl_person[done & np.isin(edu.dipl_diploma, SK_CODES)]] = 1
    level[edu.dipl_person[done & np.isin(edu.dipl_diploma, HO_CODES)]] = 2
    return level


def _late_returns(rng, scope: Scope, people: People, schools: Schools, out: _Collector, edu: Education,
                  school_end: np.ndarray, level: np.ndarray) -> None:
    """Some adults without a startkwalificatie go back to school between 19 and 27 (a BBL job, VAVO)."""
    cand = np.flatnonzero(people.schooled & (level == 0))
    p = sigmoid(logit(np.full(cand.size, LATE_RETURN_SHARE)) - 0.3 * people.risk[cand])
    cand = cand[rng.random(cand.size) < p]
    lo = np.maximum(school_end[cand] + 180, cal.add_years(people.birth[cand], 19))
    hi = cal.add_years(people.birth[cand], 27)
    keep = lo < hi
    cand, lo, hi = cand[keep], lo[keep], hi[keep]
    begin = cal.next_first_of_month(lo + np.floor(rng.random(cand.size) * (hi - lo)).astype(np.int64))
    kind = pick(rng, np.tile([0.45, 0.35, 0.20], (cand.size, 1)))
    soort = np.array([SO["MBO_BBL"], SO["MBO_BOL"], SO["VAVO"]])[kind]
    years = np.where(kind == 2, 1, 1 + (rng.random(cand.size) < 0.6))
    ok = rng.random(cand.size) < sigmoid(logit(np.full(cand.size, 0.5)) - 0.4 * people.risk[cand])
    end, ddate = _stage_dates(rng, begin, years, ok)
    brin = schools.pick(rng, "MBO", scope.amr[people.home[cand]])
    out.enrolment(cand, soort, brin, begin, end)
    diploma = np.where(kind == 2, np.where(rng.random(cand.size) < 0.4, DI["HAVO"], DI["VMBO_TL"]), DI["MBO2"])
    out.diploma(cand[ok], diploma[ok], ddate[ok], brin[ok])


def _newcomers(rng, scope: Scope, people: People, schools: Schools, out: _Collector) -> None:
    """A quarter of those who came from abroad after school age enrol in MBO or VAVO within a year."""
    cand = np.flatnonzero(~people.schooled)
    cand = cand[rng.random(cand.size) < NEWCOMER_ENROL_SHARE]
    begin = cal.next_first_of_month(people.registered[cand] + rng.integers(20, 360, cand.size))
    kind = rng.random(cand.size) < 0.8
    soort = np.where(kind, SO["MBO_BOL"], SO["VAVO"])
    years = 1 + (rng.random(cand.size) < 0.5)
    ok = rng.random(cand.size) < 0.55
    end, ddate = _stage_dates(rng, begin, years, ok)
    brin = schools.pick(rng, "MBO", scope.amr[people.home[cand]])
    out.enrolment(cand, soort, brin, begin, end)
    diploma = np.where(kind, np.where(rng.random(cand.size) < 0.5, DI["MBO2"], DI["MBO1"]), DI["HAVO"])
    out.diploma(cand[ok], diploma[ok], ddate[ok], brin[ok])
