"""The end of the exported script: saving the monitors' results, and plotting them.

`saving` writes the ``np.savez`` call of the monitors' (and synapses') recorded values;
`plots` writes a matplotlib figure with a panel per shown monitor, drawn by the rules of
`engine.project.plotting` as the window draws it.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from engine.codegen.quoting import printable, string_literal
from engine.equations import evaluate_constant
from engine.errors import ModelError
from engine.project.document import MONITOR_KINDS
from engine.project.literals import parse_array
from engine.project.plan import Array, Plain, Ref, Step
from engine.project.plotting import (
    CURVE_COLOURS,
    MAX_CURVES,
    PANEL_STRETCH,
    SI_PREFIXES,
    SPIKE_COLOUR,
    format_value,
    plot_seconds,
    si_prefix,
)
from engine.project.script_text import attribute, float_text, heading_line, wrapped_call

if TYPE_CHECKING:  # the writer calls these functions
    from engine.project.export import ScriptWriter

__all__ = ["plots", "saving"]

# Backends with which matplotlib cannot open a window (`matplotlib.rcsetup.non_interactive_bk`).
_NON_INTERACTIVE = ("agg", "cairo", "pdf", "pgf", "ps", "svg", "template")
#: The unit a script divides times by, for each SI prefix of the time axis.
_TIME_UNITS = {"": "second", "m": "ms", "µ": "us"}


def _may_exceed(writer: ScriptWriter, step: Step, count: int) -> bool:
    """Whether a StateMonitor's step records more than ``count`` elements (or may)."""
    record = dict(step.kwargs).get("record")
    if isinstance(record, Plain):
        return record.value is True
    if isinstance(record, Array):
        try:
            return np.size(parse_array(record.text, writer.values).values) > count
        except ModelError:
            return True
    return True


def saving(writer: ScriptWriter) -> list[str]:
    """Return the lines that save what the monitors (and synapses) hold, with ``np.savez``."""
    items: list[tuple[str, str]] = []
    for step in writer.steps:
        if step.action != "create":
            continue
        name = writer.name(step.target, step)
        if step.callee == "Synapses":
            items += [(f"{name}.{v}", f"{name}.{v}[:]") for v in ("i", "j")]
        elif step.callee == "SpikeMonitor":
            variables = dict(step.kwargs).get("variables")
            extra = variables.value if isinstance(variables, Plain) else []
            items += [(f"{name}.{v}", attribute(name, v)) for v in ("i", "t", *extra)]
        elif step.callee == "StateMonitor":
            variables = step.arg(1, Plain).value
            items += [(f"{name}.{v}", attribute(name, v)) for v in ("t", *variables)]
        elif step.callee == "PopulationRateMonitor":
            items += [(f"{name}.{v}", attribute(name, v)) for v in ("t", "rate")]
    writer.use("np", "getattr")
    if writer.save_results is None:
        return []
    path = string_literal(os.fspath(writer.save_results))
    lines = ["", "", heading_line("Results"), "np.savez(", f"    {path},", "    **{"]
    lines += [f"        {string_literal(key)}: np.asarray({value})," for key, value in items]
    lines += ["    }", ")"]
    return lines


def plots(writer: ScriptWriter) -> list[str]:
    """Return the plots: each shown monitor's panel, as the window draws it.

    The rules are those of `engine.project.plotting` (visible panels, titles, SI prefixes,
    smoothing), written out so that the script needs neither SpikeCanvas nor Qt.
    """
    monitors = [
        (step, writer.project.node(step.owner))
        for step in writer.steps
        if step.action == "create" and step.callee in MONITOR_KINDS
    ]
    visible = [(step, node) for step, node in monitors if node.plot.visible]
    panels: list[tuple[Step, Any, str | None]] = []
    for step, node in visible or monitors:
        if step.callee == "StateMonitor":
            variables = step.arg(1, Plain).value or [None]
            panels += [(step, node, v) for v in variables]
        else:
            panels.append((step, node, None))
    if not panels:
        return []
    names = ("plt", "fig", "axes", "ax", "shown", "values", "label", "colours", "png")
    plt, fig, axes, ax, shown, values, label, colours, png = map(writer.fresh, names)
    writer.needs_numpy = True
    writer.use("np", "get_dimensions", "get_unit", "str", "int", "len", "print")
    writer.use("getattr", why="the plots use it")
    stem = Path(writer.filename).stem if writer.filename is not None else "spikecanvas"
    # The time axis covers the run, in the unit the window's axis would choose for it.
    duration = writer.project.run.duration
    try:
        seconds = float(np.asarray(evaluate_constant(duration, writer.values), dtype=np.float64))
    except ModelError as error:  # a duration that is no value (1/0) cannot be run either
        raise writer.error(error.message, None, "run.duration", error, duration) from None
    factor, prefix = si_prefix(seconds)
    time_unit = _TIME_UNITS.get(prefix)
    if time_unit is None:
        time_unit, factor, prefix = "second", 1.0, ""
    writer.use(time_unit, why="the plots use it")
    ratios = [PANEL_STRETCH[step.callee] for step, _, _ in panels]
    out = [
        "",
        "",
        heading_line("Plots"),
        "# As SpikeCanvas's window draws them: a panel per monitor, values with the SI",
        "# prefix that suits them (membrane potentials in mV).",
        "",
        "",
        f"def {shown}(values, name):",
        '    """Return values (a quantity) as numbers to plot, and the axis label with their'
        ' unit."""',
        "    numbers = np.asarray(values, dtype=float)",
        "    dimensions = get_dimensions(values)",
        "    if dimensions.is_dimensionless:",
        "        return numbers, name",
        "    unit = str(get_unit(dimensions))",
        "    finite = np.abs(numbers[np.isfinite(numbers)])",
        "    largest = finite.max() if finite.size else 0.0",
        "    if unit.isalpha() and largest >= 1e-25:  # no prefix on compound units (V/s)",
        "        power = int(np.clip(np.floor(np.log(largest) / np.log(1000)), -8, 8))",
        "        numbers = numbers * 10.0 ** (-3 * power)",
        f"        unit = {string_literal(SI_PREFIXES)}[power + 8].strip() + unit",
        '    return numbers, f"{name} ({unit})"',
        "",
        "",
        "try:",
        f"    import matplotlib.pyplot as {plt}",
        "except ImportError:",
        '    print("matplotlib is not installed: no plots (pip install matplotlib for them).")',
        "else:",
        f"    {fig}, {axes} = {plt}.subplots(",
        f"        {len(panels)},",
        "        1,",
        "        sharex=True,",
        "        squeeze=False,",
        f"        figsize=(8, {0.8 + 0.75 * sum(ratios):g}),",
        f"        height_ratios={ratios},",
        '        layout="constrained",',
        "    )",
    ]
    if any(step.callee == "StateMonitor" for step, _, _ in panels):
        out.append(f"    {colours} = [{', '.join(map(string_literal, CURVE_COLOURS))}]")
    titled: set[str] = set()
    for row, (step, node, variable) in enumerate(panels):
        monitor = writer.name(step.target, step)
        title: str | None = None  # a panel's title is above its first plot
        if node.id not in titled:
            titled.add(node.id)
            title = node.plot.title.strip() or node.name
        showing = ""  # the expression that says how many of the recorded are drawn
        out += ["", f"    {ax} = {axes}[{row}, 0]", f"    {ax}.grid(True, alpha=0.15)"]
        t = f"{monitor}.t / {time_unit}"
        if step.callee == "SpikeMonitor":
            source = writer.name(step.arg(0, Ref).name, step)
            ticks = (
                f"{t}, {monitor}.i - 0.4, {monitor}.i + 0.4, "
                f"color={string_literal(SPIKE_COLOUR)}, linewidth=0.8"
            )
            out += wrapped_call(f"    {ax}.vlines", ticks, "    ")
            out += [
                f"    {ax}.set_ylim(-0.5, len({source}) - 0.5)",
                f'    {ax}.set_ylabel("neuron")',
            ]
        elif step.callee == "StateMonitor" and variable is not None:
            recorded = attribute(monitor, variable)
            out.append(f"    # The first {MAX_CURVES} recorded elements, one colour each.")
            out += wrapped_call(
                f"    {values}, {label} = {shown}",
                f"{recorded}[:{MAX_CURVES}], {string_literal(variable)}",
                "    ",
            )
            out += [
                f"    {ax}.set_prop_cycle(color={colours})",
                f"    {ax}.plot({t}, {values}.T, linewidth=1)",
                f"    {ax}.set_ylabel({label})",
            ]
            if title is not None and _may_exceed(writer, step, MAX_CURVES):
                showing = (
                    f' + (f" (showing {MAX_CURVES} of {{len({recorded})}})" '
                    f'if len({recorded}) > {MAX_CURVES} else "")'
                )
        elif step.callee == "PopulationRateMonitor":
            rate = f"{monitor}.rate"
            smoothing = node.plot.smoothing.strip()
            if smoothing:
                width = writer.constant(smoothing, "plot.smoothing", step, writer.constant_names)
                # A window wider than the run gives more values than samples: cut them.
                rate = f'{monitor}.smooth_rate(window="flat", width={width})[: len({monitor}.t)]'
                out.append(f"    # Smoothed by a sliding window of {printable(smoothing)}.")
                width_seconds = plot_seconds(smoothing, writer.values)
                if title is not None and width_seconds is not None:
                    title += f" (smoothed over {format_value(width_seconds, 's')})"
            out += wrapped_call(f"    {values}, {label} = {shown}", f'{rate}, "rate"', "    ")
            out += [
                f"    {ax}.plot({t}, {values}, color={string_literal(CURVE_COLOURS[0])}, "
                "linewidth=1)",
                f"    {ax}.set_ylabel({label})",
            ]
        if title is not None:
            arguments = f"{string_literal(title)}{showing}, fontsize=10"
            out += wrapped_call(f"    {ax}.set_title", arguments, "    ")
    png_name = string_literal(f"{stem}.png")
    non_interactive = ", ".join(map(string_literal, _NON_INTERACTIVE))
    out.append("")
    if seconds > 0:
        out.append(f"    {axes}[-1, 0].set_xlim(0, {float_text(round(seconds * factor, 9))})")
    out += [
        f'    {axes}[-1, 0].set_xlabel("time ({prefix}s)")',
        "    # Without a display (or with MPLBACKEND=Agg) matplotlib cannot open a window:",
        "    # the figure is saved instead.",
        f"    if {plt}.get_backend().lower() in ({non_interactive}):",
        f"        {png} = {png_name}",
        f"        {fig}.savefig({png}, dpi=150)",
        f'        print(f"No display: the plots are saved to {{{png}}}")',
        "    else:",
        f"        {plt}.show()",
    ]
    return out
