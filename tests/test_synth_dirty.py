"""--dirty: every defect in the manifest is really in the files, nothing else is wrong, and the
clean run has none of them. The checks below re-detect each kind from the bytes on their own."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import polars as pl
import pytest

from jib_assets.reference import gemeenten
from jib_assets.synth import generate
from test_synth import HEADERS

KEY = b"synth-test-key-not-secret"
MONTHS = ["2025-01", "2025-02", "2025-03"]
DATES = ("geboortedatum", "datum_overlijden", "datum_vertrek_buitenland", "begindatum", "einddatum", "datum_diploma")
KNOWN_CODES = set(gemeenten()["gemeentecode"].to_list())


def _run(landing: Path, dirty: bool):
    return generate("GM0988", date(2025, 1, 1), date(2025, 3, 1), seed=5, dirty=dirty, landing=landing, key=KEY,
                    progress=False)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    clean, dirty = tmp_path_factory.mktemp("clean"), tmp_path_factory.mktemp("dirty")
    return (clean, _run(clean, False)), (dirty, _run(dirty, True))


def _elfproef(bsn: pl.Expr) -> pl.Expr:
    digits = [bsn.str.slice(i, 1).cast(pl.Int64, strict=False) for i in range(9)]
    total = sum(d * w for d, w in zip(digits[:8], range(9, 1, -1), strict=True)) - digits[8]
    return bsn.str.contains(r"^\d{9}$") & (total % 11 == 0)


def _date(column: str) -> pl.Expr:
    value = pl.col(column)
    return pl.when(value.str.contains(r"^\d{4}-\d{2}-\d{2}$")).then(value.str.to_date("%Y-%m-%d", strict=False))


def detect(folder: Path) -> set[tuple[str, int | None, str]]:
    """(file, line, kind) of every defect found in a month folder, by reading the files (vectorised)."""
    found: set[tuple[str, int | None, str]] = set()
    for name, header in HEADERS.items():
        raw = (folder / name).read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            bad_line = next(i for i, line in enumerate(raw.split(b"\n"), start=1) if not _utf8(line))
            found.add((name, bad_line, "encoding"))
            text = raw.decode("cp1252")
        lines = text.split("\n")
        assert lines[-1] == "", f"{name} ends with a newline"
        if lines[0] != header:
            found.add((name, 1, "wrong_header"))
        columns = header.split(";")
        rows = (
            pl.DataFrame({"text": lines[1:-1]})
            .with_row_index("line", offset=2)
            .with_columns(pl.col("text").str.split_exact(";", len(columns) - 1).struct.rename_fields(columns).alias("f"))
            .unnest("f")
            .with_columns(pl.col(columns).replace("", None))
        )
        duplicate = pl.col("text").is_duplicated() & ~pl.col("text").is_first_distinct()
        checks = {"duplicate_row": duplicate, "invalid_bsn": ~duplicate & ~_elfproef(pl.col("bsn"))}
        dates = [c for c in DATES if c in columns]
        if dates:
            checks["impossible_date"] = ~duplicate & pl.any_horizontal(
                [pl.col(c).is_not_null() & _date(c).is_null() for c in dates])
        if "gemeentecode" in columns:
            checks["unknown_gemeentecode"] = ~duplicate & ~pl.col("gemeentecode").is_in(sorted(KNOWN_CODES))
        if "einddatum" in columns:
            checks["end_before_begin"] = ~duplicate & (_date("einddatum") < _date("begindatum")).fill_null(False)
        if "sv_loon" in columns:
            checks["negative_amount"] = ~duplicate & (pl.col("sv_loon").str.starts_with("-") | pl.col("uren").str.starts_with("-"))
        flagged = rows.select("line", **{k: v.fill_null(False) for k, v in checks.items()})
        for kind in checks:
            found |= {(name, int(n), kind) for n in flagged.filter(pl.col(kind))["line"].to_list()}
    return found


def _utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _manifest(folder: Path) -> dict:
    return json.loads((folder / "_defects.json").read_text(encoding="utf-8"))


def test_clean_run_has_no_defects_and_no_manifest(runs):
    (clean, _), _ = runs
    for month in MONTHS:
        n_found = len(detect(clean / month))
        assert n_found == 0, f"{month}: a clean delivery is valid in every respect"
        assert not (clean / month / "_defects.json").exists()


def test_every_listed_defect_is_in_the_files_and_nothing_else(runs):
    _, (dirty, summary) = runs
    total = 0
    for month in MONTHS:
        listed = {(d["file"], d["line"], d["kind"]) for d in _manifest(dirty / month)["defects"]}
        found = detect(dirty / month)
        missing, unlisted = len(listed - found), len(found - listed)
        assert (missing, unlisted) == (0, 0), f"{month}: manifest and files agree"
        total += len(listed)
    assert sum(summary.defects.values()) == total


def test_every_kind_occurs_and_file_defects_only_in_the_last_month(runs):
    _, (dirty, _) = runs
    row_kinds = {"invalid_bsn", "duplicate_row", "unknown_gemeentecode", "impossible_date", "end_before_begin",
                 "negative_amount"}
    for month in MONTHS:
        manifest = _manifest(dirty / month)
        kinds = {k for k, n in manifest["counts"].items() if n}
        assert row_kinds <= kinds, f"{month}: every row defect kind"
        file_kinds = kinds & {"wrong_header", "encoding"}
        assert manifest["file_defects"] == (month == MONTHS[-1])
        assert file_kinds == ({"wrong_header", "encoding"} if month == MONTHS[-1] else set())


def test_row_defects_are_rare(runs):
    _, (dirty, _) = runs
    for month in MONTHS:
        per_file: dict[str, int] = {}
        for d in _manifest(dirty / month)["defects"]:
            per_file[d["file"]] = per_file.get(d["file"], 0) + 1
        for name, n in per_file.items():
            rows = (dirty / month / name).read_bytes().count(b"\n") - 1
            if rows > 5000:
                assert n / rows < 0.01, f"{month}/{name}: about 0.5% of rows"


def test_untouched_rows_equal_the_clean_run(runs):
    """Same seed: the dirty files are the clean files plus the listed defects, nothing else moved."""
    (clean, clean_summary), (dirty, dirty_summary) = runs
    assert clean_summary.gemeente_months == dirty_summary.gemeente_months
    month = MONTHS[1]
    defects = _manifest(dirty / month)["defects"]
    for name in HEADERS:
        clean_lines = (clean / month / name).read_text(encoding="utf-8").split("\n")
        dirty_lines = (dirty / month / name).read_text(encoding="utf-8").split("\n")
        spoiled = {d["line"] for d in defects if d["file"] == name and d["kind"] != "duplicate_row"}
        dupes = {d["line"] for d in defects if d["file"] == name and d["kind"] == "duplicate_row"}
        kept = [line for number, line in enumerate(dirty_lines, start=1) if number not in dupes]
        assert len(kept) == len(clean_lines), f"{name}: only duplicates add lines"
        kept_numbers = [n for n in range(1, len(dirty_lines) + 1) if n not in dupes]
        differing = {kept_numbers[i] for i, (a, b) in enumerate(zip(kept, clean_lines, strict=True)) if a != b}
        assert differing == spoiled, f"{name}: exactly the listed lines differ"


def test_manifest_holds_no_personal_data(runs):
    _, (dirty, _) = runs
    month = MONTHS[0]
    text = (dirty / month / "_defects.json").read_text(encoding="utf-8")
    lines = (dirty / month / "brp_personen.csv").read_text(encoding="utf-8").split("\n")[1:-1]
    bsns = {line.split(";")[0] for line in lines}
    surnames = {line.split(";")[1] for line in lines}
    leaked = sum(b in text for b in bsns) + sum(f'"{s}' in text or f" {s}" in text for s in surnames if len(s) > 3)
    assert leaked == 0, "no BSN or name in the manifest"
    for d in json.loads(text)["defects"]:
        assert set(d) == {"file", "line", "kind", "column", "reason"}


def test_encoding_defect_file_has_non_ascii_names(runs):
    _, (dirty, _) = runs
    raw = (dirty / MONTHS[-1] / "brp_personen.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    text = raw.decode("cp1252")
    assert any(ch in text for ch in "éëïö"), "the Windows-1252 file has characters for which the encoding matters"
