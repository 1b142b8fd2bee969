"""Conditions used as numbers (0 or 1) give Brian 2's results.

One small model, written once with ``from SIMULATOR import *`` and run by both simulators
(``side_by_side.py``): synapses whose ``on_pre`` adds conditions (``w*(i > 0)``, ``0.1*(v_post
> 0.5)``), a derivative switched on by ``int(t > 2*ms)`` (Brian 2 needs ``int()`` in equations;
the engine accepts both forms, see ``tests/engine/codegen/test_conditions_as_numbers.py``), and
``x += 1*(rand() < 0.3)`` from Brian 2's documentation, compared as a statistic (the two
simulators draw different random numbers).
"""

from __future__ import annotations

import numpy as np
from reference import side_by_side

KICKS = 3000

CONDITIONS = f"""
from SIMULATOR import *
G = NeuronGroup(3, 'dv/dt = (2 - v)/(10*ms)*int(t > 2*ms) : 1', threshold='v > 1',
                reset='v = 0', method='euler')
inputs = SpikeGeneratorGroup(3, [0, 1, 2, 0], [1, 2, 3, 4]*ms)
S = Synapses(inputs, G, 'w : 1', on_pre='v_post += w*(i > 0) + 0.1*(v_post > 0.5)')
S.connect(j='i')
S.w = 0.3
M = StateMonitor(G, 'v', record=True)
SM = SpikeMonitor(G)
kicks = SpikeGeneratorGroup({KICKS}, np.arange({KICKS}), np.ones({KICKS})*ms)
H = NeuronGroup({KICKS}, 'x : 1')
K = Synapses(kicks, H, on_pre='x_post += 1*(rand() < 0.3)')
K.connect(j='i')
run(20*ms)
result = {{"v": floats(M.v), "spikes": spikes(SM), "kicked": floats(H.x[:])}}
"""

SCRIPTS = {"conditions": CONDITIONS}
brian2_results, engine = side_by_side.fixtures_for(SCRIPTS)


def test_conditions_in_on_pre_and_in_equations_give_brian2s_traces_and_spikes(brian2_results):
    theirs, ours = brian2_results["conditions"], engine("conditions")
    side_by_side.assert_same_trace(ours["v"], theirs["v"])
    side_by_side.assert_same_spikes(ours["spikes"], theirs["spikes"], dt_ms=0.1)
    assert len(ours["spikes"]["i"]) > 0


def test_a_random_condition_kicks_the_same_fraction_as_in_brian2(brian2_results):
    theirs, ours = brian2_results["conditions"], engine("conditions")
    for kicked in (ours["kicked"], theirs["kicked"]):
        assert set(np.unique(kicked)) <= {0.0, 1.0}
    # Two independent estimates of 0.3 from KICKS draws each.
    sigma = np.sqrt(2 * 0.3 * 0.7 / KICKS)
    side_by_side.assert_close_statistic(
        float(np.mean(ours["kicked"])), float(np.mean(theirs["kicked"])), 4.5 * sigma, "fraction"
    )
