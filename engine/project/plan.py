r"""A project as an ordered list of engine calls: what both `build` and `export` follow.

`plan(project)` turns the document into `Step`\\ s — set the seed and the time step, define the
constants, create each object with its arguments, connect synapses, assign initial values —
in the order a script would make them. The arguments are still text, labelled with what they
are (`Expr`: a constant expression such as ``10*ms``, evaluated by the engine's safe
evaluator; `Code`: model text passed to the engine as a string; `Array`: a list of numbers
with a unit; `Ref`: another object; `Plain`: a plain Python value). `engine.project.build`
executes the steps; `engine.project.export` prints them as Python. Because both read the same
steps, a script does what the app does, in the same order — which matters for random numbers:
the same seed then gives the same initial values, synapses and spikes.

Each node kind plans its own nodes (its `engine.project.kinds.KindSpec.plan`); nodes are
planned stage by stage (`engine.project.kinds.Stage`: timed arrays, groups, synapses, inputs,
monitors — what others refer to comes first), in the document's order within a stage.

Every step and argument remembers the node and field it came from, so an error while executing
it is reported there.
"""

from __future__ import annotations

from engine.project import kinds
from engine.project.document import Project
from engine.project.steps import Array, Code, Expr, Plain, Planner, Ref, Step, is_constant

__all__ = ["Array", "Code", "Expr", "Plain", "Ref", "Step", "is_constant", "plan"]


def plan(project: Project) -> list[Step]:
    """Return the engine calls that build ``project``'s network, in order.

    Raises
    ------
    BuildError
        If a node lacks a connection it needs (synapses without ``pre`` or ``post``, a monitor
        or input without a target).
    """
    planner = Planner(project)
    run = project.run
    if run.seed is not None:
        planner.out.append(Step("seed", args=(Plain(run.seed),)))
    planner.out.append(Step("dt", args=(Expr(run.dt, "run.dt"),)))
    for constant in project.constants:
        planner.out.append(
            Step(
                "constant",
                target=constant.name,
                args=(Expr(constant.value, f"constants.{constant.name}"),),
                notes=constant.notes,
            )
        )
    specs = {node.kind: kinds.spec(node.kind) for node in project.nodes}
    for stage in sorted({spec.stage for spec in specs.values()}):
        for node in project.nodes:
            spec = specs[node.kind]
            if spec.stage == stage:
                spec.plan(node, planner)
    return planner.out
