"""What every node of the document is made of: field types, the base model, plot settings.

The node kinds (`engine.project.kinds`) define their document models on `NodeBase`, and
`engine.project.document` assembles them into a `Project`; both import from here, which
imports neither.
"""

from __future__ import annotations

import keyword
import uuid
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SerializerFunctionWrapHandler,
    field_validator,
    model_serializer,
)

__all__ = [
    "Name",
    "NodeBase",
    "OptionalVariableName",
    "PlotSettings",
    "PlotView",
    "Strict",
    "Text",
    "VariableName",
    "identifier_problem",
    "new_id",
]


def new_id() -> str:
    """Return a fresh node id: stable across saves, unique in practice (random, 12 hex digits)."""
    return uuid.uuid4().hex[:12]


def identifier_problem(name: str) -> str | None:
    """Return why ``name`` cannot name a node or constant, or None if it can."""
    if not name:
        return "a name cannot be empty"
    if not name.isidentifier() or not name.isascii():
        return (
            f"'{name}' is not a valid name: use letters, digits and underscores, starting with a "
            "letter (e.g. 'exc_neurons')"
        )
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return f"'{name}' is a Python keyword and cannot be a name"
    if name.startswith("_"):
        return f"'{name}' starts with an underscore, which is reserved for the engine"
    return None


def _name(value: str) -> str:
    problem = identifier_problem(value)
    if problem is not None:
        raise ValueError(problem)
    return value


def _text(value: object) -> object:
    """Accept numbers where text is expected (``"N": 100`` is ``"100"``), but not booleans."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value)
    return value


#: Model text exactly as typed: a string (a number written in a file becomes its text).
Text = Annotated[str, BeforeValidator(_text)]
#: The name of a node or constant: a valid identifier.
Name = Annotated[str, Field(max_length=100), AfterValidator(_name)]
#: The name of a variable of a node (an initial value's key, a recorded variable): the same
#: rule, so that no name from a file can reach the engine's private attributes (``_name``).
VariableName = Name


def _optional_name(value: str) -> str:
    return value and _name(value)


#: A variable's name, or empty for none chosen yet.
OptionalVariableName = Annotated[str, Field(max_length=100), AfterValidator(_optional_name)]


class Strict(BaseModel):
    """Unknown keys are errors: a misspelt field must not be dropped silently."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, strict=True)


#: What a monitor's panel shows: empty for the recorded values over time (a raster, traces, a
#: rate), else an analysis view of them (see `PlotSettings.view`).
PlotView = Literal["", "isi", "cv", "rates", "raster", "fi", "spectrum", "phase", "values"]


class PlotSettings(Strict):
    """How a monitor's panel is drawn."""

    visible: bool = True
    title: str = ""
    #: Width of a sliding time window (e.g. ``200*ms``); empty for the whole run.
    window: Text = ""
    #: Width of the smoothing window of a population rate (e.g. ``1*ms``); empty for none.
    smoothing: Text = ""
    #: An analysis view instead of the values over time: for a SpikeMonitor ``isi`` (histogram
    #: of inter-spike intervals), ``cv`` (of their CVs per neuron), ``rates`` (of the rates
    #: per neuron), ``raster`` (a selection of neurons), ``fi`` (rate against a per-neuron
    #: parameter); for a PopulationRateMonitor ``spectrum``; for a StateMonitor ``phase`` (two
    #: variables against each other) or ``values`` (histogram of a variable's current values).
    view: PlotView = ""
    #: The view's choices as text, e.g. ``{"x": "v", "y": "u"}`` for a phase plane.
    view_options: dict[
        Annotated[str, Field(max_length=100)], Annotated[str, Field(max_length=200)]
    ] = Field(default_factory=dict)

    @model_serializer(mode="wrap")
    def _without_default_view(self, handler: SerializerFunctionWrapHandler) -> Any:
        # Added within format version 1: a panel without an analysis view is written as
        # before, so that its file still opens in the versions before views.
        data = handler(self)
        if isinstance(data, dict):
            if not self.view:
                data.pop("view", None)
            if not self.view_options:
                data.pop("view_options", None)
        return data


class NodeBase(Strict):
    """The fields every node has; each kind adds its own and a ``kind`` literal."""

    id: str = Field(default_factory=new_id, pattern=r"^[A-Za-z0-9_.\-]{1,64}$")
    name: Name
    # JSON has no tuples: a list of two numbers is what a file holds.
    position: Annotated[tuple[float, float], Field(strict=False)] = (0.0, 0.0)
    notes: str = ""
    #: Which kind of node it is: each kind's model narrows it to its own name (a literal).
    kind: str = ""

    @field_validator("position")
    @classmethod
    def _finite(cls, value: tuple[float, float]) -> tuple[float, float]:
        if not all(abs(v) < 1e12 for v in value):  # also refuses NaN
            raise ValueError("a canvas position must be two finite numbers")
        return value
