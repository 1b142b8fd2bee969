"""Running the edited network: the worker thread, its controller, and the run's widgets."""

from app.run.controller import RunController, RunState
from app.run.outcome import RunOutcome

__all__ = ["RunController", "RunOutcome", "RunState"]
