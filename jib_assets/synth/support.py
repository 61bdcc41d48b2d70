"""Benefits (UWV and social assistance), municipal client periods and KvK registrations.

The odds follow the same latent risk as school and work, so that the youths without a
startkwalificatie and without work are also the likelier to be on social assistance or
known to their municipality. WW and ZW follow the end of a job; a Wajong begins around
the eighteenth birthday of a young person with a labour disability.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from jib_assets.synth import calendar as cal
from jib_assets.synth.education import Education
from jib_assets.synth.population import Addresses, People, Scope
from jib_assets.synth.spells import Spells, renewal, sigmoid
from jib_assets.synth.work import Jobs, clip_to_life

RECHTSVORMEN = np.array(["EENMANSZAAK", "VOF", "MAATSCHAP", "OVERIG"])


@dataclass
class Support:
    benefits: Spells  # attrs: uitkering
    clients: Spells  # attrs: regeling, gemeente
    kvk: Spells  # attrs: kvk_nummer, rechtsvorm


def benefits(rng: np.random.Generator, scope: Scope, people: People, edu: Education, jobs: Jobs) -> Spells:
    h0, h1 = scope.h0, scope.h1
    age18 = cal.add_years(people.birth, 18)
    risk, no_sk = people.risk, edu.level == 0
    adult_start = np.maximum.reduce([np.full(people.n, h0), age18, edu.school_end + 1, people.registered])
    stop = np.minimum(h1, people.exit - 1)

    # Wajong: from around 18 for those with a labour disability, usually for good.
    dis = np.flatnonzero(edu.disabled)
    w_begin = age18[dis] + np.rint(rng.exponential(300, dis.size)).astype(np.int64)
    w_end = w_begin + np.rint(rng.exponential(40 * cal.YEAR, dis.size)).astype(np.int64)
    wajong = _kind(Spells(dis, w_begin, w_end), "WAJONG")

    # Social assistance: the risk and no startkwalificatie make it likelier; it lasts a year or two.
    p_pw = sigmoid(-3.3 + 1.0 * risk + 0.9 * no_sk) * np.where(edu.disabled, 0.3, 1.0)
    pw = _kind(renewal(rng, adult_start, stop, p_pw, 720.0, earliest=np.maximum(age18, edu.school_end + 1)), "PARTICIPATIEWET")

    # WW (and sometimes a TW supplement) after a job of half a year or more; ZW after some.
    s = jobs.spells
    ended = (s.end >= h0) & (s.end < h1) & (s.end - s.begin >= 182) & (s.attrs["contract"] != 2) & s.attrs["insured"]
    ww_mask = ended & (rng.random(len(s)) < 0.45)
    ww_begin = s.end[ww_mask] + 1
    ww_len = np.where(rng.random(ww_begin.size) < 0.65, 91, rng.integers(120, 280, ww_begin.size))
    ww = _kind(Spells(s.person[ww_mask], ww_begin, ww_begin + ww_len - 1), "WW")
    tw = ww.select(rng.random(len(ww)) < 0.08)
    tw.attrs = {"uitkering": np.full(len(tw), "TW")}
    zw_mask = (s.end >= h0) & (s.end < h1) & ~ww_mask & s.attrs["insured"] & (rng.random(len(s)) < 0.03)
    zw_begin = s.end[zw_mask] + 1
    zw = _kind(Spells(s.person[zw_mask], zw_begin, zw_begin + rng.integers(30, 240, zw_begin.size) - 1), "ZW")

    # WGA and IVA: rare at this age, long.
    p_wga = np.where(age18 <= h1, 0.0015 * np.exp(0.8 * risk), 0.0)
    wga = _kind(renewal(rng, adult_start, stop, p_wga, 6 * cal.YEAR, earliest=age18), "WGA")
    iva = _kind(renewal(rng, adult_start, stop, p_wga * 0.2, 20 * cal.YEAR, earliest=age18), "IVA")
    return clip_to_life(Spells.concat([wajong, pw, ww, tw, zw, wga, iva]), people)


def _kind(spells: Spells, uitkering: str) -> Spells:
    spells.attrs = {"uitkering": np.full(len(spells), uitkering)}
    return spells


def clients(rng: np.random.Generator, scope: Scope, people: People, edu: Education, benefits_: Spells,
            addresses: Addresses) -> Spells:
    """Client periods of the municipality the person lives in when they begin, ending when they move away."""
    h0, h1 = scope.h0, scope.h1
    age18 = cal.add_years(people.birth, 18)
    risk = people.risk
    adult_start = np.maximum.reduce([np.full(people.n, h0), age18, people.registered])
    stop = np.minimum(h1, people.exit - 1)

    # Social assistance comes with a Participatiewet client period, which often outlasts it (a trajectory).
    pw = benefits_.select(benefits_.attrs["uitkering"] == "PARTICIPATIEWET")
    extra = np.where(rng.random(len(pw)) < 0.35, np.rint(rng.exponential(200, len(pw))).astype(np.int64), 0)
    pw_client = Spells(pw.person, pw.begin - rng.integers(0, 45, len(pw)), np.minimum(pw.end + extra, cal.NEVER))
    # Some are Participatiewet clients without a benefit (re-integration only).
    nug = renewal(rng, adult_start, stop, sigmoid(-5.2 + 1.0 * risk), 300.0, earliest=age18)
    wmo = renewal(rng, adult_start, stop, sigmoid(-4.2 + 0.9 * risk + 1.8 * edu.disabled), 900.0, earliest=age18)
    debt = renewal(rng, adult_start, stop, sigmoid(-4.4 + 0.8 * risk), 540.0, earliest=age18)
    youth_stop = np.minimum(stop, age18 - 1)
    youth = renewal(rng, np.maximum(h0, people.registered), youth_stop, sigmoid(-2.8 + 0.9 * risk), 365.0,
                    earliest=cal.add_years(people.birth, 12))
    parts = []
    for spells, regeling in ((pw_client, "PARTICIPATIEWET"), (nug, "PARTICIPATIEWET"), (wmo, "WMO"),
                             (debt, "SCHULDHULP"), (youth, "JEUGDWET")):
        spells.attrs = {"regeling": np.full(len(spells), regeling)}
        parts.append(spells)
    spells = clip_to_life(Spells.concat(parts), people)

    # The municipality is the one of the address held at the begin (or the first address, if earlier).
    at = addresses.holding(spells.person, spells.begin)
    first = addresses.first_of(spells.person)
    before = at < 0
    spells.begin = np.where(before, addresses.begin[first], spells.begin)
    at = np.where(before, first, at)
    spells.end = np.minimum(spells.end, addresses.end[at])
    spells.attrs["gemeente"] = addresses.gemeente[at]
    return spells.select(spells.end >= spells.begin)


def kvk(rng: np.random.Generator, scope: Scope, people: People, edu: Education, numbers) -> Spells:
    """Self-employment: a registration as owner, mostly an eenmanszaak."""
    age18 = cal.add_years(people.birth, 18)
    start = np.maximum.reduce([np.full(people.n, scope.h0), age18, people.registered])
    stop = np.minimum(scope.h1, people.exit - 1)
    p = np.select([edu.level == 0, edu.level == 1], [0.045, 0.05], 0.06) * np.where(edu.disabled, 0.3, 1.0)
    spells = clip_to_life(renewal(rng, start, stop, p, 1100.0, earliest=age18), people)
    form = np.minimum(np.searchsorted(np.cumsum([0.90, 0.06, 0.01, 0.03]), rng.random(len(spells)), side="right"), 3)
    spells.attrs = {"kvk_nummer": numbers(len(spells)), "rechtsvorm": RECHTSVORMEN[form]}
    return spells
