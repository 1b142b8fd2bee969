"""Running the edited network: the worker thread, its controller, and the run's widgets."""

from app.run.controller import RunController, RunState

__all__ = ["RunController", "RunState"]
