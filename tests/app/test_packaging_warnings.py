"""Building SpikeCanvas (``make run``'s ``pip install -e .``, a wheel) prints no setuptools warning.

Folders of data inside packages (the numpy target's templates, the examples' thumbnails) are
importable as namespace packages; unless they are declared as packages, setuptools warns
"Package would be ignored" for each on every build, and a first ``make run`` printed a page of
such warnings.
"""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]


@pytest.mark.slow
def test_a_build_prints_no_package_would_be_ignored_warning(tmp_path):
    # -v shows the build backend's output, where setuptools prints its warnings.
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "-w", tmp_path, ROOT],
        capture_output=True,
        text=True,
        check=True,
    )
    output = build.stdout + build.stderr
    assert "running build_py" in output  # the backend's output is there to be read
    assert "would be ignored" not in output
    assert "SetuptoolsDeprecationWarning" not in output
    (wheel,) = tmp_path.glob("spikecanvas-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    # The data of those folders is still shipped.
    templates = {p.name for p in (ROOT / "engine" / "codegen" / "numpy" / "templates").iterdir()}
    assert {f"engine/codegen/numpy/templates/{name}" for name in templates} <= names
    assert "app/examples/thumbnails/cuba.png" in names
