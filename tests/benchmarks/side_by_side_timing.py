"""Timing one script with the engine and with Brian 2, each in a fresh process: shared helpers.

The speed benchmarks (``test_neurongroup_speed.py``, ``test_synapses_speed.py``) run the same
script once per simulator, both on the numpy code target: the engine with this interpreter,
Brian 2.9.0 with the reference environment's (``tests/reference/brian2_env.py``). A script
prints one line of JSON, its last; `measure` adds the wall time of the whole process and
`print_side_by_side` prints both results with their ratio, measured in the same run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from reference import brian2_env

__all__ = ["RUN_TEMPLATE", "SIMULATORS", "measure", "print_side_by_side", "run_script"]

#: The simulators compared, by the label printed in the tables, with their package.
SIMULATORS = {"engine": "engine", "Brian 2": "brian2"}

# `{package}` is engine or brian2. `{model}` defines `duration` and the objects to simulate,
# among them a SpikeMonitor `spikes`; `{after}` may add entries to `result` once the run is over.
RUN_TEMPLATE = """
import time
started = time.perf_counter()
import json
from {package} import *
prefs.codegen.target = 'numpy'
{model}
net = Network(collect())
reports = []  # (elapsed wall time, completed fraction): at the start and at the end of the loop


def report(elapsed, completed, start, duration):
    reports.append((float(elapsed), completed))


run_started = time.perf_counter()
net.run(duration, report=report, report_period=1e6*second)
run_ended = time.perf_counter()
result = {{"loop": reports[-1][0], "run": run_ended - run_started,
          "setup": run_started - started, "spikes": int(spikes.num_spikes),
          "simulated": float(duration / second)}}
{after}
print(json.dumps(result))
"""


def run_script(package: str, model: str, after: str = "") -> str:
    """Return the script that builds ``model`` with ``package`` and times its run.

    Parameters
    ----------
    package
        ``"engine"`` or ``"brian2"``.
    model
        Code defining ``duration``, the objects to simulate and a SpikeMonitor ``spikes``.
    after
        Code run after the run, adding entries to the ``result`` dictionary.

    Returns
    -------
    str
        The script, which prints the JSON of ``result``: ``loop`` (the time the ``report``
        callback gives at the end of the loop), ``run`` (the whole ``net.run`` call),
        ``setup`` (from the start of the process to the run), ``spikes`` and ``simulated``
        (the simulated duration in seconds).
    """
    return RUN_TEMPLATE.format(
        package=package, model=textwrap.dedent(model), after=textwrap.dedent(after)
    )


def _interpreter(package: str) -> Path | str:
    return sys.executable if package == "engine" else brian2_env.python()


def measure(package: str, script: str, timeout: float | None = None) -> dict[str, Any]:
    """Run ``script`` with ``package``'s interpreter in a fresh process and return its result.

    Parameters
    ----------
    package
        ``"engine"`` (this interpreter) or ``"brian2"`` (the reference environment's).
    script
        The script; its last line of output is one JSON object.
    timeout
        Seconds after which the process is killed (no limit by default).

    Returns
    -------
    dict
        The JSON object, with ``process``: the wall time of the whole process in seconds.

    Raises
    ------
    RuntimeError
        If the script fails; the message holds the end of its standard error.
    """
    python = _interpreter(package)
    with tempfile.TemporaryDirectory(prefix="speed-benchmark-") as folder:
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
            timeout=timeout,
        )
        process = time.perf_counter() - start
    if completed.returncode != 0:
        raise RuntimeError(f"{package} failed:\n{completed.stderr[-4000:]}")
    result = json.loads(completed.stdout.strip().splitlines()[-1])
    result["process"] = process
    return result


def print_side_by_side(
    title: str,
    results: Mapping[str, Mapping[str, Any]],
    columns: Sequence[tuple[str, str]],
    ratios: Sequence[str],
    more_rows: Mapping[str, Mapping[str, Any]] | None = None,
) -> None:
    """Print one row per simulator and the ratio of the first to the second.

    Parameters
    ----------
    title
        The line printed above the table.
    results
        The results by row label (the engine's first, then Brian 2's).
    columns
        ``(key, format)`` of each column, the format without its width (``".2f"``, ``"d"``).
    ratios
        The keys whose ratio (first row / second row) is printed under their column.
    more_rows
        Results by row label printed under the ratio, outside the comparison.
    """
    width = max(9, *(len(key) for key, _ in columns))
    (first, ours), (second, theirs) = list(results.items())[:2]
    print()
    print(title)
    print(f"{'':<10}" + "".join(f" {key:>{width}}" for key, _ in columns))

    def print_row(label: str, result: Mapping[str, Any]) -> None:
        cells = "".join(f" {result[key]:>{width}{spec}}" for key, spec in columns)
        print(f"{label:<10}{cells}")

    for label, result in results.items():
        print_row(label, result)
    cells = "".join(
        f" {ours[key] / theirs[key]:>{width}.2f}" if key in ratios else f" {'':>{width}}"
        for key, _ in columns
    )
    print(f"{'ratio':<10}{cells.rstrip()}   ({first} / {second})")
    for label, result in (more_rows or {}).items():
        print_row(label, result)
