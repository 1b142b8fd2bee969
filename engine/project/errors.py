"""Errors of the project layer: files that cannot be read, projects that cannot be built."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["BuildError", "FileProblem", "ProjectError", "ProjectFileError"]


class ProjectError(Exception):
    """Base class of the project layer's errors."""


@dataclass(frozen=True)
class FileProblem:
    """One thing wrong in a project file: where (a JSON path such as ``nodes[2].N``) and what."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class ProjectFileError(ProjectError, ValueError):
    """A project file that cannot be opened, with every problem found in it.

    Attributes
    ----------
    filename
        The file, if known.
    problems
        Each problem with its place in the file.
    """

    def __init__(self, problems: list[FileProblem], filename: str | None = None) -> None:
        self.problems = list(problems)
        self.filename = filename
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"'{self.filename}'" if self.filename else "The project"
        if len(self.problems) == 1:
            return f"{where} cannot be opened: {self.problems[0]}"
        lines = "\n".join(f"  - {p}" for p in self.problems)
        return f"{where} cannot be opened ({len(self.problems)} problems):\n{lines}"


class BuildError(ProjectError):
    """A project that cannot be turned into a network, with the node and field at fault.

    Attributes
    ----------
    node_id, node_name
        The node (None for a problem of the run settings or of a constant).
    field
        The field of the node (``model``, ``threshold``, ``connect.p``...).
    line, column
        Where in the field's text (1-based), when known.
    message
        What is wrong.
    """

    def __init__(
        self,
        message: str,
        node_id: str | None = None,
        node_name: str | None = None,
        field: str | None = None,
        line: int | None = None,
        column: int | None = None,
    ) -> None:
        self.message = message
        self.node_id = node_id
        self.node_name = node_name
        self.field = field
        self.line = line
        self.column = column
        super().__init__(str(self))

    def __str__(self) -> str:
        place = []
        if self.node_name:
            place.append(f"'{self.node_name}'")
        if self.field:
            place.append(self.field)
        if self.line is not None:
            place.append(f"line {self.line}")
        return f"{', '.join(place)}: {self.message}" if place else self.message
