"""Devices: selecting one, the runtime device, and cpp_standalone's semantics on the engine.

The cpp_standalone cases follow what Brian 2.9's standalone device does with the same script
(checked in its environment): the first run builds with ``build_on_run=True`` and a second is
refused; with ``build_on_run=False`` results wait for ``device.build()`` and reading them
before raises NotImplementedError; setting a variable between runs is allowed.
"""

import importlib
import warnings

import numpy as np
import pytest

import engine
from engine import (
    NeuronGroup,
    SpikeMonitor,
    StateMonitor,
    all_devices,
    device,
    get_device,
    ms,
    run,
    set_device,
    start_scope,
)
from engine.devices import CPPStandaloneDevice, RuntimeDevice, reinit_devices
from engine.devices.cpp_standalone import UnsupportedBuildOptionWarning
from engine.devices.device import reset_device

MODEL = "dv/dt = (1.1 - v)/(10*ms) : 1"


@pytest.fixture(autouse=True)
def _runtime_afterwards():
    yield
    reinit_devices()


def lif(values="i*0.5"):
    G = NeuronGroup(3, MODEL, threshold="v > 1", reset="v = 0", method="exact")
    G.v = values
    return G


def quietly_standalone(**options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UnsupportedBuildOptionWarning)
        set_device("cpp_standalone", **options)


# -- selecting a device -------------------------------------------------------------------------


def test_the_runtime_device_is_the_default():
    assert isinstance(get_device(), RuntimeDevice)
    assert get_device() is all_devices["runtime"]


def test_device_stands_for_the_current_device():
    set_device("cpp_standalone", build_on_run=False)
    assert isinstance(get_device(), CPPStandaloneDevice)
    assert device.build_on_run is False
    assert "cpp_standalone" in repr(device)


def test_reset_device_goes_back_to_the_previous_device():
    set_device("cpp_standalone")
    reset_device()
    assert get_device() is all_devices["runtime"]
    reset_device()  # nothing before: the runtime device
    assert get_device() is all_devices["runtime"]


def test_an_unknown_device_is_a_key_error_as_in_brian2():
    with pytest.raises(KeyError, match="cuda_standalone"):
        set_device("cuda_standalone")


def test_building_on_the_runtime_device_does_nothing_as_in_brian2():
    G = lif()
    run(1 * ms)
    device.build(directory="output", compile=True, run=True, debug=False)
    assert len(G.v[:]) == 3


def test_brian2s_import_paths_work():
    devices = importlib.import_module("engine.devices")
    module = importlib.import_module("engine.devices.device")
    assert module.reset_device is reset_device
    assert module.set_device is devices.set_device is engine.set_device
    assert devices.device is engine.device  # the package attribute is the current device
    namespace: dict = {}
    exec("from engine.devices.device import device, set_device, reset_device", namespace)
    assert namespace["device"] is device


def test_unknown_device_options_are_refused():
    with pytest.raises(TypeError, match="directry"):
        set_device("cpp_standalone", directry="out")


def test_options_that_cannot_be_honoured_are_named_in_a_warning():
    with pytest.warns(UnsupportedBuildOptionWarning, match="directory='out'.*no C\\+\\+ project"):
        set_device("cpp_standalone", directory="out")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        set_device("cpp_standalone", build_on_run=False, compile=True, run=True)
    with pytest.warns(UnsupportedBuildOptionWarning, match="debug=True"):
        device.build(debug=True)


# -- cpp_standalone, build_on_run=True ---------------------------------------------------------


def test_the_first_run_builds_and_runs_and_gives_the_runtime_results():
    G = lif()
    M = SpikeMonitor(G)
    run(30 * ms)
    runtime = (M.count[:].tolist(), G.v[:].tolist())
    reinit_devices()

    quietly_standalone(directory=None)
    G = lif()
    M = SpikeMonitor(G)
    run(30 * ms)
    assert (M.count[:].tolist(), G.v[:].tolist()) == runtime
    assert device.has_been_run
    assert device._last_run_time > 0


def test_a_second_run_is_refused_as_in_brian2():
    set_device("cpp_standalone")
    lif()
    run(1 * ms)
    with pytest.raises(RuntimeError, match="build_on_run=False"):
        run(1 * ms)


def test_build_is_refused_when_the_run_builds():
    set_device("cpp_standalone")
    lif()
    run(1 * ms)
    with pytest.raises(RuntimeError, match="do not call device.build"):
        device.build()


# -- cpp_standalone, build_on_run=False --------------------------------------------------------


def two_runs_with_a_change_between():
    G = lif()
    M = SpikeMonitor(G)
    run(10 * ms)
    G.v = 0.9  # set between runs: applies to the second run
    run(10 * ms)
    return G, M


def test_runs_are_recorded_and_their_results_come_at_build_equal_to_runtime():
    G, M = two_runs_with_a_change_between()
    runtime = (M.i[:].tolist(), M.t[:].tolist(), G.v[:].tolist())
    assert len(runtime[0]) == 4  # one spike in the first run, three in the second
    start_scope()

    set_device("cpp_standalone", build_on_run=False)
    G, M = two_runs_with_a_change_between()
    with pytest.raises(NotImplementedError, match="device.build()"):
        _ = M.count[:]
    device.build(directory=None)
    assert (M.i[:].tolist(), M.t[:].tolist(), G.v[:].tolist()) == runtime
    assert device._last_run_time == device.timers["run_binary"] > 0


def test_reading_results_before_build_raises_not_implemented_error_as_in_brian2():
    set_device("cpp_standalone", build_on_run=False)
    G = lif()
    M = SpikeMonitor(G)
    S = StateMonitor(G, "v", record=True)
    assert G.v[:].tolist() == [0, 0.5, 1.0]  # before any run values are known
    run(5 * ms)
    for read in (
        lambda: G.v[:],
        lambda: G.v + 1,
        lambda: np.asarray(G.v),
        lambda: M.count,
        lambda: M.num_spikes,
        lambda: M.spike_trains(),
        lambda: S.v,
        lambda: G.get_states(),
    ):
        with pytest.raises(NotImplementedError, match=f"'({G.name}|{M.name}|{S.name})'"):
            read()
    assert len(G) == 3  # the size is not a result
    assert float(G.t[:]) == pytest.approx(0.005)  # nor is the time


def test_a_complete_assignment_between_runs_makes_a_variable_readable_again():
    set_device("cpp_standalone", build_on_run=False)
    G = lif()
    run(1 * ms)
    G.v[:2] = 0.1  # partial: the third value is still unknown
    with pytest.raises(NotImplementedError):
        _ = G.v[:]
    G.v = 0.3
    assert G.v[:].tolist() == [0.3, 0.3, 0.3]


def test_build_without_run_keeps_results_unavailable_until_device_run():
    set_device("cpp_standalone", build_on_run=False)
    G = lif()
    run(1 * ms)
    device.build(run=False)
    with pytest.raises(NotImplementedError):
        _ = G.v[:]
    device.run()
    assert len(G.v[:]) == 3


def test_a_run_after_build_and_a_second_build_are_refused():
    set_device("cpp_standalone", build_on_run=False)
    lif()
    run(1 * ms)
    device.build()
    with pytest.raises(RuntimeError, match="already been built"):
        device.build()
    with pytest.raises(RuntimeError, match="reinit"):
        run(1 * ms)


def test_reinit_and_activate_build_another_simulation():
    set_device("cpp_standalone", build_on_run=False)
    lif()
    run(1 * ms)
    device.build()
    device.reinit()
    device.activate(build_on_run=True)
    start_scope()
    G = lif("0.0")
    run(2 * ms)
    # exact integration: 1.1*(1 - exp(-t/tau)), to rounding
    assert G.v[:].tolist() == pytest.approx([1.1 * (1 - np.exp(-0.2))] * 3, rel=1e-12)


def test_back_on_the_runtime_device_runs_simulate_at_once():
    set_device("cpp_standalone", build_on_run=False)
    reset_device()
    G = lif()
    run(1 * ms)
    assert len(G.v[:]) == 3
