"""`jib synth`: simulate the world once, then write each month's full-snapshot delivery."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import numpy as np
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from jib_assets.reference import gemeenten_in_region
from jib_assets.synth import calendar as cal
from jib_assets.synth.casemanager import Casemanagers
from jib_assets.synth.dirty import MonthSpoiler
from jib_assets.synth.expected import BEKEND, BENADEREN, BEZWAAR, ZZP, ListMaker, MonthList
from jib_assets.synth.snapshot import Cutter
from jib_assets.synth.summary import GemeenteMonth, SynthSummary
from jib_assets.synth.world import World, simulate, stream
from jib_assets.synth.writers import clear_month, mark_complete, write_csv

SIMULATION_STEPS = 4


def generate(
    region: str,
    first: date,
    last: date,
    *,
    seed: int,
    dirty: bool,
    landing: Path,
    key: bytes,
    progress: bool = True,
) -> SynthSummary:
    """Write `landing/YYYY-MM/` for every month from `first` to `last`: the CSV files of sources.md,
    the casemanagers' spreadsheets, with --dirty a defects manifest, and `_COMPLETE` last.

    Same arguments, same bytes. Raises ValueError for an unknown region or an empty range.
    """
    started = time.perf_counter()
    first, last = first.replace(day=1), last.replace(day=1)
    if last < first:
        raise ValueError(f"--to {last:%Y-%m} lies before --from {first:%Y-%m}")
    gemeenten_in_region(region)  # raises for an unknown code
    region = region.upper()
    months = list(range(cal.month_index(first), cal.month_index(last) + 1))
    summary = SynthSummary(region=region, first=first, last=last, seed=seed, dirty=dirty)

    columns = (TextColumn("{task.description:<28}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, disable=not progress, transient=False) as bar:
        task = bar.add_task("simulating", total=SIMULATION_STEPS + len(months))
        world = simulate(region, first, last, seed, step=lambda s: bar.update(task, description=s, advance=1))
        bar.update(task, completed=SIMULATION_STEPS)
        summary.persons = world.people.n
        cutter = Cutter(world)
        lists = ListMaker(world)
        casemanagers = Casemanagers(world, key, stream(seed, "casemanager"))
        dirty_rng = stream(seed, "dirty")
        for month in months:
            label = cal.month_label(month)
            bar.update(task, description=f"writing {label}")
            folder = landing / label
            folder.mkdir(parents=True, exist_ok=True)
            clear_month(folder)
            month_list = lists.make(month, casemanagers.bezwaar_from)
            summary.gemeente_months += _figures(world, month_list, label)

            spoiler = MonthSpoiler(dirty_rng, label, file_defects=len(months) > 1 and month == months[-1]) if dirty else None
            for file, chunks in cutter.month(month).items():
                path = folder / file
                if spoiler:
                    summary.bytes += write_csv(path, spoiler.rows(file, chunks), header=spoiler.header(file),
                                               encoding=spoiler.encoding(file))
                    if spoiler.encoding(file) != "utf-8":
                        spoiler.note_encoding(file, path)
                else:
                    summary.bytes += write_csv(path, chunks)
                summary.files += 1
            for sheet in casemanagers.write(folder, month):
                summary.bytes += sheet.stat().st_size
                summary.files += 1
            worklist = month_list.worklist()
            worklist = worklist[world.scope.in_region[month_list.woon[worklist]]]
            casemanagers.approach(month, worklist, month_list.woon[worklist])
            if spoiler:
                for kind, n in spoiler.write_manifest(folder, seed).items():
                    summary.defects[kind] = summary.defects.get(kind, 0) + n
                summary.files += 1
            mark_complete(folder)
            summary.files += 1
            bar.update(task, advance=1)
    summary.seconds = time.perf_counter() - started
    return summary


def _figures(world: World, lst: MonthList, label: str) -> list[GemeenteMonth]:
    """Per municipality: the step-1 selection, the list, its flows and categories."""
    n_gem = world.geo.codes.size

    def per_gemeente(mask: np.ndarray, where: np.ndarray | None = None) -> np.ndarray:
        gem = lst.woon if where is None else where
        return np.bincount(gem[mask & (gem >= 0)], minlength=n_gem)

    on = lst.on_list
    counts = {
        "duo_selectie": per_gemeente(lst.selected),
        "op_lijst": per_gemeente(on),
        "instroom": per_gemeente(lst.instroom),
        "uitstroom": per_gemeente(lst.uitstroom, lst.uitstroom_gemeente),
        "bekend": per_gemeente(on & (lst.categorie == BEKEND)),
        "zzp": per_gemeente(on & (lst.categorie == ZZP)),
        "benaderen": per_gemeente(on & (lst.categorie == BENADEREN)),
        "bezwaar": per_gemeente(on & (lst.categorie == BEZWAAR)),
        "werklijst": per_gemeente(np.isin(np.arange(on.size), lst.worklist())),
    }
    in_region = world.scope.in_region
    active = in_region | (counts["op_lijst"] > 0) | (counts["uitstroom"] > 0)
    codes, names = world.geo.codes, world.geo.names
    return [
        GemeenteMonth(label, str(codes[g]), str(names[g]), bool(in_region[g]), **{k: int(v[g]) for k, v in counts.items()})
        for g in np.flatnonzero(active)
    ]
