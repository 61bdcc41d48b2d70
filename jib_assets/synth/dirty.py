"""--dirty: realistic delivery defects at known rates, and a manifest that lists every one.

Row defects (about 0.5% of the rows of every CSV file, every month): an invalid BSN, a
duplicated row, an unknown gemeentecode, an impossible date, a period that ends before it
begins, a negative amount. File defects, which break a whole file, only in the last month
of a run of two months or more (so that the months before it load): one file with a
wrong header and one file in Windows-1252 instead of UTF-8.

The manifest `landing/YYYY-MM/_defects.json` names file, physical line (header = 1), kind,
column and reason; never a name, an address or a BSN.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import polars as pl

from jib_assets.reference import gemeenten
from jib_assets.synth.formats import DEFECTS_MANIFEST, HEADERS

ROW_DEFECT_RATE = 0.005
MIN_ROWS_FOR_EVERY_KIND = 1000
KINDS = ("invalid_bsn", "duplicate_row", "unknown_gemeentecode", "impossible_date", "end_before_begin",
         "negative_amount", "wrong_header", "encoding")
ROW_KINDS: dict[str, tuple[str, ...]] = {
    "brp_personen.csv": ("invalid_bsn", "duplicate_row", "impossible_date"),
    "brp_adressen.csv": ("invalid_bsn", "duplicate_row", "unknown_gemeentecode", "impossible_date", "end_before_begin"),
    "duo_diplomas.csv": ("invalid_bsn", "duplicate_row", "impossible_date"),
    "duo_inschrijvingen.csv": ("invalid_bsn", "duplicate_row", "impossible_date", "end_before_begin"),
    "uwv_polis.csv": ("invalid_bsn", "duplicate_row", "negative_amount"),
    "uwv_uitkeringen.csv": ("invalid_bsn", "duplicate_row", "impossible_date", "end_before_begin"),
    "kvk_inschrijvingen.csv": ("invalid_bsn", "duplicate_row", "impossible_date", "end_before_begin"),
    "gemeente_klanten.csv": ("invalid_bsn", "duplicate_row", "unknown_gemeentecode", "impossible_date", "end_before_begin"),
}
# The file-breaking defects, and where they go.
WRONG_HEADER_FILE, WRONG_HEADER_COLUMN, WRONG_HEADER_AS = "uwv_uitkeringen.csv", "uitkering", "soort_uitkering"
ENCODING_FILE = "brp_personen.csv"
# Codes of municipalities merged away before 2025 (and one that never existed): not in the reference table.
RETIRED_CODES = ("GM0003", "GM0010", "GM0024", "GM0370", "GM0393", "GM0881", "GM0951", "GM0962", "GM9999")
IMPOSSIBLE_DAYS = ("02-30", "02-31", "04-31", "06-31", "09-31", "11-31", "13-01", "00-12")


@dataclass
class Defect:
    file: str
    line: int | None
    kind: str
    column: str | None
    reason: str


@dataclass
class MonthSpoiler:
    """Spoils one month's files as they are written, and remembers what it did."""

    rng: np.random.Generator
    month: str
    file_defects: bool
    defects: list[Defect] = field(default_factory=list)

    def header(self, file: str) -> str | None:
        if self.file_defects and file == WRONG_HEADER_FILE:
            columns = [WRONG_HEADER_AS if c == WRONG_HEADER_COLUMN else c for c in HEADERS[file]]
            self.defects.append(Defect(file, 1, "wrong_header", WRONG_HEADER_COLUMN,
                                       f"column '{WRONG_HEADER_AS}' where the header must have '{WRONG_HEADER_COLUMN}'"))
            return ";".join(columns)
        return None

    def encoding(self, file: str) -> str:
        return "cp1252" if self.file_defects and file == ENCODING_FILE else "utf-8"

    def note_encoding(self, file: str, path: Path) -> None:
        """Record the Windows-1252 file with the first line that is not valid UTF-8."""
        with path.open("rb") as fh:
            for number, line in enumerate(fh, start=1):
                if not line.isascii():
                    self.defects.append(Defect(file, number, "encoding", None,
                                               "file is Windows-1252, not UTF-8 (first non-ASCII byte on this line)"))
                    return
        self.defects.append(Defect(file, None, "encoding", None, "file is Windows-1252, not UTF-8"))

    def rows(self, file: str, chunks: Iterator[pl.DataFrame]) -> Iterator[pl.DataFrame]:
        """The chunks with row defects; broken whole files get none (they are rejected anyway)."""
        spoil = not (self.file_defects and file in (WRONG_HEADER_FILE, ENCODING_FILE))
        line = 1  # the header
        for chunk in chunks:
            if spoil and chunk.height:
                chunk = self._spoil(file, chunk, line)
            line += chunk.height
            yield chunk

    def _spoil(self, file: str, frame: pl.DataFrame, lines_before: int) -> pl.DataFrame:
        rng, n = self.rng, frame.height
        kinds = ROW_KINDS[file]
        counts = rng.binomial(n, ROW_DEFECT_RATE / len(kinds), size=len(kinds))
        if lines_before == 1 and n >= MIN_ROWS_FOR_EVERY_KIND:
            counts = np.maximum(counts, 1)  # every applicable kind at least once in a file of some size
        counts = np.minimum(counts, n // (2 * len(kinds)))
        picked = rng.choice(n, size=int(counts.sum()), replace=False)
        dupes = np.zeros(n, dtype=bool)
        notes: dict[int, tuple[str, str | None, str]] = {}
        edits: dict[str, tuple[list[int], list[str]]] = {}
        at = 0
        for kind, k in zip(kinds, counts, strict=True):
            rows, at = np.sort(picked[at : at + k]), at + k
            for i in rows.tolist():
                column, value, reason = self._apply(kind, file, frame, i, rng)
                notes[i] = (kind, column, reason)
                if value is not None:
                    edits.setdefault(column, ([], []))[0].append(i)
                    edits[column][1].append(value)
            if kind == "duplicate_row":
                dupes[rows] = True
        frame = frame.with_columns(
            frame[c].scatter(idx, pl.Series(values, dtype=frame[c].dtype)) for c, (idx, values) in sorted(edits.items())
        )
        step = np.where(dupes, 2, 1)
        position = np.cumsum(step) - step  # of each original row in the output
        for i, (kind, column, reason) in sorted(notes.items()):
            line = lines_before + int(position[i]) + 1
            if kind == "duplicate_row":
                self.defects.append(Defect(file, line + 1, kind, None, f"same row as line {line}"))
            else:
                self.defects.append(Defect(file, line, kind, column, reason))
        return frame[np.repeat(np.arange(n), step)] if dupes.any() else frame

    def _apply(self, kind: str, file: str, frame: pl.DataFrame, i: int, rng: np.random.Generator):
        """(column, new value, reason) of one defect in row i."""
        if kind == "invalid_bsn":
            bsn = frame["bsn"][i]
            return "bsn", bsn[:8] + str((int(bsn[8]) + int(rng.integers(1, 10))) % 10), "bsn fails the elfproef"
        if kind == "duplicate_row":
            return None, None, ""
        if kind == "unknown_gemeentecode":
            code = RETIRED_CODES[int(rng.integers(len(RETIRED_CODES)))]
            return "gemeentecode", code, f"gemeentecode {code} is not in the reference table"
        if kind == "impossible_date":
            column = {"brp_personen.csv": "geboortedatum", "duo_diplomas.csv": "datum_diploma"}.get(file, "begindatum")
            value = frame[column][i][:5] + IMPOSSIBLE_DAYS[int(rng.integers(len(IMPOSSIBLE_DAYS)))]
            return column, value, f"{column} is not a calendar date (day {value[5:]})"
        if kind == "end_before_begin":
            begin = np.datetime64(frame["begindatum"][i])
            return "einddatum", str(begin - np.timedelta64(int(rng.integers(1, 400)), "D")), "einddatum lies before begindatum"
        if kind == "negative_amount":
            column = "sv_loon" if rng.random() < 0.6 else "uren"
            return column, -frame[column][i], f"{column} is negative"
        raise ValueError(kind)

    def write_manifest(self, folder: Path, seed: int) -> dict[str, int]:
        known_codes = set(gemeenten()["gemeentecode"].to_list())
        assert not known_codes & set(RETIRED_CODES), "a 'retired' code is in the reference table"
        counts = Counter(d.kind for d in self.defects)
        manifest = {
            "maand": self.month,
            "seed": seed,
            "row_defect_rate": ROW_DEFECT_RATE,
            "file_defects": self.file_defects,
            "note": "line = physical line, header = 1. Row defects in every month; the file defects "
                    "(wrong_header, encoding) only in the last month of a run of two months or more.",
            "counts": {k: counts.get(k, 0) for k in KINDS},
            "defects": [d.__dict__ for d in sorted(self.defects, key=lambda d: (d.file, d.line or 0, d.kind))],
        }
        (folder / DEFECTS_MANIFEST).write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        return dict(counts)
