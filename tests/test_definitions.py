"""The asset graph is the architecture: a change to it shows up here in review."""

from __future__ import annotations

import dagster as dg

from jib_assets.definitions import defs

EXPECTED_ASSETS = {
    # ingest
    "brp_personen": "ingest", "brp_adressen": "ingest", "duo_diplomas": "ingest", "duo_inschrijvingen": "ingest",
    "uwv_polis": "ingest", "uwv_uitkeringen": "ingest", "kvk_inschrijvingen": "ingest",
    "gemeente_klanten": "ingest", "casemanager_monitoring": "ingest",
    # the chain, in the order of the design card, each step's tables in the group named after it
    "persoon_toestand": "duo_selectie", "duo_beoordeling": "duo_selectie", "duo_selectie": "duo_selectie",
    "ib_verrijking": "ib_verrijking", "ib_lijst": "ib_verrijking",
    "bezwaar_register": "gemeente_filter", "gemeente_filter": "gemeente_filter",
    "gemeente_lijst": "maand_delta", "gemeente_lijst_maanden": "maand_delta", "werklijst_casemanager": "maand_delta",
    "subregios": "monitoring", "regio_indeling": "monitoring", "monitoring_feiten": "monitoring",
    "monitoring_maand": "monitoring", "monitoring_kwartaal": "monitoring",
    # publication and reference
    "exports": "publicatie", "analytics_database": "publicatie", "gemeenten": "referentie",
    "bezwaar_wissing": "privacy", "bewaartermijn": "privacy", "kwartaalrapporten": "publicatie",
}

BLOCKING_CHECKS = {
    ("persoon_toestand", "een_rij_per_persoon"), ("gemeente_filter", "een_categorie_per_persoon"),
    ("ib_verrijking", "elke_geselecteerde_eenmaal"), ("bezwaar_register", "een_rij_per_bezwaar"),
    ("duo_selectie", "niemand_verdwijnt"), ("ib_lijst", "deel_van_selectie"), ("gemeente_lijst", "behoud"),
    ("gemeente_lijst", "categorieen_partitioneren"), ("gemeente_lijst", "gelijk_aan_ib_lijst"),
    ("werklijst_casemanager", "instroom_zzp_benaderen"), ("werklijst_casemanager", "geen_bsn"),
    ("monitoring_maand", "telt_de_lijst"), ("bezwaar_wissing", "niets_identificerends_over"),
    ("bewaartermijn", "geen_ruwe_momentopname_buiten_termijn"),
    ("casemanager_monitoring", "geen_bezwaar_in_quarantaine"),
    ("duo_selectie", "contract"), ("ib_lijst", "contract"), ("gemeente_lijst", "contract"),
    ("werklijst_casemanager", "contract"),
    # Great Expectations suites: value sets and ranges block, distributions warn
    ("duo_selectie", "gx_duo_selectie"), ("ib_lijst", "gx_ib_lijst"), ("gemeente_lijst", "gx_gemeente_lijst"),
    ("werklijst_casemanager", "gx_werklijst_casemanager"), ("monitoring_maand", "gx_monitoring"),
}
WARNING_CHECKS = {
    ("werklijst_casemanager", "bestemming_vs_register"),
    ("casemanager_monitoring", "spreadsheets_compleet_waarschuwing"),
    ("duo_selectie", "gx_duo_selectie_waarschuwing"), ("ib_lijst", "gx_ib_lijst_waarschuwing"),
    ("gemeente_lijst", "gx_gemeente_lijst_waarschuwing"),
    ("werklijst_casemanager", "gx_werklijst_casemanager_waarschuwing"),
}


def _graph():
    return defs.resolve_asset_graph()


def test_definitions_load_and_every_asset_is_in_its_group():
    dg.Definitions.validate_loadable(defs)
    graph = _graph()
    groups = {key.to_user_string(): graph.get(key).group_name for key in graph.get_all_asset_keys()}
    assert groups == EXPECTED_ASSETS


def test_every_month_asset_is_partitioned_by_peildatum():
    graph = _graph()
    for name in EXPECTED_ASSETS:
        node = graph.get(dg.AssetKey(name))
        if name in ("gemeenten", "analytics_database", "kwartaalrapporten"):
            assert node.partitions_def is None
        else:
            keys = node.partitions_def.get_partition_keys()
            assert keys[0] == "2025-01-01" and all(k.endswith("-01") for k in keys)


def test_each_ingest_asset_has_blocking_quarantine_and_contract_checks():
    checks = {(k.asset_key.to_user_string(), k.name): spec.blocking
              for k, spec in ((s.key, s) for a in defs.assets for s in a.check_specs)}
    for name, group in EXPECTED_ASSETS.items():
        if group == "ingest":
            assert checks[(name, "quarantaine_aandeel")] is True
            assert checks[(name, "contract")] is True
    for key in BLOCKING_CHECKS:
        assert checks[key] is True, key
    for key in WARNING_CHECKS:
        assert checks[key] is False, key


# Each chain table's parents: the lineage reads in card order (persoon_toestand -> selection ->
# enrichment -> filter -> delta -> worklist -> monitoring), never back from a later step to an earlier one.
CHAIN_PARENTS = {
    "persoon_toestand": {"brp_personen", "brp_adressen", "duo_diplomas", "duo_inschrijvingen", "uwv_polis",
                         "uwv_uitkeringen", "kvk_inschrijvingen", "gemeente_klanten"},
    "duo_beoordeling": {"persoon_toestand"},
    "duo_selectie": {"duo_beoordeling"},
    "ib_verrijking": {"duo_selectie", "persoon_toestand"},
    "ib_lijst": {"ib_verrijking"},
    "bezwaar_register": {"casemanager_monitoring"},
    "gemeente_filter": {"ib_lijst", "persoon_toestand", "bezwaar_register"},
    "gemeente_lijst": {"gemeente_filter", "persoon_toestand", "bezwaar_register", "brp_personen", "brp_adressen",
                       "gemeente_lijst"},
    "gemeente_lijst_maanden": {"gemeente_lijst"},
    "werklijst_casemanager": {"gemeente_lijst"},
    "subregios": {"gemeenten"},
    "regio_indeling": {"gemeenten", "subregios"},
    "monitoring_feiten": {"gemeente_lijst", "werklijst_casemanager", "casemanager_monitoring", "uwv_polis",
                          "brp_personen", "brp_adressen", "duo_diplomas", "duo_inschrijvingen", "persoon_toestand",
                          "regio_indeling"},
    "monitoring_maand": {"monitoring_feiten", "regio_indeling"},
    "monitoring_kwartaal": {"monitoring_feiten", "regio_indeling"},
}
CARD_ORDER = ("referentie", "ingest", "duo_selectie", "ib_verrijking", "gemeente_filter", "maand_delta", "monitoring")


def test_the_chain_reads_forward_in_card_order():
    graph = _graph()
    groups = {key.to_user_string(): graph.get(key).group_name for key in graph.get_all_asset_keys()}
    for name, parents in CHAIN_PARENTS.items():
        assert {k.to_user_string() for k in graph.get(dg.AssetKey(name)).parent_keys} == parents, name
        for parent in parents:
            assert CARD_ORDER.index(groups[parent]) <= CARD_ORDER.index(groups[name]), (parent, name)


def test_delta_depends_on_every_earlier_month_of_itself():
    graph = _graph()
    node = graph.get(dg.AssetKey("gemeente_lijst"))
    assert dg.AssetKey("gemeente_lijst") in node.parent_keys
    mapping = graph.get_partition_mapping(dg.AssetKey("gemeente_lijst"), dg.AssetKey("gemeente_lijst"))
    assert isinstance(mapping, dg.TimeWindowPartitionMapping)
    assert mapping.end_offset == -1 and mapping.start_offset <= -99
    parents = graph.get_parent_partition_keys_for_child(
        "2025-04-01", dg.AssetKey("gemeente_lijst"), dg.AssetKey("gemeente_lijst")
    ).partitions_subset.get_partition_keys()
    assert sorted(parents) == ["2025-01-01", "2025-02-01", "2025-03-01"]


def test_jobs_schedule_and_sensors_are_defined():
    assert {j.name for j in defs.jobs} >= {"jib_maand", "jib_publicatie"}
    assert {s.name for s in defs.schedules} == {"jib_maandelijks"}
    assert {s.name for s in defs.sensors} == {"levering_compleet", "latere_maanden_bijwerken", "publiceer_na_maand"}
