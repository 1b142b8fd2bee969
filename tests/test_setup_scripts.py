"""The set-up behind `make run` / `make test` is quiet and quick when everything is there."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).parents[1]
SYSTEM_DEPS = ROOT / "scripts" / "system-deps.sh"


def test_system_packages_check_is_silent_when_nothing_is_missing():
    # The suite runs after `make test` installed what was missing, so a second check is a no-op.
    result = subprocess.run(
        ["sh", str(SYSTEM_DEPS), "offscreen"], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_an_unknown_profile_is_refused():
    result = subprocess.run(
        ["sh", str(SYSTEM_DEPS), "gpu"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "unknown profile 'gpu'" in result.stderr
