"""Steps 1 to 4 of the chain as monthly assets: DUO selection, IB enrichment, municipal filtering
and the monthly delta, each with its checks beside it."""


import dagster as dg

from jib_assets.assets.common import contract_check, contract_spec, counts_table, gx_checks, int_metadata, peildatum
from jib_assets.chain.duo_selectie import build_duo_selectie, reconcile_duo_selectie
from jib_assets.chain.gemeente_filter import build_werklijst
from jib_assets.chain.ib_verrijking import build_ib_lijst
from jib_assets.chain.maand_delta import build_gemeente_lijst, categories_partition, conservation, ib_lijst_mismatch
from jib_assets.parameters import BEKEND_REGELINGEN, INKOMEN_LAG_MAANDEN, INKOMENSGRENS
from jib_assets.partitions import monthly_partitions
from jib_assets.quality import expectations, reconciliation
from jib_assets.resources import JibResource
from jib_assets.settings import pseudonym_key

PER_GEMEENTE = (
    "SELECT {col} AS gemeentecode, count(*) AS personen FROM {table} "
    "WHERE peildatum = $p GROUP BY ALL ORDER BY 1"
)


@dg.asset(
    group_name="duo_selectie",
    partitions_def=monthly_partitions,
    kinds={"duckdb"},
    deps=["brp_personen", "brp_adressen", "duo_diplomas", "duo_inschrijvingen"],
    check_specs=[
        dg.AssetCheckSpec(
            "niemand_verdwijnt",
            asset="duo_selectie",
            blocking=True,
            description="Every DUO-known person is selected, excluded for a stated reason, or quarantined.",
        ),
        contract_spec("duo_selectie"),
        *expectations.check_specs("duo_selectie"),
    ],
    description="rules.md 1: DUO-known persons aged 23-26 on the peildatum, without startkwalificatie, "
    "not in education, resident with one address (their woongemeente).",
)
def duo_selectie(context: dg.AssetExecutionContext, jib: JibResource) -> dg.MaterializeResult:
    p = peildatum(context)
    with jib.warehouse() as con:
        counts = build_duo_selectie(con, p)
        recon = reconcile_duo_selectie(con, p)
        preview = counts_table(con, PER_GEMEENTE.format(col="woongemeente", table="duo_selectie"), {"p": p})
        checks = [contract_check(con, "duo_selectie", p), *gx_checks(con, "duo_selectie", p, jib.paths.data_docs)]
    return dg.MaterializeResult(
        metadata={**int_metadata(counts), "per_woongemeente": preview,
                  "dagster/row_count": dg.MetadataValue.int(counts.get("geselecteerd", 0))},
        check_results=[
            dg.AssetCheckResult(
                check_name="niemand_verdwijnt",
                passed=bool(recon["ok"]),
                metadata=int_metadata({k: v for k, v in recon.items() if k != "ok"}),
            ),
            *checks,
        ],
    )


@dg.asset(
    group_name="ib_verrijking",
    partitions_def=monthly_partitions,
    kinds={"duckdb"},
    deps=[duo_selectie, "uwv_polis", "uwv_uitkeringen"],
    check_specs=[
        dg.AssetCheckSpec(
            "deel_van_selectie",
            asset="ib_lijst",
            blocking=True,
            description="The IB list is a subset of the DUO selection of the same month.",
        ),
        contract_spec("ib_lijst"),
        *expectations.check_specs("ib_lijst"),
    ],
    description="rules.md 2: the JIB list: selected persons with income from work below the threshold "
    "and no benefit on the peildatum.",
)
def ib_lijst(context: dg.AssetExecutionContext, jib: JibResource) -> dg.MaterializeResult:
    p = peildatum(context)
    grens = INKOMENSGRENS.on(p)
    with jib.warehouse() as con:
        counts = build_ib_lijst(con, p, grens, INKOMEN_LAG_MAANDEN)
        extra = reconciliation.ib_lijst_not_in_selectie(con, p)
        preview = counts_table(con, PER_GEMEENTE.format(col="woongemeente", table="ib_lijst"), {"p": p})
        checks = [contract_check(con, "ib_lijst", p), *gx_checks(con, "ib_lijst", p, jib.paths.data_docs)]
    return dg.MaterializeResult(
        metadata={**int_metadata(counts), "inkomensgrens": dg.MetadataValue.float(float(grens)),
                  "per_woongemeente": preview},
        check_results=[
            dg.AssetCheckResult(
                check_name="deel_van_selectie", passed=extra == 0,
                metadata={"niet_in_selectie": dg.MetadataValue.int(extra)},
            ),
            *checks,
        ],
    )


@dg.asset(
    group_name="maand_delta",
    partitions_def=monthly_partitions,
    kinds={"duckdb"},
    deps=[
        ib_lijst, "brp_personen", "brp_adressen", "duo_diplomas", "duo_inschrijvingen", "uwv_polis",
        "uwv_uitkeringen", "kvk_inschrijvingen", "gemeente_klanten", "casemanager_monitoring",
        dg.AssetDep("gemeente_lijst", partition_mapping=dg.TimeWindowPartitionMapping(start_offset=-1, end_offset=-1)),
    ],
    check_specs=[
        dg.AssetCheckSpec("behoud", asset="gemeente_lijst", blocking=True,
                          description="Per gemeente: on list at P-1 + instroom - uitstroom = on list at P."),
        dg.AssetCheckSpec("categorieen_partitioneren", asset="gemeente_lijst", blocking=True,
                          description="Every person on the list has exactly one categorie."),
        dg.AssetCheckSpec("gelijk_aan_ib_lijst", asset="gemeente_lijst", blocking=True,
                          description="The persons on the municipal lists are exactly the IB list."),
        contract_spec("gemeente_lijst"),
        *expectations.check_specs("gemeente_lijst"),
    ],
    description="rules.md 3-4: per gemeente the list with categorie (bezwaar, bekend, zzp, benaderen), "
    "delta status (instroom, blijft, uitstroom) with its kind or reason, datum_instroom, jib_id and NAW.",
)
def gemeente_lijst(context: dg.AssetExecutionContext, jib: JibResource) -> dg.MaterializeResult:
    p = peildatum(context)
    key = pseudonym_key()
    with jib.warehouse() as con:
        counts = build_gemeente_lijst(
            con, p, key, bekend_regelingen=BEKEND_REGELINGEN,
            inkomensgrens=INKOMENSGRENS.on(p), lag_maanden=INKOMEN_LAG_MAANDEN,
        )
        violations = conservation(con, p)
        partitioned = categories_partition(con, p)
        mismatch = ib_lijst_mismatch(con, p, key)
        checks = [contract_check(con, "gemeente_lijst", p), *gx_checks(con, "gemeente_lijst", p, jib.paths.data_docs)]
        preview = counts_table(
            con,
            "SELECT gemeentecode, count(*) FILTER (WHERE status <> 'uitstroom') AS op_lijst, "
            "count(*) FILTER (WHERE status = 'instroom') AS instroom, "
            "count(*) FILTER (WHERE status = 'uitstroom') AS uitstroom, "
            "count(*) FILTER (WHERE status <> 'uitstroom' AND categorie = 'benaderen') AS benaderen, "
            "count(*) FILTER (WHERE status <> 'uitstroom' AND categorie = 'zzp') AS zzp, "
            "count(*) FILTER (WHERE status <> 'uitstroom' AND categorie = 'bekend') AS bekend, "
            "count(*) FILTER (WHERE status <> 'uitstroom' AND categorie = 'bezwaar') AS bezwaar "
            "FROM gemeente_lijst WHERE peildatum = $p GROUP BY ALL ORDER BY 1",
            {"p": p},
        )
    return dg.MaterializeResult(
        metadata={**int_metadata(counts), "per_gemeente": preview},
        check_results=[
            dg.AssetCheckResult(check_name="behoud", passed=not violations,
                                metadata={"gemeenten_in_strijd": dg.MetadataValue.text(", ".join(violations))}),
            dg.AssetCheckResult(check_name="categorieen_partitioneren", passed=bool(partitioned)),
            dg.AssetCheckResult(check_name="gelijk_aan_ib_lijst", passed=mismatch == 0,
                                metadata={"verschil": dg.MetadataValue.int(mismatch)}),
            *checks,
        ],
    )


@dg.asset(
    group_name="gemeente_filter",
    partitions_def=monthly_partitions,
    kinds={"duckdb"},
    deps=[gemeente_lijst],
    check_specs=[
        dg.AssetCheckSpec("instroom_zzp_benaderen", asset="werklijst_casemanager", blocking=True,
                          description="The worklist is exactly the instroom of categorie zzp and benaderen."),
        dg.AssetCheckSpec("geen_bsn", asset="werklijst_casemanager", blocking=True,
                          description="The worklist has no BSN column."),
        contract_spec("werklijst_casemanager"),
        *expectations.check_specs("werklijst_casemanager"),
    ],
    description="rules.md 3: the casemanager's worklist: new inflow to approach, with name and address, "
    "jib_id and card variant, never a BSN.",
)
def werklijst_casemanager(context: dg.AssetExecutionContext, jib: JibResource) -> dg.MaterializeResult:
    p = peildatum(context)
    with jib.warehouse() as con:
        rows = build_werklijst(con, p)
        mismatch = reconciliation.werklijst_mismatch(con, p)
        bsn_columns = reconciliation.werklijst_columns_with_bsn(con)
        checks = [contract_check(con, "werklijst_casemanager", p), *gx_checks(con, "werklijst_casemanager", p, jib.paths.data_docs)]
        preview = counts_table(
            con,
            "SELECT gemeentecode, categorie, count(*) AS personen FROM werklijst_casemanager "
            "WHERE peildatum = $p GROUP BY ALL ORDER BY 1, 2",
            {"p": p},
        )
    return dg.MaterializeResult(
        metadata={"dagster/row_count": dg.MetadataValue.int(rows), "per_gemeente": preview},
        check_results=[
            dg.AssetCheckResult(check_name="instroom_zzp_benaderen", passed=mismatch == 0,
                                metadata={"verschil": dg.MetadataValue.int(mismatch)}),
            dg.AssetCheckResult(check_name="geen_bsn", passed=not bsn_columns),
            *checks,
        ],
    )


chain_assets = [duo_selectie, ib_lijst, gemeente_lijst, werklijst_casemanager]
