"""The ``spikecanvas`` command: opens the application, or answers without a window.

Nothing here imports Qt until a window is really needed, so ``spikecanvas --version`` and
``spikecanvas --help`` are instant and work on machines where Qt cannot start. The subcommands
``run``, ``validate``, ``export`` and ``sweep`` are the engine's command line
(`engine.project.cli`): they never load Qt.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app import __version__
from app.display import EXIT_NO_DISPLAY, display_problem

#: Subcommands handled by the engine's command line, without a window.
COMMANDS = ("run", "validate", "export", "sweep")


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``spikecanvas`` command."""
    parser = argparse.ArgumentParser(
        prog="spikecanvas",
        description="Build, run and watch spiking neural networks on a canvas.",
        epilog="Without a window:\n"
        "  spikecanvas run PROJECT [--duration 1*second] [--out results.h5] ...\n"
        "  spikecanvas validate PROJECT\n"
        "  spikecanvas export PROJECT -o script.py [--flavor engine|brian2]\n"
        "  spikecanvas sweep PROJECT --vary NAME=VALUES [--measure ...] [--out sweep.h5] ...\n"
        "See 'spikecanvas run --help' (sweep --help) for their options and exit statuses.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"SpikeCanvas {__version__}")
    parser.add_argument(
        "project",
        nargs="?",
        metavar="PROJECT.spikecanvas",
        help="a project file to open (default: a new, empty project)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``spikecanvas`` command and return its exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and arguments[0] in COMMANDS:
        from engine.project.cli import main as command_main  # no Qt on this path

        return command_main(arguments)
    options = build_parser().parse_args(arguments)
    problem = display_problem()
    if problem is not None:
        print(f"spikecanvas: {problem}", file=sys.stderr)
        return EXIT_NO_DISPLAY
    from app.application import run  # Qt loads only now that a window will open

    return run(project=options.project)
