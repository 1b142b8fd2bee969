"""The first compiled run says that it compiles, and the summary times compiling apart.

It used to sit at "Building… 0 %" for 10–15 s, and its summary counted the compile as
simulation ("1 s simulated in 3.11 s, 0.32× real time").
"""

from __future__ import annotations

import dataclasses
import uuid
from pathlib import Path

import pytest

from app.run.status import RunStatus, compiling_text
from app.run.summary import SummaryTable
from engine.codegen.cython import build as cython_build
from engine.codegen.cython import numpy_loops
from engine.project import load
from engine.project.runner import Progress, run

CUBA = Path(__file__).resolve().parents[3] / "examples" / "cuba.spikecanvas"
RUN_TIMEOUT_MS = 180_000


@pytest.fixture
def status(qtbot):
    status = RunStatus()
    qtbot.addWidget(status)
    status.show()
    status.show_started("1*second", resumed=False)
    return status


def test_while_compiling_the_bar_is_busy_and_the_label_says_how_long(qtbot, status):
    status.show_progress(Progress(0.0, 1.0, 0.0, 0.2, compiling=True, compile_expected=7.2))
    assert status.compiling
    assert (status.bar.minimum(), status.bar.maximum()) == (0, 0)  # Qt's busy indicator
    assert status.label.text() == "Compiling the network (first run only, ~8 s)…"
    assert "once" in status.bar.toolTip()
    # The seconds spent tick on, so that a long compile does not look frozen.
    qtbot.waitUntil(lambda: status.label.text().endswith("~8 s)… 1 s"), timeout=5000)

    status.show_progress(Progress(0.1, 1.0, 0.1, 8.0, speed=2.0, eta=0.45))
    assert not status.compiling
    assert status.bar.maximum() > 0
    assert status.bar.value() == round(0.1 * status.bar.maximum())
    assert status.label.text().startswith("t = 100 ms")


def test_without_an_earlier_compile_no_time_is_guessed():
    assert compiling_text(None) == "Compiling the network (first run only)…"
    assert compiling_text(0.2) == "Compiling the network (first run only, ~1 s)…"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A compile cache of this test's own, holding one module built before (an estimate)."""
    if cython_build.compiler_problem() is not None:
        pytest.skip(f"no compiled code here: {cython_build.compiler_problem()}")
    numpy_loops.implementations()  # decided (and its probe built) in the usual cache
    monkeypatch.setenv(cython_build.CACHE_ENV, str(tmp_path / "cache"))
    monkeypatch.setattr(cython_build, "_loaded", {})
    cython_build.build_module(f"def answer():\n    return 42  # {uuid.uuid4().hex}\n")
    return tmp_path / "cache"


def test_the_first_compiled_run_says_it_compiles_and_the_summary_times_it_apart(
    qtbot, window, prompts, cache
):
    prompts.example_title = load(CUBA).title
    assert window.open_example_dialog()
    window.model.set_project_field("run.duration", "5*ms")
    window.model.set_project_field("run.target", "cython")
    seen: list[tuple[str, int]] = []
    window.runner.progressed.connect(
        lambda p: seen.append((window.run_status.label.text(), window.run_status.bar.maximum()))
    )
    ended: list = []
    window.runner.finished.connect(ended.append)
    window.action_run.trigger()
    qtbot.waitUntil(lambda: bool(ended), timeout=RUN_TIMEOUT_MS)

    compiling = [(text, maximum) for text, maximum in seen if text.startswith("Compiling")]
    assert compiling
    assert all(maximum == 0 for _, maximum in compiling)  # busy, no percentage
    assert "first run only, ~" in compiling[0][0]
    assert not window.run_status.compiling  # over once the run ended

    results = ended[0]
    compile_time = results.provenance.compile_time
    assert 0 < compile_time < results.provenance.wall_time
    summary = results.summary()
    assert summary.speed == pytest.approx(0.005 / (results.provenance.wall_time - compile_time))
    footer = window.summary.footer.text()
    assert "; compiling " in footer
    assert "compiling" in window.run_status.label.text()

    # Run again: everything is found compiled, nothing is said about compiling.
    seen.clear()
    ended.clear()
    window.action_run.trigger()
    qtbot.waitUntil(lambda: bool(ended), timeout=RUN_TIMEOUT_MS)
    assert not [text for text, _ in seen if text.startswith("Compiling")]
    assert ended[0].provenance.compile_time == 0
    assert "compiling" not in window.summary.footer.text()
    assert "compiling" not in window.run_status.label.text()


def test_the_summary_leaves_compiling_out_of_the_simulation_time(qtbot):
    project = load(CUBA)
    project.run.target = "numpy"
    results = run(project, duration="2*ms")
    provenance = dataclasses.replace(results.provenance, wall_time=3.11, compile_time=2.5)
    table = SummaryTable()
    qtbot.addWidget(table)
    table.show_results(dataclasses.replace(results, provenance=provenance))
    footer = table.footer.text()
    assert footer.startswith("2 ms simulated in 610 ms")
    assert "compiling 2.5 s (a network's first compiled run only)" in footer
