"""Run the same model script on the engine and on Brian 2, and compare what they recorded.

A model is written once, as a script that starts with ``from SIMULATOR import *`` and uses only
names common to both simulators; it stores what it measured in a JSON-serialisable ``result``
(the helpers ``spikes(monitor)`` and ``floats(values, unit)`` below are defined for it). Every
script starts in a fresh scope with default preferences and ``defaultclock.dt = 0.1*ms`` on the
numpy code target.

* The engine runs each script in this process (``exec`` in a fresh namespace, so the magic
  ``run()`` sees the script's own names) when a test asks for it.
* Brian 2 runs the scripts of a test module in two processes (`BrianResults`), started in
  background threads by a module fixture; each result is available as soon as its script has
  run, so the engine simulates in this process while Brian 2 works on the next scripts.

A test module imports this file as ``reference.side_by_side`` (``tests`` is on pytest's
``pythonpath``) and gets its fixture and runner with
``brian2_results, engine = side_by_side.fixtures_for(SCRIPTS)``.
"""

from __future__ import annotations

import functools
import json
import os
import tempfile
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np
import pytest

IMPORT_LINE = "from SIMULATOR import *"

# Runs after the simulator's import, before each script.
_PRELUDE = '''
prefs.reset_to_defaults()  # what an earlier script set (float32...) does not leak
prefs.codegen.target = "numpy"
start_scope()
defaultclock.dt = 0.1*ms


def floats(values, unit=1):
    """Values as a (nested) list of floats, in ``unit``."""
    return np.asarray(values / unit, dtype=float).tolist()


def spikes(monitor):
    """Indices and times (in ms) of the events of a SpikeMonitor or EventMonitor."""
    return {"i": np.asarray(monitor.i[:], dtype=int).tolist(), "t": floats(monitor.t[:], ms)}
'''

# Runs in the Brian 2 environment: INPUT has the prepared scripts and a folder. Each result is
# also written to its own file as soon as it is known, so tests need not wait for the last one.
_BRIAN2_RUNNER = r"""
import time
import traceback


def plain(value):  # numpy scalars and arrays as Python values (for JSON)
    return value.tolist() if hasattr(value, "tolist") else str(value)


results = {}
for number, (name, source) in zip(INPUT["numbers"], INPUT["scripts"].items()):
    namespace = {"__name__": "__reference__"}
    started = time.perf_counter()
    try:
        exec(compile(source, f"<{name}>", "exec"), namespace)
        result = json.loads(json.dumps(namespace["result"], default=plain))
        results[name] = {"result": result, "error": None}
    except Exception:
        results[name] = {"result": None, "error": traceback.format_exc()[-6000:]}
    results[name]["seconds"] = time.perf_counter() - started
    del namespace
    path = os.path.join(INPUT["folder"], f"{number}.json")
    with open(path + ".part", "w") as f:
        json.dump(results[name], f)
    os.replace(path + ".part", path)
emit(results)
"""


def prepare(script: str, package: str) -> str:
    """The script with its import line replaced by ``from <package> import *`` and the prelude.

    Brian 2 always runs on numpy; the engine on ``$SPIKECANVAS_TEST_TARGET`` when it is set
    (``make test-cython``), so that its results are checked against Brian 2 on every target.
    """
    if IMPORT_LINE not in script:
        raise ValueError(f"a side-by-side script must contain {IMPORT_LINE!r}")
    prelude = _PRELUDE
    target = os.environ.get("SPIKECANVAS_TEST_TARGET")
    if package == "engine" and target:
        prelude = prelude.replace('"numpy"', repr(target))
    return script.replace(IMPORT_LINE, f"from {package} import *\n{prelude}", 1)


def fixtures_for(scripts: Mapping[str, str]) -> tuple[Any, Callable[[str], Any]]:
    """Return a test module's ``brian2_results`` fixture and its ``engine(name)`` runner.

    Brian 2 starts on all of ``scripts`` when the module's first test asks for the fixture;
    ``engine(name)`` runs a script once, however many tests read its result.
    """

    @pytest.fixture(scope="module")
    def brian2_results(brian2: Callable[..., Any]) -> Any:
        results = BrianResults(brian2, scripts)
        yield results
        results.close()

    @functools.cache
    def engine(name: str) -> Any:
        return run_engine(scripts[name], name)

    return brian2_results, engine


def run_engine(script: str, name: str = "model") -> Any:
    """Run the script with the engine, in this process; return its ``result`` (via JSON).

    The JSON round trip gives both simulators' results the same types (lists, floats).
    """
    namespace: dict[str, Any] = {"__name__": "__reference__"}
    exec(compile(prepare(script, "engine"), f"<{name}>", "exec"), namespace)
    return json.loads(json.dumps(namespace["result"], default=_plain))


def _plain(value: Any) -> Any:
    """numpy scalars and arrays as Python values (for JSON)."""
    return value.tolist() if hasattr(value, "tolist") else str(value)


class BrianResults:
    """The results of Brian 2 for named scripts, computed in background processes.

    ``results[name]`` waits until Brian 2 has run that script (not the later ones) and returns
    its ``result``; a script that failed in Brian 2 fails the test with Brian's traceback (the
    reference script is wrong then). The scripts are dealt in turn to ``processes`` Brian 2
    processes (two: with the engine in this one, that keeps two cores busy). Call `close`
    when done (a module fixture's teardown).
    """

    def __init__(
        self, brian2: Callable[..., Any], scripts: Mapping[str, str], processes: int = 2
    ) -> None:
        self._folder = tempfile.TemporaryDirectory(prefix="brian2-side-by-side-")
        self._number = {name: number for number, name in enumerate(scripts)}
        self._processes = processes
        prepared = [(name, prepare(script, "brian2")) for name, script in scripts.items()]
        executor = ThreadPoolExecutor(max_workers=processes)
        self._futures: list[Future] = []
        for part in range(processes):
            inputs = {
                "scripts": dict(prepared[part::processes]),
                "numbers": list(range(part, len(prepared), processes)),
                "folder": self._folder.name,
            }
            self._futures.append(executor.submit(brian2, _BRIAN2_RUNNER, inputs))
        executor.shutdown(wait=False)

    def entry(self, name: str) -> dict[str, Any]:
        """What the Brian 2 process reported for one script: result, error, seconds."""
        number = self._number[name]
        future = self._futures[number % self._processes]
        path = Path(self._folder.name) / f"{number}.json"
        while not path.exists():
            if future.done():
                if path.exists():
                    break
                future.result()  # raises the harness's error (Brian 2 crashed)
                raise AssertionError(f"Brian 2 ended without a result for {name!r}")
            time.sleep(0.02)
        return json.loads(path.read_text())

    def __getitem__(self, name: str) -> Any:
        entry = self.entry(name)
        if entry["error"] is not None:
            raise AssertionError(f"the Brian 2 reference script {name!r} failed:\n{entry['error']}")
        return entry["result"]

    def close(self) -> None:
        """Wait for the Brian 2 processes to end, then delete their files."""
        for future in self._futures:
            future.exception()
        self._folder.cleanup()


# -- comparisons -------------------------------------------------------------------------------


def assert_same_spikes(ours: Mapping[str, list], theirs: Mapping[str, list], dt_ms: float) -> None:
    """The same number of spikes for every neuron, each at the same time within one ``dt``.

    Brian does not promise bitwise reproducibility (term order depends on how a formula is
    arranged), so a threshold crossing that lands within rounding error of a step boundary may
    move by one step; anything more is a real difference.
    """
    our_i, our_t = np.asarray(ours["i"], dtype=int), np.asarray(ours["t"], dtype=float)
    their_i, their_t = np.asarray(theirs["i"], dtype=int), np.asarray(theirs["t"], dtype=float)
    size = max(our_i.max(initial=-1), their_i.max(initial=-1)) + 1
    our_counts = np.bincount(our_i, minlength=size)
    their_counts = np.bincount(their_i, minlength=size)
    differing = np.flatnonzero(our_counts != their_counts)
    assert differing.size == 0, (
        f"spike counts differ: engine {our_i.size}, Brian 2 {their_i.size} spikes in total; "
        f"neurons {differing[:10].tolist()} have engine {our_counts[differing[:10]].tolist()}, "
        f"Brian 2 {their_counts[differing[:10]].tolist()}"
    )
    our_order = np.lexsort((our_t, our_i))
    their_order = np.lexsort((their_t, their_i))
    shift = np.abs(our_t[our_order] - their_t[their_order])
    late = np.flatnonzero(shift > dt_ms * (1 + 1e-6))
    assert late.size == 0, (
        f"{late.size} of {shift.size} spikes are more than one dt ({dt_ms} ms) apart; first: "
        f"neuron {their_i[their_order][late[0]]}, engine {our_t[our_order][late[0]]} ms, "
        f"Brian 2 {their_t[their_order][late[0]]} ms"
    )


def assert_same_result(ours: Any, theirs: Any, dt_ms: float, path: str = "") -> None:
    """Nested results agree: spike dictionaries within one dt, floats within 1e-9 relative,
    everything else (counts, indices, names) exactly."""
    if isinstance(theirs, dict):
        assert sorted(ours) == sorted(theirs), path
        if set(theirs) == {"i", "t"}:
            assert_same_spikes(ours, theirs, dt_ms)
            return
        for key in theirs:
            assert_same_result(ours[key], theirs[key], dt_ms, f"{path}/{key}")
    elif isinstance(np.asarray(theirs, dtype=object).flat[0] if theirs else None, float):
        assert_same_trace(ours, theirs)  # values, or a trace per element
    else:
        assert ours == theirs, path


def assert_same_trace(ours: Any, theirs: Any, rtol: float = 1e-9) -> None:
    """Recorded values agree to ``rtol``, relative to the trace's largest magnitude."""
    ours, theirs = np.asarray(ours, dtype=float), np.asarray(theirs, dtype=float)
    assert ours.shape == theirs.shape, f"engine {ours.shape} values, Brian 2 {theirs.shape}"
    scale = np.nanmax(np.abs(theirs)) if theirs.size else 0.0
    np.testing.assert_allclose(ours, theirs, rtol=rtol, atol=rtol * scale)


def assert_close_statistic(ours: float, theirs: float, tolerance: float, what: str) -> None:
    """Two estimates of one statistic agree within ``tolerance`` (absolute)."""
    assert abs(ours - theirs) <= tolerance, (
        f"{what}: engine {ours:.6g}, Brian 2 {theirs:.6g}, differ by {abs(ours - theirs):.3g} "
        f"> {tolerance:.3g}"
    )
