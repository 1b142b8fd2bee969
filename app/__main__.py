"""``python -m app``: the same as the ``spikecanvas`` command."""

from app.cli import main

raise SystemExit(main())
