"""Step 5 and publication: monitoring aggregates, the municipalities' exports, the analysts' database."""


import dagster as dg

from jib_assets.assets.chain import gemeente_lijst, werklijst_casemanager
from jib_assets.assets.common import counts_table, gx_checks, int_metadata, peildatum, selected, vereis_momentopname
from jib_assets.chain.monitoring import build_indeling, build_monitoring, months_without_monitoring
from jib_assets.partitions import monthly_partitions
from jib_assets.publish.analytics import UTILITEIT, publish_analytics
from jib_assets.publish.exports import GEWIJZIGD_HINT, gewijzigd, gewijzigd_tekst, vingerafdrukken, write_exports
from jib_assets.publish.month_chain import broken_months, month_chain_breaks, refusal
from jib_assets.quality import expectations, reconciliation
from jib_assets.reference import load_reference
from jib_assets.resources import JibResource


@dg.asset(
    group_name="referentie",
    kinds={"duckdb", "csv"},
    description="The 342 municipalities of 2025 with their arbeidsmarktregio and RMC-regio "
    "(shipped reference data; provenance in jib_assets/reference/SOURCES.md).",
)
def gemeenten(jib: JibResource) -> dg.MaterializeResult:
    with jib.warehouse() as con:
        rows = load_reference(con)
    return dg.MaterializeResult(metadata={"dagster/row_count": dg.MetadataValue.int(rows)})


# The tables step 5 writes, each an asset in group monitoring. monitoring_maand carries the step's checks.
MONITORING_TABELLEN = ("subregios", "regio_indeling", "monitoring_feiten", "monitoring_maand", "monitoring_kwartaal")
CIJFERS = MONITORING_TABELLEN[2:]  # what the month's deliveries and lists are read for


@dg.multi_asset(
    name="stap_monitoring",
    group_name="monitoring",
    partitions_def=monthly_partitions,
    can_subset=True,
    specs=[
        dg.AssetSpec(
            "subregios", deps=[gemeenten], kinds={"duckdb", "csv"},
            description="The sub-regions the region reports on (JIB_SUBREGIOS, checked): membership per gemeente "
            "with begindatum and einddatum, reloaded with each month.",
        ),
        dg.AssetSpec(
            "regio_indeling", deps=[gemeenten, "subregios"], kinds={"duckdb"},
            description="Per peildatum, niveau and regio: the gemeenten of the area (JIB_GEBIED) it sums; a region "
            "only partly inside the area is labelled (deels_in_gebied).",
        ),
        dg.AssetSpec(
            "monitoring_feiten",
            deps=[gemeente_lijst, werklijst_casemanager, "casemanager_monitoring", "uwv_polis", "brp_personen",
                  "brp_adressen", "duo_diplomas", "duo_inschrijvingen", "persoon_toestand", "regio_indeling"],
            kinds={"duckdb"},
            description="rules.md 5: the person-level facts behind the monitoring of a peildatum, without "
            "identifiers (gemeente, list, casemanager, werk follow-up, residents aged 23-26).",
        ),
        dg.AssetSpec(
            "monitoring_maand", deps=["monitoring_feiten", "regio_indeling"], kinds={"duckdb"},
            description="rules.md 5: the exact monitoring figures of the month per gemeente of the area, "
            "arbeidsmarktregio, RMC-regio, sub-region and (area NL only) nederland, with rates per 1,000 "
            "residents aged 23-26. Restricted store.",
        ),
        dg.AssetSpec(
            "monitoring_kwartaal", deps=["monitoring_feiten", "regio_indeling"], kinds={"duckdb"},
            description="rules.md 5: the same per quarter, recomputed with each of its months: flows summed over "
            "the months, stocks of the last month. Restricted store.",
        ),
    ],
    check_specs=[
        dg.AssetCheckSpec("telt_de_lijst", asset="monitoring_maand", blocking=True,
                          description="op_lijst, instroom and uitstroom per gemeente equal the rows of gemeente_lijst."),
        *expectations.check_specs("monitoring", asset="monitoring_maand"),
    ],
)
def stap_monitoring(context: dg.AssetExecutionContext, jib: JibResource):
    p = peildatum(context)
    if not {dg.AssetKey(t) for t in CIJFERS} & context.selected_asset_keys:
        # The membership alone, which an asset backfill may select before the month's deliveries are loaded.
        with jib.warehouse() as con:
            counts = build_indeling(con, p, jib.gebied_gemeentecodes)
        yield from selected(context, *(dg.MaterializeResult(asset_key=t, metadata=int_metadata(
            {"dagster/row_count": counts[t]})) for t in ("subregios", "regio_indeling")))
        return
    with jib.warehouse() as con:
        vereis_momentopname(con, p)
        rebuilt = months_without_monitoring(con, p)
        for month in rebuilt:  # after an upgrade dropped an older release's monitoring
            vereis_momentopname(con, month)  # its residents and follow-up come from its own snapshots
            build_monitoring(con, month, jib.gebied_gemeentecodes)
        counts = build_monitoring(con, p, jib.gebied_gemeentecodes)
        mismatch = reconciliation.monitoring_mismatch(con, p)
        gx = gx_checks(con, "monitoring", p, jib.paths.data_docs)
        preview = counts_table(
            con,
            "SELECT niveau, regiocode, regionaam, inwoners_23_26, op_lijst, op_lijst_per_1000, instroom, uitstroom "
            "FROM monitoring_maand WHERE peildatum = $p AND niveau <> 'gemeente' ORDER BY niveau, regiocode",
            {"p": p},
        )
    rows = {table: {"dagster/row_count": dg.MetadataValue.int(counts[table])} for table in MONITORING_TABELLEN}
    yield from selected(
        context,
        *(dg.MaterializeResult(asset_key=table, metadata=rows[table])
          for table in ("subregios", "regio_indeling", "monitoring_feiten")),
        dg.MaterializeResult(
            asset_key="monitoring_maand",
            metadata={**rows["monitoring_maand"], "maanden_herberekend": dg.MetadataValue.int(len(rebuilt)),
                      "regios": preview},
            check_results=[
                dg.AssetCheckResult(check_name="telt_de_lijst", passed=mismatch == 0,
                                    metadata={"gemeenten_met_verschil": dg.MetadataValue.int(mismatch)}),
                *gx,
            ],
        ),
        dg.MaterializeResult(asset_key="monitoring_kwartaal", metadata=rows["monitoring_kwartaal"]),
    )


@dg.asset(
    group_name="publicatie",
    partitions_def=monthly_partitions,
    kinds={"csv", "excel"},
    deps=[gemeente_lijst, werklijst_casemanager],
    description="exports/YYYY-MM/GMxxxx/: each municipality's own list (jib_lijst, with BSN) and the "
    "casemanager worklist (without BSN), as CSV and XLSX.",
)
def exports(context: dg.AssetExecutionContext, jib: JibResource) -> dg.MaterializeResult:
    p = peildatum(context)
    month = jib.paths.exports / p.strftime("%Y-%m")
    voor = vingerafdrukken(month)
    with jib.warehouse() as con:
        counts = write_exports(con, p, jib.paths.exports, processen=jib.duckdb_threads)
    anders = gewijzigd(voor, vingerafdrukken(month))
    tekst = gewijzigd_tekst(anders)
    if anders:
        context.log.warning(f"{sum(map(len, anders.values()))} export file(s) of {p:%Y-%m} written before changed, for "
                            f"{len(anders)} gemeente(n); {GEWIJZIGD_HINT}: {tekst}")
    return dg.MaterializeResult(metadata={
        **int_metadata(counts), "map": dg.MetadataValue.path(str(month)),
        "gemeenten_gewijzigd": dg.MetadataValue.int(len(anders)),
        "bestanden_gewijzigd": dg.MetadataValue.text(tekst),
    })


@dg.asset(
    group_name="publicatie",
    kinds={"duckdb"},
    deps=["monitoring_maand", "monitoring_kwartaal", "regio_indeling", gemeenten],
    check_specs=[
        dg.AssetCheckSpec("maanden_sluiten_aan", asset="analytics_database", blocking=True,
                          description="Checked BEFORE the file is written, over all months: per gemeente the list "
                          "of P-1 + instroom - uitstroom = the list of P, every blijft/uitstroom row of P was on "
                          "the list of P-1 and no instroom row was. Refuses to publish otherwise."),
    ],
    description="publish/analytics.duckdb for regional analysts: monitoring figures of the area with small numbers "
    "suppressed, the regions' membership (regio_indeling), no personal data; replaced whole and atomically, "
    "readable by DuckDB 1.4 and later. Metadata: the utility (cells, primary and secondary suppressions, share "
    "of cells of 10+ hidden, the attack's narrowest interval).",
)
def analytics_database(context: dg.AssetExecutionContext, jib: JibResource):
    # Read-write: DuckDB attaches the new file read-only from a read-only connection. Runs are
    # serialised (warehouse lock, run queue), so no other writer is blocked.
    with jib.warehouse() as con:
        breaks = month_chain_breaks(con)
        yield dg.AssetCheckResult(
            check_name="maanden_sluiten_aan", passed=not breaks,
            metadata={"maanden": dg.MetadataValue.text(", ".join(f"{m:%Y-%m}" for m in broken_months(breaks))),
                      "breuken": dg.MetadataValue.int(len(breaks))},
        )
        if breaks:
            raise dg.Failure(description=refusal(breaks))
        counts = publish_analytics(con, jib.paths.publish, processen=jib.duckdb_threads,
                                   voortgang=lambda regel: context.log.info(f"suppression: {regel}"))
    context.log.info("publicatie: " + ", ".join(f"{k}={counts[k]}" for k in UTILITEIT if counts.get(k) is not None))
    yield dg.MaterializeResult(metadata={**publication_metadata(counts), "bestand": dg.MetadataValue.path(str(jib.paths.publish))})


def publication_metadata(counts: dict[str, int | float]) -> dict[str, dg.MetadataValue]:
    """Row counts and the publication's utility (publish/analytics.UTILITEIT) as Dagster metadata: counts as
    int, shares and interval widths as float; a figure the suppression did not report is left out."""
    return {k: dg.MetadataValue.int(v) if isinstance(v, int) else dg.MetadataValue.float(float(v))
            for k, v in counts.items() if v is not None}


@dg.asset(
    group_name="publicatie",
    kinds={"html"},
    deps=[analytics_database],
    description="reports/: the quarterly monitoring report per complete quarter of every fully covered "
    "arbeidsmarktregio, read from publish/analytics.duckdb only (suppressed as published). A report whose published "
    "figures did not change since its file was written stays as it was.",
)
def kwartaalrapporten(jib: JibResource) -> dg.MaterializeResult:
    from jib_assets.report import write_reports

    gedaan = write_reports(jib.paths.publish, jib.paths.reports)
    return dg.MaterializeResult(metadata={
        "rapporten": dg.MetadataValue.int(len(gedaan.geschreven) + len(gedaan.ongewijzigd)),
        "geschreven": dg.MetadataValue.int(len(gedaan.geschreven)),
        "ongewijzigd": dg.MetadataValue.int(len(gedaan.ongewijzigd)),
        "map": dg.MetadataValue.path(str(jib.paths.reports)),
    })


monitoring_assets = [gemeenten, stap_monitoring, exports, analytics_database, kwartaalrapporten]
