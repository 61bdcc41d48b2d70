"""Step 0: each delivery file of a landing month becomes a typed table; bad rows go to quarantaine."""


import dagster as dg

from jib_assets.assets.common import contract_check, contract_spec, int_metadata, peildatum
from jib_assets.ingest import CSV_SOURCES, IngestResult, ingest_casemanager, ingest_csv, is_complete, krimp, month_dir
from jib_assets.ingest.casemanager import ontbrekende_gemeenten
from jib_assets.ingest.csv_source import PERSONEN
from jib_assets.parameters import MAX_QUARANTAINE_AANDEEL
from jib_assets.partitions import monthly_partitions
from jib_assets.privacy import bewaartermijn as retention
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


def _reasons_table(reasons: dict[str, int]) -> dg.MetadataValue:
    """Quarantined rows per single reason (a row with two problems counts under both): reasons name a
    column and a rule, never a value."""
    lines = ["| reden | rijen |", "|---|---|"] + [f"| {reden} | {n} |" for reden, n in reasons.items()]
    return dg.MetadataValue.md("\n".join(lines))


def _volume_metadata(volume: krimp.Volume | None) -> dict[str, dg.MetadataValue]:
    if volume is None:
        return {}
    metadata = {
        "rijen_vorige_levering": dg.MetadataValue.int(-1 if volume.rijen_vorige is None else volume.rijen_vorige),
        "krimp_geaccepteerd": dg.MetadataValue.bool(volume.geaccepteerd),
    }
    if volume.geaccepteerd:
        metadata["krimp_acceptatie"] = dg.MetadataValue.text(
            f"{volume.bestand}: {volume.rijen} data rows against {volume.rijen_vorige or 0} in the previous delivery, "
            f"accepted for this month by the run tag {krimp.TAG}."
        )
    return metadata


def _result(con, name: str, result: IngestResult, p) -> dg.MaterializeResult:
    share = result.rows_quarantined / result.rows_read if result.rows_read else 0.0
    return dg.MaterializeResult(
        metadata={
            **int_metadata(
                {"rijen_gelezen": result.rows_read, "rijen_geladen": result.rows_loaded,
                 "rijen_quarantaine": result.rows_quarantined, "rijen_niet_bewaard": result.rows_not_kept}
            ),
            "dagster/row_count": dg.MetadataValue.int(result.rows_stored),
            "quarantaine_redenen": _reasons_table(result.reasons),
            **int_metadata({f"quarantaine: {reden}": n for reden, n in result.reasons.items()}),
            **_volume_metadata(result.volume),
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
    if not folder.is_dir():
        raise dg.Failure(
            description=f"Landing folder {folder} is missing: put back the folder `jib bewaartermijn landing "
            "--archief` moved out, or wait for the month's deliveries (for the demo, generate them with `jib synth`), "
            "then rerun this month."
        )
    if not is_complete(folder):
        raise dg.Failure(
            description=f"Landing folder {folder} has no _COMPLETE file yet: the delivery is still arriving (or "
            "the marker was removed). Wait until the supplier marks it complete, then rerun this month."
        )
    return p, folder


def csv_asset(name: str) -> dg.AssetsDefinition:
    @dg.asset(
        name=name,
        group_name=GROUP,
        partitions_def=monthly_partitions,
        kinds={"duckdb", "csv"},
        # A file stored for the target group only is chosen by the month's brp_personen (csv_source.doelgroep).
        deps=[PERSONEN] if CSV_SOURCES[name].alleen_doelgroep else None,
        check_specs=_checks(name),
        description=f"`{name}.csv` of the month's delivery, typed; rows that break sources.md go to quarantaine. "
        "A delivery with no data rows, or far fewer than the previous one, stops the month unless accepted "
        f"with the run tag {krimp.TAG}.",
    )
    def _asset(context: dg.AssetExecutionContext, jib: JibResource) -> dg.MaterializeResult:
        p, folder = _require_complete(jib, context)
        try:
            accepted = f"{name}.csv" in krimp.accepted_files(context.run.tags)
        except ValueError as error:
            raise dg.Failure(description=str(error)) from None
        with jib.warehouse() as con:
            try:
                result = ingest_csv(con, folder, name, p, accepteer_krimp=accepted,
                                    ruwe_maanden=retention.ruwe_maanden())
            except krimp.KrimpError as error:
                raise dg.Failure(description=str(error)) from None
            if accepted and result.volume is not None and result.volume.geaccepteerd:
                context.log.warning(f"{name}.csv: shrunken delivery accepted by run tag {krimp.TAG}")
            return _result(con, name, result, p)

    return _asset


@dg.asset(
    group_name=GROUP,
    partitions_def=monthly_partitions,
    kinds={"duckdb", "excel"},
    check_specs=[
        *_checks("casemanager_monitoring"),
        dg.AssetCheckSpec(
            "spreadsheets_compleet_waarschuwing", asset="casemanager_monitoring",
            description="Every gemeente with spreadsheet rows last month has rows this month too (warning: without "
            "them its monitoring repeats last month's state).",
        ),
        dg.AssetCheckSpec(
            "geen_bezwaar_in_quarantaine", asset="casemanager_monitoring", blocking=True,
            description="No row set aside may carry an objection (bezwaar = ja, reactie_kaartje = nee, or either "
            "unreadable): the register reads loaded rows only, so the youth would be approached again.",
        ),
    ],
    description="The casemanagers' spreadsheets (casemanager/*.xlsx, sheet monitoring), normalised; "
    "the free-text column opmerkingen is never loaded. A row about a jib_id that was never on its "
    "municipality's worklist of an earlier month is quarantined.",
)
def casemanager_monitoring(context: dg.AssetExecutionContext, jib: JibResource) -> dg.MaterializeResult:
    p, folder = _require_complete(jib, context)
    with jib.warehouse() as con:
        ingested = ingest_casemanager(con, folder, p)
        result = _result(con, "casemanager_monitoring", ingested, p)
        vorige, ontbreken = ontbrekende_gemeenten(con, p)
    compleet = dg.AssetCheckResult(
        check_name="spreadsheets_compleet_waarschuwing",
        passed=not ontbreken,
        severity=dg.AssetCheckSeverity.WARN,
        metadata={"gemeenten_zonder_rijen": dg.MetadataValue.text(", ".join(ontbreken))},
        description=None if not ontbreken else
        f"no spreadsheet rows this month for {', '.join(ontbreken)}, which had rows in {vorige:%Y-%m}: their "
        "monitoring repeats that month's state; if a casemanager's file is missing, add it to the landing "
        "folder and rerun this month.",
    )
    rijen = ingested.bezwaar_in_quarantaine
    waar = "; ".join(f"{bestand} row {regel}" for bestand, regel in rijen[:20]) + (" and more" if len(rijen) > 20 else "")
    bezwaar = dg.AssetCheckResult(
        check_name="geen_bezwaar_in_quarantaine",
        passed=not rijen,
        metadata={"rijen": dg.MetadataValue.int(len(rijen))},
        description=None if not rijen else
        f"{len(rijen)} casemanager row(s) set aside may carry an objection: {waar}. An objection is honoured only "
        "from a row that can be read whole: correct the row in the spreadsheet (the reason is in table "
        "quarantaine, by file and row), then rerun this month.",
    )
    return dg.MaterializeResult(metadata=result.metadata, check_results=[*result.check_results, compleet, bezwaar])


ingest_assets = [csv_asset(name) for name in CSV_SOURCES] + [casemanager_monitoring]
