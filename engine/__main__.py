"""``python -m engine``: the command line without a window (``run``, ``validate``, ``export``)."""

from engine.project.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
