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

import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
from reference import brian2_env

# `{package}` is engine or brian2; the script prints one line of JSON.
TEMPLATE = """
import time
started = time.perf_counter()
import json
from {package} import *
prefs.codegen.target = 'numpy'
{model}
net = Network(group, spikes)
reports = []  # (elapsed wall time, completed fraction): at the start and at the end of the loop


def report(elapsed, completed, start, duration):
    reports.append((float(elapsed), completed))


run_started = time.perf_counter()
net.run(duration, report=report, report_period=1e6*second)
run_ended = time.perf_counter()
print(json.dumps({{"loop": reports[-1][0], "run": run_ended - run_started,
                  "setup": run_started - started, "spikes": int(spikes.num_spikes)}}))
"""

# The IF_curve_LIF example's neuron (exact integration, refractoriness with clamp), N neurons.
LIF = """
N = {size}
duration = 1*second
tau = 10*ms
eqs = '''
dv/dt = (v0 - v) / tau : volt (unless refractory)
v0 : volt
'''
group = NeuronGroup(N, eqs, threshold='v > 10*mV', reset='v = 0*mV',
                    refractory=5*ms, method='exact')
group.v = 0*mV
group.v0 = '20*mV * i / (N-1)'
spikes = SpikeMonitor(group)
"""

# The COBAHH example's neuron (exponential Euler, exprel), without its synapses: the
# conductances start from the example's random values and decay. Random initial values: the
# spike counts of the two simulators are close, not equal.
COBAHH = """
N = 4000
duration = 200*ms
area = 20000*umetre**2
Cm = (1*ufarad*cm**-2) * area
gl = (5e-5*siemens*cm**-2) * area
El = -60*mV
EK = -90*mV
ENa = 50*mV
g_na = (100*msiemens*cm**-2) * area
g_kd = (30*msiemens*cm**-2) * area
VT = -63*mV
taue = 5*ms
taui = 10*ms
Ee = 0*mV
Ei = -80*mV
eqs = Equations('''
dv/dt = (gl*(El-v)+ge*(Ee-v)+gi*(Ei-v)-g_na*(m*m*m)*h*(v-ENa)-g_kd*(n*n*n*n)*(v-EK))/Cm : volt
dm/dt = alpha_m*(1-m)-beta_m*m : 1
dn/dt = alpha_n*(1-n)-beta_n*n : 1
dh/dt = alpha_h*(1-h)-beta_h*h : 1
dge/dt = -ge*(1./taue) : siemens
dgi/dt = -gi*(1./taui) : siemens
alpha_m = 0.32*(mV**-1)*4*mV/exprel((13*mV-v+VT)/(4*mV))/ms : Hz
beta_m = 0.28*(mV**-1)*5*mV/exprel((v-VT-40*mV)/(5*mV))/ms : Hz
alpha_h = 0.128*exp((17*mV-v+VT)/(18*mV))/ms : Hz
beta_h = 4./(1+exp((40*mV-v+VT)/(5*mV)))/ms : Hz
alpha_n = 0.032*(mV**-1)*5*mV/exprel((15*mV-v+VT)/(5*mV))/ms : Hz
beta_n = .5*exp((10*mV-v+VT)/(40*mV))/ms : Hz
''')
group = NeuronGroup(N, model=eqs, threshold='v>-20*mV', refractory=3*ms,
                    method='exponential_euler')
seed(1)
group.v = 'El + (randn() * 5 - 5)*mV'
group.ge = '(randn() * 1.5 + 4) * 10.*nS'
group.gi = '(randn() * 12 + 20) * 10.*nS'
spikes = SpikeMonitor(group)
"""

CASES = {
    "LIF, 4000 neurons, 1 s": LIF.format(size=4000),
    "LIF, 40 000 neurons, 1 s": LIF.format(size=40000),
    "COBAHH neurons (no synapses), 4000, 200 ms": COBAHH,
}


def _measure(python: Path | str, package: str, model: str) -> dict:
    script = TEMPLATE.format(package=package, model=textwrap.dedent(model))
    with tempfile.TemporaryDirectory(prefix="neurongroup-speed-") as folder:
        path = Path(folder) / "benchmark.py"
        path.write_text(script)
        start = time.perf_counter()
        completed = subprocess.run(
            [str(python), str(path)],
            cwd=folder,
            env={**os.environ, "HOME": folder},  # Brian 2's caches stay in the folder
            check=False,
            capture_output=True,
            text=True,
        )
        process = time.perf_counter() - start
    if completed.returncode != 0:
        raise RuntimeError(f"{package} failed:\n{completed.stderr[-4000:]}")
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    result["process"] = process
    return result


@pytest.mark.timeout(1200)
@pytest.mark.parametrize("case", list(CASES))
def test_print_neurongroup_simulation_times(case):
    ours = _measure(sys.executable, "engine", CASES[case])
    theirs = _measure(brian2_env.python(), "brian2", CASES[case])

    print()
    print(f"{case}, dt = 0.1 ms, numpy target (seconds of wall time)")
    print(f"{'':<10} {'loop':>8} {'run':>8} {'process':>8} {'spikes':>9}")
    for label, result in [("engine", ours), ("Brian 2", theirs)]:
        print(
            f"{label:<10} {result['loop']:8.2f} {result['run']:8.2f} "
            f"{result['process']:8.2f} {result['spikes']:9d}"
        )
    ratios = [ours[key] / theirs[key] for key in ("loop", "run", "process")]
    print(f"{'ratio':<10} {ratios[0]:8.2f} {ratios[1]:8.2f} {ratios[2]:8.2f}   (engine / Brian 2)")
