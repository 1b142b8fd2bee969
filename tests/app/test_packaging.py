"""Resources ship with the package and are found both from a checkout and from a wheel."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from app import resources

ROOT = Path(__file__).parents[2]


def test_the_application_icon_is_found():
    icon = resources.path("icons", "spikecanvas.svg")
    assert icon.read_text().lstrip().startswith("<svg")


def test_a_missing_resource_is_an_error_naming_it():
    with pytest.raises(FileNotFoundError, match=r"icons/nothing\.svg"):
        resources.path("icons", "nothing.svg")


@pytest.mark.slow
def test_the_wheel_contains_both_packages_and_the_resources(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", tmp_path, ROOT],
        check=True,
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("spikecanvas-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    shipped = {
        f"app/resources/{p.relative_to(ROOT / 'resources').as_posix()}"
        for p in (ROOT / "resources").rglob("*.svg")
    }
    assert shipped <= names
    assert {"app/cli.py", "app/resources/__init__.py", "engine/__init__.py"} <= names
    examples = {f"app/examples/{p.name}" for p in (ROOT / "examples").glob("*.spikecanvas")}
    assert "app/examples/cuba.spikecanvas" in examples
    assert examples <= names
    assert not any(name.startswith(("tests/", "resources/", "examples/")) for name in names)
