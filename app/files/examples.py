"""The bundled example projects: where they are, and what each one is about.

Examples live in the top-level ``examples/`` folder of a source checkout and are installed as
the package data ``app.examples`` of a wheel (see ``setup.py``), so they are found either way.
They are read-only teaching material: the window opens copies of them, never the files.

Each example may have a thumbnail, ``thumbnails/NAME.png`` in the same folder: a picture of
what a real run of it records, made by ``scripts/make_thumbnails.py`` (see
`app.plots.thumbnail`). An example without one is still listed (the gallery shows a
placeholder).
"""

from __future__ import annotations

import contextlib
import importlib.util
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import SupportsFloat

import app
from app.model.quantity_rules import constant_values, seconds
from engine.equations import evaluate_constant
from engine.project import Project, ProjectFileError, load
from engine.project.fileio import SUFFIX
from engine.project.kinds.neuron_group import NeuronGroupNode
from engine.units import DimensionMismatchError

__all__ = [
    "THUMBNAILS",
    "Example",
    "examples_dir",
    "find_examples",
    "is_bundled_example",
    "thumbnail_path",
]

_log = logging.getLogger(__name__)

#: The folder of the thumbnails, inside the examples folder.
THUMBNAILS = "thumbnails"


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
    description, notes
        The project's description and teaching notes, as written.
    thumbnail
        Where its thumbnail would be (`thumbnail_path`); the file may be missing.
    facts
        Short facts for the gallery, such as ``("4000 neurons", "6 nodes", "200 ms")``.
    """

    path: Path
    title: str
    summary: str
    description: str = ""
    notes: str = ""
    thumbnail: Path | None = None
    facts: tuple[str, ...] = ()


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
        examples.append(
            Example(
                path,
                project.title or path.stem,
                _first_sentence(project),
                description=project.description,
                notes=project.notes,
                thumbnail=thumbnail_path(path),
                facts=_facts(project),
            )
        )
    return sorted(examples, key=lambda e: e.title.lower())


def thumbnail_path(example: str | Path) -> Path:
    """Return where the thumbnail of the example file ``example`` is (or is to be written)."""
    example = Path(example)
    return example.parent / THUMBNAILS / f"{example.stem}.png"


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


def _facts(project: Project) -> tuple[str, ...]:
    """Return the size of the network and the run's duration, as far as they can be computed."""
    constants = constant_values(project)
    neurons = 0
    for node in project.nodes:
        if isinstance(node, NeuronGroupNode):
            with contextlib.suppress(ValueError, TypeError, OverflowError, DimensionMismatchError):
                size = evaluate_constant(node.N, constants)
                if isinstance(size, SupportsFloat):  # else not a size: none counted
                    neurons += int(float(size))
    facts = []
    if neurons:
        facts.append(_count(neurons, "neuron"))
    facts.append(_count(len(project.nodes), "node"))
    duration = seconds(project.run.duration, constants)
    if duration is not None:
        facts.append(f"{duration * 1000:g} ms" if duration < 1 else f"{duration:g} s")
    return tuple(facts)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
