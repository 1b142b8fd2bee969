"""Closing the window after a run with analysis views ends the process cleanly.

The plots a view replaces (and those of hidden panels) are out of the plot area's layout; left
without a scene, only Python owned them, destroyed them after Qt at exit, and the process
ended with a segmentation fault. Run in a subprocess: a crash at exit cannot be seen inside.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

SCRIPT = textwrap.dedent(
    """
    import sys
    from pathlib import Path

    from PySide6 import QtCore

    from app.application import create_application, shutdown
    from app.main_window import MainWindow
    from app.prompts import Prompts


    class NoQuestions(Prompts):
        def unsaved_changes(self, parent, name):
            return "discard"

        def restore(self, parent, recovery):
            return False


    if __name__ == "__main__":
        folder = Path(sys.argv[2])
        qt_app = create_application()
        settings = QtCore.QSettings(str(folder / "s.ini"), QtCore.QSettings.Format.IniFormat)
        window = MainWindow(settings=settings, prompts=NoQuestions(), recovery_folder=folder)
        window.show()
        assert window.open_file(sys.argv[1])
        window.model.set_project_field("run.duration", "50*ms")
        ended = []
        window.runner.finished.connect(ended.append)
        window.run_network()
        while not ended:
            qt_app.processEvents(QtCore.QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 50)
        assert any(panel.view is not None for panel in window.plots.panels)
        window.close()
        shutdown(qt_app)
    """
)


@pytest.mark.slow
@pytest.mark.parametrize("example", ["lif_fi_curve", "brunel_hakim"])
def test_the_process_ends_cleanly_after_a_run_with_views(example, tmp_path):
    script = tmp_path / "window.py"
    script.write_text(SCRIPT, encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            str(script),
            str(ROOT / "examples" / f"{example}.spikecanvas"),
            str(tmp_path),
        ],
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
