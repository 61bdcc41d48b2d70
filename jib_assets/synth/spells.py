"""Alternating on/off spells per person, vectorised: the one process behind jobs, benefits,
client periods, KvK registrations and addresses.

A person's process runs on a window [start, stop] and is stationary at its start: with
probability p_on a spell is already running (begun some time before start), otherwise the
first spell begins after an off-period. The loop runs over spell numbers, never over people.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import polars as pl

# (rng, person indices, running at start?) -> (mean spell length in days, attributes per spell).
# Spells already running at the start are length-biased (long ones are likelier to be caught running).
SpellDraw = Callable[[np.random.Generator, np.ndarray, bool], tuple[np.ndarray, dict[str, np.ndarray]]]


@dataclass
class Spells:
    person: np.ndarray
    begin: np.ndarray
    end: np.ndarray  # inclusive; may lie beyond the window (still running then)
    attrs: dict[str, np.ndarray] = field(default_factory=dict)

    def __len__(self) -> int:
        return self.person.size

    def select(self, mask: np.ndarray) -> Spells:
        return Spells(self.person[mask], self.begin[mask], self.end[mask], {k: v[mask] for k, v in self.attrs.items()})

    @staticmethod
    def concat(parts: list[Spells]) -> Spells:
        parts = [p for p in parts if len(p)] or parts[:1]
        keys = parts[0].attrs.keys()
        return Spells(
            np.concatenate([p.person for p in parts]),
            np.concatenate([p.begin for p in parts]),
            np.concatenate([p.end for p in parts]),
            {k: np.concatenate([p.attrs[k] for p in parts]) for k in keys},
        )


def _days(rng: np.random.Generator, mean: np.ndarray) -> np.ndarray:
    return np.maximum(1, np.rint(rng.exponential(np.maximum(mean, 1.0))).astype(np.int64))


def renewal(
    rng: np.random.Generator,
    start: np.ndarray,
    stop: np.ndarray | int,
    p_on: np.ndarray | float,
    mean_on: np.ndarray | float,
    *,
    earliest: np.ndarray | None = None,
    draw: SpellDraw | None = None,
) -> Spells:
    """Spells beginning on or before `stop` of an on/off process per person.

    `mean_on` (days) sets the average spell length, and with `p_on` the average gap, so that
    a share p_on of the people is in a spell at any time. `earliest` bounds how far back a
    spell running at `start` may have begun (a job not before school ended). `draw`, when
    given, sets each spell's mean length and attributes (a contract form and its duration).
    """
    n = np.size(start)
    start = np.asarray(start, dtype=np.int64)
    stop = np.broadcast_to(np.asarray(stop, dtype=np.int64), n)
    p_on = np.broadcast_to(np.asarray(p_on, dtype=np.float64), n)
    mean_on = np.broadcast_to(np.asarray(mean_on, dtype=np.float64), n)
    mean_off = mean_on * (1 - p_on) / np.maximum(p_on, 1e-9)
    earliest = start if earliest is None else np.minimum(np.asarray(earliest, dtype=np.int64), start)

    who = np.flatnonzero((p_on > 0) & (start <= stop))
    on_now = rng.random(who.size) < p_on[who]
    parts: list[Spells] = []

    def spell_means(idx: np.ndarray, running: bool = False) -> tuple[np.ndarray, dict[str, np.ndarray]]:
        return draw(rng, idx, running) if draw else (mean_on[idx], {})

    # Spells already running at start: memoryless, so time since begin and time to end are both exponential.
    running = who[on_now]
    means, attrs = spell_means(running, True)
    begin = np.maximum(start[running] - _days(rng, means) + 1, earliest[running])
    end = start[running] + _days(rng, means) - 1
    parts.append(Spells(running, begin, end, attrs))
    waiting = who[~on_now]
    nxt_person = np.concatenate([running, waiting])
    nxt_begin = np.concatenate([end + 1 + _days(rng, mean_off[running]), start[waiting] + _days(rng, mean_off[waiting]) - 1])

    while nxt_person.size:
        keep = nxt_begin <= stop[nxt_person]
        nxt_person, nxt_begin = nxt_person[keep], nxt_begin[keep]
        if not nxt_person.size:
            break
        means, attrs = spell_means(nxt_person)
        end = nxt_begin + _days(rng, means) - 1
        parts.append(Spells(nxt_person, nxt_begin, end, attrs))
        nxt_begin = end + 1 + _days(rng, mean_off[nxt_person])
    return Spells.concat(parts)


def first_of_each(*keys: np.ndarray) -> np.ndarray:
    """Indices of the first row of each distinct combination of keys, in row order (drops duplicate keys)."""
    frame = pl.DataFrame({f"k{i}": np.asarray(k) for i, k in enumerate(keys)})
    firsts = frame.with_row_index("row").unique(subset=frame.columns, keep="first", maintain_order=True)
    return firsts["row"].to_numpy().astype(np.int64)


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))



def logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def pick(rng: np.random.Generator, probs: np.ndarray) -> np.ndarray:
    """One category per row of a probability matrix."""
    cum = np.cumsum(probs, axis=1)
    return np.minimum((rng.random(probs.shape[0])[:, None] * cum[:, -1:] > cum).sum(axis=1), probs.shape[1] - 1)