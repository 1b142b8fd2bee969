"""Find the user's code on the call stack: the first frame outside the engine package.

Names in model strings are looked up in the calling script, and objects remember where the
script created them; both need the frame of the user's code, however deep in the engine the
request comes from.
"""

from __future__ import annotations

import functools
import inspect
from pathlib import Path
from types import FrameType

__all__ = ["ENGINE_DIRECTORY", "is_engine_file", "user_frame"]

#: The directory of the engine package; frames of files below it are the engine's own.
ENGINE_DIRECTORY = str(Path(__file__).resolve().parents[1])


# Cached: every engine object walks the stack when it is created (to remember where), and
# resolving each frame's path was most of the cost of creating small objects.
@functools.lru_cache(maxsize=1024)
def is_engine_file(filename: str) -> bool:
    """Whether ``filename`` is a file of the engine package."""
    try:
        return str(Path(filename).resolve()).startswith(ENGINE_DIRECTORY + "/")
    except (OSError, ValueError):
        return False


def user_frame() -> FrameType | None:
    """Return the innermost frame that is not the engine's (None if there is none).

    Callers must delete the frame when done with it (frames hold references to locals).
    """
    frame = inspect.currentframe()
    while frame is not None and is_engine_file(frame.f_code.co_filename):
        frame = frame.f_back
    return frame
