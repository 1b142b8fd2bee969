"""``spikecanvas sweep PROJECT``: run a parameter sweep of a project on Dask, without a window.

The sweep is one of the project's (``--sweep NAME``, or its only one), or one described on
the command line: ``--vary NAME=VALUES`` for each parameter (a constant ``we`` or a node's
field ``P.N``; values ``a,b,c``, ``start:stop:count`` or ``log:start:stop:count``), with
``--zip``, ``--repeat``, ``--samples``, ``--seed``, ``--measure`` and ``--keep-data``, which
also change a sweep of the project when given with it. Its trials run on a local cluster of
``--workers`` processes (default: the machine's cores) or on the cluster of ``--scheduler``.

A progress bar counts trials; the end prints a table of the points (each measure's mean over
the repeats, ± their standard deviation) and the first failures. The exit status is that of
``spikecanvas run``: 1 if a trial failed, 130 if Ctrl-C cancelled the sweep (what had run is
still written), 3 for an invalid project or sweep, 4 for an output that cannot be written.
"""

from __future__ import annotations

import argparse
import math
import os
import re
import sys
import threading
from typing import Any

from engine.outputs import replacing
from engine.project.cli_common import (
    EXIT_CODES_TEXT,
    EXIT_INTERRUPTED,
    EXIT_INVALID_PROJECT,
    EXIT_OK,
    EXIT_OUTPUT,
    EXIT_RUN_FAILED,
    EXIT_USAGE,
    PLOT_DPI,
    PROG,
    Failure,
    check_plot_format,
    check_writable,
    diagnostic_text,
    load_project,
    plot_format,
    reason,
    seed_argument,
    stop_on_interrupt,
)

__all__ = ["COMMAND_LINE_SWEEP", "add_parser", "sweep_command"]

#: The name of the sweep ``--vary`` describes (it replaces one of that name in the project).
COMMAND_LINE_SWEEP = "command_line"
#: The most points the summary lists (the CSV and the sweep file have them all).
SUMMARY_ROWS = 40
#: The most failures listed at the end.
FAILURES_SHOWN = 3

_EXAMPLES = """\
examples:
  spikecanvas sweep cuba.spikecanvas --vary we=0.5*mV:2*mV:4 --measure 'mean_rate(P)'
  spikecanvas sweep lif.spikecanvas --vary I=log:0.1*nA:1*nA:8 --repeat 3 --plot fI.png
  spikecanvas sweep brunel.spikecanvas --sweep phase --scheduler tcp://10.0.0.5:8786 --out s.h5
"""


def _vary(text: str) -> tuple[str, str]:
    name, equals, values = text.partition("=")
    if not equals or not name.strip() or not values.strip():
        raise argparse.ArgumentTypeError(
            f"'{text}' is not NAME=VALUES: write e.g. we=0.5*mV:2*mV:4 or P.N=100,200,400"
        )
    return name.strip(), values.strip()


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"it must be 1 or more, not {value}")
    return value


def add_parser(commands: Any, common: argparse.ArgumentParser) -> None:
    """Add the ``sweep`` subcommand to the subparsers ``commands`` of ``spikecanvas``."""
    sweep = commands.add_parser(
        "sweep",
        parents=[common],
        help="run a parameter sweep of a project on Dask",
        description="Run a project for each combination of parameter values, on a local Dask "
        "cluster or an existing one, and collect measures of each run.",
        epilog=_EXAMPLES + "\n" + EXIT_CODES_TEXT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sweep.add_argument("--sweep", metavar="NAME", help="a sweep of the project to run")
    sweep.add_argument(
        "--vary",
        metavar="NAME=VALUES",
        action="append",
        type=_vary,
        help="vary a constant or NODE.FIELD over a,b,c or start:stop:count (log:start:stop:"
        "count); repeat for several parameters",
    )
    sweep.add_argument(
        "--zip", action="store_true", help="take the i-th values together (not every combination)"
    )
    sweep.add_argument(
        "--repeat", type=_positive, metavar="K", help="runs per point (seeds differ)"
    )
    sweep.add_argument(
        "--samples", type=_positive, metavar="N", help="draw N random points from the ranges"
    )
    sweep.add_argument("--seed", type=seed_argument, help="seed of the samples and the trials")
    sweep.add_argument(
        "--measure",
        action="append",
        metavar="MEASURE",
        help="a measure per trial, e.g. 'mean_rate(P)', 'cv_isi(spikes)', 'mean(trace.v)'; "
        "repeat for several (default: the mean rate of each SpikeMonitor)",
    )
    sweep.add_argument(
        "--keep-data", action="store_true", help="keep each trial's spikes and traces in --out"
    )
    sweep.add_argument(
        "--workers",
        type=_positive,
        metavar="N",
        help=f"worker processes of the local cluster (default: {os.cpu_count() or 1}, the cores)",
    )
    sweep.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="run on the Dask cluster of this scheduler (tcp://host:8786) instead",
    )
    sweep.add_argument("--out", metavar="FILE", help="write the sweep to this HDF5 file")
    sweep.add_argument(
        "--csv", metavar="FILE", help="write the points (measures' mean, std, n) as CSV"
    )
    sweep.add_argument("--trials-csv", metavar="FILE", help="write every trial as CSV")
    sweep.add_argument(
        "--plot", metavar="FILE", help="draw the measures against the parameters (.png, .svg...)"
    )
    sweep.add_argument(
        "--quiet", action="store_true", help="no progress bar and no summary: only errors"
    )


# -- the command ---------------------------------------------------------------------------------


def sweep_command(args: argparse.Namespace) -> int:
    """Run ``spikecanvas sweep`` with the parsed ``args``; return its exit status."""
    from engine.project.errors import InvalidProjectError
    from engine.project.sweep import SweepError
    from engine.project.sweep.run import check_scheduler_address, run_sweep

    if args.workers is not None and args.scheduler is not None:
        raise Failure("give --workers or --scheduler, not both", EXIT_USAGE)
    if args.scheduler is not None:
        try:
            check_scheduler_address(args.scheduler)
        except SweepError as error:
            raise Failure(f"--scheduler: {error.message}", EXIT_USAGE) from None
    project = load_project(args.project)
    project, name = _with_sweep(project, args)
    _check_outputs(args)
    cancel = threading.Event()
    bar = _TrialBar(enabled=not args.quiet)
    try:
        with stop_on_interrupt(cancel):
            table = run_sweep(
                project,
                name,
                workers=args.workers,
                scheduler=args.scheduler,
                progress=bar,
                cancel=cancel,
            )
    except InvalidProjectError as error:
        lines = [_diagnostic(args, project, name, d) for d in error.diagnostics]
        raise Failure(f"\n{PROG}: ".join(lines), EXIT_INVALID_PROJECT) from error
    except OSError as error:  # the scheduler cannot be reached
        where = f" at {args.scheduler}" if args.scheduler else ""
        message = f"cannot reach the Dask cluster{where}: {reason(error)}"
        raise Failure(message, EXIT_RUN_FAILED) from error
    finally:
        bar.close()
    if not args.quiet:
        print(summary(table))
    _write_outputs(project, table, args)
    if table.status == "cancelled":
        return EXIT_INTERRUPTED
    return EXIT_RUN_FAILED if table.count("failed") else EXIT_OK


def _with_sweep(project: Any, args: argparse.Namespace) -> tuple[Any, str]:
    """Return the project with the sweep to run, and its name (the arguments applied)."""
    from pydantic import ValidationError

    from engine.project.sweep import Parameter, Sweep, SweepError
    from engine.project.sweep.measure_text import parse_measure

    project = project.model_copy(deep=True)
    changes: dict[str, Any] = {}
    try:
        if args.measure:
            changes["measures"] = [parse_measure(text) for text in args.measure]
        if args.vary:
            changes["parameters"] = [Parameter(name=n, values=v) for n, v in args.vary]
    except (SweepError, ValidationError) as error:
        raise Failure(_validation_message(error), EXIT_USAGE) from None
    for option, key, value in (
        ("zip", "combination", "zip"),
        ("repeat", "repeats", args.repeat),
        ("samples", "samples", args.samples),
        ("seed", "seed", args.seed),
        ("keep_data", "keep_data", True),
    ):
        if getattr(args, option) not in (None, False):
            changes[key] = value
    if args.vary and args.sweep is not None:
        raise Failure(
            "give --sweep NAME to run a sweep of the project, or --vary to describe one, not both",
            EXIT_USAGE,
        )
    if args.vary:
        name = COMMAND_LINE_SWEEP
        changes.setdefault("measures", _default_measures(project))
        sweep = Sweep(name=name, **changes)
        project.sweeps = [s for s in project.sweeps if s.name != name] + [sweep]
        return project, name
    name = _chosen(project, args.sweep)
    index = next(k for k, s in enumerate(project.sweeps) if s.name == name)
    try:
        project.sweeps[index] = project.sweeps[index].model_copy(update=changes)
        Sweep.model_validate(project.sweeps[index].model_dump())
    except ValidationError as error:
        raise Failure(_validation_message(error), EXIT_USAGE) from None
    return project, name


def _validation_message(error: Exception) -> str:
    errors = getattr(error, "errors", None)
    if callable(errors):
        first = errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return f"{where}: {first['msg']}" if where else str(first["msg"])
    return str(error)


def _chosen(project: Any, name: str | None) -> str:
    names: list[str] = [s.name for s in project.sweeps]
    if name is not None:
        if name not in names:
            known = ", ".join(names) or "none"
            raise Failure(f"the project has no sweep called '{name}' (sweeps: {known})", EXIT_USAGE)
        return name
    if len(names) == 1:
        return names[0]
    if not names:
        raise Failure(
            "the project has no sweep: describe one with --vary NAME=VALUES "
            "(e.g. --vary we=0.5*mV:2*mV:4)",
            EXIT_USAGE,
        )
    raise Failure(
        f"the project has several sweeps: choose one with --sweep ({', '.join(names)})", EXIT_USAGE
    )


def _default_measures(project: Any) -> list[Any]:
    """Return the mean rate of each SpikeMonitor: what a sweep is most often for."""
    from engine.project.sweep import MeasureRef

    measures = [
        MeasureRef(measure="mean_rate", node=node.name)
        for node in project.nodes
        if node.kind == "SpikeMonitor"
    ]
    if not measures:
        raise Failure(
            "the project has no SpikeMonitor to measure a rate with: choose measures with "
            "--measure (e.g. --measure 'mean(trace.v)')",
            EXIT_USAGE,
        )
    return measures


def _diagnostic(args: argparse.Namespace, project: Any, name: str, diagnostic: Any) -> str:
    """Return a problem of the project (one of the command line's sweep: named by option)."""
    field = diagnostic.field or ""
    prefix = f"sweeps.{COMMAND_LINE_SWEEP}."
    if name == COMMAND_LINE_SWEEP and field.startswith(prefix):
        option = _option_of(args, field[len(prefix) :])
        label = "" if diagnostic.severity == "error" else f"{diagnostic.severity}: "
        return f"{option}: {label}{diagnostic.message}"
    return diagnostic_text(args.project, project, diagnostic)


def _option_of(args: argparse.Namespace, place: str) -> str:
    """``--vary we=...`` for ``parameters[0].values``, ``--measure ...`` for ``measures[1]``."""
    match = re.match(r"(parameters|measures)\[(\d+)\]", place)
    if match is not None:
        k = int(match.group(2))
        if match.group(1) == "parameters" and k < len(args.vary or []):
            return "--vary " + "=".join(args.vary[k])
        if match.group(1) == "measures" and k < len(args.measure or []):
            return f"--measure {args.measure[k]}"
        if match.group(1) == "measures":
            return "the default measure (choose one with --measure)"
    options = {"repeats": "--repeat", "samples": "--samples", "seed": "--seed"}
    return options.get(place.split(".")[0], f"the sweep's {place}")


def _check_outputs(args: argparse.Namespace) -> None:
    for path in (args.out, args.csv, args.trials_csv, args.plot):
        if path is not None:
            check_writable(path)
    if args.plot is not None:
        check_plot_format(args.plot)


# -- progress and summary ------------------------------------------------------------------------


class _TrialBar:
    """A tqdm bar on stderr counting trials, with the failures so far."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None
        self.failed = 0

    def __call__(self, done: int, total: int, result: Any) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(
                total=total, unit="trial", file=sys.stderr, desc="trials", dynamic_ncols=True
            )
        self.failed += result.status == "failed"
        if self.failed:
            self.bar.set_postfix(failed=self.failed, refresh=False)
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _number(value: float) -> str:
    return "-" if math.isnan(value) else f"{value:.4g}"


def summary(table: Any) -> str:
    """Return the text printed after a sweep: counts, a table of the points, first failures."""
    total = len(table.trials)
    counts = [f"{table.count('completed')} completed"]
    counts += [f"{table.count(s)} {s}" for s in ("failed", "cancelled") if table.count(s)]
    where = table.provenance.cluster
    cluster = f"{table.provenance.workers} workers" + ("" if where == "local" else f" at {where}")
    lines = [
        f"sweep '{table.sweep}': {total} trials ({', '.join(counts)}) in "
        f"{table.wall_time:.1f} s on {cluster}"
    ]
    header = [*table.parameters]
    for label, unit in zip(table.measures, table.units, strict=True):
        header.append(label if unit in ("", "1") else f"{label} [{unit}]")
    rows = []
    for point in table.points[:SUMMARY_ROWS]:
        row = [text for _, text in point.values]
        for mean, std, n in zip(point.mean, point.std, point.n, strict=True):
            shown = _number(mean)
            if n > 1:
                shown += f" ± {_number(std)}"
            row.append(shown)
        rows.append(row)
    widths = [max(len(str(c)) for c in column) for column in zip(header, *rows, strict=True)]
    for row in [header, *rows]:
        lines.append("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    if len(table.points) > SUMMARY_ROWS:
        lines.append(f"... and {len(table.points) - SUMMARY_ROWS} more points (see --csv or --out)")
    failed = [t for t in table.trials if t.status == "failed"]
    for trial in failed[:FAILURES_SHOWN]:
        values = ", ".join(f"{n}={v}" for n, v in trial.values)
        place = f"{trial.error_place}: " if trial.error_place else ""
        lines.append(f"trial {trial.index} ({values}) failed: {place}{trial.error}")
    if len(failed) > FAILURES_SHOWN:
        lines.append(f"... and {len(failed) - FAILURES_SHOWN} more failed trials")
    return "\n".join(lines)


# -- outputs -------------------------------------------------------------------------------------


def _write_outputs(project: Any, table: Any, args: argparse.Namespace) -> None:
    from engine.project.sweep.store import save_sweep
    from engine.project.sweep.table_csv import write_points_csv, write_trials_csv

    def write_plot(path: str) -> None:
        from engine.project.sweep.figure import sweep_figure

        sweep = next(s for s in project.sweeps if s.name == table.sweep)
        figure = sweep_figure(table, grid=sweep.combination == "grid" and not sweep.samples)
        with replacing(path) as temporary:
            figure.savefig(temporary, format=plot_format(path), dpi=PLOT_DPI)

    outputs = (
        (args.out, "the sweep", lambda path: save_sweep(path, project, table)),
        (args.csv, "the points' CSV", lambda path: write_points_csv(table, path)),
        (args.trials_csv, "the trials' CSV", lambda path: write_trials_csv(table, path)),
        (args.plot, "the plot", write_plot),
    )
    for path, what, write in outputs:
        if path is None:
            continue
        try:
            write(path)
        except OSError as error:
            raise Failure(
                f"cannot write {what} to '{path}': {reason(error)}", EXIT_OUTPUT
            ) from error
        if not args.quiet:
            print(f"{what} written to {path}")
