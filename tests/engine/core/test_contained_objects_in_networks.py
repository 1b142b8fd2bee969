"""An object contained in another is one object of a network, however it got there.

``R = G.run_regularly(...)`` is part of ``G``; a script that keeps ``R`` in a variable makes the
magic `run` see it twice (on its own and inside ``G``), and ``Network(G, R)`` names it twice.
As in Brian 2, it runs once, and no "same name" error is raised.
"""

from __future__ import annotations

import numpy as np

from engine import Network, NeuronGroup, collect, ms, run


def test_run_regularly_code_kept_in_a_variable_runs_once_per_step_with_magic_run():
    group = NeuronGroup(2, "v : 1")
    runner = group.run_regularly("v += 1")
    run(1 * ms)
    assert runner in collect()
    assert np.array_equal(group.v[:], [10, 10])


def test_run_on_event_code_kept_in_a_variable_runs_once_per_event_with_magic_run():
    group = NeuronGroup(1, "v : 1", events={"tick": "True"})
    on_tick = group.run_on_event("tick", "v += 1")
    kept_thresholder = group.thresholder["tick"]
    run(1 * ms)
    assert {on_tick, kept_thresholder} <= collect()
    assert group.v[0] == 10


def test_a_network_given_a_group_and_its_code_runs_the_code_once():
    group = NeuronGroup(1, "v : 1")
    runner = group.run_regularly("v += 1")
    network = Network(group, runner)
    network.run(1 * ms)
    assert group.v[0] == 10
    assert len(network.objects) == 2
    assert [obj.name for obj in network.sorted_objects].count(runner.name) == 1
