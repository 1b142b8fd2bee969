r"""The check of a project's sweeps, as `Diagnostic`\ s for `engine.project.validate`.

A sweep's problems are placed as ``sweeps.<name>.<place in the sweep>``, as a constant's are
``constants.<name>``: ``sweeps.fI.parameters[1].values``, ``sweeps.fI.measures[0].node``,
``sweeps.fI.measures[0].options.window``, ``sweeps.fI.repeats``, ``sweeps.fI`` for the sweep
as a whole (parameters are numbered: their names hold dots). A sweep whose name is used twice
is placed by its position, ``sweeps[2].name``.

The measures are checked by `engine.project.sweep.measures.check` (their registry).
"""

from __future__ import annotations

from typing import Any

from engine.project.diagnostics import Diagnostic
from engine.project.sweep.definition import MeasureRef
from engine.project.sweep.points import expansion_problems

__all__ = ["check_sweeps"]


def check_sweeps(project: Any) -> list[Diagnostic]:
    """Return the problems of every sweep of ``project`` (errors), in order."""
    found: list[Diagnostic] = []
    seen: set[str] = set()
    for index, sweep in enumerate(getattr(project, "sweeps", ())):
        if sweep.name in seen:
            message = f"the sweep name '{sweep.name}' is used twice"
            found.append(_error(f"sweeps[{index}].name", message))
        seen.add(sweep.name)
        prefix = f"sweeps.{sweep.name}"
        for problem in expansion_problems(sweep, project):
            field = f"{prefix}.{problem.field}" if problem.field else prefix
            found.append(_error(field, problem.message))
        for k, ref in enumerate(sweep.measures):
            refused = _measure_problem(ref, project)
            if refused is not None:
                place, message = refused
                found.append(_error(f"{prefix}.measures[{k}].{place}", message))
    return found


def _measure_problem(ref: MeasureRef, project: Any) -> tuple[str, str] | None:
    """Return (place in the measure, message) of what is wrong with ``ref``, or None."""
    # Imported here: the measures read results and the document, which imports this package.
    from engine.project.sweep.measures import MEASURES, MeasureError, check

    try:
        check(project, ref.model_dump())
    except MeasureError as error:
        if error.option == "variable":
            return "variable", error.message
        if error.option is not None:
            return f"options.{error.option}", error.message
        return ("measure" if error.measure not in MEASURES else "node"), error.message
    return None


def _error(field: str, message: str) -> Diagnostic:
    return Diagnostic(None, field, None, None, None, message, "error")
