"""The attacker's linear programs made smaller before they are solved, exactly (suppression's `_Aanvaller`).

A published table's relations leave many equalities with only one or two hidden cells: a gemeente's total
with one hidden part beside one hidden region figure, a quarter and the one month hidden in it. Such an
equality says all there is between its cells, so one cell can be written in terms of the other:

- one hidden cell (`a x = b`): the attacker knows it, `x = b / a`;
- two (`a1 x1 + a2 x2 = b`): `x2 = (b - a1 x1) / a2`, so x2 leaves the program and its bounds become bounds
  on x1 (a range given to x2 later, or x2 published again, narrows x1 the same way).

Written in for each other and repeated until no equality has one or two cells left, the program is the same
program in fewer columns: every solution of the small one is one of the large one (`punt`: x = S z + t), and
every solution of the large one gives the small one's, so the least and greatest value of any cell are the
same. This is the first step of every LP presolve (HiGHS's own cannot be used: it would throw the simplex's
basis away at every program, and the attacker solves thousands of programs that differ in one cost). On the
national April component (8,576 hidden cells, 7,121 equalities) it leaves 5,994 columns and 4,479 rows,
and 400 of the attacker's programs took 17.5 s instead of 36.0 s with the same values.

What is not kept: the equalities taken out have no dual value, so the Benders cut a program's duals give is
only computed on the full program (`_Aanvaller.snede`). Recovering those duals, as a presolve's postsolve does, was
built and measured, and not taken: the same cuts, but more programs (docs/privacy.md).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy import sparse

_NUL = 1e-12  # a coefficient this small after writing cells in for each other is zero (they cancelled)
_RUIS = 1e-6  # what an equality may be off by on exact figures before the figures are said to break it


class Reductie(NamedTuple):
    """x = s @ z + t: the original columns (x) from the small program's (z); a row of `s` without an entry is a
    column the equalities fix at t. `matrix` (csr, rows x z), `rij_onder` and `rij_boven`: the small program's rows."""

    s: sparse.csr_array
    t: np.ndarray
    matrix: sparse.csr_array
    rij_onder: np.ndarray
    rij_boven: np.ndarray


class Strijdig(RuntimeError):
    """The equalities cannot all hold: the figures break a relation (`check_relations` says which)."""


def reduceer(matrix: sparse.csr_array, rij_onder: np.ndarray, rij_boven: np.ndarray) -> Reductie:
    """Write the cells of every equality (rij_onder == rij_boven) with one or two columns in for each other, until
    none is left. Set-based: each round takes the singletons, and a matching of the two-cell equalities (each
    column in at most one: an equality is taken when it is the first two-cell equality of both its columns), and
    substitutes them all at once; a chain of n cells takes about log n rounds."""
    m = sparse.csr_array(matrix, dtype=float, copy=True)
    onder, boven = np.asarray(rij_onder, float).copy(), np.asarray(rij_boven, float).copy()
    n = m.shape[1]
    s = sparse.csr_array(sparse.identity(n, format="csr"))
    t = np.zeros(n)
    while True:
        m.data[np.abs(m.data) < _NUL] = 0.0
        m.eliminate_zeros()
        lengte = np.diff(m.indptr)
        leeg = lengte == 0
        if ((onder[leeg] > _RUIS) | (boven[leeg] < -_RUIS)).any():
            raise Strijdig("an equality of the published figures does not hold")
        m, onder, boven, lengte = m[~leeg], onder[~leeg], boven[~leeg], lengte[~leeg]
        gelijk = onder == boven
        k = m.shape[1]
        start = m.indptr[:-1]
        vast = np.full(k, np.nan)
        enkel = np.flatnonzero(gelijk & (lengte == 1))
        vast[m.indices[start[enkel]]] = onder[enkel] / m.data[start[enkel]]
        paar = np.flatnonzero(gelijk & (lengte == 2))
        c1, c2 = m.indices[start[paar]], m.indices[start[paar] + 1]
        vrij = np.isnan(vast)
        paar, c1, c2 = paar[vrij[c1] & vrij[c2]], c1[vrij[c1] & vrij[c2]], c2[vrij[c1] & vrij[c2]]
        eerste = np.full(k, np.iinfo(np.int64).max)
        np.minimum.at(eerste, c1, paar)
        np.minimum.at(eerste, c2, paar)
        neem = (eerste[c1] == paar) & (eerste[c2] == paar)
        paar, c1, c2 = paar[neem], c1[neem], c2[neem]
        if enkel.size == 0 and paar.size == 0:
            break
        v1, v2 = m.data[start[paar]], m.data[start[paar] + 1]
        weg = ~vrij
        weg[c2] = True
        blijft = np.flatnonzero(~weg)
        nieuw = np.full(k, -1)
        nieuw[blijft] = np.arange(blijft.size)
        # z (this round's columns) = stap @ w + verschuiving: a kept column is itself, x2 = (b - v1 x1) / v2, a fixed
        # one its value.
        stap = sparse.csr_array(
            (np.concatenate([np.ones(blijft.size), -v1 / v2]),
             (np.concatenate([blijft, c2]), np.concatenate([nieuw[blijft], nieuw[c1]]))),
            shape=(k, blijft.size))
        verschuiving = np.where(vrij, 0.0, vast)
        verschuiving[c2] = onder[paar] / v2
        t = s @ verschuiving + t
        s = sparse.csr_array(s @ stap)
        schuif = m @ verschuiving
        onder, boven = onder - schuif, boven - schuif
        m = sparse.csr_array(m @ stap)
    s.eliminate_zeros()
    return Reductie(s, t, m, onder, boven)


class Grenzen:
    """The small program's column bounds, from the original columns' (lo, hi): each z within the bounds of every
    column written in terms of it. Kept per original column, so a change of some (a range given, a cell published
    again) gives the z's whose bounds change (`zet`)."""

    def __init__(self, reductie: Reductie, lo: np.ndarray, hi: np.ndarray):
        self.t = reductie.t
        self.per_z = sparse.csr_array(reductie.s.T)  # per z: the columns written in terms of it, and their factor
        self.lo, self.hi = np.asarray(lo, float).copy(), np.asarray(hi, float).copy()
        s = reductie.s
        self.z, self.factor = np.full(s.shape[0], -1), np.zeros(s.shape[0])  # per column: its z and x = factor z + t
        heeft = np.diff(s.indptr) > 0
        self.z[heeft], self.factor[heeft] = s.indices[s.indptr[:-1][heeft]], s.data[s.indptr[:-1][heeft]]
        vast = self.z < 0
        if ((self.t[vast] < self.lo[vast] - _RUIS) | (self.t[vast] > self.hi[vast] + _RUIS)).any():
            raise Strijdig("a cell the equalities fix lies outside its bounds")

    def van(self, zs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The bounds of the small program's columns `zs`."""
        deel = self.per_z[zs]
        wie = np.repeat(np.arange(zs.size), np.diff(deel.indptr))
        x, f = deel.indices, deel.data
        a, b = (self.lo[x] - self.t[x]) / f, (self.hi[x] - self.t[x]) / f
        onder, boven = np.full(zs.size, -np.inf), np.full(zs.size, np.inf)
        np.maximum.at(onder, wie, np.where(f > 0, a, b))
        np.minimum.at(boven, wie, np.where(f > 0, b, a))
        if (onder > boven + _RUIS).any():
            raise Strijdig("the bounds of cells an equality ties together leave no value")
        return onder, np.maximum(boven, onder)

    def zet(self, x: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> np.ndarray:
        """Give original columns `x` new bounds; the z's whose bounds that changes (fixed columns have none)."""
        self.lo[x], self.hi[x] = lo, hi
        zs = self.z[x]
        return np.unique(zs[zs >= 0])
