"""A sweep's table as CSV files: one row per trial, or one row per point with repeat statistics.

The trials' file has the columns of `SweepTable.header`; the points' file has ``point``, the
parameters, then ``<measure> mean``, ``<measure> std`` and ``<measure> n`` for each measure.
A measure's column names its unit (``mean_rate(spikes) [Hz]``). Floats are written with 17
significant digits (``repr``), so reading a file back gives the same numbers; NaN is ``nan``.

Text cells (parameter values, error messages) come from the project, which anyone may have
written: a cell a spreadsheet would read as a formula (starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return) is written with a leading apostrophe, as OWASP advises
against CSV injection; a value the sweep generated (``-0.5*mV``) is left as it is. Numbers are
written as numbers.
"""

from __future__ import annotations

import csv
import io
import os
import re

from engine.outputs import open_output
from engine.project.sweep.table import SweepTable

__all__ = ["points_rows", "trials_header", "write_points_csv", "write_trials_csv"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: A negative number, optionally times a unit: how the sweep writes values (`sweep.values`).
_NEGATIVE_VALUE = re.compile(r"-(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?:\*[A-Za-z_]\w*)?")

Cell = str | int | float


def _cell(value: Cell) -> str:
    if isinstance(value, bool):  # a bool is an int: say what it is
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if text.startswith(_FORMULA_START) and not _NEGATIVE_VALUE.fullmatch(text):
        return "'" + text
    return text


def _with_unit(label: str, unit: str) -> str:
    return label if unit in ("", "1") else f"{label} [{unit}]"


def trials_header(table: SweepTable) -> list[str]:
    """Return the trials' column names, each measure with its unit."""
    header = table.header()
    first = 4 + len(table.parameters)  # trial, point, repeat, seed, then the parameters
    for k, (label, unit) in enumerate(zip(table.measures, table.units, strict=True)):
        header[first + k] = _with_unit(label, unit)
    return header


def points_rows(table: SweepTable) -> tuple[list[str], list[list[Cell]]]:
    """Return the header and the rows of the points' table (repeat statistics)."""
    header = ["point", *table.parameters]
    for label, unit in zip(table.measures, table.units, strict=True):
        named = _with_unit(label, unit)
        header += [f"{named} mean", f"{named} std", f"{label} n"]
    rows: list[list[Cell]] = []
    for point in table.points:
        row: list[Cell] = [point.point, *(text for _, text in point.values)]
        for mean, std, n in zip(point.mean, point.std, point.n, strict=True):
            row += [mean, std, n]
        rows.append(row)
    return header, rows


def _write(path: str | os.PathLike[str], header: list[str], rows: list[list[Cell]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([_cell(name) for name in header])
    writer.writerows([_cell(value) for value in row] for row in rows)
    text = buffer.getvalue()
    with open_output(path, "w", encoding="utf-8", newline="", size_hint=len(text)) as file:
        file.write(text)


def write_trials_csv(table: SweepTable, path: str | os.PathLike[str]) -> None:
    """Write one row per trial of ``table`` to ``path``, safely (`engine.outputs`).

    Raises
    ------
    OSError
        If the file cannot be written (a previous file at ``path`` is then unchanged); an
        `engine.outputs.OutputError` says why in words (a full disk, a link, a device...).
    """
    _write(path, trials_header(table), table.rows())


def write_points_csv(table: SweepTable, path: str | os.PathLike[str]) -> None:
    """Write one row per point of ``table`` (mean, std and n over its repeats) to ``path``.

    Raises
    ------
    OSError
        As `write_trials_csv`.
    """
    header, rows = points_rows(table)
    _write(path, header, rows)
