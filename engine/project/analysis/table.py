"""An analysis' numbers as a CSV table (a histogram's bins, a spectrum, a trajectory).

Written as the sweep's tables are (`engine.project.sweep.table_csv`): Python's `csv` writer,
floats with every digit (``repr``), and a text cell that a spreadsheet would run as a formula
(``=...``, ``+...``, ``@...``) starting with ``'``; the file is written safely
(`engine.outputs`).
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Sequence

import numpy as np

from engine.outputs import open_output

__all__ = ["cell", "write_table"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NEGATIVE_VALUE = re.compile(r"-(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?(?:\*[A-Za-z_]\w*)?")


def cell(value: object) -> str:
    """Return the text of one cell: floats exactly, text never read as a formula."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    text = str(value)
    if text.startswith(_FORMULA_START) and not _NEGATIVE_VALUE.fullmatch(text):
        return "'" + text
    return text


def write_table(
    path: str | os.PathLike[str], header: Sequence[str], columns: Sequence[np.ndarray]
) -> None:
    """Write ``columns`` (equal lengths) under ``header`` to ``path`` as CSV, safely.

    Raises
    ------
    ValueError
        If the header and columns do not match, or the columns' lengths differ.
    OSError
        If the file cannot be written (a previous file at ``path`` is then unchanged).
    """
    if len(header) != len(columns):
        raise ValueError(f"{len(header)} column names for {len(columns)} columns")
    lengths = {len(column) for column in columns}
    if len(lengths) > 1:
        raise ValueError(f"columns of different lengths: {sorted(lengths)}")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([cell(name) for name in header])
    writer.writerows([cell(value) for value in row] for row in zip(*columns, strict=True))
    text = buffer.getvalue()
    with open_output(path, "w", encoding="utf-8", newline="", size_hint=len(text)) as file:
        file.write(text)
