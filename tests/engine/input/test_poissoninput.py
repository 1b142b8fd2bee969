"""PoissonInput: binomial numbers of input events times a weight, added to a target variable.

With ``rate*dt = 1`` every input fires at every step, which makes the effect exact (``N``
events per step): those tests check where, when and how much is added. Statistical tests use
a fixed seed and five-standard-deviation tolerances (a chance failure has probability < 1e-6).
"""

import numpy as np
import pytest

from engine.core import EngineError, Network, defaultclock, run
from engine.equations import Equations
from engine.groups import Group, NeuronGroup
from engine.input import PoissonInput, TimedArray
from engine.monitors import StateMonitor
from engine.rng import seed
from engine.units import DimensionMismatchError, Hz, amp, kHz, ms, mV, nA

EVERY_STEP = 10 * kHz  # rate*dt = 1 at dt = 0.1 ms: each input fires at each step


def test_every_input_event_adds_the_weight():
    group = NeuronGroup(3, "v : volt")
    inputs = PoissonInput(group, "v", 5, EVERY_STEP, 0.5 * mV)
    Network(group, inputs).run(1 * ms)
    assert np.allclose(group.v / mV, [25, 25, 25])  # 10 steps x 5 events x 0.5 mV


def test_increments_are_binomial_with_the_right_mean_and_variance():
    # 20000 neurons, one step: k ~ Binomial(1000, p = 100 Hz * 0.1 ms = 0.01), mean 10,
    # variance 9.9. The sample mean has sd sqrt(9.9/20000) = 0.022; the sample variance has
    # sd about 9.9*sqrt(2/20000) = 0.099 (nearly normal counts).
    seed(11)
    group = NeuronGroup(20000, "x : 1")
    inputs = PoissonInput(group, "x", 1000, 100 * Hz, 1)
    Network(group, inputs).run(0.1 * ms)
    counts = np.asarray(group.x)
    assert abs(counts.mean() - 10) < 5 * 0.022
    assert abs(counts.var() - 9.9) < 5 * 0.099
    # Exact binomial draws: whole, non-negative numbers of events.
    assert np.array_equal(counts, np.round(counts))
    assert counts.min() >= 0


def test_each_element_gets_independent_draws():
    seed(12)
    group = NeuronGroup(2000, "x : 1")
    Network(group, PoissonInput(group, "x", 100, 50 * Hz, 1)).run(0.1 * ms)
    first = np.asarray(group.x)
    assert len(np.unique(first)) > 3
    # Two steps of the same elements are independent too: no correlation beyond chance
    # (sd of the correlation of 2000 pairs: 1/sqrt(2000) = 0.022).
    group.x = 0
    Network(group, PoissonInput(group, "x", 100, 50 * Hz, 1)).run(0.1 * ms)
    assert abs(np.corrcoef(first, np.asarray(group.x))[0, 1]) < 5 * 0.022


def test_the_same_seed_gives_the_same_input():
    def inputs(number):
        seed(number)
        group = NeuronGroup(10, "x : 1")
        Network(group, PoissonInput(group, "x", 100, 200 * Hz, 1)).run(1 * ms)
        return np.asarray(group.x).tolist()

    assert inputs(3) == inputs(3)
    assert inputs(3) != inputs(4)


def test_the_input_arrives_in_the_synapses_slot():
    # After the state update of the step: a StateMonitor (start of the step) sees the
    # input of a step at the next one.
    group = NeuronGroup(1, "dv/dt = -v/(10*ms) : volt", method="exact")
    inputs = PoissonInput(group, "v", 1, EVERY_STEP, 1 * mV)
    monitor = StateMonitor(group, "v", record=0)
    Network(group, inputs, monitor).run(0.3 * ms)
    decay = np.exp(-0.01)
    assert inputs.when == "synapses"
    np.testing.assert_allclose(monitor.v[0] / mV, [0, 1, 1 + decay], rtol=1e-12)


def test_a_weight_expression_is_evaluated_per_element():
    group = NeuronGroup(3, "v : volt\nw0 : volt")
    group.w0 = [1, 2, 3] * mV
    Network(group, PoissonInput(group, "v", 2, EVERY_STEP, "w0*(1 + i)")).run(0.2 * ms)
    assert np.allclose(group.v / mV, [4, 16, 36])


def test_subgroups_receive_input_only_in_their_range():
    group = NeuronGroup(6, "v : volt")
    inputs = PoissonInput(group[2:4], "v", 1, EVERY_STEP, 1 * mV)
    Network(group, inputs).run(0.5 * ms)
    assert np.allclose(group.v / mV, [0, 0, 5, 5, 0, 0])


def test_clamped_variables_do_not_receive_input_while_refractory():
    group = NeuronGroup(
        1,
        "dv/dt = 0*volt/ms : volt (unless refractory)",
        threshold="v > 2.5*mV",
        reset="v = 0*mV",
        refractory=0.2 * ms,
    )
    inputs = PoissonInput(group, "v", 1, EVERY_STEP, 1 * mV)
    monitor = StateMonitor(group, "v", record=0)
    Network(group, inputs, monitor).run(1 * ms)
    # +1 mV per step, spike at 3 mV (tested in the step after reaching it: thresholds come
    # before the input), reset, two refractory steps without input, then again.
    assert np.allclose(monitor.v[0] / mV, [0, 1, 2, 3, 0, 0, 1, 2, 3, 0])


def test_a_new_dt_between_runs_changes_the_probability():
    group = NeuronGroup(1, "v : volt")
    inputs = PoissonInput(group, "v", 1, 5 * kHz, 1 * mV)
    net = Network(group, inputs)
    defaultclock.dt = 0.2 * ms  # rate*dt = 1
    net.run(1 * ms)
    assert group.v[0] / mV == pytest.approx(5)


def test_the_magic_run_collects_it_and_its_attributes_are_brian2s():
    group = NeuronGroup(2, "v : volt")
    inputs = PoissonInput(group, "v", 4, EVERY_STEP, 0.25 * mV)
    run(0.2 * ms)
    assert np.allclose(group.v / mV, [2, 2])
    assert (inputs.N, inputs.rate, inputs.target_var, inputs.weight) == (
        4,
        EVERY_STEP,
        "v",
        0.25 * mV,
    )
    assert "PoissonInput('neurongroup" in repr(inputs)
    assert "_binomial(" in inputs.code


# -- errors -------------------------------------------------------------------------------------


def test_the_target_must_be_a_group_with_that_variable():
    with pytest.raises(TypeError, match="target of a PoissonInput must be a group"):
        PoissonInput("v", "v", 1, 10 * Hz, 1 * mV)
    group = NeuronGroup(1, "v : volt", name="cells")
    with pytest.raises(EngineError, match=r"'cells' has no variable 'u' .* variables: .*v"):
        PoissonInput(group, "u", 1, 10 * Hz, 1 * mV)


def test_subexpressions_and_read_only_variables_cannot_be_targets():
    group = NeuronGroup(1, "v : volt\nu = 2*v : volt\nc : volt (constant)", name="cells")
    with pytest.raises(EngineError, match="'u' of 'cells' is a subexpression"):
        PoissonInput(group, "u", 1, 10 * Hz, 1 * mV)
    with pytest.raises(EngineError, match="'c' of 'cells' is read-only"):
        PoissonInput(group, "c", 1, 10 * Hz, 1 * mV)
    with pytest.raises(EngineError, match="'i' of 'cells' is read-only"):
        PoissonInput(group, "i", 1, 10 * Hz, 1)


class SummedTarget(Group):
    """A stand-in for a Synapses object with a ``(summed)`` variable."""

    def __init__(self):
        super().__init__(name="synapses*")
        self.variables.add_constant("N", 2)
        self.variables.add_array("I_post", 2, amp.dim)
        self.equations = Equations("I_post = 1*nA : amp (summed)")


def test_summed_variables_cannot_be_targets():
    with pytest.raises(EngineError, match=r"'I_post' of 'synapses.*' is a \(summed\) variable"):
        PoissonInput(SummedTarget(), "I_post", 1, 10 * Hz, 1 * nA)


def test_the_weight_must_have_the_unit_of_the_target():
    group = NeuronGroup(1, "v : volt")
    with pytest.raises(DimensionMismatchError, match=r"weight of .* unit of 'v' \(V\)"):
        PoissonInput(group, "v", 1, 10 * Hz, 1 * nA)
    wrong_expression = PoissonInput(group, "v", 1, 10 * Hz, "1*nA")
    with pytest.raises(EngineError, match="poissoninput.* has unit A, but 'v' has unit V"):
        Network(group, wrong_expression).run(0.1 * ms)


def test_rates_numbers_and_probabilities_are_checked():
    group = NeuronGroup(1, "v : volt")
    with pytest.raises(DimensionMismatchError, match="rate of .* must be a single rate"):
        PoissonInput(group, "v", 1, 10 * ms, 1 * mV)
    with pytest.raises(EngineError, match="rate cannot be negative"):
        PoissonInput(group, "v", 1, -10 * Hz, 1 * mV)
    with pytest.raises(EngineError, match="number of inputs must be a non-negative integer"):
        PoissonInput(group, "v", 2.5, 10 * Hz, 1 * mV)
    too_fast = PoissonInput(group, "v", 1, 20 * kHz, 1 * mV)
    with pytest.raises(EngineError, match=r"rate\*dt = 2 per step, more than 1"):
        Network(group, too_fast).run(0.1 * ms)


def test_a_weight_expression_may_use_a_timed_array():
    stimulus = TimedArray([1, 0, 2] * mV, dt=0.1 * ms)  # noqa: F841
    group = NeuronGroup(2, "v : volt")
    Network(group, PoissonInput(group, "v", 1, EVERY_STEP, "stimulus(t)")).run(0.3 * ms)
    assert np.allclose(group.v / mV, [3, 3])


@pytest.mark.parametrize("target", ["numpy", "cython"])
def test_rate_and_weight_may_be_assigned_between_runs_and_hold_from_the_next_step(target):
    # Unlike Brian 2 (read-only attributes): what a live change of a running simulation
    # assigns. With rate*dt = 1 the effect is exact: 10 steps x 5 events x the weight.
    from engine.core.preferences import prefs

    prefs.codegen.target = target
    try:
        group = NeuronGroup(2, "v : volt")
        inputs = PoissonInput(group, "v", 5, EVERY_STEP, 0.5 * mV)
        net = Network(group, inputs)
        net.run(1 * ms)
        inputs.weight = 1 * mV
        net.run(1 * ms)
        inputs.rate = 0 * Hz
        net.run(1 * ms)
    finally:
        prefs.codegen.target = "numpy"
    assert np.allclose(group.v / mV, [75, 75])  # 25 mV, then 50 mV more, then nothing
    assert (inputs.rate, inputs.weight) == (0 * Hz, 1 * mV)


def test_a_refused_rate_or_weight_leaves_the_input_as_it_was():
    group = NeuronGroup(2, "v : volt")
    inputs = PoissonInput(group, "v", 5, 100 * Hz, 0.5 * mV)
    with pytest.raises(EngineError, match="more than 1"):
        inputs.rate = 20 * kHz  # rate*dt = 2 at dt = 0.1 ms
    with pytest.raises(DimensionMismatchError):
        inputs.weight = 1 * nA
    with pytest.raises(EngineError, match="finite"):
        inputs.weight = np.nan * mV
    assert (inputs.rate, inputs.weight) == (100 * Hz, 0.5 * mV)
    expression = PoissonInput(group, "v", 5, 100 * Hz, "0.5*mV*(1 + i)")
    with pytest.raises(EngineError, match="Change the constants the expression uses"):
        expression.weight = 1 * mV
