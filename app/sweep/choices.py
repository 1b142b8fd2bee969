"""What a sweep of a project can vary and measure: the editor's choices (no Qt).

The names are those a sweep definition uses (`engine.project.sweep.definition`): constants
(``we``), node fields (``P.N``, ``S.connect.p``) and run settings (``run.dt``). Which fields
can be swept, and their units, is the engine's business (`engine.project.sweep.targets`);
which measures a project's monitors allow is its measure registry's
(`engine.project.sweep.measures`). This module only lists them.
"""

from __future__ import annotations

from typing import Any

from engine.project.document import MONITOR_KINDS, Project
from engine.project.sweep.definition import MeasureRef
from engine.project.sweep.errors import SweepError
from engine.project.sweep.measures import MEASURES, MeasureError, check
from engine.project.sweep.targets import RUN_FIELDS, SWEEPABLE, Target, resolve
from engine.units import get_unit_for_display

__all__ = ["measure_choices", "parameter_choices", "unit_hint"]


def parameter_choices(project: Project) -> list[str]:
    """Return every parameter name ``project`` can sweep: constants, node fields, run settings."""
    names = [constant.name for constant in project.constants]
    for node in project.nodes:
        names += [f"{node.name}.{field}" for field in SWEEPABLE.get(node.kind, {})]
    names += [f"run.{field}" for field in RUN_FIELDS]
    return [name for name in names if _resolves(name, project)]


def _resolves(name: str, project: Project) -> bool:
    # A field whose current value cannot be read (``connect.n`` of synapses connected by
    # ``p``) has no unit to check values against: it is not offered.
    try:
        resolve(name, project)
    except SweepError:
        return False
    return True


def unit_hint(project: Project, name: str) -> str:
    """Return what the values of ``name`` are and its value now, in words; empty if unknown.

    ``"values in V (now 0.1*mV): a, b, c or start:stop:count"``: shown as the placeholder
    of the values' field, so that the unit is known before typing.
    """
    try:
        target = resolve(name, project)
    except SweepError:
        return ""
    if target.rule.integer:
        kind = "whole numbers"
    else:
        unit = get_unit_for_display(target.dimension)
        kind = "plain numbers" if unit == "1" else f"values in {unit}"
    return f"{kind} (now {_current(project, target)}): a, b, c or start:stop:count"


def _current(project: Project, target: Target) -> str:
    if target.place == "constant":
        return next(c.value for c in project.constants if c.name == target.owner)
    owner: Any = project.run
    if target.place == "node":
        owner = next(n for n in project.nodes if n.name == target.owner)
    for part in target.path:
        owner = getattr(owner, part)
    return str(owner)


def measure_choices(project: Project) -> list[MeasureRef]:
    """Return every measure of the registry that ``project``'s monitor nodes can give.

    Each monitor node is offered with each measure of its kind; a measure of a recorded
    variable is offered once per variable the monitor records. Each choice passes the
    engine's `check` (so a saved sweep of these choices validates).
    """
    found: list[MeasureRef] = []
    for node in project.nodes:
        if node.kind not in MONITOR_KINDS:
            continue
        for spec in MEASURES.values():
            if spec.kind != node.kind:
                continue
            needs_variable = any(o.name == "variable" for o in spec.options)
            variables = list(getattr(node, "variables", [])) if needs_variable else [""]
            for variable in variables:
                ref = MeasureRef(measure=spec.name, node=node.name, variable=variable)
                try:
                    check(project, ref.model_dump())
                except MeasureError:
                    continue
                found.append(ref)
    return found
