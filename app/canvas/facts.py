"""The key facts a node card shows under its ports: size, method, a one-line model summary.

Pure functions of a document node (no Qt), so what a card says is easy to test. Each line is
short plain text; the card elides lines that do not fit its width.
"""

from __future__ import annotations

from typing import Any

__all__ = ["first_line", "node_facts"]


def first_line(text: str) -> str:
    """Return the first non-empty line of model text with its spacing tidied, or ``""``."""
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            return line
    return ""


def _count(n: str, one: str, many: str) -> str:
    n = n.strip() or "?"
    return f"{n} {one if n == '1' else many}"


def _neuron_group(node: Any) -> list[str]:
    method = node.method.strip() or "auto"
    lines = [f"{_count(node.N, 'neuron', 'neurons')} · {method}"]
    # The equation without its unit and flags: "dv/dt = (El - v)/tau", not ": volt (...)".
    equation = first_line(node.model).split(":")[0].strip()
    lines.append(equation or "no equations yet")
    if node.threshold.strip():
        lines.append(f"spikes when {first_line(node.threshold)}")
    return lines


def _poisson_group(node: Any) -> list[str]:
    return [_count(node.N, "neuron", "neurons"), f"rate {node.rates.strip() or '?'}"]


def _spike_generator(node: Any) -> list[str]:
    lines = [_count(node.N, "neuron", "neurons"), f"at {first_line(node.times) or '?'}"]
    if node.period.strip():
        lines.append(f"every {node.period.strip()}")
    return lines


def _synapses(node: Any) -> list[str]:
    lines = [f"on_pre: {first_line(node.on_pre)}" if node.on_pre.strip() else "no on_pre"]
    connect = node.connect
    parts = []
    if connect.condition.strip():
        parts.append(connect.condition.strip())
    if connect.p.strip():
        parts.append(f"p = {connect.p.strip()}")
    if connect.i.strip() or connect.j.strip():
        parts.append("explicit i, j")
    lines.append("connect " + (", ".join(parts) if parts else "all pairs"))
    if node.delay.strip():
        lines.append(f"delay {node.delay.strip()}")
    return lines


def _poisson_input(node: Any) -> list[str]:
    rate = node.rate.strip() or "?"
    target = node.target_var.strip() or "?"
    weight = f" += {node.weight.strip()}" if node.weight.strip() else ""
    return [f"{_count(node.N, 'input', 'inputs')} at {rate}", f"into {target}{weight}"]


def _timed_array(node: Any) -> list[str]:
    return [first_line(node.values) or "no values", f"dt {node.dt.strip() or '?'}"]


def _spike_monitor(node: Any) -> list[str]:
    lines = ["records spikes"]
    if node.variables:
        lines.append("and " + ", ".join(node.variables))
    return lines


def _state_monitor(node: Any) -> list[str]:
    variables = ", ".join(node.variables) or "no variables yet"
    return [f"records {variables}", f"of {node.record.strip() or '?'}"]


def _rate_monitor(node: Any) -> list[str]:
    lines = ["records the population rate"]
    if node.plot.smoothing.strip():
        lines.append(f"smoothed over {node.plot.smoothing.strip()}")
    return lines


_FACTS = {
    "NeuronGroup": _neuron_group,
    "PoissonGroup": _poisson_group,
    "SpikeGeneratorGroup": _spike_generator,
    "Synapses": _synapses,
    "PoissonInput": _poisson_input,
    "TimedArray": _timed_array,
    "SpikeMonitor": _spike_monitor,
    "StateMonitor": _state_monitor,
    "PopulationRateMonitor": _rate_monitor,
}


def node_facts(node: Any) -> list[str]:
    """Return the lines a card shows for a document node (at most three, each one line)."""
    return _FACTS[node.kind](node)[:3]
