"""`jib run`'s status line while a run executes (jib_assets/voortgang.py): read from a real Dagster run's event log."""

import threading

import dagster as dg

from jib_assets.voortgang import Volger, gevolgd

eerste_regel, genoemd, gezien = threading.Event(), threading.Event(), threading.Event()


@dg.asset
def eerst(context: dg.AssetExecutionContext) -> None:
    context.log.info("first line\nsecond line")
    assert eerste_regel.wait(30), "the status line never showed the first line of what the step logged"


@dg.asset(deps=[eerst])
def langzaam(context: dg.AssetExecutionContext) -> None:
    # Goes on only once jib run's status line has named this step, then shown what it said (or fails after 30 s).
    assert genoemd.wait(30), "the status line never named the running step"
    context.log.info("months: 1 of 2 components solved")
    assert gezien.wait(30), "the status line never showed the running step's last line"


def test_the_status_line_names_the_running_step_then_shows_its_last_line_then_the_steps_done():
    for event in (eerste_regel, genoemd, gezien):
        event.clear()
    job = dg.Definitions(assets=[eerst, langzaam], jobs=[dg.define_asset_job("job")]).resolve_job_def("job")
    lines: list[str] = []

    def toon(line: str) -> None:
        lines.append(line)
        if line == "2025-03: first line":
            eerste_regel.set()
        if line == "2025-03 (1 step done): langzaam":
            genoemd.set()
        if line == "2025-03 (1 step done): months: 1 of 2 components solved":
            gezien.set()

    with dg.instance_for_test() as instance:
        with gevolgd(instance, "2025-03", toon, interval=0.02) as run_id:
            result = job.execute_in_process(instance=instance, run_id=run_id, raise_on_error=False)
    assert result.success and result.run_id == run_id and all(e.is_set() for e in (eerste_regel, genoemd, gezien))
    assert lines[-1] == "2025-03 (2 steps done)"  # shown once more after the run ended
    # Only the first line of what a step logs; never the lines after it.
    assert not any("second line" in line for line in lines)
    assert all(line.startswith("2025-03") for line in lines)


def test_before_any_step_the_label_and_of_two_running_steps_the_one_started_last():
    volger = Volger("publishing")
    assert volger.regel() == "publishing"
    volger.lopend.update({"gemeenten": "", "analytics_database": "quarters: 3 of 11 components solved"})
    assert volger.regel() == "publishing: quarters: 3 of 11 components solved"
    volger.lopend["kwartaalrapporten"] = ""
    volger.klaar = 1
    assert volger.regel() == "publishing (1 step done): kwartaalrapporten"
