"""One GX context per process (quality/gx_context.py): reused by every suite run and month, yet a suite
file edited between runs counts from the next run, Data Docs keep listing every month, and the Data
Docs views compile their Jinja templates once."""

from __future__ import annotations

import json
import shutil
from datetime import date

import pytest

from jib_assets.quality import expectations as ex
from jib_assets.quality import gx_context, suites
from tests.test_expectations import WORLD, P


@pytest.fixture
def world(con):
    for statement in WORLD:
        con.execute(statement)
    return con


@pytest.fixture
def suite_dir(tmp_path, monkeypatch):
    """The suites copied to a folder this test may edit; every cached context forgotten before and after."""
    folder = tmp_path / "expectations"
    shutil.copytree(suites.expectations_dir(), folder)
    monkeypatch.setattr(suites, "expectations_dir", lambda: folder)
    gx_context.forget()
    yield folder
    gx_context.forget()


def test_one_context_and_validation_per_suite_across_runs(world, suite_dir):
    first = ex.run_suite(world, "gemeente_lijst", P)
    context, validation = gx_context.validation(None, "gemeente_lijst", "gemeente_lijst_rijen")
    second = ex.run_suite(world, "gemeente_lijst", date(2025, 3, 1))
    assert first.success and second.success and first.evaluated == second.evaluated > 0
    # the same GX objects serve the next month: nothing is built again
    assert gx_context.validation(None, "gemeente_lijst", "gemeente_lijst_rijen") == (context, validation)
    assert [s.name for s in context.suites.all()] == ["gemeente_lijst"]
    # another Data Docs folder is another context (its results are stored there)
    other, _ = gx_context.validation(suite_dir.parent / "docs", "gemeente_lijst", "gemeente_lijst_rijen")
    assert other is not context


def test_an_edited_suite_counts_from_the_next_run(world, suite_dir):
    assert ex.run_suite(world, "gemeente_lijst", P).success
    path = suite_dir / "gemeente_lijst.json"
    data = json.loads(path.read_text())
    data["expectations"].append({
        "type": "expect_column_values_to_be_in_set",
        "kwargs": {"column": "categorie", "value_set": ["bekend"]},
        "meta": {},
    })
    path.write_text(json.dumps(data))
    result = ex.run_suite(world, "gemeente_lijst", P)
    assert not result.success and not result.errored
    assert any(name.startswith("column_values_to_be_in_set(categorie)") for name in result.failed)


def test_data_docs_list_every_month_with_one_context(world, suite_dir, tmp_path):
    docs = tmp_path / "data_docs"
    for month in (date(2025, 3, 1), P):
        assert ex.run_suite(world, "ib_lijst", month, docs_dir=docs).success
    # the index was built by the first run (it was missing), not again by the second: it grows with the
    # months, so only the month's last suite (monitoring) rebuilds it
    assert "2025-03" in (docs / "index.html").read_text() and "2025-04" not in (docs / "index.html").read_text()
    assert ex.run_suite(world, ex.INDEX_SUITE, P, docs_dir=docs).success
    index = (docs / "index.html").read_text()
    assert "2025-03" in index and "2025-04" in index
    assert len(list((docs / "validations" / "ib_lijst").rglob("*.html"))) == 2  # every run its own page
    # the pages were rendered by the shared views: one Jinja environment for every build of the process
    assert len(gx_context._JINJA) == 1


def test_data_docs_views_share_one_jinja_environment():
    page = gx_context.GedeeldePageView()
    again = gx_context.GedeeldePageView()
    index = gx_context.GedeeldeIndexPageView()
    assert page.env is again.env is index.env
    assert page._template == "page.j2" and index._template == "index_page.j2"
    with pytest.raises(AttributeError):
        gx_context.NoSuchView  # noqa: B018


def test_a_suite_page_is_rendered_once_per_version_of_the_suite(world, suite_dir, tmp_path):
    docs = tmp_path / "data_docs"
    page = docs / "expectations" / "ib_lijst.html"
    assert ex.run_suite(world, "ib_lijst", date(2025, 3, 1), docs_dir=docs).success and page.exists()
    page.unlink()
    assert ex.run_suite(world, "ib_lijst", P, docs_dir=docs).success
    assert not page.exists()  # the suite did not change: its page is not rendered again
    path = suite_dir / "ib_lijst.json"
    data = json.loads(path.read_text())
    data["notes"] = "edited"
    path.write_text(json.dumps(data))
    assert ex.run_suite(world, "ib_lijst", P, docs_dir=docs).success
    assert page.exists()


def test_a_suite_file_broken_between_runs_is_an_error_until_repaired(world, suite_dir):
    assert ex.run_suite(world, "gemeente_lijst", P).success
    path = suite_dir / "gemeente_lijst.json"
    good = path.read_text()
    path.write_text("{ not json")
    broken = ex.run_suite(world, "gemeente_lijst", P)
    assert broken.errored and not broken.success
    path.write_text(good + "\n")  # repaired (a different size, so read again)
    assert ex.run_suite(world, "gemeente_lijst", P).success


def test_the_index_suite_is_the_last_suite_of_a_month():
    import dagster as dg

    from jib_assets.definitions import defs

    assert ex.INDEX_SUITE == ex.suites_of("monitoring")[-1].name
    upstream = dg.AssetSelection.assets("monitoring_maand").upstream().resolve(defs.resolve_asset_graph())
    for step in ("duo_selectie", "ib_lijst", "gemeente_lijst", "werklijst_casemanager"):
        assert ex.suites_of(step) and dg.AssetKey(step) in upstream
    assert {s.step for s in (ex.suite_spec(n) for n in ex.suite_names())} == {
        "duo_selectie", "ib_lijst", "gemeente_lijst", "werklijst_casemanager", "monitoring"}


def test_a_suite_run_renders_its_page_without_listing_every_result_kept(world, suite_dir, tmp_path, monkeypatch):
    """Listing the result store grew with the months (0.035 s a build after a year, 0.1 s after five): a run's
    own page is looked up by its key, and the profiling section (which listed the store again) is off."""
    docs = tmp_path / "data_docs"
    assert ex.run_suite(world, "ib_lijst", date(2025, 3, 1), docs_dir=docs).success  # builds the missing index
    context, _ = gx_context.validation(docs.absolute(), "ib_lijst", "ib_lijst_rijen")
    backend = context.validation_results_store.store_backend
    listed = []
    original = backend.list_keys
    monkeypatch.setattr(backend, "list_keys", lambda *a, **k: listed.append(1) or original(*a, **k))
    assert ex.run_suite(world, "ib_lijst", P, docs_dir=docs).success
    assert listed == []
    pages = sorted(p.parent.name for p in (docs / "validations" / "ib_lijst").rglob("*.html"))
    assert len(pages) == 2 and not (docs / "profiling").exists()
    # the month's index still lists every result: it is the one build that reads them all
    assert ex.run_suite(world, ex.INDEX_SUITE, P, docs_dir=docs).success and listed
    assert "2025-03" in (docs / "index.html").read_text() and "2025-04" in (docs / "index.html").read_text()


def test_static_assets_are_copied_once_per_folder_and_again_when_gone(world, suite_dir, tmp_path, monkeypatch):
    from great_expectations.data_context.store.html_site_store import HtmlSiteStore

    copied = []
    original = HtmlSiteStore.copy_static_assets

    def counted(self, source=None):
        if source is None:  # GX recurses into subfolders with a source: one copy is the call without
            copied.append(1)
        return original(self, source)

    monkeypatch.setattr(HtmlSiteStore, "copy_static_assets", counted)
    docs = tmp_path / "data_docs"
    for month in (date(2025, 3, 1), P):
        assert ex.run_suite(world, "ib_lijst", month, docs_dir=docs).success
    assert copied == [1] and (docs / "static").is_dir()
    shutil.rmtree(docs / "static")  # someone cleaned the folder: the pages would lose their styles
    assert ex.run_suite(world, "ib_lijst", date(2025, 5, 1), docs_dir=docs).success
    assert copied == [1, 1] and any((docs / "static").rglob("*.css"))


def test_gx_is_imported_ahead_in_a_thread_once_and_waited_for():
    """A month's first step starts importing GX in a thread (`importeer_vooraf`): run in a fresh interpreter (this
    one has GX already), it starts one thread whatever the calls, which imports every module of GX_MODULES, and
    `wacht_op_import` returns once it has."""
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from jib_assets.quality import gx_context as g\n"
        "assert 'great_expectations' not in sys.modules\n"
        "g.importeer_vooraf(); g.importeer_vooraf()\n"
        "assert len(g._IMPORT) == 1 and g._IMPORT[0].name == 'jib-gx-import'\n"
        "g.wacht_op_import()\n"
        "assert not g._IMPORT[0].is_alive()\n"
        "print(sorted(m for m in g.GX_MODULES if m not in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "[]"


def test_gx_modules_lists_every_gx_module_the_package_imports():
    """Whatever GX module the package imports is imported ahead, so the first suite run imports none itself."""
    import re
    from pathlib import Path

    import jib_assets

    found = set()
    for path in Path(jib_assets.__file__).parent.rglob("*.py"):
        found |= set(re.findall(r"^\s*(?:from|import) (great_expectations[\w.]*)", path.read_text(), re.M))
    assert found and found <= set(gx_context.GX_MODULES)



def test_persoon_toestand_starts_the_gx_import_before_it_opens_the_warehouse(tmp_path, monkeypatch):
    """The step before the month's first suite starts the import, first thing: here in a home without the month,
    which the step then refuses."""
    import dagster as dg

    from jib_assets.assets.chain import persoon_toestand
    from jib_assets.resources import JibResource

    started = []
    monkeypatch.setattr(gx_context, "importeer_vooraf", lambda: started.append(True))
    monkeypatch.setenv("JIB_PSEUDONYM_KEY", "a-test-key-of-16-chars")
    with pytest.raises(dg.Failure, match="no raw snapshot of 2025-03"):
        persoon_toestand(dg.build_asset_context(partition_key="2025-03-01"), JibResource(home=str(tmp_path)))
    assert started == [True]
