"""The `brian2` fixture: run scripts with Brian 2, the reference simulator (see brian2_env)."""

from __future__ import annotations

import pytest
from reference.brian2_env import python, run


@pytest.fixture(scope="session")
def brian2():
    """Run a script with Brian 2: ``brian2(script, inputs) -> whatever it emit()ted``.

    The first use creates the Brian 2 environment (about a minute); later uses reuse it.
    """
    python()
    return run
