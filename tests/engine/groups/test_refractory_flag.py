"""``(unless refractory)`` in a group without a refractory period: a warning, as in Brian 2.

Brian 2 runs such a group (the flag clamps nothing: the group is never refractory) and warns
that no refractory period was given. The engine does the same, and its warning says what to
do, at the equation's line; it used to fail with a bare ``KeyError: 'not_refractory'``.
"""

import numpy as np
import pytest

from engine.core import Network
from engine.groups import NeuronGroup
from engine.groups.neurongroup import RefractoryFlagWarning
from engine.monitors import SpikeMonitor, StateMonitor
from engine.units import ms

MODEL = """
dw/dt = -w/(20*ms) : 1
dv/dt = (1.2 - v)/(10*ms) : 1 (unless refractory)
"""


def trace(model):
    group = NeuronGroup(1, model, threshold="v > 1", reset="v = 0", method="exact")
    monitor = StateMonitor(group, "v", record=0)
    spikes = SpikeMonitor(group)
    Network(group, monitor, spikes).run(40 * ms)
    return monitor.v[0], spikes.t


def test_the_flag_without_a_refractory_period_warns_what_to_do_at_its_line():
    with pytest.warns(RefractoryFlagWarning) as caught:
        NeuronGroup(1, MODEL, threshold="v > 1", reset="v = 0", name="cell")
    (warning,) = caught.list
    assert str(warning.message) == (
        "'v' is clamped with (unless refractory), but 'cell' has no refractory period: set "
        "one (e.g. 5*ms), or remove the flag (line 3 of the model)"
    )
    assert warning.filename == __file__  # the line that created the group


def test_the_group_runs_as_without_the_flag():
    with pytest.warns(RefractoryFlagWarning):
        flagged, flagged_spikes = trace(MODEL)
    plain, plain_spikes = trace(MODEL.replace("(unless refractory)", ""))
    assert len(plain_spikes) >= 2
    np.testing.assert_array_equal(flagged_spikes, plain_spikes)
    np.testing.assert_array_equal(flagged, plain)


def test_a_refractory_period_of_zero_clamps_nothing_either_and_does_not_warn(recwarn):
    group = NeuronGroup(1, MODEL, threshold="v > 1", reset="v = 0", refractory=0 * ms)
    assert "not_refractory" in group.variables
    assert not [w for w in recwarn.list if issubclass(w.category, RefractoryFlagWarning)]
