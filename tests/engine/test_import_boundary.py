"""The engine is usable without Qt: it never imports the application or a Qt binding."""

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).parents[2]
QT_MODULES = ("PySide6", "shiboken6", "Qt", "qtpy", "NodeGraphQt", "pyqtgraph")


def test_import_contracts_hold():
    """The import-linter contracts in pyproject.toml: engine never imports app or Qt."""
    lint_imports = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run(
        [str(lint_imports), "--config", "pyproject.toml", "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_engine_module_imports_on_a_machine_without_qt():
    """Importing engine and all its submodules works when no Qt binding can be loaded."""
    script = textwrap.dedent(
        f"""
        import importlib, pkgutil, sys

        BLOCKED = {QT_MODULES!r}

        class NoQt:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in BLOCKED:
                    raise ImportError(f"{{name}} is not available on this machine")

        sys.meta_path.insert(0, NoQt())
        import engine
        for module in pkgutil.walk_packages(engine.__path__, "engine."):
            importlib.import_module(module.name)
        loaded = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
        assert not loaded, loaded
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
