"""Settings shared by the whole test suite.

* Qt never opens a real window: the offscreen platform is forced before any QApplication exists
  (pytest-qt creates it lazily in the ``qapp`` fixture), and subprocesses inherit it; matplotlib
  draws with Agg only.
* Tests in ``tests/reference`` and ``tests/benchmarks`` get their marker from the folder, so a
  new file there cannot forget it; benchmarks are deselected by default (see pyproject.toml).
* Hypothesis never fails on timing (these are shared machines) and is reproducible on CI.
"""

import os
from pathlib import Path

import pytest
from hypothesis import settings

os.environ["QT_QPA_PLATFORM"] = "offscreen"
# Nor does matplotlib: once a QApplication runs in the test process, it would pick its Qt
# backend, and an exported script's plt.show() would wait for a window nobody closes.
os.environ["MPLBACKEND"] = "Agg"

settings.register_profile("dev", deadline=None)
settings.register_profile("ci", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "dev")

TESTS = Path(__file__).parent
MARKER_OF_FOLDER = {"reference": "reference", "benchmarks": "benchmark"}


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        folder = item.path.relative_to(TESTS).parts[0] if item.path.is_relative_to(TESTS) else ""
        if folder in MARKER_OF_FOLDER:
            item.add_marker(MARKER_OF_FOLDER[folder])
