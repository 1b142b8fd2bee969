"""Parameter sweeps of a project: their definition, points, trials and checks (no Qt, no Dask).

A `Sweep` is part of a project's document; `points` and `trials` expand it, `apply` sets a
point's values in a copy of the project, and `check_sweeps` is the part of
`engine.project.validate` that checks sweeps. The measures (`engine.project.sweep.measures`)
are imported from their module: they read the document, which imports this package.
"""

from engine.project.sweep.apply import apply, apply_trial
from engine.project.sweep.check import check_sweeps
from engine.project.sweep.definition import MAX_TRIALS, MeasureRef, Parameter, Sweep
from engine.project.sweep.errors import SweepError
from engine.project.sweep.points import Point, Trial, points, trial_seed, trials

__all__ = [
    "MAX_TRIALS",
    "MeasureRef",
    "Parameter",
    "Point",
    "Sweep",
    "SweepError",
    "Trial",
    "apply",
    "apply_trial",
    "check_sweeps",
    "points",
    "trial_seed",
    "trials",
]
