"""Step 0: each delivery file of a landing month becomes a typed table; bad rows go to quarantaine."""


import dagster as dg

from jib_assets.assets.common import contract_check, contract_spec, counts_table, int_metadata, peildatum
from jib_assets.ingest import CSV_SOURCES, IngestResult, ingest_casemanager, ingest_csv, is_complete, month_dir
from jib_assets.parameters import MAX_QUARANTAINE_AANDEEL
from jib_assets.partitions import monthly_partitions
from jib_assets.resources import JibResource

GROUP = "ingest"


def _checks(name: str) -> list[dg.AssetCheckSpec]:
    return [
        dg.AssetCheckSpec(
            "quarantaine_aandeel",
            asset=name,
            blocking=True,
            description=f"At most {MAX_QUARANTAINE_AANDEEL:.0%} of the file's rows may be quarantined (sources.md).",
        ),
        contract_spec(name),
    ]


def _result(con, name: str, result: IngestResult, p) -> dg.MaterializeResult:
    share = result.rows_quarantined / result.rows_read if result.rows_read else 0.0
    reasons = counts_table(
        con,
        "SELECT reden, count(*) AS rijen FROM quarantaine "
        "WHERE peildatum = $p AND (bestand = $b OR starts_with(bestand, $b || '/')) "
        "GROUP BY reden ORDER BY rijen DESC, reden LIMIT 20",
        {"p": p, "b": result.bestand},
    )
    return dg.MaterializeResult(
        metadata={
            **int_metadata(
                {"rijen_gelezen": result.rows_read, "rijen_geladen": result.rows_loaded,
                 "rijen_quarantaine": result.rows_quarantined}
            ),
            "dagster/row_count": dg.MetadataValue.int(result.rows_loaded),
            "quarantaine_redenen": reasons,
        },
        check_results=[
            dg.AssetCheckResult(
                check_name="quarantaine_aandeel",
                passed=share <= MAX_QUARANTAINE_AANDEEL,
                metadata={"aandeel": dg.MetadataValue.float(round(share, 5)),
                          "grens": dg.MetadataValue.float(MAX_QUARANTAINE_AANDEEL),
                          "rijen_quarantaine": dg.MetadataValue.int(result.rows_quarantined)},
                description=None if share <= MAX_QUARANTAINE_AANDEEL else
                f"{result.rows_quarantined} of {result.rows_read} rows of {result.bestand} were quarantined; "
                "see table quarantaine for file, line and reason, and ask the supplier to redeliver.",
            ),
            contract_check(con, name, p),
        ],
    )


def _require_complete(jib: JibResource, context) -> tuple:
    p = peildatum(context)
    folder = month_dir(jib.paths.landing, p)
    if not is_complete(folder):
        raise dg.Failure(
            description=f"Landing folder {folder} is missing or has no _COMPLETE file yet: "
            "wait for the delivery to finish (or generate one with `jib synth`), then rerun this month."
        )
    return p, folder


def csv_asset(name: str) -> dg.AssetsDefinition:
    @dg.asset(
        name=name,
        group_name=GROUP,
        partitions_def=monthly_partitions,
        kinds={"duckdb", "csv"},
        check_specs=_checks(name),
        description=f"`{name}.csv` of the month's delivery, typed; rows that break sources.md go to quarantaine.",
    )
    def _asset(context: dg.AssetExecutionContext, jib: JibResource) -> dg.MaterializeResult:
        p, folder = _require_complete(jib, context)
        with jib.warehouse() as con:
            return _result(con, name, ingest_csv(con, folder, name, p), p)

    return _asset


@dg.asset(
    group_name=GROUP,
    partitions_def=monthly_partitions,
    kinds={"duckdb", "excel"},
    check_specs=_checks("casemanager_monitoring"),
    description="The casemanagers' spreadsheets (casemanager/*.xlsx, sheet monitoring), normalised; "
    "the free-text column opmerkingen is never loaded.",
)
def casemanager_monitoring(context: dg.AssetExecutionContext, jib: JibResource) -> dg.MaterializeResult:
    p, folder = _require_complete(jib, context)
    with jib.warehouse() as con:
        return _result(con, "casemanager_monitoring", ingest_casemanager(con, folder, p), p)


ingest_assets = [csv_asset(name) for name in CSV_SOURCES] + [casemanager_monitoring]
