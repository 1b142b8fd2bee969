"""Compiling generated Cython modules, cached on disk by a hash of their code.

A module's source is translated by Cython to C and compiled by the system's C compiler into an
extension module in the user's cache folder (``platformdirs.user_cache_dir("spikecanvas")/
cython/<python>-<cython>``, or ``$SPIKECANVAS_CYTHON_CACHE``), named after a hash of its source,
of the versions involved and of this machine's features (`machine_features`). A module already
built — by this run, an earlier one, or another project — is loaded without compiling.
Constants are arguments of the generated functions, never part of their code, so changing a
parameter value finds the module already built.

The cache survives kills, full disks and concurrent runs. Each module is built in a scratch
folder inside the cache folder and moved into place in one step (``os.replace``), after a
record of its size and SHA-256 (``<module>.json``, also moved into place in one step). Only
one process builds a given module at a time (an ``flock`` on ``<module>.lock``); another that
needs it waits, then loads it. Before loading, a module is checked against its record: loading
a truncated shared library is a bus error that kills the process, so a module that is empty,
truncated, altered or without a record is never loaded — it is rebuilt, and a
`CompileCacheWarning` says which file was damaged and how. Scratch files of builds that were
killed are removed by a later build (those of a module whose lock nobody holds).

A compile takes seconds, and a window wants to say so while it happens: `watching_compiles`
calls a function of the caller's when the calling thread starts and ends compiling a module,
with how long the recent builds took (each record keeps its build's time, ``seconds``).

C is compiled without floating-point contraction (``-ffp-contract=off``): fused multiply-adds
would round differently from numpy, and both targets must give the same numbers. Nor does the
compiler evaluate the C library's transcendental functions itself (``-fno-builtin-exp``...):
it would round constants with its own exact arithmetic, where the running code calls the
library (or numpy's loops, see `engine.codegen.cython.numpy_loops`).
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.machinery
import importlib.util
import json
import os
import platform
import shlex
import shutil
import stat
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from types import ModuleType

from engine.codegen.cython.functions import not_folded

__all__ = [
    "ADDRESS_FUNCTION",
    "CompileCacheWarning",
    "CompileError",
    "CompileNotice",
    "build_module",
    "cache_dir",
    "compiler_problem",
    "machine_features",
    "module_name",
    "watching_compiles",
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

# Functions the compiler must not evaluate at compile time (see the module's documentation).
_NOT_FOLDED = (*not_folded(), "pow")
_C_FLAGS = (
    "-O2",
    "-fPIC",
    "-ffp-contract=off",
    *(f"-fno-builtin-{function}" for function in _NOT_FOLDED),
    "-fno-strict-aliasing",
    "-fwrapv",
    "-w",
)
#: The file name ending of compiled modules (``.cpython-311-x86_64-linux-gnu.so``...).
SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]
_RECORD = ".json"  # after the module's file name
_LOCK = ".lock"  # after the module's name
_SCRATCH = ".build"  # after "<module name>.<random>"
#: How many of the newest records `CompileNotice.expected` is estimated from.
_RECENT_BUILDS = 5

_loaded: dict[str, ModuleType] = {}


class CompileError(RuntimeError):
    """Generated code could not be compiled; the message says what the tools said."""


class CompileCacheWarning(UserWarning):
    """A compiled module in the cache was damaged: it was rebuilt instead of loaded.

    Attributes
    ----------
    path
        The module's file.
    problem
        What was wrong with it.
    """

    def __init__(self, path: Path, problem: str) -> None:
        super().__init__(
            f"The compiled module {path} in the compile cache was damaged ({problem}), so it "
            "was rebuilt"
        )
        self.path = path
        self.problem = problem


@dataclass(frozen=True)
class CompileNotice:
    """What a function given to `watching_compiles` is told about a compile.

    Attributes
    ----------
    module
        The name of the module being compiled.
    done
        False when the compile starts, True when it has ended (built, or failed).
    seconds
        How long the compile took, in seconds (0 when it starts).
    expected
        About how long it will take, in seconds: the median time of the newest builds recorded
        in the cache folder, or None when none is recorded yet (the very first build).
    """

    module: str
    done: bool
    seconds: float
    expected: float | None


#: Per thread: the functions `watching_compiles` installed, innermost last.
_watchers = threading.local()


@contextlib.contextmanager
def watching_compiles(watcher: Callable[[CompileNotice], None]) -> Iterator[None]:
    """Tell ``watcher`` about every module this thread compiles while the block runs.

    ``watcher`` is called with a `CompileNotice` just before a compile starts and once more
    when it has ended, in the compiling thread. A module found in the cache (the usual case
    after a network's first run) is no compile and is not told. An exception ``watcher``
    raises propagates from the compile (so a watcher should not raise). Blocks may be nested;
    every watcher installed in this thread is told.
    """
    stack: list[Callable[[CompileNotice], None]] = getattr(_watchers, "stack", [])
    _watchers.stack = [*stack, watcher]
    try:
        yield
    finally:
        _watchers.stack = stack


def cache_dir() -> Path:
    """Return the folder compiled modules are kept in (created by `build_module`)."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    import platformdirs
    from Cython.Shadow import __version__ as cython_version

    tag = f"{sys.implementation.cache_tag}-cython{cython_version}"
    return Path(platformdirs.user_cache_dir("spikecanvas")) / "cython" / tag


@functools.cache
def machine_features() -> str:
    """Return what compiled code's numbers depend on besides its source, as one line of text.

    The processor (architecture, and the SIMD features numpy detected and uses — they decide
    which of numpy's loops compute ``exp``...), the C library, and numpy's version. Part of
    every module's name: a cache shared between machines never mixes their modules.
    """
    import numpy

    try:
        from numpy._core._multiarray_umath import __cpu_features__
    except ImportError:  # pragma: no cover - numpy moved it
        features = "unknown"
    else:
        features = " ".join(sorted(name for name, on in __cpu_features__.items() if on))
    libc = " ".join(platform.libc_ver())
    return f"{platform.machine()}; {features}; {libc}; numpy {numpy.__version__}"


def module_name(source: str) -> str:
    """Return the name of the module built from ``source`` (a hash of it, versions, machine)."""
    from Cython.Shadow import __version__ as cython_version

    key = "\n".join((source, cython_version, sys.version, " ".join(_C_FLAGS), machine_features()))
    return "_spikecanvas_" + hashlib.sha256(key.encode()).hexdigest()[:24]


def build_module(source: str) -> tuple[ModuleType, bool]:
    """Return the extension module compiled from Cython ``source``, and whether it was built now.

    A module found in the cache is checked before it is loaded; a damaged one is rebuilt, with
    a `CompileCacheWarning`.

    Raises
    ------
    CompileError
        If Cython or the C compiler fails (with their messages), no C compiler is found, or
        the cache folder cannot be used.
    """
    name = module_name(source)
    module = _loaded.get(name)
    if module is not None:
        return module, False
    folder = _usable_folder(cache_dir())
    path = folder / (name + SUFFIX)
    with _locked(folder / (name + _LOCK)):
        module = _loaded.get(name)  # another thread of this process built it meanwhile
        if module is not None:
            return module, False
        _remove_scratch(folder, name)  # of a build of this module that was killed
        problem = _damage(path)
        built = problem is not None
        if problem is not None:
            if problem != _MISSING:
                warnings.warn(CompileCacheWarning(path, problem), stacklevel=2)
            _compile_told(name, source, folder, path)
            _remove_abandoned_scratch(folder)
        try:
            module = _load(name, path)
        except ImportError as error:
            if built:
                raise CompileError(f"the module built cannot be loaded: {error}") from error
            # Intact as recorded, yet not loadable (built by a broken toolchain?): once more.
            warnings.warn(CompileCacheWarning(path, f"it cannot be loaded: {error}"), stacklevel=2)
            _compile_told(name, source, folder, path)
            built = True
            module = _load(name, path)
    _loaded[name] = module
    return module, built


# -- the cache folder ---------------------------------------------------------------------------


def _usable_folder(folder: Path) -> Path:
    """Create ``folder`` if needed; refuse one that other users could write modules into."""
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.stat()
    except OSError as error:
        raise CompileError(f"the compile cache folder {folder} cannot be used: {error}") from error
    if not stat.S_ISDIR(info.st_mode):
        raise CompileError(f"the compile cache folder {folder} is not a folder")
    # A module is code this process runs: nobody else may be able to put one there.
    if hasattr(os, "getuid") and (info.st_uid != os.getuid() or info.st_mode & stat.S_IWOTH):
        raise CompileError(
            f"the compile cache folder {folder} belongs to another user or any user can write "
            f"to it: set {CACHE_ENV} to a folder of your own"
        )
    return folder


@contextlib.contextmanager
def _locked(path: Path, wait: bool = True) -> Iterator[bool]:
    """Hold an exclusive lock on the file ``path`` while the block runs.

    Yields whether the lock is held: always when ``wait`` (it waits for it), else only if
    nobody else held it.
    """
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not POSIX: builds of one module may overlap
        yield wait
        return
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    try:
        descriptor = os.open(path, flags, 0o600)
    except OSError as error:
        raise CompileError(f"cannot lock {path}: {error}") from error
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
        except OSError as error:  # a file system without locks
            raise CompileError(f"cannot lock {path}: {error}") from error
        else:
            yield True
    finally:
        os.close(descriptor)  # releases the lock


def _remove_scratch(folder: Path, name: str) -> None:
    """Remove the scratch folders of builds of module ``name`` (call with its lock held)."""
    for scratch in folder.glob(f"{name}.*{_SCRATCH}"):
        shutil.rmtree(scratch, ignore_errors=True)


def _remove_abandoned_scratch(folder: Path) -> None:
    """Remove scratch left by killed builds of other modules (those nobody is building)."""
    names = {
        entry.name.split(".", 1)[0] for entry in folder.iterdir() if entry.name.endswith(_SCRATCH)
    }
    for name in names:
        if not name.startswith("_spikecanvas_"):
            continue
        with (
            contextlib.suppress(CompileError),
            _locked(folder / (name + _LOCK), wait=False) as held,
        ):
            if held:
                _remove_scratch(folder, name)


# -- checking a module before it is loaded ------------------------------------------------------

_MISSING = "missing"


def _record_path(path: Path) -> Path:
    return path.with_name(path.name + _RECORD)


def _damage(path: Path) -> str | None:
    """Return what is wrong with the module file ``path``: None if intact, `_MISSING` if absent."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return _MISSING
    except OSError as error:
        return f"it cannot be read: {error.strerror}"
    if not stat.S_ISREG(info.st_mode):
        return "it is not a regular file"
    if info.st_size == 0:
        return "it is empty (0 bytes)"
    record = _record_path(path)
    try:
        recorded = json.loads(record.read_text(encoding="utf-8"))
        size, digest = int(recorded["size"]), str(recorded["sha256"])
    except FileNotFoundError:
        return f"{record.name}, the record of its size and hash, is missing"
    except (OSError, ValueError, KeyError, TypeError):
        return f"{record.name}, the record of its size and hash, is unreadable"
    if info.st_size != size:
        return f"it has {info.st_size} bytes, {size} were written: it was truncated or altered"
    try:
        actual = _sha256(path)
    except OSError as error:
        return f"it cannot be read: {error.strerror}"
    if actual != digest:
        return "its contents differ from the SHA-256 recorded when it was built"
    return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# -- building -------------------------------------------------------------------------------------


def _compile_told(name: str, source: str, folder: Path, path: Path) -> None:
    """`_compile`, telling the watchers of this thread (see `watching_compiles`)."""
    watchers = getattr(_watchers, "stack", [])
    if not watchers:
        _compile(name, source, folder, path)
        return
    notice = CompileNotice(name, False, 0.0, _expected_seconds(folder))
    for watcher in watchers:
        watcher(notice)
    start = time.perf_counter()
    try:
        _compile(name, source, folder, path)
    finally:
        done = replace(notice, done=True, seconds=time.perf_counter() - start)
        for watcher in watchers:
            watcher(done)


def _expected_seconds(folder: Path) -> float | None:
    """Return the median build time of the newest records in ``folder``, or None if none."""
    records = []
    for record in folder.glob(f"_spikecanvas_*{SUFFIX}{_RECORD}"):
        with contextlib.suppress(OSError):
            records.append((record.stat().st_mtime, record))
    times = []
    for _, record in sorted(records, reverse=True):
        try:
            seconds = json.loads(record.read_text(encoding="utf-8")).get("seconds")
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(seconds, (int, float)) and 0 <= seconds < 3600:
            times.append(float(seconds))
            if len(times) == _RECENT_BUILDS:
                break
    return statistics.median(times) if times else None


def _compile(name: str, source: str, folder: Path, path: Path) -> None:
    """Build module ``name`` into ``path`` (call with its lock held).

    Its record holds its size and SHA-256 (checked before every load) and how long the build
    took (``seconds``, for `CompileNotice.expected`).
    """
    start = time.perf_counter()
    compiler = _compiler()
    if compiler is None:
        raise CompileError("no C compiler found (install gcc, or set CC)")
    # Whatever was there goes first: a record never describes another file than the module.
    for old in (path, _record_path(path)):
        try:
            if old.is_dir() and not old.is_symlink():
                shutil.rmtree(old)
            else:
                old.unlink()
        except FileNotFoundError:
            pass
        except OSError as error:
            raise CompileError(f"cannot replace {old}: {error}") from error
    try:
        scratch = Path(tempfile.mkdtemp(prefix=f"{name}.", suffix=_SCRATCH, dir=folder))
    except OSError as error:
        raise CompileError(f"cannot build in {folder}: {error}") from error
    try:
        pyx = scratch / f"{name}.pyx"
        pyx.write_text(source, encoding="utf-8")
        c_file = pyx.with_suffix(".c")
        _run(
            [sys.executable, "-m", "cython", "-3", "--fast-fail", str(pyx), "-o", str(c_file)],
            "Cython",
        )
        output = scratch / path.name
        _run(
            [*compiler, "-shared", *_C_FLAGS, str(c_file), "-o", str(output), *_paths()],
            "the C compiler",
        )
        record = scratch / "record.json"
        record.write_text(
            json.dumps(
                {
                    "size": output.stat().st_size,
                    "sha256": _sha256(output),
                    "seconds": round(time.perf_counter() - start, 3),
                }
            ),
            encoding="utf-8",
        )
        # Each moved in one step: no process ever sees half a file. The record first: killed
        # between the two, the module is missing (built again), never unrecorded.
        os.replace(record, _record_path(path))
        os.replace(output, path)
    except OSError as error:  # a full disk, a folder made read-only...
        raise CompileError(f"cannot write the module into {folder}: {error}") from error
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


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
