"""Resources ship with the package and are found both from a checkout and from a wheel."""

import json
import os
import re
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


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    """The project built as a wheel (once for this module)."""
    folder = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", folder, ROOT],
        check=True,
        capture_output=True,
    )
    (built,) = folder.glob("spikecanvas-*.whl")
    return built


@pytest.mark.slow
def test_the_wheel_contains_both_packages_and_the_resources(wheel):
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
    thumbnails = {
        f"app/examples/thumbnails/{p.name}"
        for p in (ROOT / "examples" / "thumbnails").glob("*.png")
    }
    assert "app/examples/thumbnails/cuba.png" in thumbnails
    assert thumbnails <= names
    assert not any(name.startswith(("tests/", "resources/", "examples/")) for name in names)


@pytest.mark.slow
def test_the_wheel_contains_the_user_guide_with_its_pictures_and_pages(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    guide = (ROOT / "docs" / "user-guide.md").read_text(encoding="utf-8")
    pictures = {f"app/docs/images/{p.name}" for p in (ROOT / "docs" / "images").glob("*.png")}
    linked = {f"app/docs/{page}" for page in re.findall(r"\]\(([\w-]+\.md)", guide)}
    assert "app/docs/user-guide.md" in names
    assert pictures
    assert pictures <= names
    assert linked
    assert linked <= names
    # The folder's script (make_screenshots.py) is not part of the package.
    assert not any(n.startswith("app/docs/") and n.endswith(".py") for n in names)


@pytest.mark.slow
def test_an_installed_wheel_shows_the_guide_from_its_own_files(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", target, wheel],
        check=True,
        capture_output=True,
    )
    # The wheel's packages come first on the path; the dependencies come from this venv.
    script = """
import json
from PySide6 import QtCore, QtGui, QtWidgets
import app
from app.help import GuideWindow, user_guide_path
qt = QtWidgets.QApplication([])
viewer = GuideWindow(user_guide_path())
document = viewer.browser.document()
loaded = []
block = document.begin()
while block.isValid():
    fragments = block.begin()
    while not fragments.atEnd():
        char_format = fragments.fragment().charFormat()
        if char_format.isImageFormat():
            name = char_format.toImageFormat().name()
            kind = QtGui.QTextDocument.ResourceType.ImageResource
            picture = document.resource(kind, QtCore.QUrl(name))
            loaded.append(picture is not None and not picture.isNull())
        fragments += 1
    block = block.next()
print(json.dumps({"app": app.__file__, "guide": str(user_guide_path()),
                  "title": viewer.windowTitle(), "pictures": loaded}))
viewer.close()
viewer.deleteLater()
qt.processEvents()
"""
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(target), "QT_QPA_PLATFORM": "offscreen"},
        check=True,
        capture_output=True,
        text=True,
    )
    shown = json.loads(result.stdout.strip().splitlines()[-1])
    assert Path(shown["app"]).is_relative_to(target)  # the wheel's app, not the checkout's
    assert shown["guide"] == str(target / "app" / "docs" / "user-guide.md")
    assert shown["title"] == "SpikeCanvas user guide — SpikeCanvas"
    assert len(shown["pictures"]) >= 12
    assert all(shown["pictures"])
