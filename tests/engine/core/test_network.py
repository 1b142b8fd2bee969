"""Networks: the schedule, runs, reports, stopping, continuing, storing and restoring."""

import threading
import time

import numpy as np
import pytest

from engine.core import (
    EngineError,
    EngineObject,
    MagicError,
    Network,
    collect,
    generated_code,
    prefs,
    restore,
    run,
    scheduling_summary,
    start_scope,
    store,
)
from engine.groups import NeuronGroup
from engine.monitors import SpikeMonitor, StateMonitor
from engine.rng import seed
from engine.units import ms, second


class Recorder(EngineObject):
    """Records in `log` the time at which each run() happened."""

    def __init__(self, log, **kwds):
        super().__init__(**kwds)
        self.log = log

    def run(self):
        self.log.append((self.name, round(self.clock.t_ * 1e4)))


def test_objects_run_in_schedule_order_then_order_then_name():
    log = []
    objects = [
        Recorder(log, when="end", name="e"),
        Recorder(log, when="start", order=1, name="s1"),
        Recorder(log, when="start", order=0, name="s0b"),
        Recorder(log, when="start", order=0, name="s0a"),
        Recorder(log, when="before_groups", name="bg"),
        Recorder(log, when="after_thresholds", name="at"),
        Recorder(log, when="thresholds", name="th"),
    ]
    net = Network(objects)
    net.run(0.1 * ms)
    assert [name for name, _ in log] == ["s0a", "s0b", "s1", "bg", "th", "at", "e"]
    assert "s0a" in net.scheduling_summary()


def test_a_custom_schedule():
    log = []
    net = Network(Recorder(log, when="a", name="x"), Recorder(log, when="b", name="y"))
    net.schedule = ["b", "a"]
    net.run(0.1 * ms)
    assert [name for name, _ in log] == ["y", "x"]
    with pytest.raises(ValueError, match="automatic"):
        net.schedule = ["before_a"]
    net.schedule = None
    with pytest.raises(EngineError, match="'a' is not a slot of the schedule"):
        net.run(0.1 * ms)


def test_clocks_with_different_dt_run_at_their_own_times():
    log = []
    net = Network(
        Recorder(log, dt=0.1 * ms, name="fast", when="start"),
        Recorder(log, dt=0.3 * ms, name="slow", when="end"),
    )
    net.run(1 * ms)
    fast = [step for name, step in log if name == "fast"]
    slow = [step for name, step in log if name == "slow"]
    assert fast == list(range(10))
    assert slow == [0, 3, 6, 9]
    # at shared times, the schedule still orders them: fast (start) before slow (end)
    assert log.index(("fast", 3)) < log.index(("slow", 3))


def test_runs_continue_where_the_last_one_ended():
    log = []
    net = Network(Recorder(log))
    net.run(0.5 * ms)
    net.run(0.3 * ms)
    assert float(net.t) == pytest.approx(0.8e-3, rel=1e-12)  # a float sum, as in Brian 2
    assert [step for _, step in log] == list(range(8))


def test_negative_durations_and_wrong_units_are_refused():
    net = Network(NeuronGroup(1, "v : 1"))
    with pytest.raises(ValueError, match="negative"):
        net.run(-1 * ms)
    with pytest.raises(Exception, match="second"):
        net.run(5)


def test_report_callbacks_receive_progress():
    calls = []
    net = Network(NeuronGroup(10, "dv/dt = -v/(10*ms) : 1"))
    net.run(20 * ms, report=lambda *args: calls.append(args), report_period=0 * second)
    _, completed, start, duration = calls[-1]
    assert completed == 1.0
    assert duration == 20 * ms
    assert start == 0 * ms
    assert calls[0][1] == 0.0
    fractions = [c[1] for c in calls]
    assert fractions == sorted(fractions)
    assert len(calls) > 3


def test_a_text_report(capsys):
    net = Network(NeuronGroup(1, "v : 1"))
    net.run(1 * ms, report="text", report_period=0 * second)
    output = capsys.readouterr().out
    assert "Starting simulation at t=0. s for a duration of 1. ms" in output
    assert "(100%) simulated in" in output


def test_stop_from_another_thread_ends_the_run_early_and_keeps_the_data():
    group = NeuronGroup(1, "dv/dt = 1/(10*ms) : 1", threshold="v > 1", reset="v = 0")
    monitor = SpikeMonitor(group)
    net = Network(group, monitor)
    started = threading.Event()
    begun: list[float] = []

    def report(elapsed, completed, start, duration):
        if not started.is_set():  # the first report: the run is prepared (code compiled)
            begun.append(time.perf_counter())
        started.set()

    timer = threading.Thread(target=lambda: (started.wait(), time.sleep(0.2), net.stop()))
    timer.start()
    net.run(10000 * second, report=report, report_period=0.01 * second)
    timer.join()
    assert time.perf_counter() - begun[0] < 5
    assert 0 * second < net.t < 10000 * second
    assert monitor.num_spikes == int(float(net.t) / 0.01 + 1e-9)  # one spike per 10 ms so far


def test_errors_in_any_model_stop_the_run_before_anything_is_simulated():
    good = NeuronGroup(1, "dv/dt = -v/(10*ms) : 1")
    bad = NeuronGroup(1, "dv/dt = -v/tau_m : 1", name="bad")
    net = Network(good, bad)
    with pytest.raises(EngineError) as caught:
        net.run(1 * ms)
    message = str(caught.value)
    assert "'bad_stateupdater'" in message
    assert "'tau_m'" in message
    assert net.t == 0 * ms


def test_a_diverging_variable_stops_the_run_naming_it_and_its_equation():
    group = NeuronGroup(2, "dv/dt = v**2/(1*ms) : 1", method="euler", name="exploding")
    group.v = [0, 1]
    net = Network(group)
    with pytest.raises(EngineError) as caught:
        net.run(100 * ms)
    message = str(caught.value)
    assert "'exploding'" in message
    assert "'v' became infinite" in message
    assert "element(s) 1" in message
    assert "dv/dt = v**2/(1*ms)" in message
    assert "line 1 of the model" in message


def test_nan_stops_the_run():
    group = NeuronGroup(1, "dv/dt = (sqrt(v) - v)/ms : 1", method="euler")
    group.v = -1
    with pytest.raises(EngineError, match="'v' became NaN"):
        Network(group).run(1 * ms)


def test_the_generated_code_can_be_read_without_running():
    prefs.codegen.target = "numpy"  # the text below is numpy code
    tau = 10 * ms  # noqa: F841  (found in this scope, as a run would find it)
    group = NeuronGroup(
        3, "dv/dt = (1 - v)/tau : 1", threshold="v > 0.8", reset="v = 0", name="cells"
    )
    monitor = SpikeMonitor(group, name="spikes")
    code = generated_code(group, monitor)
    # One function per object, in the order they run, each headed by where it runs.
    headers = [line for line in code.splitlines() if line.startswith("# ")]
    assert headers == [
        "# cells_stateupdater: groups, order 0, clock defaultclock",
        "# cells_spike_thresholder: thresholds, order 0, clock defaultclock",
        "# spikes: thresholds, order 1, clock defaultclock",
        "# cells_spike_resetter: resets, order 0, clock defaultclock",
    ]
    assert "_array_cells_v[_idx] = v" in code
    assert np.all(group.v[:] == 0)


def test_the_generated_code_reports_model_errors_like_a_run():
    group = NeuronGroup(1, "dv/dt = -v/tau_unknown : 1", name="cells")
    with pytest.raises(EngineError, match="'tau_unknown'"):
        Network(group).generated_code()


def test_duplicate_names_are_refused():
    net = Network(NeuronGroup(1, "v : 1", name="same"))
    other = Network(NeuronGroup(1, "v : 1", name="other"))
    assert other  # names must be unique among live objects: a pattern picks the next free one
    with pytest.raises(ValueError, match="valid name"):
        NeuronGroup(1, "v : 1", name="1bad")
    assert net["same"].name == "same"


def test_store_and_restore_give_identical_continuations(tmp_path):
    group = NeuronGroup(
        20,
        "dv/dt = (2 - v)/(10*ms) + 0.5*xi/ms**0.5 : 1",
        threshold="v > 1",
        reset="v = 0",
        method="euler",
    )
    monitor = SpikeMonitor(group)
    net = Network(group, monitor)
    seed(3)
    net.run(10 * ms)
    net.store("middle")
    net.store("middle", filename=tmp_path / "state.h5")
    net.run(20 * ms)
    first = (monitor.i.copy(), monitor.t_.copy(), group.v[:].copy())
    for filename in (None, tmp_path / "state.h5"):
        net.restore("middle", filename=filename, restore_random_state=True)
        assert net.t == 10 * ms
        net.run(20 * ms)
        assert np.array_equal(monitor.i, first[0])
        assert np.array_equal(monitor.t_, first[1])
        assert np.array_equal(group.v[:], first[2])
    with pytest.raises(KeyError, match="nothing"):
        net.restore("nothing")


def test_magic_run_collects_visible_objects_and_continues():
    group = NeuronGroup(1, "dv/dt = 1/(10*ms) : 1")
    assert collect() == {group}
    run(1 * ms)
    run(1 * ms)
    assert group.v[0] == pytest.approx(0.2)


def test_the_schedule_of_the_visible_objects_can_be_listed():
    group = NeuronGroup(1, "dv/dt = 1/(10*ms) : 1", name="cells")
    monitor = StateMonitor(group, "v", record=0, when="end", name="trace")
    rows = scheduling_summary().splitlines()
    assert [row.split()[:3] for row in rows[1:]] == [
        ["cells", "start", "0"],
        ["cells_stateupdater", "groups", "0"],
        ["trace", "end", "0"],
    ]
    assert scheduling_summary(Network(monitor)).splitlines()[1].startswith("trace")


def test_magic_run_starts_afresh_with_new_objects():
    group = NeuronGroup(1, "dv/dt = 1/(10*ms) : 1")
    run(1 * ms)
    group = NeuronGroup(1, "dv/dt = 1/(10*ms) : 1")  # the old group is no longer visible
    monitor = StateMonitor(group, "v", record=0)
    run(1 * ms)
    assert monitor.t[0] == 0 * ms


def test_magic_run_refuses_a_mix_of_old_and_new_objects():
    first = NeuronGroup(1, "v : 1")
    run(1 * ms)
    second = NeuronGroup(1, "v : 1")
    with pytest.raises(MagicError, match="mix"):
        run(1 * ms)
    assert first
    assert second


def test_monitors_can_join_a_running_simulation():
    group = NeuronGroup(1, "dv/dt = 1/(10*ms) : 1")
    run(1 * ms)
    monitor = StateMonitor(group, "v", record=0)
    run(1 * ms)
    assert monitor.t[0] == 1 * ms


def test_start_scope_hides_earlier_objects():
    NeuronGroup(1, "v : 1", name="hidden")
    hidden = NeuronGroup(1, "v : 1")
    start_scope()
    visible = NeuronGroup(1, "v : 1")
    assert collect() == {visible}
    assert hidden


def test_start_scope_frees_the_names_of_objects_nothing_refers_to():
    # As in Brian 2 (objects freed with their last reference): a script run again in a new
    # scope gets the same names — which order objects scheduled in the same slot.
    def build():
        group = NeuronGroup(1, "dv/dt = -v/ms : 1", threshold="v > 1", reset="v = 0")
        Network(group).run(0.1 * ms)  # parts that refer back to the group
        return group.name

    start_scope()
    first = build()
    start_scope()
    assert build() == first
    kept = NeuronGroup(1, "v : 1")
    start_scope()
    assert NeuronGroup(1, "v : 1").name != kept.name  # a name still in use is not reused


def test_magic_store_and_restore():
    group = NeuronGroup(1, "dv/dt = 1/(10*ms) : 1")
    store()
    run(1 * ms)
    restore()
    assert group.v[0] == 0
