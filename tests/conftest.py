"""Shared fixtures: an in-memory DuckDB with the rule macros, and a demo pseudonym key; and which tests
are slow. Builders (BSNs, register-shaped frames, `jib` in a subprocess) are in tests/builders.py."""

from __future__ import annotations

import gc
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Nothing of jib_assets (nor tests.builders, which loads the schema register and with it Dagster and pandera)
# is imported here at module level: pytest-xdist's controller loads this file too but runs no test, and those
# imports cost it about 3 s of CPU before it starts the workers. The fixtures import what they use.

# Some shells (the project's shared machines among them) set PYTHONDONTWRITEBYTECODE, so every interpreter
# the tests start (the xdist workers, each `jib` subprocess) compiled the package and pytest rewrote every test
# module from source again: about 2 s of CPU per interpreter. The suite caches bytecode (__pycache__ is ignored
# by git) in this process and in every process it starts.
sys.dont_write_bytecode = False
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

TEST_KEY = "test-key-not-secret"

# Kept out of the fast loop (`pytest -m "not slow" -n 2`), in one place: each generates deliveries, runs the
# chain over several months or a published database, starts Great Expectations or a second Python, or
# searches with hypothesis. A test goes here only while a fast test of the same rule or path stays in the loop.
SLOW_MODULES = {
    "test_end_to_end.py", "test_privacy_logs.py", "test_dirty_run.py", "test_privacy_erasure.py", "test_synth.py",
    "test_synth_dirty.py", "test_report.py", "test_cookbook.py", "test_expectations.py",
    "test_ingest_properties.py",
}
SLOW_TESTS = {
    "test_analytics.py::test_duckdb_1_4_and_the_current_duckdb_both_open_the_published_file",
    # two spawned Pythons; the fast loop keeps test_the_same_figures_always_give_the_same_hidden_set
    "test_suppression.py::test_components_solved_in_two_processes_give_what_one_process_gives",
    # two spawned Pythons; the fast loop keeps test_rerun_writes_the_same_bytes
    "test_exports.py::test_folders_written_in_two_processes_are_the_files_one_process_writes",
    "test_dictionary.py::test_the_guide_dictionary_equals_the_generated_one",
    "test_dictionary.py::test_every_published_table_and_column_is_in_the_dictionary_with_its_comment",
    "test_plumbing.py::test_the_ingest_benchmark_runs_on_a_small_delivery",
    # three months of Schiermonnikoog, each its own `jib run`; the fast loop keeps
    # test_cli_run_options.py::test_a_run_without_its_publication_runs_the_month_and_leaves_the_analysts_database_alone
    "test_benchmark.py::test_the_months_alone_three_runs_without_a_publication_and_their_growth",
    "test_plumbing.py::test_the_first_month_is_read_when_the_definitions_load_not_at_import",
    # `jib run` over four months of Weert (about 7 minutes of the fast loop's 13 on a loaded machine). The
    # fast tests of the same rules stay: test_snapshots_before_the_window_go_and_the_lists_stay,
    # test_the_window_counts_from_the_latest_peildatum_..., test_archiving_moves_folders_out_of_the_data_...
    "test_privacy_bewaartermijn.py::test_after_four_months_no_delivery_is_left_and_the_states_keep_the_latest_month",
    "test_privacy_bewaartermijn.py::test_a_rerun_inside_the_window_works_and_gives_the_same_list",
    "test_privacy_bewaartermijn.py::test_the_landing_command_lists_then_archives_outside_the_data_folder",
    # `jib synth` and two months of Weert under key A. The fast tests of the same guard stay:
    # test_another_key_is_refused_with_what_happened_and_what_to_do, test_rotation_refuses_when_an_objector_...,
    # test_a_second_rotation_maps_the_oldest_jib_ids_to_the_newest_key.
    "test_sleutel.py::test_month_3_with_another_key_and_no_rotation_is_refused",
    "test_sleutel.py::test_rotation_keeps_the_objection_and_every_history",
}
# The whole suite and the fast loop run under `-n 2 --dist loadfile` (README, .ci/run): the tests of one module
# run on one worker, so a module-scoped fixture (a world built once, read by every test of the module) is built
# once, and only the worker that runs test_gx_context imports Great Expectations (about 5 s of CPU). With the
# default `--dist load` both workers did both: the fast loop took about 15 s more CPU. (`--dist loadgroup` would put modules that share a
# session fixture on one worker, but with pytest 9.2 and pytest-xdist 3.8 it groups nothing: xdist renames
# the node id through an attribute pytest no longer reads.)


def pytest_collection_finish(session: pytest.Session) -> None:
    # Collection imported Dagster, pandas, pandera, scipy and polars: a few hundred thousand long-lived objects
    # that every full garbage collection of the run would walk again. Frozen, they are left out: the GC time of
    # test_rules_monitoring plus test_ingest_csv went from 2.1 s to 1.0 s (520 collections).
    gc.freeze()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        module = item.path.name
        if module in SLOW_MODULES or f"{module}::{item.originalname}" in SLOW_TESTS:
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def con():
    from tests.builders import new_con

    with new_con() as connection:
        yield connection


@pytest.fixture
def key_env(monkeypatch: pytest.MonkeyPatch) -> bytes:
    monkeypatch.setenv("JIB_PSEUDONYM_KEY", TEST_KEY)
    return TEST_KEY.encode()


@pytest.fixture(scope="session")
def am33_run(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess, subprocess.CompletedProcess]:
    """Synthetic Midden-Limburg (AM33), four months (seed 7), through `jib synth` and `jib run` once per
    session with the key AM33_KEY: (home, synth, run). Read it, never write to it (copy the home first).
    test_end_to_end and test_privacy_logs share it: built once without xdist, at most once per worker
    with it (as often as the two runs it replaces). The run's outcome is for the tests to assert."""
    from tests.builders import AM33_KEY, AM33_MONTHS, jib, jib_env

    home = tmp_path_factory.mktemp("jib_am33")
    env = jib_env(home, JIB_PSEUDONYM_KEY=AM33_KEY)
    synth = jib(["synth", "--region", "AM33", "--from", AM33_MONTHS[0], "--to", AM33_MONTHS[1], "--seed", "7"], env)
    assert synth.returncode == 0, synth.stderr[-2000:]
    # Four months of seven municipalities with the optimal suppression of the publication: 25 minutes were
    # not enough on a 2-core machine shared with four other test runs (load average 10 to 16).
    run = jib(["run", "--from", AM33_MONTHS[0], "--to", AM33_MONTHS[1]], env, timeout=3600)
    return home, synth, run
