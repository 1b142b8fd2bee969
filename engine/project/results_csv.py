"""Results as CSV files: one table per monitor, for spreadsheets and other tools.

Each monitor's data becomes one comma-separated table with a header row; numbers are in SI
base units, named in the header (``t [s]``, ``v [V]``):

- spikes: one row per spike, columns ``i``, ``t [s]`` and each variable recorded at the spikes;
- traces: one row per sample, columns ``t [s]`` then ``<variable>[<element>] [<unit>]`` for each
  recorded variable and element (``v[0] [V]``, ``v[1] [V]``, ...);
- rates: one row per step, columns ``t [s]``, ``rate [Hz]``.

Floats are written with 17 significant digits, so reading a file back gives the same numbers.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from engine.outputs import open_output
from engine.project.results import MonitorData, RateData, Results, SpikeData, StateData

__all__ = ["csv_table", "write_csv", "write_results_csv"]

_FLOAT = "%.17g"


def csv_table(data: MonitorData) -> tuple[list[str], list[np.ndarray]]:
    """Return the header and the columns of the table of ``data``."""
    if isinstance(data, SpikeData):
        header, columns = ["i", "t [s]"], [data.i, data.t]
        for name, recorded in data.variables.items():
            header.append(_named(name, recorded.unit))
            columns.append(recorded.values)
        return header, columns
    if isinstance(data, StateData):
        header, columns = ["t [s]"], [data.t]
        for name, recorded in data.variables.items():
            for row, element in enumerate(data.record):
                header.append(_named(f"{name}[{element}]", recorded.unit))
                columns.append(recorded.values[row])
        return header, columns
    if isinstance(data, RateData):
        return ["t [s]", "rate [Hz]"], [data.t, data.rate]
    raise TypeError(f"No CSV table for {type(data).__name__}")


def write_csv(data: MonitorData, path: str | os.PathLike[str]) -> None:
    """Write the table of one monitor's data to ``path``, safely (`engine.outputs`).

    Raises
    ------
    OSError
        If the file cannot be written (a previous file at ``path`` is then unchanged); an
        `engine.outputs.OutputError` says why in words (a full disk, a link, a device...).
    """
    header, columns = csv_table(data)
    formats = ["%d" if np.issubdtype(np.asarray(c).dtype, np.integer) else _FLOAT for c in columns]
    table = np.column_stack(columns) if columns else np.zeros((0, 0))
    # About 24 characters a float: only for the message of a full disk.
    size = (table.size * 24) + sum(len(name) + 1 for name in header)
    with open_output(path, "w", encoding="utf-8", newline="", size_hint=size) as file:
        # Names are identifiers and units plain symbols: no header cell needs quoting.
        file.write(",".join(header) + "\n")
        if len(table):
            np.savetxt(file, table, fmt=formats, delimiter=",")


def write_results_csv(
    results: Results, folder: str | os.PathLike[str], prefix: str = ""
) -> list[Path]:
    """Write one ``<prefix><monitor>.csv`` per monitor of ``results`` into ``folder``.

    ``folder`` is created if needed.

    Returns
    -------
    list of Path
        The files written, in the monitors' order.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, data in results.monitors.items():
        path = folder / f"{prefix}{name}.csv"
        write_csv(data, path)
        written.append(path)
    return written


def _named(name: str, unit: str) -> str:
    return name if unit == "1" else f"{name} [{unit}]"
