"""Write the bundled example projects (``examples/*.spikecanvas``) and their exported scripts.

The examples are teaching material, defined here as data so that their layouts stay tidy (inputs
on the left, neurons in the middle, monitors on the right) and every one is exported the same
way. Run ``python scripts/make_examples.py`` after changing one: it rewrites each project file
and the script exported from it (``NAME.py``, runnable with plain ``python``).
``tests/examples`` checks that the files on disk are what this script writes, and that every
example shows what its notes say.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from statistics import NormalDist
from typing import Any

import numpy as np

from engine.project import (
    Connect,
    Constant,
    Edge,
    NeuronGroupNode,
    PlotSettings,
    PoissonGroupNode,
    PoissonInputNode,
    PopulationRateMonitorNode,
    Project,
    RunSettings,
    SpikeGeneratorGroupNode,
    SpikeMonitorNode,
    StateMonitorNode,
    SynapsesNode,
    export_script,
    save,
)
from engine.project.live_parameters import LiveParameter
from engine.project.sweep import MeasureRef, Parameter, Sweep

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

# Canvas columns (x) and rows (y): data flows from left to right.
COLUMN = 300.0
ROW = 170.0


class Builder:
    """Collects the nodes and edges of one example."""

    def __init__(self) -> None:
        self.nodes: list = []
        self.edges: list[Edge] = []

    @staticmethod
    def _at(column: float, row: float) -> tuple[float, float]:
        return (column * COLUMN, row * ROW)

    def neurons(self, name: str, column: float, row: float, **fields) -> str:
        """Add a NeuronGroup node."""
        self.nodes.append(
            NeuronGroupNode(id=name, name=name, position=self._at(column, row), **fields)
        )
        return name

    def poisson(self, name: str, column: float, row: float, **fields) -> str:
        """Add a PoissonGroup node."""
        self.nodes.append(
            PoissonGroupNode(id=name, name=name, position=self._at(column, row), **fields)
        )
        return name

    def generator(self, name: str, column: float, row: float, **fields) -> str:
        """Add a SpikeGeneratorGroup node."""
        node = SpikeGeneratorGroupNode(id=name, name=name, position=self._at(column, row), **fields)
        self.nodes.append(node)
        return name

    def synapses(self, name: str, pre: str, post: str, column: float, row: float, **fields) -> str:
        """Add a Synapses node from ``pre`` to ``post``."""
        self.nodes.append(
            SynapsesNode(id=name, name=name, position=self._at(column, row), **fields)
        )
        self.edges += [
            Edge(source=pre, target=name, role="pre"),
            Edge(source=name, target=post, role="post"),
        ]
        return name

    def poisson_input(self, name: str, target: str, column: float, row: float, **fields) -> str:
        """Add a PoissonInput node driving ``target``."""
        node = PoissonInputNode(id=name, name=name, position=self._at(column, row), **fields)
        self.nodes.append(node)
        self.edges.append(Edge(source=name, target=target, role="drive"))
        return name

    def spikes(
        self, name: str, source: str, column: float, row: float, title: str, **fields
    ) -> str:
        """Add a SpikeMonitor of ``source`` (``view=(name, options)``: its panel's view)."""
        plot = _plot(title, fields.pop("view", None))
        node = SpikeMonitorNode(
            id=name, name=name, position=self._at(column, row), plot=plot, **fields
        )
        return self._monitor(node, source)

    def states(
        self, name: str, source: str, column: float, row: float, title: str, **fields
    ) -> str:
        """Add a StateMonitor of ``source`` (``view=(name, options)``: its panel's view)."""
        plot = _plot(title, fields.pop("view", None), visible=fields.pop("visible", True))
        node = StateMonitorNode(
            id=name, name=name, position=self._at(column, row), plot=plot, **fields
        )
        return self._monitor(node, source)

    def rate(
        self,
        name: str,
        source: str,
        column: float,
        row: float,
        title: str,
        smoothing: str,
        view: tuple[str, dict[str, str]] | None = None,
    ) -> str:
        """Add a PopulationRateMonitor of ``source`` (``view``: its panel's analysis view)."""
        plot = _plot(title, view, smoothing=smoothing)
        node = PopulationRateMonitorNode(
            id=name, name=name, position=self._at(column, row), plot=plot
        )
        return self._monitor(node, source)

    def _monitor(self, node: Any, source: str) -> str:
        self.nodes.append(node)
        self.edges.append(Edge(source=source, target=node.id, role="record"))
        return node.id


def _plot(title: str, view: tuple[str, dict[str, str]] | None, **settings: Any) -> PlotSettings:
    """Return a monitor's plot settings, with an analysis view (name, options) if given."""
    if view is None:
        return PlotSettings(title=title, **settings)
    return PlotSettings(title=title, view=view[0], view_options=view[1], **settings)


def constants(*pairs: tuple[str, str, str]) -> list[Constant]:
    """Constants from (name, value, notes) triples."""
    return [Constant(name=name, value=value, notes=notes) for name, value, notes in pairs]


def project(
    title: str,
    description: str,
    notes: str,
    run: RunSettings,
    values: list[Constant],
    build: Callable[[Builder], None],
    sweeps: list[Sweep] | None = None,
    live: list[LiveParameter] | None = None,
) -> Project:
    """Return an example project; ``build`` adds its nodes, ``sweeps`` and ``live`` sliders."""
    builder = Builder()
    build(builder)
    return Project(
        title=title,
        description=description,
        notes=notes,
        run=run,
        constants=values,
        nodes=builder.nodes,
        edges=builder.edges,
        sweeps=sweeps or [],
        live_parameters=live or [],
    )


def sweep(
    name: str,
    notes: str,
    parameters: list[tuple[str, str]],
    measures: list[MeasureRef],
    repeats: int = 1,
) -> Sweep:
    """Return a grid sweep of (parameter name, values text) pairs collecting ``measures``."""
    return Sweep(
        name=name,
        notes=notes,
        parameters=[Parameter(name=n, values=v) for n, v in parameters],
        repeats=repeats,
        measures=measures,
    )


def measure(name: str, node: str, variable: str = "", **options: str) -> MeasureRef:
    """Return a measure of a sweep (`engine.project.sweep.measures`)."""
    return MeasureRef(measure=name, node=node, variable=variable, options=options)


# -- the examples ----------------------------------------------------------------------------------


def lif_fi_curve() -> Project:
    """LIF neurons with graded drives: the f–I curve."""

    def build(b: Builder) -> None:
        b.neurons(
            "neurons",
            1,
            0,
            N="n_neurons",
            model="dv/dt = (v0 - v)/tau : volt (unless refractory)\nv0 : volt",
            threshold="v > Vt",
            reset="v = Vr",
            refractory="t_ref",
            method="exact",
            initial={"v": "Vr", "v0": "v0_max * i / (n_neurons - 1)"},
            notes="Neuron i is driven towards v0 = v0_max·i/(N−1): from no drive to twice "
            "threshold.",
        )
        b.spikes("spikes", "neurons", 2, -0.5, "Spikes (neuron index = drive)")
        b.spikes(
            "f_I",
            "neurons",
            2,
            -1.5,
            "Each neuron's drive and rate",
            view=("fi", {"parameter": "v0"}),
        )
        b.states(
            "trace",
            "neurons",
            2,
            0.5,
            "Membrane potential of neurons 40, 60 and 99",
            variables=["v"],
            record="[40, 60, 99]",
        )

    return project(
        "LIF neuron: membrane potential and the f–I curve",
        "A hundred leaky integrate-and-fire neurons, each driven by a constant input of its own, "
        "from none to twice the threshold. The raster is the f–I curve turned on its side: the "
        "higher a neuron's index, the stronger its drive and the faster it fires.",
        "The membrane relaxes exponentially towards v0 with time constant tau. A neuron fires "
        "only if v0 is above the threshold Vt (here neurons 50 and up); then it takes "
        "tau·ln(v0/(v0−Vt)) to climb from the reset to the threshold, plus the refractory "
        "period, so the rate is f = 1/(t_ref + tau·ln(v0/(v0−Vt))). Notice how steeply the rate "
        "rises just above threshold and how the refractory period caps it at 1/t_ref. Try: "
        "change tau or t_ref and watch the curve bend.\n\n"
        "Sweep: the project holds the sweep 'drive' (Run → Sweep…, or on the command line "
        "'spikecanvas sweep examples/lif_fi_curve.spikecanvas --sweep drive --out drive.h5 "
        "--plot drive.png'). It runs the model 13 times, with v0_max from 0 to 60 mV, and plots "
        "the mean rate of the hundred neurons against v0_max. The single run shows the f–I "
        "curve of one neuron, one drive per neuron; the sweep shows that of the population "
        "whose drives are spread evenly from 0 to v0_max: zero until v0_max passes the "
        "threshold, then rising ever more slowly as more of the neurons near the cap of "
        "1/t_ref."
        " The f–I panel draws the single run's curve directly: each neuron's rate against its"
        " drive v0.",
        RunSettings(duration="1*second", seed=1),
        constants(
            ("n_neurons", "100", "number of neurons"),
            ("tau", "10*ms", "membrane time constant"),
            ("Vt", "10*mV", "threshold (above rest, which is 0 mV)"),
            ("Vr", "0*mV", "reset potential"),
            ("t_ref", "5*ms", "refractory period"),
            ("v0_max", "20*mV", "drive of the last neuron"),
        ),
        build,
        [
            sweep(
                "drive",
                "The population's f–I curve: the mean rate of the hundred neurons as the "
                "largest drive v0_max grows (each neuron i keeps the drive v0_max·i/(N−1)). "
                "The model has no noise: one run per value.",
                [("v0_max", "0*mV:60*mV:13")],
                [measure("mean_rate", "neurons")],
            )
        ],
    )


def izhikevich_patterns() -> Project:
    """Four Izhikevich neurons, four firing patterns."""

    def build(b: Builder) -> None:
        b.neurons(
            "cells",
            1,
            0,
            N="4",
            model=(
                "dv/dt = (0.04*v**2/mV + 5*v + 140*mV - u + I)/ms : volt\n"
                "du/dt = a*(b*v - u)/ms : volt\n"
                "a : 1 (constant)\n"
                "c : volt (constant)\n"
                "d : volt (constant)"
            ),
            threshold="v >= v_peak",
            reset="v = c\nu += d",
            method="euler",
            initial={
                "a": "0.02 + 0.08*int(i == 3)",
                "c": "-65*mV + 10*mV*int(i == 1) + 15*mV*int(i == 2)",
                "d": "8*mV - 4*mV*int(i == 1) - 6*mV*int(i >= 2)",
                "v": "-65*mV",
                "u": "b*v",
            },
            notes="Neuron 0: regular spiking; 1: intrinsically bursting; 2: chattering; "
            "3: fast spiking.",
        )
        b.states("v_trace", "cells", 2, -0.5, "Membrane potential", variables=["v"], record="True")
        b.spikes("spikes", "cells", 2, 0.5, "Spikes")
        b.states(
            "phase",
            "cells",
            2,
            1.5,
            "Trajectories",
            variables=["v", "u"],
            record="True",
            view=("phase", {"x": "v", "y": "u"}),
        )

    return project(
        "Izhikevich neurons: four firing patterns",
        "Four Izhikevich model neurons get the same constant input but different parameters "
        "(a, c, d), and fire in four classic cortical patterns: regular spiking, intrinsic "
        "bursting, chattering and fast spiking.",
        "Izhikevich's model has two variables: the membrane potential v, with a quadratic "
        "upstroke, and a recovery variable u that builds up with each spike (by d) and decays "
        "at rate a. Regular spiking (neuron 0): a large d gives strong adaptation, so the "
        "intervals lengthen. Intrinsic bursting (1): a higher reset c gives an initial burst, "
        "then single spikes. Chattering (2): an even higher reset and small d give repeated "
        "bursts. Fast spiking (3): a fast recovery (a = 0.1) gives high-frequency firing "
        "without adaptation. Try: change the input I, or give neuron 0 the parameters of "
        "another one."
        " The phase-plane panel draws each neuron's trajectory in (v, u): a pattern is a"
        " shape of loop.",
        RunSettings(duration="300*ms", seed=1),
        constants(
            ("I", "10*mV", "input (in Izhikevich's units: mV per ms)"),
            ("b", "0.2", "sensitivity of the recovery variable to v"),
            ("v_peak", "30*mV", "spike peak: v is reset when it gets there"),
        ),
        build,
    )


def hodgkin_huxley() -> Project:
    """Hodgkin–Huxley neurons with graded currents."""

    def build(b: Builder) -> None:
        b.neurons(
            "neurons",
            1,
            0,
            N="n_neurons",
            model=(
                "dv/dt = (gl*(El - v) - g_na*m**3*h*(v - ENa) - g_kd*n**4*(v - EK) + I)/Cm : volt\n"
                "dm/dt = alpha_m*(1 - m) - beta_m*m : 1\n"
                "dn/dt = alpha_n*(1 - n) - beta_n*n : 1\n"
                "dh/dt = alpha_h*(1 - h) - beta_h*h : 1\n"
                "alpha_m = 0.32/mV*4*mV/exprel((13*mV - v + VT)/(4*mV))/ms : Hz\n"
                "beta_m = 0.28/mV*5*mV/exprel((v - VT - 40*mV)/(5*mV))/ms : Hz\n"
                "alpha_h = 0.128*exp((17*mV - v + VT)/(18*mV))/ms : Hz\n"
                "beta_h = 4/(1 + exp((40*mV - v + VT)/(5*mV)))/ms : Hz\n"
                "alpha_n = 0.032/mV*5*mV/exprel((15*mV - v + VT)/(5*mV))/ms : Hz\n"
                "beta_n = 0.5*exp((10*mV - v + VT)/(40*mV))/ms : Hz\n"
                "I : amp (constant)"
            ),
            threshold="v > -40*mV",
            refractory="v > -40*mV",
            method="exponential_euler",
            initial={"v": "El", "I": "I_max * i / (n_neurons - 1)"},
            notes="Neuron i gets a constant current I = I_max·i/(N−1).",
        )
        b.spikes("spikes", "neurons", 2, -0.5, "Spikes (neuron index = current)")
        b.spikes(
            "f_I",
            "neurons",
            2,
            -1.5,
            "Each neuron's current and rate",
            view=("fi", {"parameter": "I"}),
        )
        b.states(
            "trace",
            "neurons",
            2,
            0.5,
            "Membrane potential of neurons 30 and 99",
            variables=["v"],
            record="[30, 99]",
        )

    return project(
        "Hodgkin–Huxley neurons: action potentials and the f–I curve",
        "A hundred Hodgkin–Huxley neurons (Traub & Miles' cortical parameters), each with a "
        "constant input current of its own, from none to 0.7 nA. Above a threshold current "
        "they fire real action potentials, whose shape comes from the sodium and potassium "
        "channels rather than from a reset rule.",
        "Each spike is the sodium activation m opening fast, the membrane shooting up towards "
        "ENa, then the slower sodium inactivation h and potassium activation n bringing it back "
        "down below rest. The threshold here only counts spikes (v crossing −40 mV); there is "
        "no reset: the refractory condition 'v > −40 mV' keeps a spike from being counted "
        "twice while v is above it. The raster shows the f–I curve: no spikes below about "
        "0.02 nA (neurons 0–2), then a rate that grows with the current. Try: record m, n "
        "and h too to see the channels open and close, or lower g_kd.\n\n"
        "Sweep: the project holds the sweep 'current' (Run → Sweep…, or on the command line "
        "'spikecanvas sweep examples/hodgkin_huxley.spikecanvas --sweep current --out "
        "current.h5 --plot current.png'). It runs the model 11 times, with I_max from 0.02 to "
        "2 nA on a logarithmic scale, and plots the mean rate of the hundred neurons and the "
        "regularity of their firing (the CV of their inter-spike intervals) against I_max. "
        "The single run shows the f–I curve of one neuron, one current per neuron; the sweep "
        "shows that of a population whose currents are spread evenly from 0 to I_max. The CV "
        "stays near 0: without noise, each neuron fires like a clock at any current."
        " The f–I panel draws the single run's curve directly: each neuron's rate against its"
        " current I.",
        RunSettings(duration="1*second", seed=1),
        constants(
            ("n_neurons", "100", "number of neurons"),
            ("area", "20000*umetre**2", "membrane area"),
            ("Cm", "1*ufarad*cm**-2 * area", "membrane capacitance"),
            ("gl", "5e-5*siemens*cm**-2 * area", "leak conductance"),
            ("El", "-65*mV", "leak reversal potential"),
            ("EK", "-90*mV", "potassium reversal potential"),
            ("ENa", "50*mV", "sodium reversal potential"),
            ("g_na", "100*msiemens*cm**-2 * area", "maximal sodium conductance"),
            ("g_kd", "30*msiemens*cm**-2 * area", "maximal potassium conductance"),
            ("VT", "-63*mV", "shifts the gating curves"),
            ("I_max", "0.7*nA", "current of the last neuron"),
        ),
        build,
        [
            sweep(
                "current",
                "The population's f–I curve: the mean rate of the hundred neurons, and the CV "
                "of their inter-spike intervals, as the largest current I_max grows (each "
                "neuron i keeps the current I_max·i/(N−1)). No noise: one run per value.",
                [("I_max", "log:0.02*nA:2*nA:11")],
                [measure("mean_rate", "neurons"), measure("cv_isi", "neurons")],
            )
        ],
    )


def adaptive_threshold() -> Project:
    """One neuron whose threshold rises at each spike."""

    def build(b: Builder) -> None:
        b.poisson("input", 0, 0, N="1", rates="500*Hz", notes="One Poisson spike train.")
        b.synapses(
            "excitation",
            "input",
            "neuron",
            1,
            0,
            on_pre="v += w",
            connect=Connect(),
            notes="Each input spike raises v by w.",
        )
        b.neurons(
            "neuron",
            2,
            0,
            N="1",
            model="dv/dt = -v/tau_m : volt\ndvt/dt = (vt_rest - vt)/tau_t : volt",
            threshold="v > vt",
            reset="v = 0*mV\nvt += dvt_spike",
            method="exact",
            initial={"vt": "vt_rest"},
            notes="The threshold vt jumps by dvt_spike at each spike, then relaxes back.",
        )
        b.states(
            "trace",
            "neuron",
            3,
            -0.5,
            "v and the threshold vt",
            variables=["v", "vt"],
            record="0",
        )
        b.spikes("crossings", "neuron", 3, 0.5, "Spikes", variables=["v"])

    return project(
        "Adaptive threshold",
        "One neuron driven by a 500 Hz Poisson spike train, with a threshold that rises at "
        "every spike and relaxes back: spike-frequency adaptation without any adaptation "
        "current.",
        "The membrane potential v jumps with each input spike and leaks back to 0 with "
        "tau_m = 10 ms; the neuron fires when v crosses vt. Each spike raises vt by 3 mV, "
        "and vt relaxes back to 10 mV with tau_t = 15 ms. After a spike the neuron is harder "
        "to excite, so spikes come at irregular but spaced intervals, about 70 per second. "
        "Watch the trace: the threshold climbs during a burst of input and each spike happens "
        "where v meets it. Try: set dvt_spike to 0 mV and compare the rate.",
        RunSettings(duration="2*second", seed=1),
        constants(
            ("tau_m", "10*ms", "membrane time constant"),
            ("tau_t", "15*ms", "time constant of the threshold's relaxation"),
            ("vt_rest", "10*mV", "threshold at rest"),
            ("dvt_spike", "3*mV", "threshold increase at each spike"),
            ("w", "3*mV", "effect of one input spike on v"),
        ),
        build,
    )


def cuba() -> Project:
    """Build the CUBA benchmark network (current-based synapses)."""

    def build(b: Builder) -> None:
        b.nodes.append(
            NeuronGroupNode(
                id="P",
                name="P",
                position=(0.0, 0.0),
                notes="The whole population; the first 3200 neurons are excitatory.",
                N="4000",
                model="dv/dt  = (ge+gi-(v-El))/taum : volt (unless refractory)\n"
                "dge/dt = -ge/taue : volt\ndgi/dt = -gi/taui : volt",
                threshold="v>Vt",
                reset="v = Vr",
                refractory="5*ms",
                method="exact",
                initial={"v": "Vr + rand() * (Vt - Vr)"},
            )
        )
        for name, row, code, condition, notes in (
            ("Ce", -100.0, "ge += we", "i<3200", "Excitatory synapses"),
            ("Ci", 100.0, "gi += wi", "i>=3200", "Inhibitory synapses"),
        ):
            b.nodes.append(
                SynapsesNode(
                    id=name,
                    name=name,
                    position=(250.0, row),
                    notes=notes,
                    on_pre=code,
                    connect=Connect(condition=condition, p="0.02"),
                )
            )
            b.edges += [
                Edge(source="P", target=name, role="pre"),
                Edge(source=name, target="P", role="post"),
            ]
        for node in (
            SpikeMonitorNode(
                id="spikes", name="spikes", position=(500.0, 0.0), plot=PlotSettings(title="Spikes")
            ),
            StateMonitorNode(
                id="trace",
                name="trace",
                position=(500.0, 150.0),
                variables=["v"],
                record="[0, 1]",
                plot=PlotSettings(title="Membrane potential"),
            ),
            PopulationRateMonitorNode(
                id="rate",
                name="rate",
                position=(500.0, 300.0),
                plot=PlotSettings(title="Population rate", smoothing="2*ms"),
            ),
        ):
            b._monitor(node, "P")

    return project(
        "CUBA: a balanced network of current-based LIF neurons",
        "4000 leaky integrate-and-fire neurons, 80% excitatory and 20% inhibitory, randomly "
        "connected with probability 0.02. Synaptic currents decay exponentially (Vogels & Abbott "
        "2005, benchmark 2 of Brette et al. 2007).",
        "Excitation and inhibition balance: the neurons fire irregularly at a few Hz although "
        "each receives about 80 synapses. The resting potential El is above the threshold, "
        "so a neuron alone would fire regularly; the inhibition, four times stronger per "
        "synapse than the excitation, holds the population back, and the membrane potential "
        "wanders below the threshold, crossing it at random moments. The raster shows no "
        "structure and the population rate only noise. Try: set the duration to 2 seconds, "
        "run, and move the we and wi sliders of the Live Parameters panel while it runs. "
        "Raise we to 3-4 mV, or weaken wi towards -3 mV: the balance breaks, the rate "
        "doubles or triples and the population fires in synchronous waves (the rate plot "
        "turns spiky). Strengthen wi towards -20 mV: the network calms down. Each change "
        "holds from the next report on; File > Export Script then offers a script of the "
        "run with the changes at their times.",
        RunSettings(duration="200*ms", seed=1),
        constants(
            ("taum", "20*ms", "membrane time constant"),
            ("taue", "5*ms", "excitatory synaptic time constant"),
            ("taui", "10*ms", "inhibitory synaptic time constant"),
            ("Vt", "-50*mV", "spike threshold"),
            ("Vr", "-60*mV", "reset potential"),
            ("El", "-49*mV", "resting potential (above threshold: neurons fire without input)"),
            ("we", "(60*0.27/10)*mV", "excitatory synaptic weight"),
            ("wi", "(-20*4.5/10)*mV", "inhibitory synaptic weight"),
        ),
        build,
        live=[
            LiveParameter(name="we", minimum="0*mV", maximum="4*mV", step="0.1*mV"),
            LiveParameter(name="wi", minimum="-20*mV", maximum="0*mV", step="0.5*mV"),
        ],
    )


def coba() -> Project:
    """Build the COBA benchmark network (conductance-based synapses)."""

    def build(b: Builder) -> None:
        b.neurons(
            "P",
            1,
            0,
            N="4000",
            model=(
                "dv/dt = (ge*(Ee - v) + gi*(Ei - v) - (v - El))/taum : volt (unless refractory)\n"
                "dge/dt = -ge/taue : 1\n"
                "dgi/dt = -gi/taui : 1"
            ),
            threshold="v > Vt",
            reset="v = Vr",
            refractory="5*ms",
            method="euler",
            initial={
                "v": "Vr + rand()*(Vt - Vr)",
                "ge": "(randn()*1.5 + 4)/10",
                "gi": "(randn()*12 + 20)/10",
            },
            notes="Conductances ge and gi are in units of the leak conductance; neurons 0–3199 "
            "are excitatory.",
        )
        b.synapses(
            "Ce",
            "P",
            "P",
            1,
            -1,
            on_pre="ge += we",
            connect=Connect(condition="i < 3200", p="0.02"),
            notes="Excitatory synapses",
        )
        b.synapses(
            "Ci",
            "P",
            "P",
            1,
            1,
            on_pre="gi += wi",
            connect=Connect(condition="i >= 3200", p="0.02"),
            notes="Inhibitory synapses",
        )
        b.spikes("spikes", "P", 2, -1, "Spikes")
        b.states("trace", "P", 2, 0, "Membrane potential", variables=["v"], record="[0, 3200]")
        b.rate("rate", "P", 2, 1, "Population rate", "2*ms")

    return project(
        "COBA: a self-sustained network of conductance-based LIF neurons",
        "4000 leaky integrate-and-fire neurons, 80% excitatory and 20% inhibitory, connected "
        "with probability 0.02 through conductances with reversal potentials (Vogels & Abbott "
        "2005, benchmark 1 of Brette et al. 2007). There is no external input: the activity "
        "sustains itself.",
        "Compare with the CUBA example: here a synaptic input changes a conductance, and its "
        "effect on v depends on how far v is from the reversal potential (0 mV for excitation, "
        "−80 mV for inhibition). Inhibition therefore weighs most when the neuron is "
        "depolarised, which stabilises the network: it keeps firing irregularly with no "
        "input at all, started only by the random initial conductances. Try: lower wi — the "
        "network runs away into synchronous high activity — or lower we until the activity "
        "dies out.",
        RunSettings(duration="300*ms", seed=1),
        constants(
            ("taum", "20*ms", "membrane time constant"),
            ("taue", "5*ms", "excitatory synaptic time constant"),
            ("taui", "10*ms", "inhibitory synaptic time constant"),
            ("Vt", "-50*mV", "spike threshold"),
            ("Vr", "-60*mV", "reset potential"),
            ("El", "-60*mV", "resting potential"),
            ("Ee", "0*mV", "excitatory reversal potential"),
            ("Ei", "-80*mV", "inhibitory reversal potential"),
            ("we", "6/10", "excitatory weight (6 nS over a leak of 10 nS)"),
            ("wi", "67/10", "inhibitory weight (67 nS over a leak of 10 nS)"),
        ),
        build,
    )


def synfire_chain() -> Project:
    """Send a pulse packet through ten groups (Diesmann et al. 1999)."""
    # The packet: 85 spikes around 50 ms, at the quantiles of a normal distribution (s.d.
    # 1 ms), given in a shuffled order to the input neurons; fixed, so every run starts alike.
    times = [NormalDist(50, 1).inv_cdf((k + 0.5) / 85) for k in range(85)]
    order = np.random.default_rng(1).permutation(85)
    packet = "[" + ", ".join(f"{times[k]:.2f}" for k in order) + "]*ms"

    def build(b: Builder) -> None:
        b.generator(
            "packet",
            0,
            0,
            N="85",
            indices=str(list(range(85))),
            times=packet,
            notes="85 input spikes around 50 ms, one per input neuron.",
        )
        b.synapses(
            "to_first",
            "packet",
            "chain",
            1,
            -1,
            on_pre="y += weight",
            connect=Connect(condition="j < group_size"),
            notes="Every input neuron to every neuron of the first group.",
        )
        b.neurons(
            "chain",
            2,
            0,
            N="n_groups*group_size",
            model=(
                "dV/dt = (-(V - Vr) + x)/taum : volt\n"
                "dx/dt = (-x + y)/taupsp : volt\n"
                "dy/dt = -y/taupsp + 25.27*mV/ms + 39.24*mV/ms**0.5*xi : volt"
            ),
            threshold="V > Vt",
            reset="V = Vr",
            refractory="1*ms",
            method="euler",
            initial={"V": "Vr + rand()*(Vt - Vr)"},
            notes="Ten groups of 100 neurons; neuron i is in group i // 100. The noise xi "
            "stands for the background input of the cortex.",
        )
        b.synapses(
            "links",
            "chain",
            "chain",
            2,
            1.2,
            on_pre="y += weight",
            connect=Connect(
                j="k for k in range((i//group_size + 1)*group_size, "
                "(i//group_size + 2)*group_size) if i < N_pre - group_size"
            ),
            notes="All-to-all from each group to the next.",
        )
        b.spikes("spikes", "chain", 3, -0.5, "Spikes (groups of 100, bottom to top)")
        b.rate("rate", "chain", 3, 0.5, "Population rate", "0.5*ms")

    return project(
        "Synfire chain: a pulse packet travels through ten groups",
        "Ten groups of 100 noisy integrate-and-fire neurons, each group connected to all "
        "neurons of the next one (Diesmann, Gewaltig & Aertsen 1999). A packet of 85 "
        "synchronous input spikes at 50 ms starts a volley that propagates along the chain, "
        "staying synchronous.",
        "Each neuron fires rarely and irregularly on its own, from its noisy background "
        "input. But when a whole group fires within a few milliseconds, its 100 synapses onto "
        "each neuron of the next group bring it to threshold at nearly the same time: the "
        "volley moves on, about half a millisecond per group, and its spread shrinks instead of "
        "growing. This is how precise spike timing can survive many synaptic stages. Try: "
        "weaken weight (say 3*mV) and the volley dies out after a few groups.",
        RunSettings(duration="100*ms", seed=1),
        constants(
            ("n_groups", "10", "groups in the chain"),
            ("group_size", "100", "neurons per group"),
            ("Vr", "-70*mV", "resting and reset potential"),
            ("Vt", "-55*mV", "threshold"),
            ("taum", "10*ms", "membrane time constant"),
            ("taupsp", "0.325*ms", "time constant of the synaptic current"),
            ("weight", "4.86*mV", "synaptic weight"),
        ),
        build,
    )


def stdp() -> Project:
    """Spike-timing-dependent plasticity of 1000 inputs (Song et al. 2000)."""

    def build(b: Builder) -> None:
        b.poisson("inputs", 0, 0, N="n_inputs", rates="F", notes="1000 independent Poisson trains.")
        b.synapses(
            "plastic",
            "inputs",
            "neuron",
            1,
            0,
            model=(
                "w : 1\n"
                "dApre/dt = -Apre/taupre : 1 (event-driven)\n"
                "dApost/dt = -Apost/taupost : 1 (event-driven)"
            ),
            on_pre="ge += w\nApre += dApre\nw = clip(w + Apost, 0, gmax)",
            on_post="Apost += dApost\nw = clip(w + Apre, 0, gmax)",
            connect=Connect(),
            initial={"w": "rand()*gmax"},
            notes="Pre before post strengthens (Apre), post before pre weakens (Apost); "
            "depression is slightly stronger than potentiation.",
        )
        b.neurons(
            "neuron",
            2,
            0,
            N="1",
            model="dv/dt = (ge*(Ee - v) + El - v)/taum : volt\ndge/dt = -ge/taue : 1",
            threshold="v > vt",
            reset="v = vr",
            method="euler",
            initial={"v": "vr"},
        )
        b.states(
            "weights",
            "plastic",
            2,
            1.2,
            "Weights of synapses 0–19",
            variables=["w"],
            record=str(list(range(20))),
            dt="10*ms",
        )
        b.states(
            "all_weights",
            "plastic",
            2,
            2.2,
            "The weights, each second",
            variables=["w"],
            record="True",
            dt="1*second",
            view=("values", {"variable": "w"}),
            notes="The histogram of the 1000 weights at the last second recorded: it spreads "
            "from the uniform start towards the two bounds and becomes bimodal.",
        )
        b.rate("output", "neuron", 3, -0.5, "Output rate", "250*ms")
        b.states(
            "trace",
            "neuron",
            3,
            0.5,
            "Membrane potential",
            variables=["v"],
            dt="1*ms",
            notes="Sampled each millisecond: 100 s at every step would be a million points.",
        )

    return project(
        "STDP: spike-timing-dependent plasticity",
        "One conductance-based neuron receives 1000 Poisson inputs at 15 Hz through synapses "
        "whose weights change with the relative timing of input and output spikes (Song, "
        "Miller & Abbott 2000). Starting from uniformly random weights, the weights drift "
        "apart, towards 0 or towards the maximum gmax.",
        "Each synapse keeps two traces: Apre grows at each input spike and Apost at each "
        "output spike, both decaying in 20 ms. An output spike shortly after an input spike "
        "strengthens that synapse (by Apre); an input spike shortly after an output spike "
        "weakens it (by Apost, which is negative). Inputs that happen to help fire the neuron "
        "get stronger, and the others weaker: competition, which makes the weights bimodal. "
        "The histogram panel shows the 1000 weights at each second, live: within 20 s they "
        "spread from their uniform start towards 0 and gmax, and by 100 s (a few seconds of "
        "wall time) the distribution is bimodal — about a quarter of the weights below a "
        "tenth of gmax, a fifth above nine tenths, few in between. Watch the weight traces "
        "drift and the output rate settle. Try: a symmetric rule (dApost = −dApre), or "
        "depression 20% stronger than potentiation (1.2 instead of 1.05), and watch the "
        "upper mode disappear.",
        RunSettings(duration="100*second", seed=1, report_period="0.25*second"),
        constants(
            ("n_inputs", "1000", "number of inputs"),
            ("F", "15*Hz", "input rate"),
            ("taum", "10*ms", "membrane time constant"),
            ("Ee", "0*mV", "excitatory reversal potential"),
            ("vt", "-54*mV", "threshold"),
            ("vr", "-60*mV", "reset"),
            ("El", "-74*mV", "resting potential"),
            ("taue", "5*ms", "synaptic time constant"),
            ("taupre", "20*ms", "time constant of the presynaptic trace"),
            ("taupost", "taupre", "time constant of the postsynaptic trace"),
            ("gmax", "0.01", "maximal weight (in units of the leak conductance)"),
            ("dApre", "0.01*gmax", "potentiation step"),
            ("dApost", "-dApre*taupre/taupost*1.05", "depression step (5% stronger)"),
        ),
        build,
    )


def gap_junctions() -> Project:
    """Neurons synchronised by electrical coupling."""

    def build(b: Builder) -> None:
        b.neurons(
            "neurons",
            1,
            0,
            N="n_neurons",
            model="dv/dt = (v0 - v + Igap)/tau : 1\nIgap : 1  # gap junction current",
            threshold="v > 1",
            reset="v = 0",
            method="exact",
            initial={"v": "i*1.0/(n_neurons - 1)"},
            notes="Each neuron alone would fire regularly; they start at different phases.",
        )
        b.synapses(
            "gaps",
            "neurons",
            "neurons",
            1,
            1.2,
            model="w : 1  # gap junction conductance\nIgap_post = w*(v_pre - v_post) : 1 (summed)",
            on_pre="v_post += w*spike_height",
            connect=Connect(),
            initial={"w": "w_gap"},
            notes="Electrical coupling: a current proportional to the voltage difference, "
            "summed over all partners, plus the spikelet of each spike.",
        )
        b.spikes("spikes", "neurons", 2, -0.5, "Spikes")
        b.states(
            "trace", "neurons", 2, 0.5, "v of neurons 0 and 5", variables=["v"], record="[0, 5]"
        )

    return project(
        "Gap junctions synchronise oscillators",
        "Ten integrate-and-fire neurons that would each fire regularly on their own, started "
        "at different phases and coupled all-to-all by gap junctions (electrical synapses). "
        "Within a few cycles they fire together.",
        "A gap junction passes a current proportional to the difference of the two membrane "
        "potentials, in both directions. The model writes it as a summed variable: Igap of "
        "each neuron is the sum of w·(v_pre − v_post) over its synapses, computed at every "
        "time step. An integrate-and-fire neuron has no spike shape, only a reset, so the "
        "junction would pass only the reset's pull downwards, which keeps the neurons apart. "
        "The real spike passes through too, as a small depolarising 'spikelet' in the "
        "partners: here on_pre adds it (w·spike_height). Each spikelet advances the neurons "
        "that are close to the threshold, and soon all fire in the same time step. Try: set "
        "spike_height to 0 (this is then Brian 2's gap junction example) and the neurons "
        "keep firing out of phase.",
        RunSettings(duration="500*ms", seed=1),
        constants(
            ("n_neurons", "10", "number of neurons"),
            ("v0", "1.05", "drive: above the threshold 1, so each neuron fires alone"),
            ("tau", "10*ms", "membrane time constant"),
            ("w_gap", "0.02", "gap junction conductance (relative to the leak)"),
            ("spike_height", "0.5", "height of a spike above the threshold, felt as a spikelet"),
        ),
        build,
    )


def brunel_hakim() -> Project:
    """Fast population oscillations from sparse delayed inhibition."""

    def build(b: Builder) -> None:
        b.neurons(
            "neurons",
            1,
            0,
            N="n_neurons",
            model="dV/dt = (-V + muext + sigmaext*sqrt(tau)*xi)/tau : volt",
            threshold="V > theta",
            reset="V = Vr",
            refractory="taurefr",
            method="euler",
            initial={"V": "Vr"},
            notes="Each neuron gets a noisy external drive whose mean (25 mV) is above threshold.",
        )
        b.synapses(
            "inhibition",
            "neurons",
            "neurons",
            1,
            1.2,
            on_pre="V += -J",
            delay="delta",
            connect=Connect(p="C/n_neurons"),
            notes="Sparse random inhibition, delayed by 2 ms.",
        )
        b.spikes("spikes", "neurons", 2, -0.5, "Spikes")
        b.rate("rate", "neurons", 2, 0.5, "Population rate", "0.5*ms")
        b.rate(
            "spectrum",
            "neurons",
            2,
            1.5,
            "Oscillation",
            "0.5*ms",
            view=("spectrum", {}),
        )

    return project(
        "Brunel–Hakim: fast oscillations from sparse inhibition",
        "5000 noisy integrate-and-fire neurons inhibit each other through sparse random "
        "connections with a 2 ms delay (Brunel & Hakim 1999). Each neuron fires rarely and "
        "irregularly, yet the population rate oscillates at well over 100 Hz.",
        "Look at the two plots together. In the raster, single neurons fire only a few times "
        "per second, at random. The population rate, however, oscillates: when many neurons "
        "fire, the delayed inhibition arrives 2 ms later and silences the population, then it "
        "recovers — a period of a few synaptic delays. Oscillations of the whole with "
        "irregular parts are what the EEG and LFP record. Try: change delta and watch the "
        "period follow, or make J smaller and the oscillation fades."
        " The spectrum panel shows the oscillation as a peak of the population rate's power"
        " spectrum.",
        RunSettings(duration="200*ms", seed=1),
        constants(
            ("n_neurons", "5000", "number of neurons"),
            ("Vr", "10*mV", "reset potential"),
            ("theta", "20*mV", "threshold"),
            ("tau", "20*ms", "membrane time constant"),
            ("delta", "2*ms", "synaptic delay"),
            ("taurefr", "2*ms", "refractory period"),
            ("C", "1000", "mean number of inputs per neuron"),
            ("J", "0.1*mV", "inhibitory weight"),
            ("muext", "25*mV", "mean external drive"),
            ("sigmaext", "1*mV", "noise of the external drive"),
        ),
        build,
    )


def brunel_2000() -> Project:
    """Build a sparse excitatory–inhibitory network, with its phase diagram as a sweep."""

    def build(b: Builder) -> None:
        b.poisson_input(
            "external",
            "neurons",
            0,
            0,
            target_var="v",
            N="C_ext",
            rate="nu_ext",
            weight="J",
            notes="Each neuron gets C_ext independent Poisson inputs at nu_ext, each adding J.",
        )
        b.neurons(
            "neurons",
            1,
            0,
            N="N_E + N_I",
            model="dv/dt = -v/tau : volt (unless refractory)",
            threshold="v > theta",
            reset="v = V_r",
            refractory="tau_rp",
            method="exact",
            notes="Neurons 0 to N_E − 1 are excitatory, the last N_I inhibitory.",
        )
        b.synapses(
            "excitatory",
            "neurons",
            "neurons",
            1,
            -1.2,
            on_pre="v_post += J",
            delay="D",
            connect=Connect(condition="i < N_E", p="epsilon"),
            notes="From each excitatory neuron to a random tenth of all neurons.",
        )
        b.synapses(
            "inhibitory",
            "neurons",
            "neurons",
            1,
            1.2,
            on_pre="v_post += -g*J",
            delay="D",
            connect=Connect(condition="i >= N_E", p="epsilon"),
            notes="From each inhibitory neuron to a random tenth of all neurons, g times "
            "stronger than the excitatory synapses.",
        )
        b.spikes("spikes", "neurons", 2, -1, "Spikes (inhibitory neurons on top)")
        b.rate("rate", "neurons", 2, 0, "Population rate", "1*ms")
        b.states(
            "trace",
            "neurons",
            2,
            1,
            "Membrane potential of neurons 0–49",
            variables=["v"],
            record=str(list(range(50))),
            visible=False,
            notes="Its plot is hidden (50 lines); it is what the sweep's synchrony χ reads.",
        )

    return project(
        "Brunel (2000): the phase diagram of a sparse excitatory–inhibitory network",
        "2000 integrate-and-fire neurons, 80% excitatory and 20% inhibitory, each receiving "
        "inputs from a random tenth of the others with a 1.5 ms delay and from independent "
        "Poisson inputs (Brunel 2000). Two numbers decide how the network fires: the relative "
        "strength of inhibition g and the external rate; its sweep maps the states over both.",
        "Brunel (2000) found four states of this network. With weak inhibition (g below 4, "
        "where the 20% of inhibitory neurons no longer outweigh excitation) the neurons fire "
        "synchronously and regularly, near their maximal rate. With inhibition dominating "
        "(g above 4) they fire asynchronously and irregularly at modest rates when the "
        "external input is strong (nu_ext above nu_thr, the rate that alone brings a neuron "
        "to threshold); a fast global oscillation of the population appears as the input "
        "grows, and a slow one when the input is weak. This run (g = 5, nu_ext = 2 nu_thr) "
        "is irregular: single neurons fire at a few tens of hertz with variable inter-spike "
        "intervals, while the population rate oscillates. The "
        "network is Brunel's scaled down five times (N_E = 1600 instead of 10000), with J "
        "raised to 0.5 mV so that each neuron's mean input is the same. Try it live: set "
        "the run's duration to 5 s and its pace to 1×, start it, and drag the g slider (Live "
        "Parameters) below 4 — within a few tens of milliseconds the neurons fire regularly "
        "at over 200 Hz (CV about 0.2) — then back above 5; drag external.rate (the rate of "
        "each Poisson input, 25 Hz = 2 nu_thr) down to about 12 Hz (nu_thr): the rates fall "
        "from about 50 Hz to 10–20 Hz and the population oscillation slows from above "
        "100 Hz to a few tens of hertz. The CV view of the spike monitor shows the "
        "regularity, the spectrum of the rate monitor the oscillation.\n\n"
        "Sweep: the project holds the sweep 'phase_diagram' (Run → Sweep…, or on the command "
        "line 'spikecanvas sweep examples/brunel_2000.spikecanvas --sweep phase_diagram --out "
        "phase.h5 --csv phase.csv --plot phase.png'). It runs 4 × 4 points — g = 3, 4, 5, 6 "
        "and nu_ext/nu_thr = 1, 2, 3, 4 — twice each with different seeds (32 runs of 300 ms, "
        "under half a minute on two cores), and collects per run the mean rate, the CV of "
        "the inter-spike intervals, the synchrony χ of 50 membrane potentials and the "
        "frequency of the population rate's spectral peak. The heat maps show the states: at "
        "g = 3 the rates are hundreds of hertz and the CV small (synchronous regular firing); "
        "beyond g = 4 the rates fall to tens of hertz and the CV rises towards 1 (irregular "
        "firing), with a spectral peak of a few tens of hertz at nu_ext = nu_thr (the slow "
        "oscillation) and above 100 Hz at stronger input (the fast one). χ is highest at "
        "g = 3 and at weak input, lowest at strong input with g = 4 or more.",
        RunSettings(duration="300*ms", seed=1),
        constants(
            ("N_E", "1600", "excitatory neurons"),
            ("N_I", "400", "inhibitory neurons"),
            ("epsilon", "0.1", "connection probability"),
            ("C_ext", "epsilon*N_E", "external inputs per neuron (as many as excitatory ones)"),
            ("tau", "20*ms", "membrane time constant"),
            ("theta", "20*mV", "threshold"),
            ("V_r", "10*mV", "reset potential"),
            ("tau_rp", "2*ms", "refractory period"),
            ("J", "0.5*mV", "excitatory weight (0.1 mV × 10000/1600 synapses in Brunel's)"),
            ("D", "1.5*ms", "synaptic delay"),
            ("g", "5", "relative strength of inhibition"),
            ("nu_ext_over_nu_thr", "2", "external rate, relative to nu_thr"),
            ("nu_thr", "theta/(J*epsilon*N_E*tau)", "external rate that alone reaches theta"),
            ("nu_ext", "nu_ext_over_nu_thr*nu_thr", "rate of each external input"),
        ),
        build,
        [
            sweep(
                "phase_diagram",
                "Brunel's phase diagram, coarsely: the relative inhibition g against the "
                "external rate (in units of nu_thr), two seeds per point.",
                [("g", "3:6:4"), ("nu_ext_over_nu_thr", "1:4:4")],
                [
                    measure("mean_rate", "neurons"),
                    measure("cv_isi", "neurons"),
                    measure("synchrony", "trace", "v"),
                    measure("spectrum_peak", "rate", min_frequency="10*Hz"),
                ],
                repeats=2,
            )
        ],
        live=[
            LiveParameter(name="g", minimum="2", maximum="8", step="0.25"),
            LiveParameter(name="external.rate", minimum="0*Hz", maximum="60*Hz", step="1*Hz"),
        ],
    )


def phase_locking() -> Project:
    """Neurons locking to a sinusoidal input."""

    def build(b: Builder) -> None:
        b.neurons(
            "neurons",
            1,
            0,
            N="n_neurons",
            model="dv/dt = (-v + a*sin(2*pi*freq*t) + b)/tau : 1\na : 1 (constant)",
            threshold="v > 1",
            reset="v = 0",
            method="euler",
            initial={"v": "rand()", "a": "0.05 + 0.7*i/n_neurons"},
            notes="Neuron i gets a sinusoidal input of amplitude a = 0.05 + 0.7·i/N on a "
            "constant drive b.",
        )
        b.spikes("spikes", "neurons", 2, -0.5, "Spikes (neuron index = amplitude)")
        b.states(
            "trace",
            "neurons",
            2,
            0.5,
            "v of neuron 50",
            variables=["v"],
            record="50",
        )

    return project(
        "Phase locking to a periodic input",
        "A hundred integrate-and-fire neurons, each driven by the same 10 Hz sinusoid on top "
        "of a constant drive, with an amplitude growing with the neuron's index. They start "
        "at random potentials; the more strongly modulated ones soon fire at the same phase "
        "of every cycle.",
        "Without modulation, each neuron would fire at its own regular rate, set by b and "
        "tau, at a phase depending on where it started. The sinusoid speeds up the approach "
        "to threshold in one half of the cycle and slows it in the other: spikes are pulled "
        "towards the same phase, and beyond some amplitude the neuron locks, firing one "
        "spike (or a fixed pattern of spikes) per cycle whatever its start. In the raster, "
        "the top neurons line up in vertical stripes ten times a second; the bottom ones "
        "drift. Try: change freq, or b.",
        RunSettings(duration="1*second", seed=1),
        constants(
            ("n_neurons", "100", "number of neurons"),
            ("tau", "20*ms", "membrane time constant"),
            ("b", "1.2", "constant drive (threshold is 1)"),
            ("freq", "10*Hz", "frequency of the sinusoidal input"),
        ),
        build,
    )


def reliability() -> Project:
    """Spike-timing reliability: fluctuating against constant input."""

    def build(b: Builder) -> None:
        b.neurons(
            "stimulus",
            0,
            -0.6,
            N="1",
            model="dx/dt = -x/tau_input + (2/tau_input)**0.5*xi : 1",
            method="euler",
            notes="One fluctuating signal (an Ornstein–Uhlenbeck process) shared by all "
            "neurons of 'reliable'.",
        )
        b.synapses(
            "shared",
            "stimulus",
            "reliable",
            1,
            -1.2,
            model="I_post = x_pre : 1 (summed)",
            connect=Connect(),
            notes="Copies the stimulus into I of every neuron, at every time step.",
        )
        b.neurons(
            "reliable",
            2,
            -0.6,
            N="n_neurons",
            model="dx/dt = (0.9 + 0.5*I - x)/tau + sigma*(2/tau)**0.5*xi : 1\nI : 1",
            threshold="x > 1",
            reset="x = 0",
            refractory="5*ms",
            method="euler",
            notes="Driven by the shared fluctuating stimulus, plus a small private noise.",
        )
        b.neurons(
            "unreliable",
            2,
            0.8,
            N="n_neurons",
            model="dx/dt = (1.1 - x)/tau + sigma*(2/tau)**0.5*xi : 1 (unless refractory)",
            threshold="x > 1",
            reset="x = 0",
            refractory="5*ms",
            method="euler",
            notes="Driven by a constant input, plus the same small private noise.",
        )
        b.spikes("reliable_spikes", "reliable", 3, -0.6, "Fluctuating input: reliable timing")
        b.spikes("unreliable_spikes", "unreliable", 3, 0.8, "Constant input: unreliable timing")

    return project(
        "Reliability of spike timing",
        "Two groups of 25 identical noisy neurons. The first group all receive the same "
        "fluctuating input: their spikes line up across neurons, as if the same neuron had "
        "been stimulated 25 times. The second group receive a constant input instead: their "
        "spikes quickly lose any alignment (Mainen & Sejnowski 1995; Brette & Guigon 2003).",
        "Think of the 25 neurons of a group as 25 trials of one neuron: the private noise is "
        "what differs from trial to trial. With a constant input, small timing errors add up "
        "from spike to spike, and after a few spikes the trials are out of step. A fluctuating "
        "input has steep rises that push every trial across the threshold at the same moment, "
        "and so resets the timing errors: the spike times are reproducible to about a "
        "millisecond. Neurons in vivo are reliable for fluctuating inputs, not for constant "
        "ones. Try: increase sigma, the private noise, and see how far reliability holds.",
        RunSettings(duration="500*ms", seed=1),
        constants(
            ("n_neurons", "25", "neurons (trials) per group"),
            ("tau_input", "5*ms", "correlation time of the stimulus"),
            ("tau", "10*ms", "membrane time constant"),
            ("sigma", "0.015", "private noise of each neuron"),
        ),
        build,
    )


def poisson_population() -> Project:
    """Drive a population by Poisson inputs with a step in rate."""

    def build(b: Builder) -> None:
        b.poisson(
            "inputs",
            0,
            -0.6,
            N="n_inputs",
            rates="rate_low + (rate_high - rate_low)*(t > t_step)",
            notes="Independent Poisson trains; their rate steps up at t_step.",
        )
        b.synapses(
            "feedforward",
            "inputs",
            "neurons",
            1,
            -0.6,
            on_pre="v += w_in",
            connect=Connect(p="p_in"),
            notes="Each neuron gets about 100 of the inputs.",
        )
        b.poisson_input(
            "background",
            "neurons",
            1,
            0.8,
            target_var="v",
            N="1000",
            rate="2*Hz",
            weight="0.15*mV",
            notes="Independent background: 1000 more inputs at 2 Hz, simulated in bulk.",
        )
        b.neurons(
            "neurons",
            2,
            0,
            N="n_neurons",
            model="dv/dt = (El - v)/taum : volt (unless refractory)",
            threshold="v > Vt",
            reset="v = Vr",
            refractory="2*ms",
            method="exact",
            initial={"v": "El + rand()*(Vt - El)"},
        )
        b.spikes("spikes", "neurons", 3, -0.7, "Spikes")
        b.rate("rate", "neurons", 3, 0.3, "Population rate", "5*ms")
        b.states(
            "trace",
            "neurons",
            3,
            1.3,
            "v of neuron 0",
            variables=["v"],
            record="0",
        )

    return project(
        "A population driven by Poisson inputs",
        "200 leaky integrate-and-fire neurons, each receiving about 100 Poisson spike trains "
        "and a background of 1000 more. At 250 ms the input rate steps from 10 Hz to 15 Hz, "
        "and the population's rate follows within a few milliseconds.",
        "Each input spike moves v up by w_in; with many inputs the membrane potential "
        "fluctuates around a mean set by the total input rate, and the neurons fire when the "
        "fluctuations reach the threshold: an irregular, Poisson-like output. Raising the "
        "input rate by half raises the output rate several times, because the mean moves "
        "up to the threshold. The two ways of making Poisson input: a "
        "PoissonGroup with Synapses (each input a neuron you can record or connect) and a "
        "PoissonInput (no neurons, only their summed effect: much faster for big inputs). "
        "Try: change rate_high, or w_in.",
        RunSettings(duration="500*ms", seed=1),
        constants(
            ("n_inputs", "1000", "number of Poisson inputs"),
            ("n_neurons", "200", "number of neurons"),
            ("rate_low", "10*Hz", "input rate before the step"),
            ("rate_high", "15*Hz", "input rate after the step"),
            ("t_step", "250*ms", "time of the step"),
            ("p_in", "0.1", "connection probability from the inputs"),
            ("w_in", "0.5*mV", "effect of one input spike"),
            ("taum", "20*ms", "membrane time constant"),
            ("El", "-70*mV", "resting potential"),
            ("Vt", "-50*mV", "threshold"),
            ("Vr", "-65*mV", "reset potential"),
        ),
        build,
    )


#: Every example, by file name (without the suffix).
ALL: dict[str, Callable[[], Project]] = {
    "lif_fi_curve": lif_fi_curve,
    "izhikevich_patterns": izhikevich_patterns,
    "hodgkin_huxley": hodgkin_huxley,
    "adaptive_threshold": adaptive_threshold,
    "cuba": cuba,
    "coba": coba,
    "synfire_chain": synfire_chain,
    "stdp": stdp,
    "gap_junctions": gap_junctions,
    "brunel_hakim": brunel_hakim,
    "brunel_2000": brunel_2000,
    "phase_locking": phase_locking,
    "reliability": reliability,
    "poisson_population": poisson_population,
}


def script_of(name: str, example: Project) -> str:
    """Return the script exported from the example ``name`` (what ``NAME.py`` holds)."""
    return export_script(example, "engine", filename=f"{name}.spikecanvas")


def write(name: str, folder: Path = EXAMPLES) -> None:
    """Write the example ``name`` and its exported script into ``folder``."""
    example = ALL[name]()
    save(example, folder / f"{name}.spikecanvas")
    (folder / f"{name}.py").write_text(script_of(name, example), encoding="utf-8")


_README_HEAD = """\
# Examples

Teaching demos: each is a SpikeCanvas project file (`NAME.spikecanvas`) with the Python script
exported from it beside it (`NAME.py`, runnable with plain `python`, giving the same spikes as
the application for the same seed). The application lists them under File → Open Example,
with their descriptions and teaching notes. They are written by `scripts/make_examples.py`:
change an example there, not here. Some hold a parameter sweep too (Run → Sweep…, or
`spikecanvas sweep examples/NAME.spikecanvas --sweep SWEEP --out sweep.h5`): their notes say
what it shows (see "Parameter sweeps" in `docs/user-guide.md`).

| example | what it shows |
|---|---|
"""


def readme() -> str:
    """Return the text of ``examples/README.md``: the list of examples."""
    rows = []
    for name, make in ALL.items():
        example = make()
        rows.append(f"| [{example.title}]({name}.spikecanvas) | {example.description} |")
    return _README_HEAD + "\n".join(rows) + "\n"


def main(argv: list[str]) -> int:
    """Write the examples named in ``argv`` (all when empty)."""
    names = argv or list(ALL)
    unknown = sorted(set(names) - set(ALL))
    if unknown:
        print(f"unknown examples: {', '.join(unknown)} (known: {', '.join(ALL)})", file=sys.stderr)
        return 2
    for name in names:
        write(name)
        print(f"wrote examples/{name}.spikecanvas and examples/{name}.py")
    (EXAMPLES / "README.md").write_text(readme(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
