"""How fast synapses are simulated and created, next to Brian 2 measured in the same run.

Run with ``make benchmark`` (or ``pytest -m benchmark -s tests/benchmarks/test_synapses_speed.py``).
Timings vary by tens of percent on shared machines; compare figures from one run only. Only
the results are checked (the numbers of synapses and of spikes), never the timings.

Each case is one script, run once by each simulator in a fresh process, both on the numpy code
target (see `side_by_side_timing`). Networks (the CUBA and COBAHH examples of Brian 2's
documentation) print, per simulator:

* loop: the simulation loop of ``Network.run``, as both simulators give it to the ``report``
  callback at the end of the run (the steps only);
* run: the whole ``net.run(...)`` call (preparation, code generation and the loop);
* process: the whole process (imports, building the network and its synapses, the run);
* loop/s: the loop per simulated second (COBAHH simulates less than a second);
* the numbers of spikes and synapses. The two simulators draw different random numbers, so
  these agree within statistical tolerance, not exactly.

Creating synapses (``connect`` among 100 000 neurons, 10 million synapses, with a weight
``w`` and ``on_pre`` code; Brian 2's ``sample(size=...)`` among 10 000, see `CONNECTS`)
prints, per simulator, the number of neurons, the wall time of the ``connect`` call, the whole
process, the number of synapses and the memory per synapse:

* arrays: the bytes of the arrays holding one value per synapse (indices, weight, delay);
* RSS: the growth of the resident memory from before to after the call. It counts the
  arrays' spare capacity and the freed temporaries the allocator keeps; it leaves out memory
  numpy got zero-filled from the system and never wrote (weights and delays still zero), which
  becomes resident only when written: RSS can be below ``arrays``;
* peak: the highest resident memory of the process, seen after the call, minus the resident
  memory before it: what connecting needs at its busiest.
"""

import math

import pytest
from benchmarks.side_by_side_timing import SIMULATORS, measure, print_side_by_side, run_script
from models import COBAHH_MODEL, COBAHH_NETWORK, CUBA_MODEL, CUBA_NETWORK

# Brian 2's "Example: CUBA" (the benchmark 2 of Brette et al. 2007): 4000 LIF neurons with
# exact integration and current-based synapses, 3200 excitatory and 800 inhibitory, p = 0.02.
CUBA = "duration = 1*second\n" + CUBA_MODEL + CUBA_NETWORK + "spikes = SpikeMonitor(P)\n"

# Brian 2's "Example: COBAHH" (benchmark 3): 4000 HH neurons with exponential Euler and
# conductance-based synapses, p = 0.02. Brian 2 needs 30 s (measured here) to 150 s per
# simulated second on numpy: 200 ms keeps the benchmark within minutes. The example's
# StateMonitor of three traces is left out (the spike monitor gives the count that is checked).
COBAHH = "duration = 200*ms\n" + COBAHH_MODEL + COBAHH_NETWORK + "spikes = SpikeMonitor(P)\n"

# Both examples: 3200 x 4000 excitatory and 800 x 4000 inhibitory candidate pairs, p = 0.02.
PAIRS, P_CONNECT = 4000 * 4000, 0.02
AFTER_RUN = 'result["synapses"] = int(len(Ce) + len(Ci))'

# Each case's model, and how far apart the spike counts of the two simulators (two random draws
# of the network) may be, relative to Brian 2's: 3 to 4 standard deviations of the difference
# of two draws, measured over 11 (CUBA) and 16 (COBAHH) draws of both simulators. CUBA: 22 900
# spikes, 3.6 % between draws (76 000 without synapses). COBAHH's 200 ms are mostly the
# transient from the random start: 27 000 spikes, 11 % between draws (9 000 without synapses).
RUNS = {
    "CUBA (4000 LIF neurons, exact, ~320 000 synapses), 1 s": (CUBA, 0.2),
    "COBAHH (4000 HH neurons, exponential Euler, ~320 000 synapses), 200 ms": (COBAHH, 0.5),
}

# `{package}` is engine or brian2; the script prints one line of JSON. Memory comes from the
# standard library (psutil is in neither environment): the resident size from /proc (the
# benchmarks run on Linux) and the peak from getrusage, in kibibytes on Linux.
CONNECT_TEMPLATE = """
import time
import json
import resource
from {package} import *
prefs.codegen.target = 'numpy'
N = {size}
group = NeuronGroup(N, 'dv/dt = -v / (10*ms) : volt', threshold='v > 1*volt', reset='',
                    method='exact')
synapses = Synapses(group, group, model='w : volt', on_pre='v_post += w')


def resident():
    with open('/proc/self/statm') as statm:
        return int(statm.read().split()[1]) * resource.getpagesize()


def per_synapse_bytes(synapses):
    # Brian 2 keeps a pathway's delays with the pathway, the engine with the synapses.
    holders = [synapses, *getattr(synapses, '_pathways', [])]
    arrays = {{}}
    for holder in holders:
        for variable in getattr(holder, 'variables', {{}}).values():
            if type(variable).__name__ != 'DynamicArrayVariable':
                continue  # Brian 2's pathways also hold their spike queue
            if getattr(variable.owner, 'name', variable.owner) == synapses.name:
                arrays[id(variable)] = variable.get_value()  # names alias arrays: count once
    total = 0  # not sum(): the star import replaces it with a unit-aware version
    for values in arrays.values():
        if len(values) == len(synapses):  # N_incoming and N_outgoing are per neuron
            total += values.nbytes
    return total


before = resident()
connect_started = time.perf_counter()
synapses.connect({arguments})
connect_ended = time.perf_counter()
after = resident()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
count = len(synapses)
print(json.dumps({{"neurons": N, "connect": connect_ended - connect_started, "synapses": count,
                  "arrays": per_synapse_bytes(synapses) / count,
                  "RSS": (after - before) / count, "peak": (peak - before) / count,
                  "outgoing": sorted(set(int(n) for n in synapses.N_outgoing_pre))[:3]}}))
"""

NEURONS = 100_000
SYNAPSES_PER_NEURON = 100
# The connect arguments of each case, and the number of neurons Brian 2 connects. Brian 2's
# numpy code loops over the presynaptic neurons in Python; for sample(size=...) it draws each
# neuron's targets with numpy.random.choice(N_post, replace=False), a permutation of all
# N_post neurons, so its time grows with the square of N: it took more than 3 minutes for
# 100 000 neurons (measured), 6 s for 10 000. It is measured at that size, next to the engine
# at the same size, and the engine alone at the full size.
CONNECTS = {
    "connect(p=0.001)": ("p=SYNAPSES / N", NEURONS),
    "connect(j='k for k in sample(N_post, size=100)')": (
        "j='k for k in sample(N_post, size=SYNAPSES)'",
        NEURONS // 10,
    ),
}
COLUMNS = [
    ("neurons", "d"),
    ("connect", ".2f"),
    ("process", ".2f"),
    ("synapses", "d"),
    ("arrays", ".1f"),
    ("RSS", ".1f"),
    ("peak", ".1f"),
]


def connect_script(package: str, arguments: str, size: int) -> str:
    """Return the script timing ``connect(arguments)`` among ``size`` neurons."""
    arguments = arguments.replace("SYNAPSES", str(SYNAPSES_PER_NEURON))
    return CONNECT_TEMPLATE.format(package=package, arguments=arguments, size=size)


def binomial_tolerance(pairs: float, p: float, draws: int = 2, deviations: float = 6) -> float:
    """Return ``deviations`` standard deviations of the difference of two binomial counts.

    With ``draws=1``: of one count from its expected value.
    """
    return deviations * math.sqrt(draws * pairs * p * (1 - p))


@pytest.mark.timeout(1200)
@pytest.mark.parametrize("case", list(RUNS))
def test_print_synaptic_network_simulation_times(case):
    model, spike_tolerance = RUNS[case]
    results = {
        label: measure(package, run_script(package, model, AFTER_RUN))
        for label, package in SIMULATORS.items()
    }
    for result in results.values():
        result["loop/s"] = result["loop"] / result["simulated"]
    print_side_by_side(
        f"{case}, dt = 0.1 ms, numpy target (seconds of wall time)",
        results,
        [
            ("loop", ".2f"),
            ("run", ".2f"),
            ("process", ".2f"),
            ("loop/s", ".2f"),
            ("spikes", "d"),
            ("synapses", "d"),
        ],
        ratios=("loop", "run", "process", "loop/s"),
    )

    ours, theirs = results.values()
    assert abs(ours["synapses"] - theirs["synapses"]) < binomial_tolerance(PAIRS, P_CONNECT)
    assert theirs["spikes"] > 0
    assert abs(ours["spikes"] - theirs["spikes"]) <= spike_tolerance * theirs["spikes"]


@pytest.mark.timeout(1200)
@pytest.mark.parametrize("case", list(CONNECTS))
def test_print_synapse_creation_times(case):
    arguments, brian_size = CONNECTS[case]
    results = {
        label: measure(package, connect_script(package, arguments, brian_size))
        for label, package in SIMULATORS.items()
    }
    full_size = {}
    if brian_size != NEURONS:
        full_size["engine"] = measure("engine", connect_script("engine", arguments, NEURONS))
    print_side_by_side(
        f"{case}, {SYNAPSES_PER_NEURON} synapses per neuron, numpy target "
        "(seconds of wall time; bytes per synapse)",
        results,
        COLUMNS,
        ratios=("connect", "process", "arrays", "RSS", "peak"),
        more_rows=full_size,
    )
    if full_size:
        print(
            f"(Brian 2 is measured with {brian_size:,} neurons, not {NEURONS:,}: its "
            "sample(size=...) costs N_post per neuron and took minutes; the last row is the "
            "engine at the full size)"
        )

    for result in [*results.values(), *full_size.values()]:
        expected = result["neurons"] * SYNAPSES_PER_NEURON
        if "sample" in case:  # a fixed number per neuron: exactly, every neuron the same
            assert result["synapses"] == expected
            assert result["outgoing"] == [SYNAPSES_PER_NEURON]
        else:
            pairs = result["neurons"] ** 2
            tolerance = binomial_tolerance(pairs, expected / pairs, draws=1)
            assert abs(result["synapses"] - expected) < tolerance
