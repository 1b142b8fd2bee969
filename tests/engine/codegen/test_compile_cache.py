"""The compile cache repairs itself: a damaged module is rebuilt with a warning, never loaded.

Loading a truncated shared library is a bus error that kills the process; an empty or garbage
one used to be skipped silently and never repaired. Every test uses its own cache folder.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import uuid
from pathlib import Path

import numpy as np
import pytest

from engine import NeuronGroup, SpikeMonitor, StateMonitor, ms, prefs, run, start_scope
from engine.codegen.cython import build as cython_build
from engine.codegen.cython import numpy_loops
from engine.codegen.cython.build import CompileCacheWarning, CompileError

pytestmark = pytest.mark.skipif(
    cython_build.compiler_problem() is not None,
    reason=f"no compiled code here: {cython_build.compiler_problem()}",
)


PROBE = cython_build.module_name(numpy_loops._probe_source()) + cython_build.SUFFIX


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """A cache folder of this test's own; modules loaded before are forgotten.

    It holds only the probe of `numpy_loops` (slow to compile; copied from the usual cache):
    processes started with it need not build it again.
    """
    numpy_loops.implementations()  # its probe is built (once) in the usual cache
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    for name in (PROBE, PROBE + ".json"):
        if (cython_build.cache_dir() / name).exists():
            shutil.copy2(cython_build.cache_dir() / name, folder / name)
    monkeypatch.setenv(cython_build.CACHE_ENV, str(folder))
    monkeypatch.setattr(cython_build, "_loaded", {})
    return folder


def new_source() -> str:
    """Cython source never built before (a module of its own)."""
    token = uuid.uuid4().hex
    return f"def answer():\n    return 42  # {token}\n"


def module_file(source: str) -> Path:
    return cython_build.cache_dir() / (cython_build.module_name(source) + cython_build.SUFFIX)


def replace(path: Path, contents: bytes) -> None:
    """Put ``contents`` in the file ``path`` as a new file.

    Not in place: this process may have the old file mapped (it loaded the module), and
    changing a mapped library under a process is what kills it with a bus error.
    """
    damaged = path.with_name("damaged")
    damaged.write_bytes(contents)
    os.replace(damaged, path)


def truncate(path: Path) -> None:
    replace(path, path.read_bytes()[: path.stat().st_size // 3])


def empty(path: Path) -> None:
    replace(path, b"")


def garbage(path: Path) -> None:
    size = path.stat().st_size
    replace(path, np.random.default_rng(1).bytes(size))  # same size, other contents


def unrecorded(path: Path) -> None:
    Path(str(path) + ".json").unlink()


def misrecorded(path: Path) -> None:
    Path(str(path) + ".json").write_text("{not json", encoding="utf-8")


DAMAGES = {
    truncate: "truncated",
    empty: "empty",
    garbage: "differ from the SHA-256",
    unrecorded: "record of its size and hash, is missing",
    misrecorded: "record of its size and hash, is unreadable",
}


@pytest.mark.parametrize("damage", DAMAGES, ids=lambda damage: damage.__name__)
def test_a_damaged_module_is_rebuilt_with_a_warning_naming_the_file_and_the_damage(cache, damage):
    source = new_source()
    module, built = cython_build.build_module(source)
    assert built
    assert module.answer() == 42
    path = module_file(source)
    damage(path)
    cython_build._loaded.clear()  # as in a new process

    with pytest.warns(CompileCacheWarning, match=DAMAGES[damage]) as caught:
        module, built = cython_build.build_module(source)

    assert built
    assert module.answer() == 42
    assert caught[0].message.path == path
    assert str(path) in str(caught[0].message)
    cython_build._loaded.clear()
    module, built = cython_build.build_module(source)  # repaired: loaded, silently
    assert not built
    assert module.answer() == 42


def test_a_module_never_built_is_built_without_a_warning(cache):
    module, built = cython_build.build_module(new_source())  # warnings are errors here
    assert built
    assert module.answer() == 42
    assert not list(cache.glob("*.build"))  # no scratch left


def lif_network() -> dict[str, np.ndarray]:
    """A small deterministic network: its spikes and a trace."""
    start_scope()
    G = NeuronGroup(
        40,
        "dv/dt = (1.2 + 0.01*i - v)/(10*ms) + exp(-v)/(50*ms) : 1",
        threshold="v > 1",
        reset="v = 0",
        method="euler",
    )
    spikes = SpikeMonitor(G)
    trace = StateMonitor(G, "v", record=[0, 13, 39])
    run(30 * ms)
    return {"i": spikes.i[:], "t": spikes.t_[:], "v": trace.v_[:]}


def test_a_network_whose_module_was_damaged_rebuilds_it_and_gives_numpys_numbers(cache):
    prefs.codegen.target = "numpy"
    expected = lif_network()
    prefs.codegen.target = "cython"
    first = lif_network()
    modules = [m for m in cache.glob(f"*{cython_build.SUFFIX}") if m.name != PROBE]
    assert modules
    for module in modules:
        truncate(module)
    cython_build._loaded.clear()

    with pytest.warns(CompileCacheWarning, match="truncated"):
        repaired = lif_network()

    for name in expected:
        np.testing.assert_array_equal(first[name], expected[name], err_msg=name)
        np.testing.assert_array_equal(repaired[name], expected[name], err_msg=name)


SCRIPT = """
import sys
import numpy as np
from engine import NeuronGroup, SpikeMonitor, StateMonitor, ms, prefs, run
prefs.codegen.target = sys.argv[1]
G = NeuronGroup(40, "dv/dt = (1.2 + 0.01*i - v)/(10*ms) + exp(-v)/(50*ms) : 1",
                threshold="v > 1", reset="v = 0", method="euler")
spikes = SpikeMonitor(G)
trace = StateMonitor(G, "v", record=[0, 13, 39])
run(30 * ms)
np.savez(sys.argv[2], i=spikes.i[:], t=spikes.t_[:], v=trace.v_[:])
"""


def run_script(folder: Path, cache: Path, target: str, name: str) -> subprocess.CompletedProcess:
    script = folder / "network.py"
    script.write_text(textwrap.dedent(SCRIPT), encoding="utf-8")
    environment = {**os.environ, cython_build.CACHE_ENV: str(cache)}
    return subprocess.run(
        [sys.executable, str(script), target, str(folder / name)],
        capture_output=True,
        text=True,
        env=environment,
        timeout=600,
        check=False,
    )


@pytest.mark.parametrize("damage", [truncate, empty, garbage], ids=lambda d: d.__name__)
def test_a_new_process_finding_a_damaged_module_runs_and_exits_0(tmp_path, cache, damage):
    first = run_script(tmp_path, cache, "cython", "first.npz")
    assert first.returncode == 0, first.stderr
    modules = [m for m in cache.glob(f"*{cython_build.SUFFIX}") if m.name != PROBE]
    for module in modules:
        damage(module)

    again = run_script(tmp_path, cache, "auto", "again.npz")  # was a bus error (exit -7)

    assert again.returncode == 0, again.stderr
    assert "CompileCacheWarning" in again.stderr
    assert any(str(module) in again.stderr for module in modules)
    on_numpy = run_script(tmp_path, cache, "numpy", "numpy.npz")
    saved = {name: np.load(tmp_path / name) for name in ("first.npz", "again.npz", "numpy.npz")}
    for key in ("i", "t", "v"):
        np.testing.assert_array_equal(saved["again.npz"][key], saved["numpy.npz"][key])
        np.testing.assert_array_equal(saved["first.npz"][key], saved["numpy.npz"][key])
    assert on_numpy.returncode == 0


EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "lif_fi_curve.spikecanvas"


def test_spikecanvas_run_prints_the_repair_in_one_line_and_exits_0(tmp_path, cache):
    command = [sys.executable, "-m", "engine", "run", str(EXAMPLE), "--target", "cython"]
    command += ["--duration", "5*ms", "--quiet"]
    environment = {**os.environ, cython_build.CACHE_ENV: str(cache)}

    def spikecanvas_run() -> subprocess.CompletedProcess:
        return subprocess.run(
            command, capture_output=True, text=True, env=environment, timeout=600, check=False
        )

    first = spikecanvas_run()
    assert first.returncode == 0, first.stderr
    assert "warning" not in first.stderr
    modules = [m for m in cache.glob(f"*{cython_build.SUFFIX}") if m.name != PROBE]
    for module in modules:
        truncate(module)

    again = spikecanvas_run()

    assert again.returncode == 0, again.stderr
    repairs = [line for line in again.stderr.splitlines() if "was damaged" in line]
    assert repairs
    assert all(line.startswith("spikecanvas: warning: The compiled module ") for line in repairs)
    assert "warnings.warn" not in again.stderr  # no Python source lines


CONCURRENT = """
import sys
from engine.codegen.cython import build
module, built = build.build_module(sys.argv[1])
print(module.answer(), built)
"""


def test_two_processes_building_the_same_module_at_once_both_succeed(tmp_path, cache):
    source = new_source() + "cdef double _padding(double x):\n    return x * 2\n"
    environment = {**os.environ, cython_build.CACHE_ENV: str(cache)}
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", CONCURRENT, source],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )
        for _ in range(2)
    ]
    outputs = [process.communicate(timeout=600) for process in processes]

    assert [process.returncode for process in processes] == [0, 0], outputs
    answers = sorted(out.split() for out, _ in outputs)
    assert answers == [["42", "False"], ["42", "True"]]  # one built it, the other loaded it
    assert len([m for m in cache.glob(f"*{cython_build.SUFFIX}") if m.name != PROBE]) == 1
    assert not list(cache.glob("*.build"))


def test_scratch_of_killed_builds_is_removed_by_a_later_build(cache):
    abandoned = cache / "_spikecanvas_0123456789abcdef01234567.k1ll3d.build"
    abandoned.mkdir()
    (abandoned / "half.c").write_text("int x;", encoding="utf-8")
    source = new_source()
    own = cache / f"{cython_build.module_name(source)}.0ld.build"
    own.mkdir()

    cython_build.build_module(source)

    assert not abandoned.exists()
    assert not own.exists()


def test_scratch_of_a_build_going_on_is_kept(cache):
    name = "_spikecanvas_aaaaaaaaaaaaaaaaaaaaaaaa"
    going_on = cache / f"{name}.n0w.build"
    going_on.mkdir()
    with cython_build._locked(cache / f"{name}.lock"):  # as another process building it
        cython_build.build_module(new_source())
    assert going_on.exists()


def test_a_cache_folder_anyone_can_write_to_is_refused(cache):
    cache.chmod(0o777)
    with pytest.raises(CompileError, match="any user can write"):
        cython_build.build_module(new_source())


def test_a_folder_where_a_module_should_be_is_replaced(cache):
    source = new_source()
    path = module_file(source)
    (path / "inside").mkdir(parents=True)
    with pytest.warns(CompileCacheWarning, match="not a regular file"):
        module, built = cython_build.build_module(source)
    assert built
    assert module.answer() == 42
    assert path.is_file()


def test_the_machine_is_part_of_every_modules_name(monkeypatch):
    source = "def f():\n    return 1\n"
    here = cython_build.module_name(source)
    monkeypatch.setattr(cython_build, "machine_features", lambda: "x86_64; AVX2; glibc 2.36")
    assert cython_build.module_name(source) != here
