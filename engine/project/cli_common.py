"""What the subcommands of ``spikecanvas`` share: exit statuses, one-line errors, outputs.

`engine.project.cli` (``run``, ``validate``, ``export``) and `engine.project.sweep_cli`
(``sweep``) print errors and warnings alike, check output files before long work, and stop
on Ctrl-C alike; their exit statuses are those listed in `EXIT_CODES_TEXT`.
"""

from __future__ import annotations

import argparse
import signal
import sys
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from engine.outputs import check_output

__all__ = [
    "EXIT_CODES_TEXT",
    "EXIT_INTERRUPTED",
    "EXIT_INVALID_PROJECT",
    "EXIT_OK",
    "EXIT_OUTPUT",
    "EXIT_RUN_FAILED",
    "EXIT_USAGE",
    "PLOT_DPI",
    "PROG",
    "Failure",
    "check_plot_format",
    "check_writable",
    "diagnostic_text",
    "load_project",
    "located",
    "place_text",
    "plot_format",
    "print_error",
    "reason",
    "seed_argument",
    "stop_on_interrupt",
    "warnings_in_one_line",
]

EXIT_OK = 0
#: The simulation failed (a variable became NaN, ...), or an unexpected error.
EXIT_RUN_FAILED = 1
#: Wrong arguments (argparse's own status).
EXIT_USAGE = 2
#: The project file cannot be loaded, or it has errors.
EXIT_INVALID_PROJECT = 3
#: An output file cannot be written.
EXIT_OUTPUT = 4
#: The run was interrupted with Ctrl-C (the results recorded until then are still written).
EXIT_INTERRUPTED = 130

EXIT_CODES_TEXT = f"""\
exit status:
  {EXIT_OK}    success
  {EXIT_RUN_FAILED}    the run failed (e.g. a variable became NaN)
  {EXIT_USAGE}    wrong arguments
  {EXIT_INVALID_PROJECT}    invalid project (the file cannot be loaded, or it has errors)
  {EXIT_OUTPUT}    an output file cannot be written
  {EXIT_INTERRUPTED}  interrupted with Ctrl-C (what was recorded is still written)
"""

PROG = "spikecanvas"
#: Resolution of ``--plot`` images (an 8-inch-wide figure: 1200 pixels).
PLOT_DPI = 150


class Failure(Exception):
    """An error to print in one line, with the exit status it gives."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


def seed_argument(text: str) -> int:
    """Read a ``--seed`` (argparse's ``type``): a whole number, 0 or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"the seed must be 0 or more, not {value}")
    return value


def print_error(message: str) -> None:
    """Print ``spikecanvas: message`` on stderr."""
    print(f"{PROG}: {message}", file=sys.stderr)


@contextmanager
def warnings_in_one_line() -> Iterator[None]:
    """Print the engine's warnings (a damaged compile cache rebuilt...) as errors are printed.

    The engine's Brian-style log messages are for scripts: the command reports problems
    through its diagnostics, so they are not shown.
    """
    from engine.utils.logger import quiet_console

    with warnings.catch_warnings(), quiet_console():
        warnings.showwarning = lambda message, *_: print_error(f"warning: {message}")
        yield


def load_project(path: str) -> Any:
    """Return the project of a file, or fail with `EXIT_INVALID_PROJECT`."""
    from engine.project import ProjectFileError, load

    try:
        return load(path)
    except ProjectFileError as error:
        raise Failure(str(error), EXIT_INVALID_PROJECT) from error


def place_text(project: Any, node_id: str | None, field: str | None, line: Any, column: Any) -> str:
    """``node 'name', field, line L, column C`` (the parts that are known)."""
    parts = []
    if node_id is not None:
        try:
            parts.append(f"node '{project.node(node_id).name}'")
        except KeyError:
            parts.append(f"node '{node_id}'")
    if field:
        parts.append(str(field))
    if line is not None:
        parts.append(f"line {line}")
        if column is not None:
            parts.append(f"column {column}")
    return ", ".join(parts)


def located(path: str, project: Any, error: Any) -> str:
    """``FILE: node 'name', field, line L: message`` for a build or run error."""
    place = place_text(project, error.node_id, error.field, error.line, error.column)
    return f"{path}: {place}: {error.message}" if place else f"{path}: {error.message}"


def reason(error: OSError) -> str:
    """Why an output could not be written, in words."""
    return error.strerror or str(error)


def check_writable(path: str) -> None:
    """Fail before a long run if an output file could not be written afterwards.

    The rules are those of every write (`engine.outputs`): a regular file or a new one, in a
    folder that exists; never a link, a folder, a device (``/dev/null``), a pipe or a socket.
    """
    try:
        check_output(path)
    except OSError as error:
        raise Failure(f"cannot write to '{path}': {reason(error)}", EXIT_OUTPUT) from error


def plot_format(path: str) -> str:
    """Return the image format of ``path``: its suffix as matplotlib names it (PNG if none)."""
    return Path(path).suffix[1:].lower() or "png"


def check_plot_format(path: str) -> None:
    """Fail before the run if matplotlib cannot write an image of the suffix of ``path``."""
    from matplotlib.backend_bases import FigureCanvasBase

    formats = FigureCanvasBase.get_supported_filetypes()
    if plot_format(path) not in formats:
        raise Failure(
            f"cannot draw the plot to '{path}': matplotlib writes "
            f"{', '.join('.' + name for name in sorted(formats))} files",
            EXIT_OUTPUT,
        )


@contextmanager
def stop_on_interrupt(stop: threading.Event) -> Iterator[None]:
    """Stop the run at the next report on a first Ctrl-C (keeping its data); abort on a second."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, frame: Any) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()
        print(f"\n{PROG}: stopping (press Ctrl-C again to abort without results)", file=sys.stderr)

    previous = signal.signal(signal.SIGINT, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def diagnostic_text(path: str, project: Any, diagnostic: Any) -> str:
    """One problem found by validation: ``FILE: node 'name', field, line L: [warning: ]message``.

    `spikecanvas run` prints the errors of an invalid project in the same words.
    """
    place = place_text(
        project, diagnostic.node_id, diagnostic.field, diagnostic.line, diagnostic.column
    )
    label = "" if diagnostic.severity == "error" else f"{diagnostic.severity}: "
    where = f"{path}: {place}" if place else path
    return f"{where}: {label}{diagnostic.message}"
