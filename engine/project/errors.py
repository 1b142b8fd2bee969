"""Errors of the project layer: files that cannot be read, projects that cannot be built."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Self

if TYPE_CHECKING:
    from engine.project.diagnostics import Diagnostic

__all__ = [
    "BuildError",
    "FileProblem",
    "InvalidProjectError",
    "ProjectError",
    "ProjectFileError",
    "ResultsFileError",
    "RunError",
]


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


class _PlacedError(ProjectError):
    """An error of a project with the node, field and place in the field's text at fault."""

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

    @classmethod
    def from_diagnostic(cls, diagnostic: Diagnostic, node_name: str | None = None) -> Self:
        """Return the error of ``diagnostic`` (its node, called ``node_name``, and place)."""
        return cls(
            diagnostic.message,
            diagnostic.node_id,
            node_name,
            diagnostic.field,
            diagnostic.line,
            diagnostic.column,
        )

    def __str__(self) -> str:
        # ``'name', field, line L`` (the parts that are known), then the message.
        place = [f"'{self.node_name}'"] if self.node_name else []
        place += [self.field] if self.field else []
        place += [f"line {self.line}"] if self.line is not None else []
        return f"{', '.join(place)}: {self.message}" if place else self.message


class BuildError(_PlacedError):
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


class InvalidProjectError(BuildError):
    """A project that `engine.project.validate` finds errors in: it is not built, nor run.

    Running refuses exactly what validation reports as an error, with the same messages. The
    attributes of `BuildError` are those of the first error.

    Attributes
    ----------
    diagnostics
        Every error found (`engine.project.validate.Diagnostic`), in the order validation
        reports them.
    """

    def __init__(self, diagnostics: list[Diagnostic], node_names: dict[str, str]) -> None:
        self.diagnostics = list(diagnostics)
        first = self.diagnostics[0]
        super().__init__(
            first.message,
            first.node_id,
            node_names.get(first.node_id) if first.node_id is not None else None,
            first.field,
            first.line,
            first.column,
        )

    def __str__(self) -> str:
        text = super().__str__()
        more = len(self.diagnostics) - 1
        if more:
            text += f" (and {more} more error{'s' if more > 1 else ''}: validate the project)"
        return text


class RunError(_PlacedError):
    """A run that failed after it started (a variable became NaN, a step raised an error).

    Everything recorded until the failure is kept in `results`.

    Attributes
    ----------
    node_id, node_name
        The node whose object failed, when known.
    field
        The field of the node the failure comes from (``model`` for a variable that became
        NaN), when known.
    line, column
        Where in the field's text (1-based), when known.
    message
        What went wrong.
    results
        The `engine.project.results.Results` of the run up to the failure (status
        ``"failed"``), or None.
    """

    def __init__(
        self,
        message: str,
        node_id: str | None = None,
        node_name: str | None = None,
        field: str | None = None,
        line: int | None = None,
        column: int | None = None,
        results: Any = None,
    ) -> None:
        self.results = results
        super().__init__(message, node_id, node_name, field, line, column)


class ResultsFileError(ProjectError, ValueError):
    """A file that is not a SpikeCanvas results file, or one this version cannot read.

    Attributes
    ----------
    filename
        The file.
    problem
        What is wrong with it.
    """

    def __init__(self, problem: str, filename: str | None = None) -> None:
        self.problem = problem
        self.filename = filename
        super().__init__(str(self))

    def __str__(self) -> str:
        where = f"'{self.filename}'" if self.filename else "The file"
        return f"{where} cannot be read as SpikeCanvas results: {self.problem}"
