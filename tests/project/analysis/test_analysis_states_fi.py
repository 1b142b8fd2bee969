"""Phase-plane trajectories, current values of a variable, per-neuron parameters and f–I."""

from pathlib import Path

import numpy as np
import pytest

from engine.project import load
from engine.project.analysis import (
    current_values,
    fi_curve,
    per_neuron_parameters,
    per_neuron_values,
    phase_trajectory,
)
from engine.project.analysis.table import cell, write_table
from engine.project.monitor_data import Recorded, StateData

EXAMPLES = Path(__file__).parents[3] / "examples"


def _state() -> StateData:
    # Two recorded elements (indices 3 and 7), three samples of v (volts) and u.
    v = np.array([[-0.07, -0.06, -0.05], [-0.065, -0.064, -0.063]])
    u = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    return StateData(
        node_id="m",
        name="m",
        source="G",
        source_size=10,
        t=np.array([0.0, 1e-4, 2e-4]),
        record=np.array([3, 7]),
        variables={"v": Recorded(v, "V"), "u": Recorded(u, "1")},
    )


def test_a_trajectory_pairs_the_samples_of_one_element():
    x, y = phase_trajectory(_state(), "v", "u", row=1)
    assert list(x) == [-0.065, -0.064, -0.063]
    assert list(y) == [4.0, 5.0, 6.0]
    with pytest.raises(KeyError, match="does not record 'w'"):
        phase_trajectory(_state(), "v", "w")
    with pytest.raises(IndexError, match="no row 2"):
        phase_trajectory(_state(), "v", "u", row=2)


def test_current_values_are_the_last_sample_of_each_element():
    assert list(current_values(_state(), "u")) == [3.0, 6.0]


def test_the_lif_example_spreads_its_drive_over_the_neurons():
    project = load(EXAMPLES / "lif_fi_curve.spikecanvas")
    assert per_neuron_parameters(project, "neurons") == ["v0"]
    values, unit = per_neuron_values(project, "neurons", "v0")
    # v0 = v0_max * i / (n_neurons - 1) with v0_max = 20 mV and 100 neurons.
    assert unit == "V"
    assert values == pytest.approx(0.02 * np.arange(100) / 99, rel=1e-12, abs=1e-18)


def test_the_hh_example_spreads_its_current():
    project = load(EXAMPLES / "hodgkin_huxley.spikecanvas")
    values, unit = per_neuron_values(project, "neurons", "I")
    assert unit == "A"
    assert values[0] == 0.0
    assert values[-1] == pytest.approx(0.7e-9, rel=1e-12)


def test_an_expression_without_a_value_per_neuron_is_refused():
    project = load(EXAMPLES / "cuba.spikecanvas")
    group = next(n for n in project.nodes if n.kind == "NeuronGroup")
    assert per_neuron_parameters(project, group.name) == []  # rand() is not of i
    with pytest.raises(ValueError, match="no initial value to 'nothing'"):
        per_neuron_values(project, group.name, "nothing")
    with pytest.raises(ValueError, match="no neuron group 'nowhere'"):
        per_neuron_values(project, "nowhere", "v")


def test_fi_curve_is_rate_against_parameter_sorted_by_parameter():
    # Three neurons with parameters 3, 1, 2; neuron 0 fires 4 times, neuron 2 twice in 2 s.
    parameter, rate = fi_curve([3.0, 1.0, 2.0], [0, 0, 2, 0, 2, 0], 2.0)
    assert list(parameter) == [1.0, 2.0, 3.0]
    assert list(rate) == [0.0, 1.0, 2.0]


def test_tables_are_written_with_exact_numbers_and_no_formulas(tmp_path):
    path = tmp_path / "table.csv"
    write_table(path, ["x [s]", "=count"], [np.array([0.1, 1 / 3]), np.array([1, 2])])
    assert path.read_text() == f"x [s],'=count\n0.1,1\n{1 / 3!r},2\n"
    assert cell("-1.5") == "-1.5"
    assert cell("-x") == "'-x"
    with pytest.raises(ValueError, match="different lengths"):
        write_table(path, ["a", "b"], [np.zeros(1), np.zeros(2)])
