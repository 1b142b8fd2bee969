"""How fast unit arithmetic is, next to Brian 2 measured in the same run: prints, asserts nothing.

Run with ``make benchmark`` (or ``pytest -m benchmark -s tests/benchmarks/test_units_speed.py``).
Timings vary by tens of percent on shared machines; compare figures from one run only.
"""

import statistics
import subprocess
import sys
import time

from reference import brian2_env

SETUP = """
import numpy as np
from {package}.units import *
a = 3*mV
b = 2*nA
arr = np.arange(1000)*mV
"""

# (label, statement, repetitions)
OPERATIONS = [
    ("20*ms", "20*ms", 20000),
    ("a*b (scalars)", "a*b", 20000),
    ("a+a (scalars)", "a+a", 20000),
    ("a/mV (unit removed)", "a/mV", 20000),
    ("a < b*Mohm", "a < b*Mohm", 20000),
    ("-a", "-a", 20000),
    ("arr*b (1000 values)", "arr*b", 5000),
    ("arr+arr (1000 values)", "arr+arr", 5000),
    ("np.exp(arr/volt)", "np.exp(arr/volt)", 5000),
    ("np.mean(arr)", "np.mean(arr)", 5000),
    ("str(a)", "str(a)", 1000),
    ("repr(arr)", "repr(arr)", 200),
]

TIMER = """
import timeit

namespace = {{}}
exec({setup!r}, namespace)
results = {{}}
for label, statement, number in {operations!r}:
    timer = timeit.Timer(statement, globals=namespace)
    results[label] = min(timer.repeat(repeat=3, number=number)) / number * 1e6
"""

IMPORT_REPEATS = 5


def _microseconds(package):
    namespace = {}
    code = TIMER.format(setup=SETUP.format(package=package), operations=OPERATIONS)
    exec(code, namespace)
    return namespace["results"]


def _import_time(python, module):
    times = []
    for _ in range(IMPORT_REPEATS):
        start = time.perf_counter()
        subprocess.run([str(python), "-c", f"import {module}"], check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def test_print_unit_operation_costs():
    brian2_python = brian2_env.python()
    ours = _microseconds("engine")
    code = TIMER.format(setup=SETUP.format(package="brian2"), operations=OPERATIONS)
    theirs = brian2_env.run(code + "\nemit(results)\n")

    print()
    print(f"{'operation':<26} {'engine':>10} {'Brian 2':>10}   (microseconds, best of 3)")
    for label, _, _ in OPERATIONS:
        print(f"{label:<26} {ours[label]:10.2f} {theirs[label]:10.2f}")

    print()
    print(f"{'import (whole process)':<26} {'median':>10} {'min':>10}   (seconds)")
    for label, python, module in [
        ("import engine.units", sys.executable, "engine.units"),
        ("import brian2.units", brian2_python, "brian2.units"),
        ("import numpy (baseline)", sys.executable, "numpy"),
    ]:
        median, best = _import_time(python, module)
        print(f"{label:<26} {median:10.3f} {best:10.3f}")
