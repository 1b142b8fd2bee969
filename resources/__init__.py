"""Icons and other files the application loads, installed as the package ``app.resources``."""

from importlib.resources import as_file, files
from pathlib import Path


def path(*parts: str) -> Path:
    """Return the file system path of a resource, e.g. ``path("icons", "spikecanvas.svg")``.

    Raises
    ------
    FileNotFoundError
        If the resource does not exist (a packaging error worth seeing at once).
    """
    resource = files(__name__).joinpath(*parts)
    # Resources are installed as plain files (editable install or unpacked wheel), so the
    # context manager of as_file returns the real path without copying.
    with as_file(resource) as real:
        if not real.exists():
            raise FileNotFoundError(f"SpikeCanvas resource missing: {'/'.join(parts)}")
        return Path(real)
