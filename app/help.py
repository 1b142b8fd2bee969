"""Help → User Guide: where the guide is, from a source checkout or an installed package."""

from __future__ import annotations

from pathlib import Path

from PySide6 import QtCore

import app

__all__ = ["ONLINE_DOCS", "user_guide_url"]

#: The documentation online, for installations without the docs folder (wheels).
ONLINE_DOCS = "https://github.com/spikecanvas/spikecanvas/tree/main/docs"


def user_guide_url() -> QtCore.QUrl:
    """Return the user guide: the local ``docs/user-guide.md`` when there is one, else online."""
    checkout = Path(app.__file__).resolve().parents[1]
    for candidate in (checkout / "docs" / "user-guide.md", checkout / "README.md"):
        if (checkout / "pyproject.toml").is_file() and candidate.is_file():
            return QtCore.QUrl.fromLocalFile(str(candidate))
    return QtCore.QUrl(ONLINE_DOCS)
