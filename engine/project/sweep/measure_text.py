"""A measure as typed: ``mean_rate(P)``, ``mean(trace.v)``, ``fano_factor(spikes; window=50*ms)``.

The text is the measure's column label (`engine.project.sweep.table.measure_label`) read back
into a `MeasureRef`: the measure's name, then in parentheses the node, ``.variable`` for the
measures of a StateMonitor, and options as ``; name=value``. Only the shape is read here;
`engine.project.sweep.measures.check` decides whether the measure, node and options exist.
"""

from __future__ import annotations

import re

from pydantic import ValidationError

from engine.project.sweep.definition import MeasureRef
from engine.project.sweep.errors import SweepError

__all__ = ["parse_measure"]

_IDENTIFIER = r"[A-Za-z_]\w*"
_MEASURE = re.compile(
    rf"\s*({_IDENTIFIER})\s*\(\s*({_IDENTIFIER})(?:\s*\.\s*({_IDENTIFIER}))?\s*((?:;[^;()]*)*)\)\s*"
)
_OPTION = re.compile(rf"\s*({_IDENTIFIER})\s*=\s*([^=]*?)\s*")
_EXAMPLES = "mean_rate(P), mean(trace.v) or fano_factor(spikes; window=50*ms)"


def parse_measure(text: str) -> MeasureRef:
    """Return the measure ``text`` writes (see the module's docstring).

    Raises
    ------
    SweepError
        If the text is not of that shape, saying how to write one.
    """
    match = _MEASURE.fullmatch(text)
    if match is None:
        raise SweepError(f"'{text.strip()}' is not a measure: write e.g. {_EXAMPLES}")
    measure, node, variable, rest = match.groups()
    options: dict[str, str] = {}
    for part in rest.split(";")[1:]:
        option = _OPTION.fullmatch(part)
        if option is None or not option.group(2):
            raise SweepError(
                f"'{part.strip()}' in '{text.strip()}' is not an option: write name=value "
                "(e.g. window=50*ms)"
            )
        if option.group(1) in options:
            raise SweepError(f"the option '{option.group(1)}' is given twice in '{text.strip()}'")
        options[option.group(1)] = option.group(2)
    try:
        return MeasureRef(measure=measure, node=node, variable=variable or "", options=options)
    except ValidationError as error:
        problem = error.errors()[0]["msg"]
        raise SweepError(f"'{text.strip()}' is not a measure: {problem}") from None
