"""Compiles are told as they happen: a window can say "compiling" instead of sitting at 0 %.

`watching_compiles` tells a function of the caller when this thread starts and ends compiling
a module, with how long recent builds took; a run reports a `Progress` with ``compiling`` and
records its compile time apart (`Provenance.compile_time`). Each test has its own cache.
"""

from __future__ import annotations

import json
import threading
import uuid
from pathlib import Path

import pytest

from engine.codegen.cython import build as cython_build
from engine.codegen.cython import numpy_loops
from engine.codegen.cython.build import CompileNotice, build_module, watching_compiles
from engine.project import load
from engine.project.runner import Progress, Simulation

pytestmark = pytest.mark.skipif(
    cython_build.compiler_problem() is not None,
    reason=f"no compiled code here: {cython_build.compiler_problem()}",
)

CUBA = Path(__file__).resolve().parents[3] / "examples" / "cuba.spikecanvas"


@pytest.fixture
def cache(tmp_path, monkeypatch):
    numpy_loops.implementations()  # decided (and its probe built) in the usual cache
    folder = tmp_path / "cache"
    monkeypatch.setenv(cython_build.CACHE_ENV, str(folder))
    monkeypatch.setattr(cython_build, "_loaded", {})
    return folder


def new_source() -> str:
    return f"def answer():\n    return 42  # {uuid.uuid4().hex}\n"


def test_a_compile_is_told_when_it_starts_and_ends(cache):
    notices: list[CompileNotice] = []
    source = new_source()
    with watching_compiles(notices.append):
        module, built = build_module(source)
    assert built
    assert module.answer() == 42
    name = cython_build.module_name(source)
    assert [(n.module, n.done) for n in notices] == [(name, False), (name, True)]
    assert notices[0].seconds == 0
    assert notices[1].seconds > 0
    assert notices[0].expected is None  # nothing was built in this cache before


def test_a_module_found_in_the_cache_is_not_a_compile(cache):
    source = new_source()
    build_module(source)
    cython_build._loaded.clear()  # as in a new process: found on disk
    notices: list[CompileNotice] = []
    with watching_compiles(notices.append):
        _, built = build_module(source)
    assert not built
    assert notices == []


def test_the_expected_time_is_what_recent_builds_took(cache):
    build_module(new_source())
    [record] = cache.glob("*.json")
    took = json.loads(record.read_text())["seconds"]
    assert took > 0
    notices: list[CompileNotice] = []
    with watching_compiles(notices.append):
        build_module(new_source())
    assert notices[0].expected == pytest.approx(took)


def test_only_the_watching_thread_is_told(cache):
    notices: list[CompileNotice] = []
    with watching_compiles(notices.append):
        other = threading.Thread(target=build_module, args=(new_source(),))
        other.start()
        other.join()
    assert notices == []
    with watching_compiles(notices.append):
        pass
    build_module(new_source())  # after the block
    assert notices == []


def test_a_compiled_run_reports_that_it_compiles_and_times_it_apart(cache):
    project = load(CUBA)
    project.run.target = "cython"
    project.run.duration = "5*ms"
    reports: list[Progress] = []
    first = Simulation(project).run(reports.append)
    compiling = [r for r in reports if r.compiling]
    assert compiling
    assert reports[0].compiling  # the first thing a window hears of the run
    assert all(r.t == 0 and r.fraction == 0 and not r.data for r in compiling)
    assert not reports[-1].compiling
    assert 0 < first.provenance.compile_time < first.provenance.wall_time

    reports.clear()
    second = Simulation(project).run(reports.append)  # found in the cache: no compile
    assert not any(r.compiling for r in reports)
    assert second.provenance.compile_time == 0


def test_a_numpy_run_compiles_nothing(cache):
    project = load(CUBA)
    project.run.target = "numpy"
    project.run.duration = "2*ms"
    reports: list[Progress] = []
    results = Simulation(project).run(reports.append)
    assert not any(r.compiling for r in reports)
    assert results.provenance.compile_time == 0
