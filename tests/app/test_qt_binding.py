"""NodeGraphQt's Qt binding is decided in exactly one place: app/canvas/nodegraph.py."""

import ast
import sys
from pathlib import Path

import PySide6.QtWidgets

import app
from app.canvas import nodegraph

APP = Path(app.__file__).parent
SHIM_MODULES = {"Qt", "NodeGraphQt"}  # Qt.py, the binding shim, and NodeGraphQt which uses it


def modules_touching_the_shim() -> set[str]:
    found = set()
    for path in APP.rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            elif isinstance(node, ast.Constant) and node.value == "QT_PREFERRED_BINDING":
                names = ["Qt"]
            else:
                continue
            if any(name.split(".")[0] in SHIM_MODULES for name in names):
                found.add(path.relative_to(APP).as_posix())
    return found


def test_only_the_nodegraph_module_imports_nodegraphqt_or_chooses_its_binding():
    assert modules_touching_the_shim() == {"canvas/nodegraph.py"}


def test_nodegraphqt_runs_on_pyside6():
    import Qt

    assert Qt.__binding__ == "PySide6"
    assert Qt.QtWidgets.QWidget is PySide6.QtWidgets.QWidget
    assert nodegraph.NodeGraph.__module__.startswith("NodeGraphQt")


def test_void_qt_calls_do_not_leak_references_to_none(qapp):
    """PySide6 6.12.0 on Python 3.11 freed one reference to None per void method call.

    After a few thousand calls (one canvas rebuild of CUBA makes ~1700) Python aborted with
    "none_dealloc: deallocating None"; pyproject.toml pins a release without the bug.
    """
    item = PySide6.QtWidgets.QGraphicsRectItem()
    before = sys.getrefcount(None)
    for _ in range(100):
        item.update()
    assert sys.getrefcount(None) >= before - 5  # other code may drop a few of its own
