"""The figure of ``spikecanvas run --plot`` shows what the window's Plots panel shows.

The same results are shown by the window's plot area and drawn by
`engine.project.figure.results_figure`: the panels' titles and their axes' labels, units
included (the SI prefix pyqtgraph's axes choose: mV for membrane potentials), must be the
same. `engine.project.plotting.si_prefix` is the rule of those axes, without Qt.
"""

import math
import re

import pyqtgraph as pg
import pytest
from hypothesis import given
from hypothesis import strategies as st

from engine.project import load
from engine.project.figure import results_figure
from engine.project.plotting import format_value, si_prefix
from engine.project.runner import run

from .conftest import CUBA


def text_of(html: str) -> str:
    """The text of a pyqtgraph label (its HTML tags and entities removed)."""
    return re.sub(r"<[^>]*>", "", html).replace("&nbsp;", " ").strip()


@pytest.fixture(scope="module")
def cuba_results():
    project = load(CUBA)
    project.run.target = "numpy"
    return run(project, lambda progress: None, duration="60*ms", seed=3)


def test_the_figure_has_the_titles_and_axis_labels_of_the_window_s_panels(
    area, qtbot, cuba_results
):
    area.show_results(cuba_results)
    qtbot.wait(50)  # the views take their ranges, the axes their SI prefixes
    window = []
    for panel in area.panels:
        for index, plot in enumerate(panel.plots):
            title = text_of(plot.titleLabel.text) if index == 0 else ""
            window.append((title, text_of(plot.getAxis("left").labelString())))
    figure = [(ax.get_title(), ax.get_ylabel()) for ax in results_figure(cuba_results).axes]
    assert figure == window
    assert ("Membrane potential", "v (mV)") in figure
    bottom = area.panels[-1].plots[-1].getAxis("bottom")
    assert results_figure(cuba_results).axes[-1].get_xlabel() == text_of(bottom.labelString())


@given(st.floats(min_value=-1e30, max_value=1e30, allow_nan=False))
def test_the_si_prefix_is_the_one_pyqtgraph_s_axes_choose(value):
    factor, prefix = si_prefix(value)
    expected_factor, expected_prefix = pg.siScale(value)
    if expected_prefix.startswith("e"):  # beyond yotta and yocto pyqtgraph writes 'e27'
        return
    assert prefix == expected_prefix
    assert math.isclose(factor, expected_factor)


@pytest.mark.parametrize("value", [0.005, 0.0125, 1.0, 2.5, 1e-7, 1.2345678e-4, -0.07, 0, 999.99])
def test_values_are_formatted_as_the_window_formats_them(value):
    assert format_value(value, "s") == pg.siFormat(value, precision=4, suffix="s")
