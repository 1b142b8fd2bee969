"""Regenerate the thumbnails of the examples: examples/thumbnails/NAME.png, from real runs.

    python scripts/make_thumbnails.py              every examples/*.spikecanvas
    python scripts/make_thumbnails.py cuba stdp    only these (names or paths of examples)

Each example runs headless with its own run settings (its seed: the same example gives the
same picture), and what its first visible monitor recorded is drawn by the application's own
plot panel (`app.plots.thumbnail`). Run it after adding or changing an example; the tests check
that every example has its thumbnail. No display is needed (Qt's offscreen platform is used
unless QT_QPA_PLATFORM says otherwise). The exit status is 1 if any example failed.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


def _examples(names: list[str], folder: Path) -> list[Path]:
    if not names:
        return sorted(folder.glob("*.spikecanvas"))
    paths = []
    for name in names:
        path = Path(name)
        if path.suffix != ".spikecanvas":
            path = folder / f"{name}.spikecanvas"
        if not path.is_file():
            raise SystemExit(f"make_thumbnails: no example '{name}' ({path} does not exist)")
        paths.append(path)
    return paths


def main(argv: list[str] | None = None) -> int:
    """Write the thumbnails of the named examples (all by default); return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="examples to redo (default: all)")
    parser.add_argument("--examples", type=Path, default=EXAMPLES, help="the examples folder")
    args = parser.parse_args(argv)
    paths = _examples(args.names, args.examples)

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    sys.path.insert(0, str(ROOT))  # the checkout's packages, when run without an install
    from app.application import create_application, shutdown
    from app.files.examples import thumbnail_path
    from app.plots.thumbnail import make_thumbnail
    from engine.project import ProjectFileError, load
    from engine.project.errors import BuildError, RunError

    qt_app = create_application([sys.argv[0]])
    failed = []
    try:
        for path in paths:
            target = thumbnail_path(path)
            start = time.perf_counter()
            try:
                make_thumbnail(load(path), target)
            except (ProjectFileError, BuildError, RunError, ValueError, OSError) as error:
                failed.append(path.stem)
                print(f"{path.stem}: FAILED: {error}", file=sys.stderr)
                continue
            took = time.perf_counter() - start
            shown = target.relative_to(ROOT) if target.is_relative_to(ROOT) else target
            print(f"{path.stem}: {shown} ({took:.1f} s)")
    finally:
        shutdown(qt_app)
    if failed:
        print(f"make_thumbnails: {len(failed)} failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
