"""Great Expectations 1.x suites run as asset checks on a month's rows: the distribution and volume
expectations a contract cannot express, beside each step's reconciliation checks.

The jobs are split: quality/suites.py reads the suite files, quality/frames.py holds the frames they run
on (SQL in sql/checks/), quality/gx_results.py renders a run for Dagster; this module runs GX.
GX runs on a pandas frame fetched from DuckDB (its SQL path fails on DuckDB), in an ephemeral context
that the process keeps for every step and month (quality/gx_context.py).
GX is imported inside `run_suite`: it takes seconds, and Dagster loads this module at start-up.
"""

from __future__ import annotations

import datetime as dt
import logging
from datetime import date
from pathlib import Path
from typing import Any

import duckdb

from jib_assets import schema
from jib_assets.db import bound
from jib_assets.parameters import INKOMENSGRENS, STARTKWALIFICATIE_DIPLOMAS
from jib_assets.partitions import add_months
from jib_assets.privacy import bewaartermijn
from jib_assets.quality import gx_context
from jib_assets.quality.frames import FRAMES, VORIGE_MAANDEN, Frame
from jib_assets.quality.gx_results import SuiteResult, check_result, check_specs, summarise
from jib_assets.quality.suites import (
    WAARSCHUWING,
    SuiteSpec,
    expectations_dir,
    suite_names,
    suite_spec,
    suites_of,
)

__all__ = [
    "BLOCKING", "FRAMES", "Frame", "SuiteResult", "SuiteSpec", "WAARSCHUWING", "check_result", "check_specs",
    "expectations_dir", "identifying", "run_suite", "suite_names", "suite_parameters", "suite_spec", "suites_of",
]

log = logging.getLogger(__name__)

BASIC = {"result_format": "BASIC"}
SUMMARY = {"result_format": "SUMMARY", "partial_unexpected_count": 20}

# The suite whose run rebuilds the Data Docs index: the last suite a month's job runs (monitoring comes
# after the chain's steps). A test holds it to that.
INDEX_SUITE = "monitoring"

BLOCKING: dict[str, bool] = {name: not name.endswith(WAARSCHUWING) for name in suite_names()}


def identifying() -> frozenset[str]:
    """Never fetched into a frame, so never in a check's metadata or in Data Docs: the register's
    identifying columns and the pseudonym (a test holds FRAMES to it)."""
    return schema.never_published()


def suite_parameters(peildatum: date) -> dict[str, Any]:
    """The `$PARAMETER`s a suite may use: the threshold and peildatum of the month, and every value set
    of the schema register as `waarden_<name>` (plus the diplomas below a startkwalificatie)."""
    return {
        "inkomensgrens": float(INKOMENSGRENS.on(peildatum)),
        "peildatum": peildatum.isoformat(),
        **schema.gx_parameters(),
        "waarden_diploma_zonder_startkwalificatie": [
            d for d in schema.value_set("diploma") if d not in STARTKWALIFICATIE_DIPLOMAS
        ],
    }


def run_suite(
    con: duckdb.DuckDBPyConnection, step: str, peildatum: date, *, docs_dir: Path | None = None
) -> SuiteResult:
    """Run the suite `step` (a step's name for its blocking suite, `<step>_waarschuwing` for its
    warnings) on the month of `peildatum`; with `docs_dir`, also (re)build GX Data Docs there.

    An error inside GX or in fetching the frame gives errored=True and a message: the data were not
    judged. Data Docs failing to build is logged and noted in the metadata, not an error of the check.
    """
    spec = suite_spec(step)
    frame = FRAMES[(spec.step, spec.frame)]
    params = {"peildatum": peildatum, "van": add_months(peildatum, -VORIGE_MAANDEN)}
    try:
        df = con.execute(frame.sql, bound(frame.sql, params)).df()
    except duckdb.Error as exc:
        return _errored(spec, f"frame query failed: {exc}")
    try:
        context, results = _validate(spec, df, frame, peildatum, docs_dir)
    except Exception as exc:  # an invalid suite file, an unknown expectation type: not a data failure
        log.exception("GX could not run suite %s", spec.name)
        return _errored(spec, f"{type(exc).__name__}: {exc}")
    result = summarise(spec, results, frame, rows=len(df))
    if docs_dir is not None:
        try:
            index = _index_due(spec, Path(docs_dir))
            if index and (weg := bewaartermijn.data_docs_opruimen(Path(docs_dir), peildatum)):
                result.metadata["data_docs_maanden_verwijderd"] = ", ".join(weg)
            _build_docs(context, spec, results, index=index)
            result.metadata["data_docs"] = str(Path(docs_dir).absolute() / "index.html")
        except Exception as exc:
            log.exception("GX Data Docs not built in %s", docs_dir)
            result.metadata["data_docs_fout"] = f"{type(exc).__name__}: {exc}"
    return result


def _errored(spec: SuiteSpec, message: str) -> SuiteResult:
    return SuiteResult(spec.name, success=False, errored=True, evaluated=0, failed=[],
                       metadata={"fout": message}, message=message)


def _validate(spec: SuiteSpec, df, frame: Frame, peildatum: date, docs_dir: Path | None):
    """Run the suite on the frame through the process's one GX context (quality/gx_context.py)."""
    gx_context.wacht_op_import()
    from great_expectations.core.run_identifier import RunIdentifier

    context, validation = gx_context.validation(
        None if docs_dir is None else Path(docs_dir).absolute(), spec.name, f"{spec.step}_{spec.frame}"
    )
    run_id = RunIdentifier(run_name=f"{peildatum:%Y-%m}", run_time=dt.datetime.now(dt.UTC))
    # BASIC has every figure the check shows (observed value, unexpected and evaluated counts) at 60% of the
    # cost of SUMMARY, whose failing examples (with their gemeente) only a failed suite needs: that suite runs
    # again with SUMMARY under the same run id, so the result kept for Data Docs is the one with examples.
    for result_format in (BASIC, {**SUMMARY, **({"unexpected_index_column_names": [frame.where]}
                                                 if spec.frame == "per_gemeente" else {})}):
        results = validation.run(
            batch_parameters={"dataframe": df},
            expectation_parameters=suite_parameters(peildatum),
            result_format=result_format,
            run_id=run_id,
        )
        if results.success:
            break
    return context, results


def _index_due(spec: SuiteSpec, docs_dir: Path) -> bool:
    """The Data Docs index reads every validation result kept, so its cost grows with the months kept (since
    2026-12-07 the retention window JIB_BEWAAR_MAANDEN_DATA_DOCS, removed just before): it is rebuilt once a month,
    by the last suite of the month's job (INDEX_SUITE, monitoring's warnings or its only suite), and whenever it is
    missing. Every run renders its own validation page at once."""
    return spec.name == INDEX_SUITE or not (docs_dir / "index.html").exists()


def _build_docs(context, spec: SuiteSpec, results, *, index: bool = True) -> None:
    """Render this run's validation page, its suite's page (once per version of the suite this process
    loaded: it changes only with the suite file), then, with `index`, the index over all results kept
    (the other suites' pages were rendered by their own runs)."""
    from great_expectations.data_context.types.resource_identifiers import (
        ExpectationSuiteIdentifier,
        ValidationResultIdentifier,
    )

    run = ValidationResultIdentifier(
        expectation_suite_identifier=ExpectationSuiteIdentifier(name=spec.name),
        run_id=results.meta["run_id"],
        batch_identifier=f"jib-{spec.step}_{spec.frame}",
    )
    pages = [run]
    if gx_context.suite_page_due(context, spec.name):
        pages.append(ExpectationSuiteIdentifier(name=spec.name))
    context.build_data_docs(resource_identifiers=pages, build_index=index)
    gx_context.suite_page_rendered(context, spec.name)
