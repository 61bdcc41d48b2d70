"""One Great Expectations context per process and Data Docs folder, with its suites, data assets and
validation definitions built once and reused by every step and month of the process (`jib run` runs a
year of months in one process; building them anew for each suite run cost about a second each).

- A suite is read from its JSON file again only when the file changed (its mtime and size), so an edit
  by the data team counts from the next suite run, also in a long-lived Dagster code server.
- Data Docs pages are rendered by GX's own Jinja page views; GX builds a new view, and so a new Jinja
  environment that compiles every template again, for every build. The views below share one
  environment per process, so each template is compiled once.
- A build for given pages (every suite run renders its own) made GX list every validation result kept,
  twice (the validations section, and the profiling section jib never uses), to pick out the ones asked
  for, and copy its static assets again: a cost that grew with the months (0.035 s a build after one
  year, 0.1 s after five). `GerichteSectie` looks up only the results asked for, the profiling section is
  off, and `JibSiteBuilder` copies the static assets once per process and folder (again when they are gone).

GX is imported inside the functions: it takes seconds, and Dagster loads this module at start-up. A month's run
imports it ahead, in a thread (`importeer_vooraf`).
"""

from __future__ import annotations

import importlib
import logging
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jib_assets.quality.suites import load_suite, suite_file, suite_names

_LOCK = threading.RLock()
_CONTEXTS: dict[str | None, _Context] = {}
_JINJA: dict[str, Any] = {}  # the one Jinja environment of the Data Docs views

log = logging.getLogger(__name__)

# What of GX this package imports: 3.5 s of a process's first suite run (GX's own modules, and scipy, SQLAlchemy and
# Altair, which GX imports at its start), in every month a Dagster daemon runs (a process per run).
GX_MODULES = (
    "great_expectations",
    "great_expectations.core.expectation_suite",
    "great_expectations.core.run_identifier",
    "great_expectations.data_context.types.base",
    "great_expectations.data_context.types.resource_identifiers",
    "great_expectations.render.renderer.site_builder",
    "great_expectations.render.view.view",
)
_IMPORT: list[threading.Thread] = []  # the thread importing GX_MODULES, once per process


def importeer_vooraf() -> None:
    """Import GX_MODULES in a background thread, once per process. `persoon_toestand` calls it: the month's first
    suite runs in the step after it, and while it runs the interpreter is free (DuckDB computes on its own threads),
    so the import only shares the cores. National February's rerun, twice each, alternating: persoon_toestand and
    stap_duo_selectie together 11.2 and 12.7 s against 13.5 and 14.1 s. Started with the ingests instead, it slowed
    them more than it saved: they hand DuckDB the file's lines from Python. `wacht_op_import` waits for it before GX
    is used: the two threads never import GX at once."""
    with _LOCK:
        if not _IMPORT and "great_expectations" not in sys.modules:
            _IMPORT.append(threading.Thread(target=_importeer, name="jib-gx-import", daemon=True))
            _IMPORT[0].start()


def _importeer() -> None:
    try:
        for module in GX_MODULES:
            importlib.import_module(module)
    except Exception:  # the suite run imports GX again and reports the error as its own
        log.debug("GX not imported ahead", exc_info=True)


def wacht_op_import() -> None:
    """Wait until the import `importeer_vooraf` started (if it did) has ended."""
    if _IMPORT:
        _IMPORT[0].join()


def _view_classes():
    from great_expectations.render.view.view import DefaultJinjaIndexPageView, DefaultJinjaPageView

    def shared_init(self, custom_styles_directory=None, custom_views_directory=None) -> None:
        key = f"{custom_styles_directory}|{custom_views_directory}"
        with _LOCK:
            if key not in _JINJA:
                type(self).__mro__[1].__init__(self, custom_styles_directory, custom_views_directory)
                _JINJA[key] = self.env
                return
        self.custom_styles_directory = custom_styles_directory
        self.custom_views_directory = custom_views_directory
        self.env = _JINJA[key]

    page = type("GedeeldePageView", (DefaultJinjaPageView,), {"__init__": shared_init, "__module__": __name__})
    index = type("GedeeldeIndexPageView", (DefaultJinjaIndexPageView,), {"__init__": shared_init, "__module__": __name__})
    return page, index


class _Gekozen:
    """A source store whose key list is the given keys (the rest of the store as it is)."""

    def __init__(self, store, keys: list) -> None:
        self._store, self._keys = store, keys

    def list_keys(self) -> list:
        return list(self._keys)

    def __getattr__(self, name: str):
        return getattr(self._store, name)


_STATIC: set[str] = set()  # Data Docs folders whose static assets this process copied


def _builder_classes():
    from great_expectations.render.renderer.site_builder import DefaultSiteSectionBuilder, SiteBuilder

    def section_build(self, resource_identifiers=None) -> None:
        """With pages asked for, GX's own build over only those of them this store holds."""
        if not resource_identifiers:
            return DefaultSiteSectionBuilder.build(self, resource_identifiers)
        store = self.source_store
        keys = [k for k in resource_identifiers if isinstance(k, store.key_class) and store.has_key(k)]
        self.source_store = _Gekozen(store, keys)
        try:
            return DefaultSiteSectionBuilder.build(self, resource_identifiers)
        finally:
            self.source_store = store

    def site_init(self, data_context, store_backend=None, **kwargs) -> None:
        SiteBuilder.__init__(self, data_context, store_backend=store_backend, **kwargs)
        folder = Path((store_backend or {}).get("base_directory", ""))
        copy = self.target_store.copy_static_assets

        def once(static_assets_source_dir=None):
            key = str(folder.absolute())
            with _LOCK:
                if static_assets_source_dir is None and key in _STATIC and (folder / "static").is_dir():
                    return None
                result = copy(static_assets_source_dir)
                if static_assets_source_dir is None:
                    _STATIC.add(key)
                return result

        self.target_store.copy_static_assets = once

    section = type("GerichteSectie", (DefaultSiteSectionBuilder,), {"build": section_build, "__module__": __name__})
    site = type("JibSiteBuilder", (SiteBuilder,), {"__init__": site_init, "__module__": __name__})
    return section, site


_VIEWS: dict[str, type] = {}
_KLASSEN = ("GedeeldePageView", "GedeeldeIndexPageView", "GerichteSectie", "JibSiteBuilder")


def __getattr__(name: str):
    """GX instantiates views and builders by module and class name (instantiate_class_from_config): made on
    first use."""
    if name in _KLASSEN:
        with _LOCK:
            if not _VIEWS:
                page, index = _view_classes()
                section, site = _builder_classes()
                _VIEWS.update(GedeeldePageView=page, GedeeldeIndexPageView=index, GerichteSectie=section,
                              JibSiteBuilder=site)
        return _VIEWS[name]
    raise AttributeError(name)


@dataclass
class _Context:
    gx: Any  # the ephemeral GX context
    suites: dict[str, tuple[int, int]] = field(default_factory=dict)  # name -> (mtime_ns, size) loaded
    batches: dict[str, Any] = field(default_factory=dict)  # data asset name -> its batch definition
    validations: dict[str, Any] = field(default_factory=dict)  # suite name -> validation definition
    pages: set[str] = field(default_factory=set)  # suites whose Data Docs page shows the version loaded


def _new_context(docs_dir: Path | None):
    """An ephemeral GX context; with docs_dir, its validation results are kept as JSON files under
    docs_dir/resultaten, so the Data Docs index lists every month and suite run so far."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(),
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
    )
    if docs_dir is not None:
        config.stores[config.validation_results_store_name]["store_backend"] = {
            "class_name": "TupleFilesystemStoreBackend",
            "base_directory": str(docs_dir / "resultaten"),
        }
        view = {"module_name": __name__, "class_name": "GedeeldePageView"}
        config.data_docs_sites = {
            "jib": {
                "module_name": __name__, "class_name": "JibSiteBuilder",
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
                "site_index_builder": {
                    "class_name": "DefaultSiteIndexBuilder", "show_cta_footer": False,
                    "view": {"module_name": __name__, "class_name": "GedeeldeIndexPageView"},
                },
                "site_section_builders": {
                    "expectations": {"view": view},
                    "validations": {"module_name": __name__, "class_name": "GerichteSectie", "view": view},
                    "profiling": "None",  # off (GX reads this string): jib does not profile, it only listed the results
                },
            }
        }
    context = gx.get_context(mode="ephemeral", project_config=config)
    context.data_sources.add_pandas("jib")
    return context


def _context(docs_dir: Path | None) -> _Context:
    key = None if docs_dir is None else str(Path(docs_dir).absolute())
    if key not in _CONTEXTS:
        _CONTEXTS[key] = _Context(_new_context(None if key is None else Path(key)))
    return _CONTEXTS[key]


def _ensure_suite(ctx: _Context, name: str) -> bool:
    """Load the suite into the context unless it is there as its file is now. True when (re)loaded."""
    stat = suite_file(name).stat()
    version = (stat.st_mtime_ns, stat.st_size)
    if ctx.suites.get(name) == version:
        return False
    if name in ctx.suites:  # forgotten before loading again: a file that fails to load stays unloaded
        del ctx.suites[name]
        ctx.gx.suites.delete(name)
        ctx.validations.pop(name, None)
    ctx.pages.discard(name)
    ctx.gx.suites.add(load_suite(name))
    ctx.suites[name] = version
    return True


def validation(docs_dir: Path | None, suite: str, asset: str):
    """The process's GX context for `docs_dir` and the validation definition of `suite` on the pandas
    data asset `asset` (a whole-dataframe batch, given at run time). With Data Docs every suite is in
    the context, so the index lists them all; else only those run."""
    import great_expectations as gx

    with _LOCK:
        ctx = _context(docs_dir)
        for name in suite_names() if docs_dir is not None else [suite]:
            _ensure_suite(ctx, name)
        if asset not in ctx.batches:
            ctx.batches[asset] = (
                ctx.gx.data_sources.get("jib").add_dataframe_asset(asset).add_batch_definition_whole_dataframe("maand")
            )
        if suite not in ctx.validations:
            if suite in {v.name for v in ctx.gx.validation_definitions.all()}:
                ctx.gx.validation_definitions.delete(suite)
            ctx.validations[suite] = ctx.gx.validation_definitions.add(
                gx.ValidationDefinition(name=suite, data=ctx.batches[asset], suite=ctx.gx.suites.get(suite))
            )
        return ctx.gx, ctx.validations[suite]


def _of(gx_context) -> _Context | None:
    return next((ctx for ctx in _CONTEXTS.values() if ctx.gx is gx_context), None)


def suite_page_due(gx_context, suite: str) -> bool:
    """True unless this context already rendered the Data Docs page of the suite as it is loaded now."""
    with _LOCK:
        ctx = _of(gx_context)
        return ctx is None or suite not in ctx.pages


def suite_page_rendered(gx_context, suite: str) -> None:
    with _LOCK:
        ctx = _of(gx_context)
        if ctx is not None:
            ctx.pages.add(suite)


def forget() -> None:
    """Drop every cached context and the views' Jinja environment (tests, and a caller that changes GX's
    configuration between runs)."""
    with _LOCK:
        _CONTEXTS.clear()
        _JINJA.clear()
        _STATIC.clear()
