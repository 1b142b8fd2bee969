"""How long the syntax layer takes on what the equation editor sends it on every keystroke.

Prints milliseconds per parse + unit check of a 10-line model (the goal: well under 50 ms after
warm-up), and per choice of integration method (done once per run, not per keystroke).
Nothing is asserted about the timings.
"""

import statistics
import time

from engine.equations import Equations, ModelNamespace, check_code, check_condition, model_variables
from engine.stateupdaters import choose_stateupdater
from engine.units import cm, ms, msiemens, mV, nS, uF, umetre

MODEL = """
dv/dt = (gl*(El-v) - g_na*(m*m*m)*h*(v-ENa) - g_kd*(n*n*n*n)*(v-EK) + I)/Cm : volt
dm/dt = 0.32*(mV**-1)*4*mV/exprel((13.*mV-v+VT)/(4*mV))/ms*(1-m)
        - 0.28*(mV**-1)*5*mV/exprel((v-VT-40.*mV)/(5*mV))/ms*m : 1
dn/dt = 0.032*(mV**-1)*5*mV/exprel((15.*mV-v+VT)/(5*mV))/ms*(1.-n)
        - .5*exp((10.*mV-v+VT)/(40.*mV))/ms*n : 1
dh/dt = 0.128*exp((17.*mV-v+VT)/(18.*mV))/ms*(1.-h)-4./(1+exp((40.*mV-v+VT)/(5.*mV)))/ms*h : 1
I : amp
I_leak = gl*(El - v) : amp
I_na = g_na*(m*m*m)*h*(v-ENa) : amp
I_k = g_kd*(n*n*n*n)*(v-EK) : amp
g_total = gl + g_na + g_kd : siemens
tau_m = Cm/g_total : second
"""
AREA = 20000 * umetre**2
NAMESPACE = {
    "Cm": 1 * uF * cm**-2 * AREA,
    "gl": 5e-5 * msiemens * cm**-2 * AREA,
    "El": -65 * mV,
    "EK": -90 * mV,
    "ENa": 50 * mV,
    "g_na": 100 * msiemens * cm**-2 * AREA,
    "g_kd": 30 * msiemens * cm**-2 * AREA,
    "VT": -63 * mV,
    "ge": 0 * nS,
    "tau": 5 * ms,
}


def check_once(variant: int) -> None:
    # A different text each time, as while typing: nothing comes from a cache.
    equations = Equations(MODEL + "#" * variant)
    lookup = ModelNamespace(model_variables(equations), NAMESPACE)
    equations.check_units(lookup)
    check_condition("v > -20*mV", lookup)
    check_code("v = El", lookup)


def milliseconds(function, repeats: int) -> list[float]:
    times = []
    for index in range(repeats):
        start = time.perf_counter()
        function(index)
        times.append((time.perf_counter() - start) * 1e3)
    return times


def test_print_syntax_layer_speed():
    cold = milliseconds(check_once, 1)[0]
    warm = milliseconds(lambda i: check_once(i + 1), 50)
    choice = milliseconds(
        lambda i: choose_stateupdater(Equations(MODEL + " " * i), method="exponential_euler"), 3
    )
    print()
    print(f"parse + check a 10-line HH model, first call : {cold:8.2f} ms")
    print(f"parse + check, after warm-up (median of 50)  : {statistics.median(warm):8.2f} ms")
    print(f"exponential_euler abstract code (median of 3): {statistics.median(choice):8.2f} ms")
