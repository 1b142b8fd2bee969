"""The ``spikecanvas`` command: opens the application, or answers without a window.

Nothing here imports Qt until a window is really needed, so ``spikecanvas --version`` and
``spikecanvas --help`` are instant and work on machines where Qt cannot start.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from app import __version__
from app.display import EXIT_NO_DISPLAY, display_problem


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``spikecanvas`` command."""
    parser = argparse.ArgumentParser(
        prog="spikecanvas",
        description="Build, run and watch spiking neural networks on a canvas.",
    )
    parser.add_argument("--version", action="version", version=f"SpikeCanvas {__version__}")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``spikecanvas`` command and return its exit status."""
    build_parser().parse_args(argv)
    problem = display_problem()
    if problem is not None:
        print(f"spikecanvas: {problem}", file=sys.stderr)
        return EXIT_NO_DISPLAY
    from app.application import run  # Qt loads only now that a window will open

    return run()
