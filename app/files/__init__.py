"""Everything around project files that is not a widget: examples, recent files, recovery."""

from app.files.examples import Example, examples_dir, find_examples, is_bundled_example
from app.files.messages import file_error_text
from app.files.recent import RecentFiles
from app.files.recovery import Autosaver, Recovery, find_recoveries, recovery_dir

__all__ = [
    "Autosaver",
    "Example",
    "RecentFiles",
    "Recovery",
    "examples_dir",
    "file_error_text",
    "find_examples",
    "find_recoveries",
    "is_bundled_example",
    "recovery_dir",
]
