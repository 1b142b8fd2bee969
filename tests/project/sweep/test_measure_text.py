"""A measure typed as its column label is read back into the same request."""

from __future__ import annotations

import pytest

from engine.project.sweep import MeasureRef, SweepError
from engine.project.sweep.measure_text import parse_measure
from engine.project.sweep.table import measure_label


@pytest.mark.parametrize(
    "ref",
    [
        MeasureRef(measure="mean_rate", node="P"),
        MeasureRef(measure="mean", node="trace", variable="v"),
        MeasureRef(measure="fano_factor", node="spikes", options={"window": "50*ms"}),
        MeasureRef(
            measure="spectrum_peak",
            node="rate",
            options={"min_frequency": "5*Hz", "max_frequency": "200*Hz"},
        ),
    ],
)
def test_a_label_reads_back_as_its_measure(ref):
    assert parse_measure(measure_label(ref)) == ref


def test_spaces_are_free():
    assert parse_measure(" fano_factor ( spikes ; window = 50*ms ) ") == MeasureRef(
        measure="fano_factor", node="spikes", options={"window": "50*ms"}
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("mean_rate(P", "is not a measure: write e.g. mean_rate(P)"),
        ("mean_rate", "is not a measure"),
        ("mean(trace.v.w)", "is not a measure"),
        ("mean_rate(P; window)", "'window' in 'mean_rate(P; window)' is not an option"),
        ("mean_rate(P; w=1; w=2)", "the option 'w' is given twice"),
        ("mean_rate(P; 1w=2)", "is not an option"),
        ("__import__('os')(P)", "is not a measure"),
    ],
)
def test_a_text_of_another_shape_says_how_to_write_one(text, message):
    with pytest.raises(SweepError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_measure(text)
