"""Pieces several kinds share: the edges of spike sources and of monitors, the monitors' checks."""

from __future__ import annotations

from collections.abc import Sequence

from engine.groups.group import Group
from engine.project.checks.context import CheckContext
from engine.project.checks.values import did_you_mean
from engine.project.kinds.spec import EdgeEnd, Stage
from engine.project.node_base import NodeBase, PlotSettings

__all__ = [
    "RECORDS_ANYTHING",
    "RECORDS_GROUPS",
    "SPIKE_SOURCE_EDGES",
    "recorded_source",
    "recorded_variables",
    "spiking_proxy",
]

#: The edges of a group of spiking elements: its spikes to synapses and monitors, and
#: synapses onto it (which change its variables).
SPIKE_SOURCE_EDGES = (
    EdgeEnd("pre", "source"),
    EdgeEnd("record", "source"),
    EdgeEnd("post", "target"),
)
#: The edge of a monitor that records a group's spikes: one group.
RECORDS_GROUPS = EdgeEnd("record", "target", one="recorded object", others=(Stage.GROUPS,))
#: The edge of a monitor that records variables: one group or one Synapses node.
RECORDS_ANYTHING = EdgeEnd("record", "target", one="recorded object")


# -- checks of monitors ---------------------------------------------------------------------------


def recorded_source(ctx: CheckContext, node: NodeBase, plot: PlotSettings) -> NodeBase | None:
    """Return the node a monitor records (None if not one: reported); check its plot's times."""
    source = ctx.connected(node, "record", True, "the group it records")
    for field, text in (("window", plot.window), ("smoothing", plot.smoothing)):
        if text.strip():
            what = "The time window" if field == "window" else "The smoothing width"
            ctx.time(text, node, f"plot.{field}", what)
    return source


def spiking_proxy(ctx: CheckContext, node: NodeBase, source: NodeBase | None) -> Group | None:
    """Return the proxy of the group whose spikes a monitor records; report if it has none."""
    proxy = ctx.proxies.get(source.id) if source is not None else None
    if source is None or proxy is None:
        return None
    if "_spikespace" not in proxy.variables:
        ctx.add(
            node,
            None,
            f"'{source.name}' has no threshold, so it never spikes and there is nothing to "
            f"record. Give '{source.name}' a threshold.",
        )
    return proxy


def recorded_variables(
    ctx: CheckContext,
    node: NodeBase,
    variables: Sequence[str],
    source: NodeBase,
    proxy: Group,
    sampled: bool,
) -> None:
    """Check that the recorded object has the ``variables`` a monitor records.

    ``sampled``: the monitor samples variables over time (and keeps its own ``t``).
    """
    for variable in variables:
        if variable not in proxy.variables or variable.startswith("_"):
            public = [n for n in proxy.variables if not n.startswith("_")]
            hint = did_you_mean(variable, public)
            ctx.add(
                node,
                "variables",
                f"'{source.name}' has no variable '{variable}' to record.{hint}",
            )
        elif sampled and variable == "t":
            ctx.add(
                node,
                "variables",
                "'t' cannot be recorded: a StateMonitor keeps the time of each sample as its "
                "own 't'",
            )
