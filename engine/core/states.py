"""The formats of ``get_states``/``set_states``: a dict of arrays, or a pandas data frame.

Groups, monitors and networks collect their values as a dict (name -> copy of the values);
these functions turn it into the format asked for, and turn what ``set_states`` is given
back into a dict. ``format='pandas'`` needs pandas, which the engine does not depend on: it
is imported only when asked for, and the error says how to get it.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

import numpy as np

__all__ = ["FORMATS", "check_format", "export_states", "import_states"]

#: The formats ``get_states`` and ``set_states`` understand.
FORMATS = ("dict", "pandas")


def check_format(format: str, where: str) -> None:
    """Raise NotImplementedError unless ``format`` is one of `FORMATS`.

    ``where`` names the object and method for the message (``"'G'.get_states"``).
    """
    if format not in FORMATS:
        raise NotImplementedError(
            f"Format {format!r} is not supported by {where}: use 'dict' (the default) or 'pandas'"
        )


def _pandas(where: str) -> Any:
    try:
        # optional, imported only for format='pandas' (and untyped: hence by name)
        pandas = importlib.import_module("pandas")
    except ImportError as error:
        raise ImportError(
            f"format='pandas' in {where} needs pandas, which is not installed "
            f"({error}). Install it (pip install pandas) or use format='dict'."
        ) from error
    return pandas


def _refuse_units(units: bool, where: str) -> None:
    if units:
        raise NotImplementedError(
            f"A pandas data frame cannot hold units: call {where} with units=False "
            "(values in SI units: volts, seconds, ...)"
        )


def export_states(values: dict[str, Any], units: bool, format: str, where: str) -> Any:
    """Return ``values`` (name -> copied values) in ``format``.

    Raises
    ------
    NotImplementedError
        For an unknown format, or for ``format='pandas'`` with ``units=True``.
    ImportError
        For ``format='pandas'`` without pandas installed.
    """
    check_format(format, where)
    if format == "dict":
        return values
    pandas = _pandas(where)  # as in Brian 2: first whether pandas exists, then the units
    _refuse_units(units, where)
    return pandas.DataFrame(values)


def import_states(values: Any, units: bool, format: str, where: str) -> dict[str, Any]:
    """Return what ``set_states`` was given as a dict (name -> values).

    Raises
    ------
    NotImplementedError
        For an unknown format, or for ``format='pandas'`` with ``units=True``.
    TypeError
        If ``values`` is not of the format (a mapping for ``'dict'``, a data frame for
        ``'pandas'``).
    """
    check_format(format, where)
    if format == "dict":
        if not isinstance(values, Mapping):
            raise TypeError(
                f"{where} needs a dict of variable names and values, not {type(values).__name__}"
            )
        return dict(values)
    pandas = _pandas(where)
    _refuse_units(units, where)
    if not isinstance(values, pandas.DataFrame):
        raise TypeError(
            f"{where}(..., format='pandas') needs a pandas DataFrame, not {type(values).__name__}"
        )
    # one column per variable; squeezed as Brian 2 does, so that one row sets a shared value
    return {str(name): np.squeeze(values[name].to_numpy()) for name in values.columns}
