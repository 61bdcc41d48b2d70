"""Objection and erasure as the last step of a month (rules.md 3, opt-out): after the exports, every
identifying value of everyone in bezwaar_register is erased from the warehouse, history included, and
from the earlier export files; a blocking check proves nothing of them remains."""


import functools
import time

import dagster as dg

from jib_assets.assets.common import int_metadata, peildatum
from jib_assets.privacy import bewaartermijn as retention
from jib_assets.privacy.erasure import erase_bezwaar, remaining_in_exports, remaining_in_warehouse
from jib_assets.publish.exports import rewrite_files
from jib_assets.partitions import monthly_partitions
from jib_assets.resources import JibResource
from jib_assets.settings import pseudonym_key


@dg.asset(
    group_name="privacy",
    partitions_def=monthly_partitions,
    kinds={"duckdb"},
    deps=["exports", "monitoring_maand", "monitoring_kwartaal"],
    check_specs=[
        dg.AssetCheckSpec(
            "geen_ruwe_momentopname_buiten_termijn",
            asset="bewaartermijn",
            blocking=True,
            description="No quarantaine row or per-person state older than the latest month, no delivered raw "
            "snapshot older than the warehouse's window (JIB_BEWAAR_MAANDEN_RUW months after their run; with the "
            "default 0, bezwaar_wissing removes the month's own and checks that none is left), no row of a step table "
            "(duo_selectie, ib_verrijking, ib_lijst, gemeente_filter) before its window (JIB_BEWAAR_MAANDEN_STAPPEN, "
            "default the rerun window plus the month before it), no casemanager spreadsheet row before the rerun window "
            "that no reader needs (sql/bewaartermijn_spreadsheets.sql), no copy of an export month before the "
            "export window (JIB_BEWAAR_MAANDEN_EXPORTS, default the rerun window) and no month of Great Expectations "
            "results and pages before theirs (JIB_BEWAAR_MAANDEN_DATA_DOCS, default 12; the monitoring's suite removes "
            "them before it builds the Data Docs index) remains.",
        )
    ],
    description="Retention by rule (docs/privacy.md): delete the quarantaine rows and per-person states "
    "(persoon_toestand, duo_beoordeling) of every peildatum before the latest, and the delivered raw snapshots "
    "(brp_*, duo_*, uwv_*, kvk_*, gemeente_klanten) before the warehouse's window (JIB_BEWAAR_MAANDEN_RUW; by "
    "default none outlives its month's run: bezwaar_wissing empties them, with every objector's rows in them, "
    "right after erasing the objectors from every other table; a rerun reads its month's landing folder again), "
    "counted back from the latest peildatum; the step tables no rule reads after their month (duo_selectie, "
    "ib_verrijking, ib_lijst, gemeente_filter) before their window (JIB_BEWAAR_MAANDEN_STAPPEN: the rerun window "
    "plus the month before it; the month-on-month checks read the months before from stap_tellingen); the lists "
    "(gemeente_lijst, werklijst_casemanager) and the counts stay; of the casemanagers' spreadsheets before the rerun "
    "window (each delivery the whole spreadsheet so far) each gemeente's latest delivery and the rows whose values a "
    "reader can still show (sql/bewaartermijn_spreadsheets.sql). bezwaar_wissing "
    "then rewrites the file, so the deleted rows leave no trace in it. Also removes the "
    "pipeline's copies of the export months before the export window (JIB_BEWAAR_MAANDEN_EXPORTS, default the "
    "rerun window; 0 keeps them; `jib bewaartermijn exports --opnieuw YYYY-MM` writes a removed month again "
    "from the warehouse).",
)
def bewaartermijn(context: dg.AssetExecutionContext, jib: JibResource) -> dg.MaterializeResult:
    p = peildatum(context)
    with jib.warehouse() as con:
        done = retention.pas_toe(con)
        bewaard = retention.bewaarde_maanden(con)
        over = retention.rijen_buiten_termijn(con, done.maanden)
    export_maanden = retention.export_maanden()
    exports_weg = retention.exports_opruimen(jib.paths.exports, p, export_maanden)
    exports_over = [m.name for m in retention.exportmappen_buiten_termijn(jib.paths.exports, p, export_maanden)]
    # The monitoring's suite removed them before it built the Data Docs index; again here after a change of the window.
    data_docs_weg = retention.data_docs_opruimen(jib.paths.data_docs, p)
    data_docs_over = sorted({m.name for m in retention.oude_data_docs(jib.paths.data_docs, p)})
    if exports_weg:
        context.log.info(f"export copies before the {export_maanden}-month window removed: {', '.join(exports_weg)} "
                         "(`jib bewaartermijn exports --opnieuw YYYY-MM` writes a month again from the warehouse)")
    metadata = {
        "ruwe_maanden": dg.MetadataValue.int(done.maanden),
        "stap_maanden": dg.MetadataValue.int(retention.stap_maanden()),
        "rijen_verwijderd": dg.MetadataValue.int(done.totaal),
        "tabellen": dg.MetadataValue.json(done.rijen_verwijderd),
        "eerste_bewaarde_peildatum": dg.MetadataValue.text(str(done.eerste_bewaard or "")),
        "momentopnamen_bewaard": dg.MetadataValue.int(len(bewaard)),
        "export_maanden": dg.MetadataValue.int(export_maanden),
        "exportmaanden_verwijderd": dg.MetadataValue.json(exports_weg),
        "data_docs_maanden": dg.MetadataValue.int(retention.data_docs_maanden()),
        "data_docs_maanden_verwijderd": dg.MetadataValue.json(data_docs_weg),
    }
    return dg.MaterializeResult(
        metadata=metadata,
        check_results=[
            dg.AssetCheckResult(
                check_name="geen_ruwe_momentopname_buiten_termijn",
                passed=not over and not exports_over and not data_docs_over,
                metadata={"rijen_buiten_termijn": dg.MetadataValue.json(over),
                          "exportmaanden_buiten_termijn": dg.MetadataValue.json(exports_over),
                          "data_docs_maanden_buiten_termijn": dg.MetadataValue.json(data_docs_over)},
            )
        ],
    )


@dg.asset(
    group_name="privacy",
    partitions_def=monthly_partitions,
    kinds={"duckdb"},
    deps=["exports", "monitoring_maand", "monitoring_kwartaal", "bewaartermijn"],
    check_specs=[
        dg.AssetCheckSpec(
            "niets_identificerends_over",
            asset="bezwaar_wissing",
            blocking=True,
            description="No BSN, name, address or birth date of anyone in bezwaar_register remains in any "
            "warehouse table (every peildatum) or export file; only their jib_id.",
        ),
        dg.AssetCheckSpec(
            "geen_levering_na_de_run",
            asset="bezwaar_wissing",
            blocking=True,
            description="With JIB_BEWAAR_MAANDEN_RUW=0 (the default) no delivered raw snapshot outlives its "
            "month's run: no delivered table (brp_*, duo_*, uwv_*, kvk_*, gemeente_klanten) holds a row of the "
            "month or before it.",
        ),
    ],
    description="rules.md 3, opt-out: erase every identifying value of the youths in objection from the "
    "warehouse (source tables of every month, selection, enrichment, lists, quarantaine) and from every "
    "earlier export file; empty the month's delivered snapshots (JIB_BEWAAR_MAANDEN_RUW=0, the default); then "
    "rewrite the warehouse file so that no erased or deleted value stays on in it.",
)
def bezwaar_wissing(context: dg.AssetExecutionContext, jib: JibResource) -> dg.MaterializeResult:
    key = pseudonym_key()
    p = peildatum(context)
    gevonden: list = []  # the objectors' BSNs the erasure found: the check looks for exactly those
    result = erase_bezwaar(
        jib.paths.warehouse, jib.paths.exports, key,
        rewrite_exports=functools.partial(rewrite_files, processen=jib.duckdb_threads),
        memory_limit=jib.duckdb_memory_limit, threads=jib.duckdb_threads, gevonden=gevonden, peildatum=p,
    )
    started = time.perf_counter()
    with jib.warehouse(read_only=True) as con:
        in_warehouse = remaining_in_warehouse(con, key, gevonden[0], tot=p)
        result["seconden_controle_warehouse"] = round(time.perf_counter() - started, 2)
        in_exports = remaining_in_exports(con, jib.paths.exports)
        leveringen = retention.leveringen_over(con, p)
    result["seconden_controle"] = round(time.perf_counter() - started, 2)
    counts = {k: v for k, v in result.items() if isinstance(v, int)}
    seconds = {k: dg.MetadataValue.float(float(v)) for k, v in result.items() if isinstance(v, float)}
    return dg.MaterializeResult(
        metadata={**int_metadata(counts), **seconds},
        check_results=[
            dg.AssetCheckResult(
                check_name="niets_identificerends_over",
                passed=not in_warehouse and not in_exports,
                # table names and file paths with row counts: never a value
                metadata={
                    "tabellen": dg.MetadataValue.json(in_warehouse),
                    "bestanden": dg.MetadataValue.json(in_exports),
                },
            ),
            dg.AssetCheckResult(
                check_name="geen_levering_na_de_run", passed=not leveringen,
                metadata={"rijen_over": dg.MetadataValue.json(leveringen)},
                description=None if not leveringen else "delivered rows are left after the run; rerun the month",
            ),
        ],
    )


privacy_assets = [bewaartermijn, bezwaar_wissing]
