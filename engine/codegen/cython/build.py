"""Compiling generated Cython modules, cached on disk by a hash of their code.

A module's source is translated by Cython to C and compiled by the system's C compiler into an
extension module in the user's cache folder (``platformdirs.user_cache_dir("spikecanvas")/
cython/<python>-<cython>``, or ``$SPIKECANVAS_CYTHON_CACHE``), named after a hash of its source
and of the versions involved. A module already built — by this run, an earlier one, or another
project — is loaded without compiling. Constants are arguments of the generated functions, never
part of their code, so changing a parameter value finds the module already built.

C is compiled without floating-point contraction (``-ffp-contract=off``): fused multiply-adds
would round differently from numpy, and both targets must give the same numbers.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.machinery
import importlib.util
import os
import shlex
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path
from types import ModuleType

__all__ = [
    "ADDRESS_FUNCTION",
    "CompileError",
    "build_module",
    "cache_dir",
    "compiler_problem",
    "module_name",
]

#: Set to a folder to keep compiled modules there instead of the user's cache folder.
CACHE_ENV = "SPIKECANVAS_CYTHON_CACHE"

#: Cython source of ``_address(array)``: the address of a contiguous array's data, through the
#: buffer protocol (numpy's ``.ctypes.data`` costs ~10 times more). Generated modules that take
#: arrays as addresses include it, and their Python side calls it.
ADDRESS_FUNCTION = """
from cpython.buffer cimport PyBUF_ANY_CONTIGUOUS, PyBuffer_Release, PyObject_GetBuffer


def _address(object array):
    cdef Py_buffer view
    PyObject_GetBuffer(array, &view, PyBUF_ANY_CONTIGUOUS)
    cdef size_t address = <size_t>view.buf
    PyBuffer_Release(&view)
    return address
"""

_C_FLAGS = ("-O2", "-fPIC", "-ffp-contract=off", "-fno-strict-aliasing", "-fwrapv", "-w")
_loaded: dict[str, ModuleType] = {}


class CompileError(RuntimeError):
    """Generated code could not be compiled; the message says what the tools said."""


def cache_dir() -> Path:
    """Return the folder compiled modules are kept in (created when needed)."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    import Cython
    import platformdirs

    tag = f"{sys.implementation.cache_tag}-cython{Cython.__version__}"
    return Path(platformdirs.user_cache_dir("spikecanvas")) / "cython" / tag


def module_name(source: str) -> str:
    """Return the name of the module built from ``source`` (a hash of it and the versions)."""
    import Cython
    import numpy

    key = "\n".join(
        (source, Cython.__version__, numpy.__version__, sys.version, " ".join(_C_FLAGS))
    )
    return "_spikecanvas_" + hashlib.sha256(key.encode()).hexdigest()[:24]


def build_module(source: str) -> tuple[ModuleType, bool]:
    """Return the extension module compiled from Cython ``source``, and whether it was built now.

    Raises
    ------
    CompileError
        If Cython or the C compiler fails (with their messages), or no C compiler is found.
    """
    name = module_name(source)
    module = _loaded.get(name)
    if module is not None:
        return module, False
    folder = cache_dir()
    path = folder / (name + importlib.machinery.EXTENSION_SUFFIXES[0])
    built = False
    if not path.exists():
        _compile(name, source, folder, path)
        built = True
    module = _load(name, path)
    _loaded[name] = module
    return module, built


def _compile(name: str, source: str, folder: Path, path: Path) -> None:
    compiler = _compiler()
    if compiler is None:
        raise CompileError("no C compiler found (install gcc, or set CC)")
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="spikecanvas-build-") as scratch:
        pyx = Path(scratch) / f"{name}.pyx"
        pyx.write_text(source, encoding="utf-8")
        c_file = pyx.with_suffix(".c")
        _run(
            [sys.executable, "-m", "cython", "-3", "--fast-fail", str(pyx), "-o", str(c_file)],
            "Cython",
        )
        output = Path(scratch) / path.name
        _run(
            [*compiler, "-shared", *_C_FLAGS, str(c_file), "-o", str(output), *_paths()],
            "the C compiler",
        )
        # Moved in one step: another process never loads half a file.
        os.replace(output, path)


def _paths() -> list[str]:
    """Return the compiler's options finding Python's and numpy's headers, and numpy's samplers.

    Compiled code draws random numbers with numpy's own C samplers (its static library
    ``npyrandom``), from the engine's bit generator: the same numbers as the numpy target.
    """
    import numpy

    random = Path(numpy.__file__).parent / "random" / "lib"
    return [
        f"-I{sysconfig.get_paths()['include']}",
        f"-I{numpy.get_include()}",
        f"-L{random}",
        "-lnpyrandom",
        "-lm",
    ]


def _run(command: list[str], what: str) -> None:
    try:
        result = subprocess.run(command, capture_output=True, text=True, check=False)
    except OSError as error:
        raise CompileError(f"{what} could not be started: {error}") from error
    if result.returncode != 0:
        message = (result.stderr or result.stdout).strip().splitlines()
        detail = "\n".join(message[-15:])
        raise CompileError(f"{what} failed (exit status {result.returncode}):\n{detail}")


def _load(name: str, path: Path) -> ModuleType:
    loader = importlib.machinery.ExtensionFileLoader(name, str(path))
    spec = importlib.util.spec_from_file_location(name, path, loader=loader)
    if spec is None:  # pragma: no cover - a file that exists always has a spec
        raise CompileError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def _compiler() -> list[str] | None:
    """Return the C compiler's command (``$CC``, or Python's, or ``cc``), or None if missing."""
    configured = os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc"
    command = shlex.split(configured)
    if command and shutil.which(command[0]):
        return command
    return ["cc"] if shutil.which("cc") else None


_PROBE = "def probe():\n    return 42\n"


@functools.cache
def compiler_problem() -> str | None:
    """Return why compiled code cannot be built here, or None if it can (checked once).

    The check compiles (or finds in the cache) a one-line module.
    """
    try:
        import Cython  # noqa: F401
    except ImportError:
        return "Cython is not installed"
    try:
        module, _ = build_module(_PROBE)
        if module.probe() != 42:  # pragma: no cover - a broken toolchain
            return "a compiled test module gave a wrong answer"
    except (CompileError, OSError, ImportError) as error:
        return str(error).splitlines()[0]
    return None
