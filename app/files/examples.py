"""The bundled example projects: where they are, and what each one is about.

Examples live in the top-level ``examples/`` folder of a source checkout and are installed as
the package data ``app.examples`` of a wheel (see ``setup.py``), so they are found either way.
They are read-only teaching material: the window opens copies of them, never the files.
"""

from __future__ import annotations

import importlib.util
import logging
from dataclasses import dataclass
from pathlib import Path

import app
from engine.project import ProjectFileError, load
from engine.project.fileio import SUFFIX

__all__ = ["Example", "examples_dir", "find_examples", "is_bundled_example"]

_log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Example:
    """One bundled example project.

    Attributes
    ----------
    path
        The bundled file (never written to).
    title
        The project's title.
    summary
        The first sentence of the project's description: one line for a list.
    """

    path: Path
    title: str
    summary: str


def examples_dir() -> Path | None:
    """Return the folder of the bundled examples, or None if this installation has none.

    An installed package (``app.examples``) wins; a source checkout's ``examples/`` folder is
    used when the package was installed in editable mode before examples were package data.
    """
    try:
        spec = importlib.util.find_spec("app.examples")
    except ModuleNotFoundError:
        spec = None
    # A data-only package (no __init__.py): its folders are its search locations.
    for folder in (spec.submodule_search_locations or []) if spec is not None else []:
        if Path(folder).is_dir():
            return Path(folder)
    checkout = Path(app.__file__).resolve().parents[1]
    # The checkout's marker keeps an unrelated site-packages/examples from being taken.
    if (checkout / "pyproject.toml").is_file() and (checkout / "examples").is_dir():
        return checkout / "examples"
    return None


def find_examples(folder: Path | None = None) -> list[Example]:
    """Return the bundled examples, sorted by title.

    Files that cannot be read are left out (and logged): a broken example must not break the
    dialog that lists the others.
    """
    folder = examples_dir() if folder is None else folder
    if folder is None:
        return []
    examples = []
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        try:
            project = load(path)
        except ProjectFileError as error:
            _log.warning("skipping a broken example: %s", error)
            continue
        examples.append(Example(path, project.title or path.stem, _first_sentence(project)))
    return sorted(examples, key=lambda e: e.title.lower())


def is_bundled_example(path: str | Path, folder: Path | None = None) -> bool:
    """Return whether ``path`` is (or would be written into) the bundled examples folder."""
    folder = examples_dir() if folder is None else folder
    if folder is None:
        return False
    return Path(path).resolve().parent == folder.resolve()


def _first_sentence(project: object) -> str:
    text = " ".join(str(getattr(project, "description", "") or "").split())
    end = text.find(". ")
    return text if end < 0 else text[: end + 1]
