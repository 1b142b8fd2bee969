"""Analysis views a panel can show instead of its values over time, chosen per panel.

Each monitor kind's panel offers the views of its kind (`choices`): a raster its ISI
histogram, CV distribution, firing-rate histogram and, for a group with a parameter set per
neuron, its f–I curve; a rate its power spectrum; traces a phase plane of two variables and a
histogram of a variable's current values. The choice is kept in the project
(`engine.project.node_base.PlotSettings.view` and ``view_options``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

import numpy as np

from app.plots.views.base import AnalysisView, Choice, ViewContext
from app.plots.views.raster import SelectionView
from app.plots.views.rate import SpectrumView
from app.plots.views.spikes import CvView, FiView, IsiView, RatesView
from app.plots.views.states import PhasePlaneView, ValuesView
from engine.project.analysis import per_neuron_parameters, per_neuron_values
from engine.project.document import Project

__all__ = [
    "VIEWS",
    "AnalysisView",
    "Choice",
    "ViewContext",
    "choices",
    "make_view",
    "view_context",
]

#: Every view, by its name in the project.
VIEWS: dict[str, type[AnalysisView]] = {
    cls.name: cls
    for cls in (
        IsiView,
        CvView,
        RatesView,
        SelectionView,
        FiView,
        SpectrumView,
        PhasePlaneView,
        ValuesView,
    )
}


def view_context(project: Project, node: Any) -> ViewContext:
    """Return what the views of monitor ``node``'s panel need of ``project``."""
    variables = list(getattr(node, "variables", []) or [])
    parameters: dict[str, Callable[[], tuple[np.ndarray, str]]] = {}
    sources = project.sources(node.id, "record")
    if sources and getattr(sources[0], "kind", "") == "NeuronGroup":
        group = sources[0].name
        try:
            names = per_neuron_parameters(project, group)
        except ValueError:
            names = []
        parameters = {name: partial(per_neuron_values, project, group, name) for name in names}
    kind = getattr(node, "kind", "")
    return ViewContext(parameters=parameters, variables=variables if kind == "StateMonitor" else [])


def choices(panel: Any) -> list[Choice]:
    """Return the views ``panel`` can show (the values over time not included)."""
    found: list[Choice] = []
    for cls in VIEWS.values():
        if cls.panel_kind == panel.panel:
            found += cls.choices(panel, panel.context)
    return found


def make_view(panel: Any, name: str, options: Mapping[str, str]) -> AnalysisView | None:
    """Return view ``name`` of ``panel`` (None for the values over time, or a view not of it)."""
    cls = VIEWS.get(name)
    if cls is None or cls.panel_kind != panel.panel:
        return None
    return cls(panel, options)
