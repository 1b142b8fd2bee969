"""The engine's warnings during a run reach the window: the problems dock lists them.

A run happens in a worker thread, where Python would print warnings on stderr, which nobody
sees. The damaged compile cache (rebuilt, with a warning) is the case that matters most.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from engine.codegen.cython import build as cython_build
from engine.codegen.cython import numpy_loops
from engine.project import load

CUBA = Path(__file__).resolve().parents[2] / "examples" / "cuba.spikecanvas"
RUN_TIMEOUT_MS = 180_000

pytestmark = pytest.mark.skipif(
    cython_build.compiler_problem() is not None,
    reason=f"no compiled code here: {cython_build.compiler_problem()}",
)


def run_and_wait(qtbot, window) -> list:
    ended: list = []
    window.runner.finished.connect(ended.append)
    window.runner.failed.connect(ended.append)
    window.action_run.trigger()
    qtbot.waitUntil(lambda: bool(ended), timeout=RUN_TIMEOUT_MS)
    return ended


def run_warnings(window) -> list:
    return [d for d in window.problems.diagnostics if d.message.startswith("The run warned")]


@pytest.fixture
def cache(tmp_path, monkeypatch):
    numpy_loops.implementations()  # decided (and its probe built) in the usual cache
    folder = tmp_path / "cache"
    monkeypatch.setenv(cython_build.CACHE_ENV, str(folder))
    monkeypatch.setattr(cython_build, "_loaded", {})
    return folder


def test_a_damaged_compile_cache_is_listed_as_a_warning_of_the_run(qtbot, window, prompts, cache):
    prompts.example_title = load(CUBA).title
    assert window.open_example_dialog()
    window.model.set_project_field("run.duration", "5*ms")
    window.model.set_project_field("run.target", "cython")
    [results] = run_and_wait(qtbot, window)  # builds the network's module in the cache
    assert results.completed
    assert not run_warnings(window)
    modules = list(cache.glob(f"*{cython_build.SUFFIX}"))
    assert modules
    for module in modules:  # truncated (as a new file: this process has the old one mapped)
        partial = module.with_name("partial")
        partial.write_bytes(module.read_bytes()[:1000])
        os.replace(partial, module)
    cython_build._loaded.clear()  # as in a new session
    warned: list = []
    window.runner.warned.connect(warned.append)

    [results] = run_and_wait(qtbot, window)
    qtbot.waitUntil(lambda: bool(warned), timeout=5000)

    assert results.completed
    [problem, *_] = run_warnings(window)
    assert problem.severity == "warning"
    assert problem.node_id is None  # the project's, not a node's
    assert "was damaged" in problem.message
    assert "was rebuilt" in problem.message
    assert any(str(module) in problem.message for module in modules)
    assert "warning" in window.problem_summary.text()

    window.model.set_project_field("run.duration", "2*ms")
    [results] = run_and_wait(qtbot, window)  # repaired: the next run warns no more
    assert results.completed
    assert not run_warnings(window)
