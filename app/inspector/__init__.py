"""The inspector: the form of the selected node or of the project, with live diagnostics."""

from app.inspector.equation_editor import EquationEditor
from app.inspector.inspector import Inspector
from app.inspector.quantity_field import QuantityField

__all__ = ["EquationEditor", "Inspector", "QuantityField"]
