"""The window's fluidity during a run, printed by `make benchmark` (see gui_responsiveness.py)."""

import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).with_name("gui_responsiveness.py")


def test_print_gui_responsiveness():
    # In a subprocess: the script owns its QApplication, as the real application does.
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--duration", "1*second"],
        capture_output=True,
        text=True,
        check=True,
    )
    print("\n" + result.stdout.strip())
    assert "p95" in result.stdout
