"""The asset graph is the architecture: a change to it shows up here in review."""

from __future__ import annotations

import dagster as dg

from jib_assets.definitions import defs

EXPECTED_ASSETS = {
    # ingest
    "brp_personen": "ingest", "brp_adressen": "ingest", "duo_diplomas": "ingest", "duo_inschrijvingen": "ingest",
    "uwv_polis": "ingest", "uwv_uitkeringen": "ingest", "kvk_inschrijvingen": "ingest",
    "gemeente_klanten": "ingest", "casemanager_monitoring": "ingest",
    # the chain
    "duo_selectie": "duo_selectie", "ib_lijst": "ib_verrijking", "gemeente_lijst": "maand_delta",
    "werklijst_casemanager": "gemeente_filter", "monitoring": "monitoring",
    # publication and reference
    "exports": "publicatie", "analytics_database": "publicatie", "gemeenten": "referentie",
    "bezwaar_wissing": "privacy", "kwartaalrapporten": "publicatie",
}

BLOCKING_CHECKS = {
    ("duo_selectie", "niemand_verdwijnt"), ("ib_lijst", "deel_van_selectie"), ("gemeente_lijst", "behoud"),
    ("gemeente_lijst", "categorieen_partitioneren"), ("gemeente_lijst", "gelijk_aan_ib_lijst"),
    ("werklijst_casemanager", "instroom_zzp_benaderen"), ("werklijst_casemanager", "geen_bsn"),
    ("monitoring", "telt_de_lijst"), ("bezwaar_wissing", "niets_identificerends_over"),
    ("duo_selectie", "contract"), ("ib_lijst", "contract"), ("gemeente_lijst", "contract"),
    ("werklijst_casemanager", "contract"),
    # Great Expectations suites: value sets and ranges block, distributions warn
    ("duo_selectie", "gx_duo_selectie"), ("ib_lijst", "gx_ib_lijst"), ("gemeente_lijst", "gx_gemeente_lijst"),
    ("werklijst_casemanager", "gx_werklijst_casemanager"), ("monitoring", "gx_monitoring"),
}
WARNING_CHECKS = {
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


def test_delta_depends_on_its_own_previous_month():
    graph = _graph()
    node = graph.get(dg.AssetKey("gemeente_lijst"))
    assert dg.AssetKey("gemeente_lijst") in node.parent_keys
    mapping = graph.get_partition_mapping(dg.AssetKey("gemeente_lijst"), dg.AssetKey("gemeente_lijst"))
    assert isinstance(mapping, dg.TimeWindowPartitionMapping)
    assert (mapping.start_offset, mapping.end_offset) == (-1, -1)


def test_jobs_schedule_and_sensors_are_defined():
    assert {j.name for j in defs.jobs} >= {"jib_maand", "jib_publicatie"}
    assert {s.name for s in defs.schedules} == {"jib_maandelijks"}
    assert {s.name for s in defs.sensors} == {"levering_compleet", "latere_maanden_bijwerken", "publiceer_na_maand"}
