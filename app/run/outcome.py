"""What the last run left: its results, its problems and its warnings, as one object.

The run controller owns the `RunOutcome` of the last run (`RunController.last_run`); the
window only reads it: Export Results writes its results, the problems dock lists its problems
next to validation's. Nothing else (copying nodes, editing the network) can lose it; starting
a new run or replacing the project (New, Open) forgets it.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from engine.project import BuildError, Diagnostic, RunError
from engine.project.diagnostics import to_diagnostic
from engine.project.results import Results

__all__ = ["RunOutcome", "failure_diagnostic", "warning_diagnostic"]


@dataclass(frozen=True)
class RunOutcome:
    """How the last run ended.

    Attributes
    ----------
    status
        ``"completed"``, ``"stopped"`` or ``"failed"``.
    results
        What the monitors recorded (None when the run failed before anything was recorded,
        or unexpectedly).
    error
        The error of a failed run (a `BuildError`, a `RunError`, or an
        `app.run.worker.UnexpectedError`), None otherwise.
    problems
        The failure located at its node, as a diagnostic (empty unless the run failed with a
        located error).
    warnings
        The engine's warnings during the run, as diagnostics of the project.
    """

    status: str
    results: Results | None = None
    error: Exception | None = None
    problems: tuple[Diagnostic, ...] = ()
    warnings: tuple[Diagnostic, ...] = ()

    @classmethod
    def of_results(cls, results: Results) -> RunOutcome:
        """Return the outcome of a run that ended (completed or stopped) with ``results``."""
        return cls(results.provenance.status, results)

    @classmethod
    def of_failure(cls, error: Exception) -> RunOutcome:
        """Return the outcome of a run that failed with ``error`` (and its partial results)."""
        results = getattr(error, "results", None)
        problems = (failure_diagnostic(error),) if isinstance(error, (BuildError, RunError)) else ()
        return cls("failed", results, error, problems)

    def with_warnings(self, messages: list[str]) -> RunOutcome:
        """Return this outcome with the engine's warning ``messages`` added."""
        added = tuple(warning_diagnostic(message) for message in messages)
        return dataclasses.replace(self, warnings=self.warnings + added)

    @property
    def diagnostics(self) -> list[Diagnostic]:
        """The problems, then the warnings: what the problems dock lists for this run."""
        return [*self.problems, *self.warnings]


def failure_diagnostic(error: BuildError | RunError) -> Diagnostic:
    """Return the diagnostic of a run's located failure (at its node, field and line)."""
    return to_diagnostic(error, message=f"The run failed: {error.message}")


def warning_diagnostic(message: str) -> Diagnostic:
    """Return the diagnostic of a warning the engine gave during a run."""
    return Diagnostic(None, None, None, None, None, f"The run warned: {message}", "warning")
