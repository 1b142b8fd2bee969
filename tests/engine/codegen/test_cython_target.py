"""The cython target: compiled neuron loops that give numpy's numbers, built once per code.

Every comparison here is exact (``assert_array_equal``): the compiled loop computes the same
operations in the same order as numpy, with the same random numbers, and the C library's
functions that round differently from numpy's on a machine are left to numpy.
"""

from __future__ import annotations

import numpy as np
import pytest

from engine import (
    Network,
    NeuronGroup,
    PoissonGroup,
    PopulationRateMonitor,
    SpikeMonitor,
    StateMonitor,
    Synapses,
    TimedArray,
    defaultclock,
    ms,
    mV,
    prefs,
    run,
    seed,
    start_scope,
)
from engine.codegen.cython import CythonCodeObject, numpy_loops
from engine.codegen.cython import build as cython_build
from engine.codegen.numpy import NumpyCodeObject
from engine.codegen.targets import get_target

pytestmark = pytest.mark.skipif(
    cython_build.compiler_problem() is not None,
    reason=f"no compiled code here: {cython_build.compiler_problem()}",
)


def simulate(target: str, build, duration=20 * ms) -> dict:
    """Build a network with ``build()`` on ``target``, run it, return its monitors' arrays."""
    start_scope()
    prefs.codegen.target = target
    defaultclock.dt = 0.1 * ms
    seed(11)
    objects, monitors = build()
    Network(*objects).run(duration)
    return {name: np.asarray(values) for name, values in monitors().items()}


def assert_same_on_both_targets(build, duration=20 * ms) -> dict:
    on_numpy = simulate("numpy", build, duration)
    on_cython = simulate("cython", build, duration)
    assert on_numpy.keys() == on_cython.keys()
    for name in on_numpy:
        np.testing.assert_array_equal(on_cython[name], on_numpy[name], err_msg=name)
    return on_cython


def noisy_lif():
    G = NeuronGroup(
        200,
        """dv/dt = (I - v)/tau + sigma*xi/sqrt(tau) : volt (unless refractory)
        I : volt
        tau : second""",
        threshold="v > 10*mV",
        reset="v = -rand()*5*mV",
        refractory="2*ms + rand()*ms",
        method="euler",
        namespace={"sigma": 3 * mV},
    )
    G.I = "11*mV + i*0.01*mV"
    G.tau = "(5 + 10*rand())*ms"
    G.v = "rand()*10*mV"
    spikes = SpikeMonitor(G)
    part = SpikeMonitor(G[50:120], variables=["v", "I"])
    counting = SpikeMonitor(G[10:20], record=False)
    trace = StateMonitor(G, "v", record=[0, 7, 199])
    rate = PopulationRateMonitor(G[20:90])
    return [G, spikes, part, counting, trace, rate], lambda: {
        "rate": rate.rate_,
        "i": spikes.i,
        "t": spikes.t_,
        "part i": part.i,
        "part t": part.t_,
        "part v": part.v_,
        "part I": part.I_,
        "part count": part.count,
        "counts": counting.count,
        "v": trace.v_,
        "last": G.lastspike_,
    }


def test_a_noisy_refractory_lif_gives_the_same_spikes_and_traces_on_both_targets():
    result = assert_same_on_both_targets(noisy_lif, 50 * ms)
    assert len(result["i"]) > 100


def plastic_synapses():
    source = PoissonGroup(50, rates="(20 + i)*Hz")
    target = NeuronGroup(
        20,
        "dv/dt = -v/(10*ms) : 1",
        threshold="v > 1",
        reset="v = 0",
        method="exact",
    )
    # Many synapses onto each neuron arrive in the same step: writes through the repeated
    # post index must follow one another, as on numpy.
    S = Synapses(
        source,
        target,
        "w : 1",
        on_pre="v_post += w\nw = clip(w + 0.01*(rand() - 0.5), 0, 0.5)",
    )
    S.connect(p=0.5)
    S.w = "rand()*0.3"
    S.delay = "i % 4 * 0.1*ms + j % 3 * 0.25*ms"
    spikes = SpikeMonitor(target)
    return [source, target, S, spikes], lambda: {"i": spikes.i, "t": spikes.t_, "w": S.w[:]}


def test_synapses_with_delays_and_random_updates_give_the_same_results_on_both_targets():
    result = assert_same_on_both_targets(plastic_synapses, 100 * ms)
    assert len(result["i"]) > 20


def summed_coupling():
    G = NeuronGroup(
        30,
        "dv/dt = (1.2 - v + I)/(10*ms) : 1\nI : 1",
        threshold="v > 1",
        reset="v = 0",
        method="exact",
    )
    G.v = "i/30"
    # onto a subgroup too: the sums fill only its elements
    S = Synapses(G, G[10:30], "w : 1\nI_post = w*(v_pre - v_post) : 1 (summed)")
    S.connect(p=0.4)
    S.w = "rand()*0.05"
    trace = StateMonitor(G, ["v", "I"], record=[0, 12, 29])
    spikes = SpikeMonitor(G)
    return [G, S, trace, spikes], lambda: {
        "i": spikes.i,
        "t": spikes.t_,
        "v": trace.v[:],
        "I": trace.I[:],
    }


def test_summed_variables_are_compiled_and_sum_as_numpy_does():
    result = assert_same_on_both_targets(summed_coupling, 30 * ms)
    assert np.all(result["I"][0] == 0)  # neuron 0 is outside the subgroup
    assert np.any(result["I"][1] != 0)
    net = Network(*summed_coupling()[0])
    net.run(0.1 * ms)
    updater = next(o for o in net.sorted_objects if "summed_variable" in o.name)
    assert isinstance(updater.code_object, CythonCodeObject)


def test_neuron_synapse_and_event_monitor_operations_are_compiled_without_the_gil():
    start_scope()
    prefs.codegen.target = "cython"
    G = NeuronGroup(10, "dv/dt = -v/(10*ms) : 1", threshold="v > 1", reset="v = 0")
    S = Synapses(G, G, "w : 1", on_pre="v_post += w")
    S.connect()
    M = SpikeMonitor(G, variables=["v"])
    R = PopulationRateMonitor(G)
    run(0.1 * ms)
    compiled = [G.state_updater, G.thresholder["spike"], G.resetter["spike"], S.pre, M, R]
    for runner in compiled:
        assert isinstance(runner.code_object, CythonCodeObject)
        assert "with nogil:" in runner.code_object.source


ARITHMETIC = {
    "floordiv": "x // y",
    "mod": "x % y",
    "sign": "sign(x)",
    "clip": "clip(x, -1.5, y)",
    "trunc": "int(x)",
    "exprel": "exprel(x)",
    "power": "abs(x)**y",
    "division": "x / y",
    "timestep": "timestep(abs(x)*ms, 0.1*ms)",
    "functions": "exp(x/5) + log(abs(x) + 1) + sqrt(abs(y)) + sin(x)*cos(y) + arctan(x)",
}


def arithmetic():
    values = np.array([-7.5, -3, -2.5, -1, -0.5, 0.0, 0.5, 1, 2.5, 3, 7.25, 1e-300, -0.0])
    divisors = np.array([2.0, -2, 0.5, 3, -0.75, 1, -4, 0.0, 2, -3, 1.5, 2, -2])
    model = "x : 1\ny : 1\n" + "\n".join(
        f"dr_{name}/dt = ({expression})/ms : 1" for name, expression in ARITHMETIC.items()
    )
    prefs.core.check_nan = False  # x // 0 is infinite, on purpose
    G = NeuronGroup(
        len(values), model, method="euler", threshold="(x > 0 and y < 2) or not (x < -3)"
    )
    G.x = values
    G.y = divisors
    spikes = SpikeMonitor(G)
    return [G, spikes], lambda: {
        "logic": spikes.i,
        **{name: getattr(G, f"r_{name}")[:] for name in ARITHMETIC},
    }


def test_arithmetic_and_functions_round_and_sign_as_numpy_does():
    with np.errstate(all="ignore"):
        result = assert_same_on_both_targets(arithmetic, 0.1 * ms)
    assert np.isnan(result["mod"][7])  # x % 0
    assert list(result["logic"]) == list(range(1, 13))  # x >= -3, or x > 0 and y < 2


def test_a_parameter_change_does_not_compile_again(tmp_path, monkeypatch):
    numpy_loops.implementations()  # its probe module is built (once) before the cache moves
    monkeypatch.setenv(cython_build.CACHE_ENV, str(tmp_path))
    target = get_target("cython")
    builds = target.builds
    counts = []
    for tau in (10, 20):
        start_scope()
        prefs.codegen.target = "cython"
        G = NeuronGroup(5, "dv/dt = (2 - v)/tau : 1", threshold="v > 1", reset="v = 0")
        G.namespace["tau"] = tau * ms
        M = SpikeMonitor(G)
        run(30 * ms)
        counts.append(M.num_spikes)
    assert counts[0] > counts[1] > 0  # the new value was used...
    assert target.builds == builds + 1  # ...by the code built for the first run
    assert len(list(tmp_path.glob(f"_spikecanvas_*{cython_build.SUFFIX}"))) == 1


def test_a_module_built_before_is_loaded_from_the_cache(tmp_path, monkeypatch):
    monkeypatch.setenv(cython_build.CACHE_ENV, str(tmp_path))
    source = "def answer():\n    return 6 * 7\n"
    module, built = cython_build.build_module(source)
    assert built
    assert module.answer() == 42
    cython_build._loaded.clear()  # as in a new process
    module, built = cython_build.build_module(source)
    assert not built
    assert module.answer() == 42


def test_a_compile_failure_runs_on_numpy_with_a_warning_naming_the_reason(monkeypatch):
    def failing(command, what):
        raise cython_build.CompileError(f"{what} failed (exit status 1):\nno space left")

    monkeypatch.setattr(cython_build, "_run", failing)
    monkeypatch.setattr(cython_build, "module_name", lambda source: "_spikecanvas_never_built")
    with pytest.warns(RuntimeWarning, match="(?s)runs on numpy .*no space left"):
        on_cython = simulate("cython", noisy_lif)
    on_numpy = simulate("numpy", noisy_lif)
    for name in on_numpy:
        np.testing.assert_array_equal(on_cython[name], on_numpy[name])


def test_errors_of_the_compiler_are_reported_with_its_message(tmp_path, monkeypatch):
    monkeypatch.setenv(cython_build.CACHE_ENV, str(tmp_path))
    with pytest.raises(cython_build.CompileError, match="Cython failed"):
        cython_build.build_module("def broken(:\n")


def test_operations_compiled_code_cannot_do_run_on_numpy():
    start_scope()
    prefs.codegen.target = "cython"
    # A Python function of each neuron's index in the model:
    stimulus = TimedArray(np.ones((2, 3)), dt=1 * ms)  # noqa: F841
    G = NeuronGroup(
        3,
        "dv/dt = (stimulus(t, i) - v)/(5*ms) : 1\ndw/dt = -w/(5*ms) : 1",
        threshold="v > 0.5",
        reset="w += poisson(2)",  # a draw that depends on its argument
    )
    run(0.5 * ms)
    assert isinstance(G.state_updater.code_object, NumpyCodeObject)
    assert isinstance(G.resetter["spike"].code_object, NumpyCodeObject)
    assert isinstance(G.thresholder["spike"].code_object, CythonCodeObject)


def test_functions_that_round_differently_here_are_compiled_with_numpys_own_loops():
    # Whatever this processor: tanh is compiled, and gives numpy's values (numpy has its own
    # SIMD tanh on AVX2 and AVX-512; see test_numpy_loops for both cases on one machine).
    start_scope()
    prefs.codegen.target = "cython"
    G = NeuronGroup(2, "dv/dt = -tanh(v)/(5*ms) : 1")
    run(0.1 * ms)
    assert isinstance(G.state_updater.code_object, CythonCodeObject)
