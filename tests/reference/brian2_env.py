"""Brian 2, the reference simulator, in a virtual environment of its own.

Brian 2 is never a dependency of SpikeCanvas: on Python 3.11 the newest release (2.9.0) needs
numpy < 2.4, which the project must not be pinned to. Reference tests therefore run Brian 2 in
``.venv-brian2`` at the repository root, created on first use (about a minute) and reused after,
and exchange data with it through JSON files. Tests use the ``brian2`` fixture (conftest.py);
benchmarks import `python` and `run` from here (``from reference.brian2_env import run``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv-brian2"
REQUIREMENTS = ("brian2==2.9.0", "numpy<2.4", "setuptools")
STAMP = VENV / ".installed"

# Prepended to every script: the input and output files, and a helper to write the result.
_PRELUDE = """\
import json, os, sys
INPUT = json.loads(open(os.environ["REFERENCE_INPUT"]).read())

def emit(result):
    with open(os.environ["REFERENCE_OUTPUT"], "w") as f:
        json.dump(result, f)
"""


def python() -> Path:
    """Return the Python of the Brian 2 environment, creating the environment if needed."""
    interpreter = VENV / "bin" / "python"
    if STAMP.exists() and STAMP.read_text() == "\n".join(REQUIREMENTS):
        return interpreter
    if not interpreter.exists():
        base = getattr(sys, "_base_executable", sys.executable)
        subprocess.run([base, "-m", "venv", str(VENV)], check=True, capture_output=True)
    subprocess.run(
        [str(interpreter), "-m", "pip", "install", "--quiet", *REQUIREMENTS],
        check=True,
        capture_output=True,
    )
    STAMP.write_text("\n".join(REQUIREMENTS))
    return interpreter


def run(script: str, inputs: Any = None, timeout: float = 600) -> Any:
    """Run ``script`` with Brian 2 and return what it passed to ``emit(...)``.

    The script sees ``INPUT`` (the JSON-decoded ``inputs``) and must call ``emit(result)`` with
    a JSON-serialisable result. It runs as a separate process, in the main thread (Brian 2
    installs a signal handler on import), from a temporary directory.

    Raises
    ------
    RuntimeError
        If the script fails; the message holds its standard error.
    """
    interpreter = python()
    with tempfile.TemporaryDirectory(prefix="brian2-reference-") as folder:
        work = Path(folder)
        (work / "input.json").write_text(json.dumps(inputs))
        (work / "script.py").write_text(_PRELUDE + textwrap.dedent(script))
        env = dict(os.environ)
        env.update(
            REFERENCE_INPUT=str(work / "input.json"),
            REFERENCE_OUTPUT=str(work / "output.json"),
            # Brian 2's cython cache and log files stay inside the temporary folder.
            HOME=str(work),
        )
        result = subprocess.run(
            [str(interpreter), str(work / "script.py")],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )
        output = work / "output.json"
        if result.returncode != 0 or not output.exists():
            raise RuntimeError(
                f"the Brian 2 reference script failed (status {result.returncode}):\n"
                f"{result.stderr[-4000:]}"
            )
        return json.loads(output.read_text())
