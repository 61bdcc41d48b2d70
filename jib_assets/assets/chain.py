"""Steps 1 to 4 of the chain as monthly assets, in the order of the design card, each step in the group
named after it: duo_selectie (persoon_toestand, duo_beoordeling, duo_selectie) -> ib_verrijking
(ib_verrijking, ib_lijst) -> gemeente_filter (bezwaar_register, gemeente_filter) -> maand_delta
(gemeente_lijst, gemeente_lijst_maanden, werklijst_casemanager). Every table a step writes is an asset
(or a spec of its step's multi_asset) with its checks beside it.

The casemanager's worklist belongs to step 3 in rules.md, but it is the *instroom* of zzp and benaderen:
it needs step 4's delta status. It is therefore the last asset of group maand_delta, right after
gemeente_lijst, so the lineage reads forward (filter -> delta -> worklist -> monitoring) instead of
going back from the delta to the filter.

gemeente_lijst depends on its own earlier months (the delta compares P with P-1, and `terugkeer` looks at
every month before): the partition mapping covers every earlier month, so that rerunning month M marks
every later materialised month of the delta unsynced in the UI, not only M+1.
"""


import dagster as dg

from jib_assets.assets.common import (
    contract_check,
    contract_spec,
    counts_table,
    gx_checks,
    int_metadata,
    peildatum,
    selected,
    vereis_momentopname,
)
from jib_assets.chain.duo_selectie import ander_gebied, build_duo_selectie, reconcile_duo_selectie
from jib_assets.chain.gemeente_filter import build_gemeente_filter, filter_matches_ib_lijst, register_repeats
from jib_assets.chain.ib_verrijking import build_ib_lijst, enrichment_matches_selection
from jib_assets.chain.maand_delta import (
    build_gemeente_lijst,
    build_werklijst,
    categories_partition,
    conservation,
    ib_lijst_mismatch,
)
from jib_assets.chain.persoon_toestand import (
    build_persoon_toestand,
    buiten_doelgroep,
    income_month,
    one_row_per_person,
)
from jib_assets.db import scalar, sql
from jib_assets.explain.bestemming import beschrijving as bestemming_beschrijving
from jib_assets.explain.bestemming import build_bestemming_afwijking
from jib_assets.parameters import INKOMENSGRENS
from jib_assets.partitions import monthly_partitions
from jib_assets.quality import expectations, gx_context, reconciliation
from jib_assets.reference import gebied_selectie
from jib_assets.resources import JibResource
from jib_assets.settings import pseudonym_key

PER_GEMEENTE = (
    "SELECT {col} AS gemeentecode, count(*) AS personen FROM {table} "
    "WHERE peildatum = $p GROUP BY ALL ORDER BY 1"
)

# Dagster checks a partition's dependencies for staleness only when they are fewer than 100, and a
# self-dependent asset's at all only while it has fewer than 100 partitions (dagster
# _core/definitions/data_version.py): 99 earlier months is "every earlier month" for 8 years of runs.
EERDERE_MAANDEN = 99
ALLE_EERDERE_MAANDEN = dg.TimeWindowPartitionMapping(start_offset=-EERDERE_MAANDEN, end_offset=-1)


@dg.asset(
    group_name="duo_selectie",
    partitions_def=monthly_partitions,
    kinds={"duckdb"},
    deps=[
        "brp_personen", "brp_adressen", "duo_diplomas", "duo_inschrijvingen", "uwv_polis", "uwv_uitkeringen",
        "kvk_inschrijvingen", "gemeente_klanten",
    ],
    check_specs=[
        dg.AssetCheckSpec("een_rij_per_persoon", asset="persoon_toestand", blocking=True,
                          description="One row per DUO-known person (jib_id) per peildatum."),
    ],
    description="Each DUO-known person's state on the peildatum, computed once: age, woongemeente and "
    "address count, death, emigration, highest diploma, last education, enrolment, startkwalificatie, "
    "income of the income month against the threshold, benefit, client scheme (bekend), KvK (zzp), "
    "and the jib_id of those of target age on P or P-1. Selection, enrichment, filtering and the "
    "uitstroom reason all read it. Someone no rule can need (one BRP record with a birth date, not of target "
    "age on P or P-1) gets no row: table buiten_doelgroep counts them per reason.",
)
def persoon_toestand(context: dg.AssetExecutionContext, jib: JibResource) -> dg.MaterializeResult:
    p = peildatum(context)
    grens = INKOMENSGRENS.on(p)
    gx_context.importeer_vooraf()  # for the suites of the steps after it; DuckDB holds no Python lock
    with jib.warehouse() as con:
        vereis_momentopname(con, p)
        rows = build_persoon_toestand(con, p, pseudonym_key(), inkomensgrens=grens)
        dubbel = one_row_per_person(con, p)
        preview = counts_table(
            con,
            "SELECT count(*) AS personen, count(*) FILTER (WHERE in_brp) AS in_brp, "
            "count(*) FILTER (WHERE doelgroepleeftijd) AS leeftijd_23_26, "
            "count(*) FILTER (WHERE bsn IS NULL) AS gewist FROM persoon_toestand WHERE peildatum = $p",
            {"p": p},
        )
        buiten = buiten_doelgroep(con, p)
    return dg.MaterializeResult(
        metadata={
            "dagster/row_count": dg.MetadataValue.int(rows),
            "buiten_doelgroep": dg.MetadataValue.int(buiten),
            "inkomensgrens": dg.MetadataValue.float(float(grens)),
            "inkomensmaand": dg.MetadataValue.text(income_month(p).isoformat()),
            "overzicht": preview,
        },
        check_results=[
            dg.AssetCheckResult(check_name="een_rij_per_persoon", passed=dubbel == 0,
                                metadata={"personen_dubbel": dg.MetadataValue.int(dubbel)}),
        ],
    )


@dg.multi_asset(
    name="stap_duo_selectie",
    group_name="duo_selectie",
    partitions_def=monthly_partitions,
    can_subset=True,
    specs=[
        dg.AssetSpec(
            "duo_beoordeling", deps=[persoon_toestand], kinds={"duckdb"},
            description="rules.md 1: every DUO-known person with the outcome (geselecteerd, uitgesloten, "
            "quarantaine) and the first failing condition; buiten_gebied for a woongemeente outside JIB_GEBIED.",
        ),
        dg.AssetSpec(
            "duo_selectie", deps=["duo_beoordeling"], kinds={"duckdb"},
            description="rules.md 1: DUO-known persons aged 23-26 on the peildatum, without startkwalificatie, "
            "not in education, resident with one address (their woongemeente) in the deployment's area.",
        ),
    ],
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
)
def stap_duo_selectie(context: dg.AssetExecutionContext, jib: JibResource):
    p = peildatum(context)
    gebied = gebied_selectie(jib.gebied)
    with jib.warehouse() as con:
        vereis_momentopname(con, p)
        weigering = ander_gebied(con, p, gebied)
        if weigering:
            raise dg.Failure(description=weigering)
        counts = build_duo_selectie(con, p, gebied)
        recon = reconcile_duo_selectie(con, p, pseudonym_key())
        reasons = counts_table(con, sql("duo_beoordeling_redenen"), {"peildatum": p})
        beoordeeld = scalar(con, "SELECT count(*) FROM duo_beoordeling WHERE peildatum = $p", {"p": p})
        preview = counts_table(con, PER_GEMEENTE.format(col="woongemeente", table="duo_selectie"), {"p": p})
        checks = [contract_check(con, "duo_selectie", p), *gx_checks(con, "duo_selectie", p, jib.paths.data_docs)]
    yield from selected(
        context,
        dg.MaterializeResult(
            asset_key="duo_beoordeling",
            metadata={"dagster/row_count": dg.MetadataValue.int(beoordeeld),
                      "duo_bekend": dg.MetadataValue.int(counts.get("duo_bekend", 0)), "per_uitkomst": reasons},
        ),
        dg.MaterializeResult(
            asset_key="duo_selectie",
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
        ),
    )


@dg.multi_asset(
    name="stap_ib_verrijking",
    group_name="ib_verrijking",
    partitions_def=monthly_partitions,
    can_subset=True,
    specs=[
        dg.AssetSpec(
            "ib_verrijking", deps=["duo_selectie", persoon_toestand], kinds={"duckdb"},
            description="rules.md 2: every selected person with income from work of the income month, "
            "benefit, the threshold in force, and op_lijst.",
        ),
        dg.AssetSpec(
            "ib_lijst", deps=["ib_verrijking"], kinds={"duckdb"},
            description="rules.md 2: the JIB list: selected persons with income from work below the "
            "threshold and no benefit on the peildatum.",
        ),
    ],
    check_specs=[
        dg.AssetCheckSpec(
            "elke_geselecteerde_eenmaal", asset="ib_verrijking", blocking=True,
            description="Every selected person of the month is enriched exactly once, nobody else.",
        ),
        dg.AssetCheckSpec(
            "deel_van_selectie",
            asset="ib_lijst",
            blocking=True,
            description="The IB list is a subset of the DUO selection of the same month.",
        ),
        contract_spec("ib_lijst"),
        *expectations.check_specs("ib_lijst"),
    ],
)
def stap_ib_verrijking(context: dg.AssetExecutionContext, jib: JibResource):
    p = peildatum(context)
    with jib.warehouse() as con:
        vereis_momentopname(con, p)
        counts = build_ib_lijst(con, p)
        enriched = enrichment_matches_selection(con, p)
        extra = reconciliation.ib_lijst_not_in_selectie(con, p)
        preview = counts_table(con, PER_GEMEENTE.format(col="woongemeente", table="ib_lijst"), {"p": p})
        checks = [contract_check(con, "ib_lijst", p), *gx_checks(con, "ib_lijst", p, jib.paths.data_docs)]
    yield from selected(
        context,
        dg.MaterializeResult(
            asset_key="ib_verrijking",
            metadata={**int_metadata(counts), "inkomensgrens": dg.MetadataValue.float(float(INKOMENSGRENS.on(p))),
                      "dagster/row_count": dg.MetadataValue.int(counts["geselecteerd"])},
            check_results=[
                dg.AssetCheckResult(check_name="elke_geselecteerde_eenmaal", passed=enriched == 0,
                                    metadata={"verschil": dg.MetadataValue.int(enriched)}),
            ],
        ),
        dg.MaterializeResult(
            asset_key="ib_lijst",
            metadata={"dagster/row_count": dg.MetadataValue.int(counts["op_lijst"]), "per_woongemeente": preview},
            check_results=[
                dg.AssetCheckResult(
                    check_name="deel_van_selectie", passed=extra == 0,
                    metadata={"niet_in_selectie": dg.MetadataValue.int(extra)},
                ),
                *checks,
            ],
        ),
    )


@dg.multi_asset(
    name="stap_gemeente_filter",
    group_name="gemeente_filter",
    partitions_def=monthly_partitions,
    can_subset=True,
    specs=[
        dg.AssetSpec(
            "bezwaar_register", deps=["casemanager_monitoring"], kinds={"duckdb"},
            description="rules.md 3, opt-out: the keyed pseudonym of every youth in objection and the first "
            "month a casemanager spreadsheet marked it; only grows. All that is kept to honour an objection.",
        ),
        dg.AssetSpec(
            "gemeente_filter", deps=["ib_lijst", persoon_toestand, "bezwaar_register"], kinds={"duckdb"},
            description="rules.md 3: per person on the list, in their woongemeente, the one categorie "
            "(bezwaar, bekend, zzp, benaderen) and the jib_id.",
        ),
    ],
    check_specs=[
        dg.AssetCheckSpec("een_rij_per_bezwaar", asset="bezwaar_register", blocking=True,
                          description="One row per jib_id in objection, with the first month it was marked."),
        dg.AssetCheckSpec("een_categorie_per_persoon", asset="gemeente_filter", blocking=True,
                          description="The filter holds exactly the IB list, each person once in their "
                          "woongemeente, with one of the four categories."),
    ],
)
def stap_gemeente_filter(context: dg.AssetExecutionContext, jib: JibResource):
    p = peildatum(context)
    with jib.warehouse() as con:
        vereis_momentopname(con, p)
        counts = build_gemeente_filter(con, p)
        repeats = register_repeats(con)
        mismatch = filter_matches_ib_lijst(con, p)
        preview = counts_table(
            con, "SELECT gemeentecode, categorie, count(*) AS personen FROM gemeente_filter WHERE peildatum = $p "
            "GROUP BY ALL ORDER BY 1, 2", {"p": p},
        )
    yield from selected(
        context,
        dg.MaterializeResult(
            asset_key="bezwaar_register",
            metadata={"dagster/row_count": dg.MetadataValue.int(counts.pop("bezwaar_register"))},
            check_results=[
                dg.AssetCheckResult(check_name="een_rij_per_bezwaar", passed=repeats == 0,
                                    metadata={"jib_ids_dubbel": dg.MetadataValue.int(repeats)}),
            ],
        ),
        dg.MaterializeResult(
            asset_key="gemeente_filter",
            metadata={**int_metadata(counts), "per_gemeente": preview,
                      "dagster/row_count": dg.MetadataValue.int(counts["op_lijst"])},
            check_results=[
                dg.AssetCheckResult(check_name="een_categorie_per_persoon", passed=mismatch == 0,
                                    metadata={"verschil": dg.MetadataValue.int(mismatch)}),
            ],
        ),
    )


@dg.multi_asset(
    name="stap_maand_delta",
    group_name="maand_delta",
    partitions_def=monthly_partitions,
    can_subset=True,
    specs=[
        dg.AssetSpec(
            "gemeente_lijst",
            deps=[
                "gemeente_filter", persoon_toestand, "bezwaar_register", "brp_personen", "brp_adressen",
                dg.AssetDep("gemeente_lijst", partition_mapping=ALLE_EERDERE_MAANDEN),
            ],
            kinds={"duckdb"},
            description="rules.md 3-4: per gemeente the list with categorie, delta status (instroom, blijft, "
            "uitstroom) with its kind or reason, datum_instroom, jib_id and NAW.",
        ),
        dg.AssetSpec(
            "gemeente_lijst_maanden", deps=["gemeente_lijst"], kinds={"duckdb"},
            description="The months the delta processed (and whether each was the first), so a month whose "
            "lists were all empty still counts as processed.",
        ),
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
)
def stap_maand_delta(context: dg.AssetExecutionContext, jib: JibResource):
    p = peildatum(context)
    with jib.warehouse() as con:
        vereis_momentopname(con, p)
        counts = build_gemeente_lijst(con, p)
        violations = conservation(con, p)
        partitioned = categories_partition(con, p)
        mismatch = ib_lijst_mismatch(con, p)
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
    yield from selected(
        context,
        dg.MaterializeResult(
            asset_key="gemeente_lijst",
            metadata={**int_metadata(counts), "per_gemeente": preview},
            check_results=[
                dg.AssetCheckResult(check_name="behoud", passed=not violations,
                                    metadata={"gemeenten_in_strijd": dg.MetadataValue.text(", ".join(violations))}),
                dg.AssetCheckResult(check_name="categorieen_partitioneren", passed=bool(partitioned)),
                dg.AssetCheckResult(check_name="gelijk_aan_ib_lijst", passed=mismatch == 0,
                                    metadata={"verschil": dg.MetadataValue.int(mismatch)}),
                *checks,
            ],
        ),
        dg.MaterializeResult(
            asset_key="gemeente_lijst_maanden",
            metadata={"eerste_maand": dg.MetadataValue.bool(bool(counts["eerste_maand"]))},
        ),
    )


@dg.asset(
    group_name="maand_delta",
    partitions_def=monthly_partitions,
    kinds={"duckdb"},
    deps=["gemeente_lijst"],
    check_specs=[
        dg.AssetCheckSpec("instroom_zzp_benaderen", asset="werklijst_casemanager", blocking=True,
                          description="The worklist is exactly the instroom of categorie zzp and benaderen."),
        dg.AssetCheckSpec("geen_bsn", asset="werklijst_casemanager", blocking=True,
                          description="The worklist has no BSN column."),
        contract_spec("werklijst_casemanager"),
        *expectations.check_specs("werklijst_casemanager"),
        dg.AssetCheckSpec("bestemming_vs_register", asset="werklijst_casemanager", blocking=False,
                          description="Warns when a casemanager recorded an outflow the deliveries can show (bestemming "
                          "opleiding, werk, uitkering or verhuizing) more than three months ago and the youth is "
                          "still on the list; jib_ids in table bestemming_afwijking."),
    ],
    description="rules.md 3: the casemanager's worklist: the new inflow (the delta's instroom) of categorie "
    "zzp and benaderen, with name and address, jib_id and card variant, never a BSN.",
)
def werklijst_casemanager(context: dg.AssetExecutionContext, jib: JibResource) -> dg.MaterializeResult:
    p = peildatum(context)
    with jib.warehouse() as con:
        rows = build_werklijst(con, p)
        afwijking = build_bestemming_afwijking(con, p)
        mismatch = reconciliation.werklijst_mismatch(con, p)
        bsn_columns = reconciliation.werklijst_columns_with_bsn(con)
        checks = [
            contract_check(con, "werklijst_casemanager", p),
            *gx_checks(con, "werklijst_casemanager", p, jib.paths.data_docs),
        ]
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
            dg.AssetCheckResult(
                check_name="bestemming_vs_register", passed=not afwijking, severity=dg.AssetCheckSeverity.WARN,
                description=bestemming_beschrijving(afwijking),
                metadata={"afwijkingen": dg.MetadataValue.int(sum(afwijking.values())),
                          "per_gemeente": dg.MetadataValue.json(afwijking)},
            ),
            *checks,
        ],
    )


# The delta's table, for the assets downstream of it (monitoring, exports) to depend on by key.
gemeente_lijst = dg.AssetKey("gemeente_lijst")

chain_assets = [
    persoon_toestand, stap_duo_selectie, stap_ib_verrijking, stap_gemeente_filter, stap_maand_delta,
    werklijst_casemanager,
]
