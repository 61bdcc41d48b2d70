"""Small pieces every asset module shares: the peildatum of a run, previews without personal data."""

from __future__ import annotations

from datetime import date

import dagster as dg
import duckdb

from jib_assets.ingest.csv_source import verouderde_doelgroep
from jib_assets.partitions import peildatum_of
from jib_assets.privacy import bewaartermijn as retention
from jib_assets.quality.contracts import validate_table


def peildatum(context: dg.AssetExecutionContext | dg.AssetCheckExecutionContext) -> date:
    return peildatum_of(context.partition_key)


def vereis_momentopname(con: duckdb.DuckDBPyConnection, p: date) -> None:
    """Refuse, before writing anything, a step that computes month P from its raw snapshots or per-person states
    when the warehouse no longer holds them (retention keeps the latest month's): run alone, such a step would
    compute P from nothing and overwrite what P's run made (names and addresses gone from the lists, the
    monitoring's denominators zero), passing its checks or failing them only after the write. The message says
    to run the whole month, whose ingests load landing/P again. Likewise when a delivery stored for the target group
    only was chosen with an earlier load of brp_personen (ingest.csv_source.verouderde_doelgroep)."""
    weigering = retention.ontbrekende_momentopname(con, p) or verouderde_doelgroep(con, p)
    if weigering:
        raise dg.Failure(description=weigering)


def counts_table(con: duckdb.DuckDBPyConnection, query: str, params: dict) -> dg.MetadataValue:
    """A markdown table of an aggregate query (counts per code/category: never a person)."""
    result = con.execute(query, params)
    columns = [d[0] for d in result.description]
    rows = result.fetchall()
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join("" if v is None else str(v) for v in row) + " |" for row in rows]
    return dg.MetadataValue.md("\n".join(lines))


def int_metadata(counts: dict[str, int]) -> dict[str, dg.MetadataValue]:
    return {k: dg.MetadataValue.int(int(v)) for k, v in counts.items()}


def gx_checks(con: duckdb.DuckDBPyConnection, step: str, p: date, docs_dir) -> list[dg.AssetCheckResult]:
    """Run a step's Great Expectations suites (blocking and warning) on month p; their check results."""
    from jib_assets.quality import expectations

    return [
        expectations.check_result(expectations.run_suite(con, suite.name, p, docs_dir=docs_dir))
        for suite in expectations.suites_of(step)
    ]


def contract_spec(table: str) -> dg.AssetCheckSpec:
    return dg.AssetCheckSpec(
        "contract", asset=table, blocking=True,
        description="Every row of the month satisfies the pandera contract of its table.",
    )


def contract_check(con: duckdb.DuckDBPyConnection, table: str, p: date) -> dg.AssetCheckResult:
    """The pandera contract of a table on month p, as a check result (examples name columns and checks, never values)."""
    ok, failures, examples = validate_table(con, table, p)
    return dg.AssetCheckResult(
        check_name="contract",
        passed=ok,
        metadata={"overtredingen": dg.MetadataValue.int(failures),
                  "voorbeelden": dg.MetadataValue.text("\n".join(examples[:10]))},
    )


def selected(context: dg.AssetExecutionContext, *results: dg.MaterializeResult):
    """The results of a step's multi_asset for the assets and checks selected in this run.

    A step writes all its tables in one go (they are one transaction, or read each other), whatever
    was selected; Dagster records only what was selected, e.g. `--select gemeente_lijst`.
    """
    checks = context.selected_asset_check_keys
    for result in results:
        key = dg.AssetKey(result.asset_key) if isinstance(result.asset_key, str) else result.asset_key
        if key not in context.selected_asset_keys:
            continue
        yield result._replace(
            check_results=[
                c._replace(asset_key=key)
                for c in result.check_results or []
                if dg.AssetCheckKey(key, c.check_name) in checks
            ]
        )
