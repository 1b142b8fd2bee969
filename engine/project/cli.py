"""The command line without a window: ``spikecanvas run | validate | export | sweep PROJECT``.

``spikecanvas run`` simulates a project file with a progress bar and prints a summary;
``spikecanvas validate`` lists every problem of a project with its place; ``spikecanvas
export`` writes the project as a Python script; ``spikecanvas sweep`` runs a parameter sweep
on Dask (`engine.project.sweep_cli`). ``python -m engine ...`` is the same command,
and ``app.cli`` hands these subcommands here without loading Qt.

Each error is printed as one message on stderr (``--debug`` adds the traceback), and the exit
status says what happened (`EXIT_OK`, `EXIT_RUN_FAILED`, `EXIT_USAGE`, `EXIT_INVALID_PROJECT`,
`EXIT_OUTPUT`, `EXIT_INTERRUPTED`).
"""

from __future__ import annotations

import argparse
import importlib.util
import inspect
import math
import os
import re
import sys
import threading
import traceback
from collections.abc import Sequence
from typing import Any, SupportsFloat

from engine._version import __version__
from engine.outputs import replacing, write_text
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
    located,
    plot_format,
    print_error,
    reason,
    seed_argument,
    stop_on_interrupt,
    warnings_in_one_line,
)
from engine.project.sweep_cli import add_parser as add_sweep_parser
from engine.project.sweep_cli import sweep_command

__all__ = [
    "EXIT_INTERRUPTED",
    "EXIT_INVALID_PROJECT",
    "EXIT_OK",
    "EXIT_OUTPUT",
    "EXIT_RUN_FAILED",
    "EXIT_USAGE",
    "build_parser",
    "main",
    "parse_time",
]


# -- arguments ---------------------------------------------------------------------------------


#: How a time may be typed on the command line, besides any constant expression of the model
#: language (``100*ms``, ``2*50*ms``): a number and a unit with or without ``*`` or a space
#: between them (``100ms``, ``100 ms``, ``0.1s``, ``1 second``, ``2.5e-3 s``).
_NUMBER_AND_UNIT = re.compile(
    r"\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*\*?\s*([A-Za-z_]\w*)\s*"
)
#: Words people write for units of time that the model language spells otherwise.
_TIME_WORDS = {
    "s": "second",
    "sec": "second",
    "secs": "second",
    "seconds": "second",
    "msec": "ms",
    "msecs": "ms",
    "millisecond": "ms",
    "milliseconds": "ms",
}
_TIME_EXAMPLES = "100ms, '100 ms', 0.1s or 100*ms"


def parse_time(text: str) -> str:
    """Return a time typed on the command line as model text (``"100ms"`` -> ``"100*ms"``).

    A number and a unit may be written together, with a space or with ``*`` between them;
    ``s`` and ``sec`` are seconds. Anything else must be a constant expression of the model
    language. The result is checked with the engine's safe evaluator (nothing is ``eval``-ed).

    Raises
    ------
    ValueError
        If the text is not a time of 0 or more, saying why and how to write one.
    """
    from engine.equations import evaluate_constant
    from engine.errors import ModelError, UnresolvedIdentifierError
    from engine.units import DimensionMismatchError, get_dimensions, get_unit_for_display, second

    written = text.strip()
    match = _NUMBER_AND_UNIT.fullmatch(text)
    if match is not None:
        number, unit = match.groups()
        written = f"{number}*{_TIME_WORDS.get(unit, unit)}"
    try:
        value = evaluate_constant(written)
    except UnresolvedIdentifierError as error:
        what = "a unit of time" if match is not None else "a unit or a number"
        raise ValueError(
            f"'{text}' is not a duration: '{error.identifier}' is not {what}; write e.g. "
            f"{_TIME_EXAMPLES}"
        ) from None
    except (ModelError, DimensionMismatchError, ValueError, TypeError):
        raise ValueError(f"'{text}' is not a duration: write e.g. {_TIME_EXAMPLES}") from None
    dimensions = get_dimensions(value)
    if (
        dimensions is not get_dimensions(second)
        or getattr(value, "ndim", 0) != 0
        or not isinstance(value, SupportsFloat)
    ):
        unit = get_unit_for_display(dimensions)
        has = "no unit" if unit == "1" else f"unit {unit}"
        raise ValueError(f"'{text}' is not a duration (it has {has}): write e.g. {_TIME_EXAMPLES}")
    seconds = float(value)
    if not seconds >= 0:
        raise ValueError(f"'{text}' is negative: a duration must be >= 0")
    if not math.isfinite(seconds):
        raise ValueError(f"'{text}' is not a finite duration: write e.g. {_TIME_EXAMPLES}")
    return written


def _duration(text: str) -> str:
    try:
        return parse_time(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def build_parser() -> argparse.ArgumentParser:
    """Return the parser of the ``run``, ``validate``, ``export`` and ``sweep`` subcommands."""
    formatter = argparse.RawDescriptionHelpFormatter
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Run, check, export and sweep SpikeCanvas projects without a window.",
        epilog=EXIT_CODES_TEXT,
        formatter_class=formatter,
    )
    parser.add_argument("--version", action="version", version=f"SpikeCanvas {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("project", metavar="PROJECT", help="a .spikecanvas project file")
    common.add_argument("--debug", action="store_true", help="show the full traceback of an error")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    run = commands.add_parser(
        "run",
        parents=[common],
        help="simulate a project",
        description="Simulate a project, show its progress and print a summary of the spikes.",
        epilog=EXIT_CODES_TEXT,
        formatter_class=formatter,
    )
    run.add_argument(
        "--duration",
        type=_duration,
        help="how long to simulate, e.g. 100ms, '1 second' or 2*second (default: the project's)",
    )
    run.add_argument(
        "--seed", type=seed_argument, help="random seed (default: the project's, or a new one)"
    )
    run.add_argument(
        "--target",
        choices=["auto", "numpy", "cython"],
        help="code target (default: the project's)",
    )
    run.add_argument("--out", metavar="FILE", help="write the results to this HDF5 file")
    run.add_argument(
        "--csv", metavar="FOLDER", help="write each monitor's data to FOLDER/<monitor>.csv"
    )
    run.add_argument(
        "--plot",
        metavar="FILE",
        help="draw the monitors to this image (.png, .svg, .pdf...), as the window shows them",
    )
    run.add_argument(
        "--quiet", action="store_true", help="no progress bar and no summary: only errors"
    )

    commands.add_parser(
        "validate",
        parents=[common],
        help="check a project and list its problems",
        description="Check a project: print each problem as 'file: node, field, line, column: "
        "message'.",
        epilog=EXIT_CODES_TEXT,
        formatter_class=formatter,
    )

    export = commands.add_parser(
        "export",
        parents=[common],
        help="write a project as a Python script",
        description="Write a project as a Python script that runs without SpikeCanvas's window.",
        epilog=EXIT_CODES_TEXT,
        formatter_class=formatter,
    )
    export.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="SCRIPT",
        help="the script to write ('-' for stdout)",
    )
    export.add_argument(
        "--flavor",
        choices=["engine", "brian2"],
        default="engine",
        help="import the SpikeCanvas engine (default) or Brian 2",
    )
    add_sweep_parser(commands, common)
    return parser


# -- main ------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run a ``spikecanvas`` subcommand and return its exit status."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # --help, --version, or wrong arguments
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    command = {"run": _run, "validate": _validate, "export": _export, "sweep": sweep_command}[
        args.command
    ]
    try:
        with warnings_in_one_line():
            return command(args)
    except Failure as failure:
        if args.debug and (failure.__cause__ or failure.__context__):
            cause = failure.__cause__ or failure.__context__
            traceback.print_exception(cause, file=sys.stderr)
        print_error(str(failure))
        return failure.status
    except Exception as error:  # a bug: say so in one line, or show it with --debug
        if args.debug:
            traceback.print_exc(file=sys.stderr)
        print_error(
            f"internal error: {type(error).__name__}: {error}"
            + ("" if args.debug else " (run with --debug for the traceback)")
        )
        return EXIT_RUN_FAILED


# -- run -----------------------------------------------------------------------------------------


def _run(args: argparse.Namespace) -> int:
    from engine.project.errors import BuildError, InvalidProjectError, RunError
    from engine.project.runner import run

    project = load_project(args.project)
    for output in (args.out, args.plot):
        if output is not None:
            check_writable(output)
    if args.csv is not None and os.path.lexists(args.csv) and not os.path.isdir(args.csv):
        raise Failure(
            f"cannot write the CSV files to '{args.csv}': it is not a folder", EXIT_OUTPUT
        )
    if args.plot is not None and importlib.util.find_spec("matplotlib") is None:
        raise Failure(
            "--plot needs matplotlib, which is not installed (pip install matplotlib)",
            EXIT_OUTPUT,
        )
    if args.plot is not None:
        check_plot_format(args.plot)
    stop = threading.Event()
    bar = _ProgressBar(enabled=not args.quiet)
    status = EXIT_OK
    try:
        with stop_on_interrupt(stop):
            results = run(
                project,
                bar,
                duration=args.duration,
                seed=args.seed,
                target=args.target,
                stop=stop,
            )
    except InvalidProjectError as error:
        # The lines `spikecanvas validate` prints for these errors.
        lines = [diagnostic_text(args.project, project, d) for d in error.diagnostics]
        raise Failure(f"\n{PROG}: ".join(lines), EXIT_INVALID_PROJECT) from error
    except BuildError as error:
        raise Failure(located(args.project, project, error), EXIT_INVALID_PROJECT) from error
    except RunError as error:
        bar.close()
        if error.results is not None:
            _write_outputs(error.results, args, quiet=args.quiet)
        raise Failure(
            "the run failed: " + located(args.project, project, error), EXIT_RUN_FAILED
        ) from error
    finally:
        bar.close()
    if results.provenance.status == "stopped":
        status = EXIT_INTERRUPTED
    if not args.quiet:
        print(results.summary())
        if results.provenance.seed_drawn:
            print(f"seed: {results.provenance.seed} (drawn for this run; --seed to repeat it)")
    _write_outputs(results, args, quiet=args.quiet)
    return status


def _write_outputs(results: Any, args: argparse.Namespace, quiet: bool) -> None:
    """Write each output asked for; each write returns the line to print."""

    def write_hdf5(path: str) -> str:
        results.save(path)
        return f"results written to {path}"

    def write_csv(folder: str) -> str:
        from engine.project.results_csv import write_results_csv

        return f"{len(write_results_csv(results, folder))} CSV file(s) written to {folder}"

    def write_plot(path: str) -> str:
        _plot(results, path)
        return f"plot written to {path}"

    outputs = (
        (args.out, "the results", write_hdf5),
        (args.csv, "the CSV files", write_csv),
        (args.plot, "the plot", write_plot),
    )
    for path, what, write in outputs:
        if path is None:
            continue
        try:
            message = write(path)
        except OSError as error:
            raise Failure(
                f"cannot write {what} to '{path}': {reason(error)}", EXIT_OUTPUT
            ) from error
        if not quiet:
            print(message)


class _ProgressBar:
    """A tqdm bar on stderr counting simulated milliseconds (created at the first report)."""

    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled
        self.bar: Any = None
        self.shown = 0.0

    def __call__(self, progress: Any) -> None:
        if not self.enabled:
            return
        if self.bar is None:
            from tqdm import tqdm

            self.bar = tqdm(
                total=round(progress.duration * 1000, 6),
                unit="ms",
                file=sys.stderr,
                desc="simulated",
                bar_format="{desc}: {percentage:3.0f}%|{bar}| {n:.1f}/{total:.1f} ms "
                "[{elapsed}<{remaining}]",
                dynamic_ncols=True,
            )
        value = min(progress.t * 1000, self.bar.total)
        if value > self.shown:
            self.bar.update(value - self.shown)
            self.shown = value

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None


def _plot(results: Any, path: str) -> None:
    """Draw the monitors to an image, as the window's plot panels show them."""
    from engine.project.figure import results_figure

    figure = results_figure(results)
    # matplotlib writes to the temporary file by name: the format cannot come from its suffix.
    with replacing(path) as temporary:
        figure.savefig(temporary, format=plot_format(path), dpi=PLOT_DPI)


# -- validate ------------------------------------------------------------------------------------


def _validate(args: argparse.Namespace) -> int:
    from engine.project.validate import validate

    project = load_project(args.project)
    diagnostics = validate(project)
    errors = 0
    for diagnostic in diagnostics:
        errors += diagnostic.severity == "error"
        print(diagnostic_text(args.project, project, diagnostic))
    if not diagnostics:
        print(f"{args.project}: no problems found")
    return EXIT_INVALID_PROJECT if errors else EXIT_OK


# -- export --------------------------------------------------------------------------------------


def _export(args: argparse.Namespace) -> int:
    from engine.project.errors import BuildError
    from engine.project.export import export_script

    project = load_project(args.project)
    options: dict[str, Any] = {"flavor": args.flavor}
    if "filename" in inspect.signature(export_script).parameters:
        options["filename"] = args.project  # named in the script's docstring
    try:
        script = export_script(project, **options)
    except BuildError as error:
        raise Failure(located(args.project, project, error), EXIT_INVALID_PROJECT) from error
    if args.output == "-":
        sys.stdout.write(script)
        return EXIT_OK
    try:
        write_text(args.output, script)
    except OSError as error:
        raise Failure(
            f"cannot write the script to '{args.output}': {reason(error)}", EXIT_OUTPUT
        ) from error
    return EXIT_OK
