"""The edited project as Qt sees it: the document, its undo commands, its live diagnostics."""

from app.model.diagnostics import DiagnosticsRunner
from app.model.project_model import MIME_NODES, FieldError, ProjectModel, get_field, node_data

__all__ = [
    "MIME_NODES",
    "DiagnosticsRunner",
    "FieldError",
    "ProjectModel",
    "get_field",
    "node_data",
]
