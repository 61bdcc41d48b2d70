"""The attacker's programs made smaller (privacy/reductie.py): cells of one- and two-cell equalities written in for
each other give the same program in fewer columns, so the same least and greatest value of every cell."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse

from jib_assets.privacy import suppression
from jib_assets.privacy.reductie import Grenzen, Strijdig, reduceer
from jib_assets.privacy.suppression import cells, primary, relations
from tests.test_suppression import LID_RANDOM, _random_region


def _stelsel(rijen: list[tuple[dict[int, float], float, float]], n: int):
    """Rows as ({column: coefficient}, lower, upper) over n columns: (csr matrix, lower, upper)."""
    r = [k for k, (coef, _, _) in enumerate(rijen) for _ in coef]
    c = [j for coef, _, _ in rijen for j in coef]
    v = [x for coef, _, _ in rijen for x in coef.values()]
    m = sparse.csr_array((v, (r, c)), shape=(len(rijen), n))
    return m, np.array([lo for _, lo, _ in rijen], float), np.array([hi for _, _, hi in rijen], float)


def test_cells_of_two_cell_equalities_are_written_in_for_each_other_and_one_cell_ones_fixed():
    # x0 + x1 = 5 and x1 + x2 = 7 tie x0, x1, x2 to one unknown; x2 + x3 + x4 = 9 keeps three cells after that
    # (one unknown for x0..x2, x3, x4); 2 x5 = 6 fixes x5 at 3; x3 + x4 <= 8 is an inequality: kept as a row.
    m, lo, hi = _stelsel([({0: 1, 1: 1}, 5, 5), ({1: 1, 2: 1}, 7, 7), ({2: 1, 3: 1, 4: 1}, 9, 9), ({5: 2}, 6, 6),
                          ({3: 1, 4: 1}, -np.inf, 8)], 6)
    r = reduceer(m, lo, hi)
    assert r.s.shape == (6, 3) and r.matrix.shape == (2, 3)
    assert np.diff(r.s.indptr)[5] == 0 and r.t[5] == 3  # fixed: no column, its value
    # Whatever the small program's columns hold, the original columns they give satisfy the equalities written in, and
    # the small program's rows are the three-cell equality and the inequality (each minus its right-hand side).
    for z in np.random.default_rng(0).normal(size=(5, 3)) * 10:
        x = r.s @ z + r.t
        assert m[[0, 1, 3]] @ x == pytest.approx(lo[[0, 1, 3]])
        assert sorted(m[[2, 4]] @ x - np.array([9, 8])) == pytest.approx(sorted(r.matrix @ z - r.rij_boven))
    assert list(r.rij_onder == r.rij_boven).count(True) == 1


def test_a_cycle_of_two_cell_equalities_fixes_its_cells():
    # x0 + x1 = 6 and x0 - x1 = 0: x0 = x1 = 3, nothing left to solve.
    m, lo, hi = _stelsel([({0: 1, 1: 1}, 6, 6), ({0: 1, 1: -1}, 0, 0)], 2)
    r = reduceer(m, lo, hi)
    assert r.s.shape == (2, 0) and r.matrix.shape[0] == 0 and list(r.t) == [3, 3]


def test_equalities_that_cannot_hold_are_said_to_break():
    m, lo, hi = _stelsel([({0: 1, 1: 1}, 6, 6), ({0: 1, 1: 1}, 7, 7)], 2)
    with pytest.raises(Strijdig):
        reduceer(m, lo, hi)


def test_the_bounds_of_a_cell_written_in_bound_the_cell_it_is_written_in_terms_of():
    # x0 + x1 = 5, x0 in [0, 4], x1 in [0, 2]: x0 = 5 - x1 in [3, 5], so x0 in [3, 4]. Then x1 given the range [0, 1]
    # (published as a range): x0 in [4, 4].
    m, lo, hi = _stelsel([({0: 1, 1: 1}, 5, 5)], 2)
    r = reduceer(m, lo, hi)
    grenzen = Grenzen(r, np.array([0.0, 0.0]), np.array([4.0, 2.0]))
    z = grenzen.z[0]

    def x0() -> list[float]:
        onder, boven = grenzen.van(np.array([z]))
        return sorted(float(grenzen.factor[0] * b + r.t[0]) for b in (onder[0], boven[0]))

    assert x0() == pytest.approx([3.0, 4.0])
    assert list(grenzen.zet(np.array([1]), np.array([0.0]), np.array([1.0]))) == [z]
    assert x0() == pytest.approx([4.0, 4.0])
    grenzen.zet(np.array([1]), np.array([0.0]), np.array([0.0]))  # and x1 = 0 leaves x0 nothing: 5 is outside [0, 4]
    with pytest.raises(Strijdig):
        grenzen.van(np.array([z]))


def _vergelijk(aanvaller: suppression._Aanvaller, doelen: np.ndarray) -> int:
    """The small program's and the full program's least and greatest value of every target; each small program's
    solution holds in the full one (relations, the attacker's bounds, published cells at their value). Returns the
    programs compared."""
    n, comp, h = 0, aanvaller.comp, aanvaller.h
    for p in doelen:
        for richting in (1.0, -1.0):
            klein = aanvaller.klein.los(int(aanvaller.pos[p]), richting)
            y = aanvaller.punt()
            vol = aanvaller.volle_programma().los(int(aanvaller.pos[p]), richting)
            assert (klein is None) == (vol is None)
            if vol is None:
                continue
            assert klein == pytest.approx(vol, abs=1e-6)
            n += 1
            x = comp.a.copy()
            x[h] = y
            assert comp.a_eq @ x == pytest.approx(comp.b_eq, abs=1e-6)
            assert (y >= aanvaller.onder - 1e-6).all() and (y <= aanvaller.boven + 1e-6).all()
            gepubliceerd = ~aanvaller.verborgen[h]
            assert y[gepubliceerd] == pytest.approx(comp.a[h][gepubliceerd])
    return n


@pytest.mark.parametrize("ruimte", [5.0, None])
def test_the_small_program_gives_the_same_least_and_greatest_value_as_the_full_one(ruimte):
    """On random regions (their primary cells and a random third of the others hidden), every hidden cell's least and
    greatest value, by the small program and by the full one (every relation a row, as the Benders cut needs), with the
    attacker's room bounded and unbounded; again after some cells are published and one given a range."""
    getest, kleiner = 0, 0
    for seed in range(6):
        rng = np.random.default_rng(seed)
        cellen = cells(*_random_region(seed))
        relaties = relations(cellen, LID_RANDOM)
        verborgen = primary(cellen).to_numpy() | (rng.random(cellen.height) < 0.35)
        for comp in suppression._components(cellen, relaties):
            h = verborgen[comp.cellen]
            if h.sum() < 2:
                continue
            aanvaller = suppression._Aanvaller(comp, h, ruimte)
            kleiner += aanvaller.klein.reductie.s.shape[1] < h.sum()
            getest += _vergelijk(aanvaller, np.flatnonzero(h))
            # Publish a third of the hidden cells again and give another a range around its value.
            anders = h & (rng.random(h.size) < 0.3)
            aanvaller.zet(h & ~anders)
            over = np.flatnonzero(h & ~anders)
            i = int(over[rng.integers(over.size)])
            aanvaller.begrens(i, max(comp.a[i] - 2, 0), comp.a[i] + 3)
            getest += _vergelijk(aanvaller, over)
    assert getest > 200 and kleiner > 3
