"""How fast NeuronGroups simulate, next to Brian 2 measured in the same run: prints only.

Run with ``make benchmark`` (or
``pytest -m benchmark -s tests/benchmarks/test_neurongroup_speed.py``).
Timings vary by tens of percent on shared machines; compare figures from one run only.

Each case is one script, run once by each simulator in a fresh process, both on the numpy code
target: the engine with this interpreter, Brian 2.9.0 with the reference environment's
(``tests/reference/brian2_env.py``). Printed per simulator:

* loop: the simulation loop of ``Network.run``: the elapsed time both simulators give to the
  ``report`` callback at the end of a run (the steps only, without preparation and code
  generation);
* run: the whole ``net.run(...)`` call (preparation, code generation and the loop);
* process: the whole process, from the interpreter's start to its end (imports, model setup,
  the run, writing the result);
* the number of spikes, which must be the same for the deterministic models.
"""

import pytest
from benchmarks.side_by_side_timing import SIMULATORS, measure, print_side_by_side, run_script
from models import COBAHH_MODEL, IF_CURVE_LIF


def lif(size: int) -> str:
    """The IF_curve_LIF example's neurons (exact integration, refractoriness with clamp)."""
    return f"n = {size}\n" + IF_CURVE_LIF + "spikes = SpikeMonitor(group)\n"


# The COBAHH example's neuron (exponential Euler, exprel), without its synapses: the
# conductances start from the example's random values and decay. Random initial values: the
# spike counts of the two simulators are close, not equal.
COBAHH = (
    "N = 4000\nduration = 200*ms\n"
    + COBAHH_MODEL
    + """group = NeuronGroup(N, model=eqs, threshold='v>-20*mV', refractory=3*ms,
                    method='exponential_euler')
seed(1)
group.v = 'El + (randn() * 5 - 5)*mV'
group.ge = '(randn() * 1.5 + 4) * 10.*nS'
group.gi = '(randn() * 12 + 20) * 10.*nS'
spikes = SpikeMonitor(group)
"""
)

CASES = {
    "LIF, 4000 neurons, 1 s": lif(4000),
    "LIF, 40 000 neurons, 1 s": lif(40000),
    "COBAHH neurons (no synapses), 4000, 200 ms": COBAHH,
}


@pytest.mark.timeout(1200)
@pytest.mark.parametrize("case", list(CASES))
def test_print_neurongroup_simulation_times(case):
    results = {
        label: measure(package, run_script(package, CASES[case]))
        for label, package in SIMULATORS.items()
    }
    print_side_by_side(
        f"{case}, dt = 0.1 ms, numpy target (seconds of wall time)",
        results,
        [("loop", ".2f"), ("run", ".2f"), ("process", ".2f"), ("spikes", "d")],
        ratios=("loop", "run", "process"),
    )
