"""Output files are written safely (issue 18, item 6).

Every file SpikeCanvas writes (projects, results, CSV tables, scripts, stored network states,
images) goes through `engine.outputs`: a temporary file renamed over the target, never a link,
a device, a pipe, a socket or a folder replaced or written through, the user's usual
permissions, and a clear error with exit status 4 on a full disk. These tests attack each
writer: a failure in the middle of a write, a writer killed outright, special files at the
target, umasks, and a disk that is really (tmpfs) or apparently (ENOSPC, EFBIG) full.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
import signal
import socket
import stat
import subprocess
import sys
import textwrap
import threading
import time
import types
from collections.abc import Callable, Iterator
from pathlib import Path

import h5py
import numpy as np
import pytest

from engine.outputs import (
    STALE_AFTER,
    TEMPORARY_SUFFIX,
    OutputError,
    check_output,
    open_output,
    remove_stale_temporaries,
    write_bytes,
    write_text,
)
from engine.project import Edge, NeuronGroupNode, Project, SpikeMonitorNode, load, save
from engine.project.cli import EXIT_OUTPUT, main
from engine.project.results import Provenance, Results, SpikeData
from engine.project.results_csv import write_csv

ROOT = Path(__file__).resolve().parents[2]
CUBA = ROOT / "examples" / "cuba.spikecanvas"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


# -- the writers -----------------------------------------------------------------------------------


def small_results(seed: int = 7) -> Results:
    provenance = Provenance(
        engine_version="test",
        seed=seed,
        seed_drawn=False,
        target="numpy",
        target_used="numpy",
        dt=1e-4,
        duration=0.01,
        simulated=0.01,
        status="completed",
        wall_time=0.1,
        build_time=0.01,
        date="2024-01-01T00:00:00Z",
        numpy_version=np.__version__,
        python_version="3",
    )
    spikes = SpikeData("m", "spikes", "G", 3, i=np.array([0, 2], np.int32), t=np.array([0.0, 1e-3]))
    project = Project(
        title=f"results {seed}",
        nodes=[
            NeuronGroupNode(id="g", name="G", N="3", model="dv/dt = -v/(10*ms) : 1"),
            SpikeMonitorNode(id="m", name="spikes"),
        ],
        edges=[Edge(source="g", target="m", role="record")],
    )
    return Results(project, provenance, {"spikes": spikes})


def store_state(path: Path, name: str = "default") -> None:
    from engine import Network, NeuronGroup

    group = NeuronGroup(3, "v : 1")
    group.v = [1.0, 2.0, 3.0]
    Network(group).store(name, filename=path)


def read_store(path: Path) -> list[str]:
    with h5py.File(path, "r") as file:
        return sorted(file)


#: name -> (write to a path, a check that the file written is whole)
WRITERS: dict[str, tuple[Callable[[Path], None], Callable[[Path], object]]] = {
    "project": (lambda p: save(Project(title="new"), p), lambda p: load(p).title),
    "results": (lambda p: small_results(8).save(p), lambda p: Results.load(p).provenance.seed),
    "csv": (
        lambda p: write_csv(small_results().monitors["spikes"], p),
        lambda p: p.read_text().splitlines()[0],
    ),
    "store": (store_state, read_store),
    "text": (lambda p: write_text(p, "print('hello')\n"), lambda p: p.read_text()),
}
KINDS = list(WRITERS)


def write(kind: str, path: Path) -> None:
    WRITERS[kind][0](path)


def temporaries(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(TEMPORARY_SUFFIX))


@pytest.fixture
def umask() -> Iterator[Callable[[int], None]]:
    """Set the process's umask for a test, and put the previous one back."""
    previous = os.umask(0o022)
    os.umask(previous)
    yield os.umask
    os.umask(previous)


# -- atomic writes -------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_write_that_fails_midway_keeps_the_previous_file_and_leaves_no_temporary(
    kind, tmp_path, monkeypatch
):
    path = tmp_path / f"out.{kind}"
    write(kind, path)
    before = path.read_bytes()
    written = []
    real_write, real_savetxt = os.write, np.savetxt

    def write_half_then_fail(handle, data):
        if written:
            raise OSError(errno.EIO, os.strerror(errno.EIO))
        written.append(real_write(handle, bytes(data)[: max(1, len(data) // 2)]))
        return written[-1]

    def savetxt_then_fail(file, *args, **kwargs):  # the CSV writer writes through a file object
        real_savetxt(file, *args, **kwargs)
        file.flush()
        written.append(file.tell())
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "write", write_half_then_fail)
    monkeypatch.setattr(np, "savetxt", savetxt_then_fail)
    with pytest.raises(OSError, match="Input/output error"):
        write(kind, path)
    assert written  # the failure came after part of the file was written
    assert written[0] > 0
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


@pytest.mark.parametrize("kind", KINDS)
def test_an_interrupted_write_keeps_the_previous_file(kind, tmp_path, monkeypatch):
    path = tmp_path / f"out.{kind}"
    write(kind, path)
    before = path.read_bytes()

    def interrupt(*args):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write(kind, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name]


def test_replacing_a_file_never_writes_into_its_other_hard_links(tmp_path):
    path = tmp_path / "net.spikecanvas"
    save(Project(title="shared"), path)
    other = tmp_path / "elsewhere.spikecanvas"
    os.link(path, other)
    save(Project(title="changed"), path)
    assert load(path).title == "changed"
    assert load(other).title == "shared"


def test_concurrent_writes_of_one_file_each_leave_a_whole_file(tmp_path):
    path = tmp_path / "net.spikecanvas"
    titles = [f"writer {k} " + "x" * 20_000 for k in range(8)]
    errors = []

    def writer(title):
        try:
            for _ in range(5):
                save(Project(title=title), path)
        except Exception as error:
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(title,)) for title in titles]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert load(path).title in titles
    assert temporaries(tmp_path) == []


def test_a_write_in_progress_is_never_taken_for_a_killed_one(tmp_path):
    """Another thread's write into the same folder must not remove this one's temporary."""
    with open_output(tmp_path / "slow.txt") as file:
        file.write("first half ")
        file.flush()
        [mine] = temporaries(tmp_path)
        save(Project(title="meanwhile"), tmp_path / "other.spikecanvas")
        assert temporaries(tmp_path) == [mine]
        file.write("second half")
    assert (tmp_path / "slow.txt").read_text() == "first half second half"


def test_a_target_that_becomes_a_link_while_written_is_not_replaced(tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("precious")
    path = tmp_path / "out.txt"

    def swap_while_writing():
        with open_output(path) as file:
            file.write("data")
            path.symlink_to(victim)

    with pytest.raises(OutputError, match="symbolic link"):
        swap_while_writing()
    assert path.is_symlink()
    assert victim.read_text() == "precious"
    assert temporaries(tmp_path) == []


# -- writers killed outright ---------------------------------------------------------------------

KILLED_WRITER = """
import os, signal, sys
from engine.outputs import open_output
with open_output(sys.argv[1]) as file:
    file.write("half of a file")
    file.flush()
    os.kill(os.getpid(), signal.SIGKILL)
"""

WAITING_WRITER = """
import sys
from engine.outputs import open_output
with open_output(sys.argv[1]) as file:
    file.write("being written")
    file.flush()
    print("writing", flush=True)
    sys.stdin.readline()
"""


def python(code: str, *args: str, **options) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=ROOT,
        **options,
    )


@pytest.mark.parametrize("kind", KINDS)
def test_the_temporary_of_a_killed_writer_is_removed_by_the_next_write(kind, tmp_path):
    path = tmp_path / "out.txt"
    path.write_text("previous")
    result = python(KILLED_WRITER, str(path))
    assert result.returncode == -signal.SIGKILL
    assert path.read_text() == "previous"
    [left] = temporaries(tmp_path)
    assert left.startswith(".out.txt.")
    write(kind, tmp_path / f"next.{kind}")
    assert temporaries(tmp_path) == []
    assert path.read_text() == "previous"


def test_the_temporary_of_a_live_writer_is_left_alone_until_it_is_gone(tmp_path):
    path = tmp_path / "out.txt"
    with subprocess.Popen(
        [sys.executable, "-c", WAITING_WRITER, str(path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    ) as writer:
        try:
            assert writer.stdout.readline().strip() == "writing"
            [live] = temporaries(tmp_path)
            save(Project(), tmp_path / "other.spikecanvas")
            assert temporaries(tmp_path) == [live]
        finally:
            writer.kill()
            writer.wait(timeout=60)
    save(Project(), tmp_path / "other.spikecanvas")
    assert temporaries(tmp_path) == []


def test_a_temporary_unchanged_for_long_is_stale_even_if_its_process_id_is_in_use(tmp_path):
    # Process 1 always exists; a temporary naming it was left by a process whose id was reused.
    old = tmp_path / f".old.txt.1.0123456789ab{TEMPORARY_SUFFIX}"
    fresh = tmp_path / f".fresh.txt.1.0123456789ab{TEMPORARY_SUFFIX}"
    for left in (old, fresh):
        left.write_text("left behind")
    long_ago = time.time() - STALE_AFTER - 60
    os.utime(old, (long_ago, long_ago))
    assert remove_stale_temporaries(tmp_path) == [old]
    assert fresh.exists()


def test_cleaning_never_removes_what_it_did_not_write(tmp_path):
    dead = 2**31 - 1  # beyond any pid_max: no such process
    mine = f".x.{dead}.0123456789ab{TEMPORARY_SUFFIX}"
    lookalikes = [
        f".x.{dead}.0123456789ab.tmp",  # an older SpikeCanvas's or another program's
        f"x.{dead}.0123456789ab{TEMPORARY_SUFFIX}",  # not hidden
        f".x.{dead}.0123456789AB{TEMPORARY_SUFFIX}",  # not our token
        f".x.{dead}.0123456789ab{TEMPORARY_SUFFIX}.bak",
        "notes.txt",
    ]
    for name in [mine, *lookalikes]:
        (tmp_path / name).write_text("x")
    folder = tmp_path / f".d.{dead}.0123456789ab{TEMPORARY_SUFFIX}"
    folder.mkdir()
    (folder / "inside").write_text("x")
    link = tmp_path / f".l.{dead}.0123456789ab{TEMPORARY_SUFFIX}"
    link.symlink_to(tmp_path / "notes.txt")
    assert remove_stale_temporaries(tmp_path) == [tmp_path / mine]
    assert all((tmp_path / name).exists() for name in lookalikes)
    assert (folder / "inside").exists()
    assert link.is_symlink()


@pytest.mark.skipif(not IS_ROOT, reason="needs another user's file: root only")
def test_cleaning_leaves_the_temporaries_of_other_users_alone(tmp_path):
    dead = 2**31 - 1
    theirs = tmp_path / f".x.{dead}.0123456789ab{TEMPORARY_SUFFIX}"
    theirs.write_text("someone else's")
    os.chown(theirs, 12345, 12345)
    assert remove_stale_temporaries(tmp_path) == []
    assert theirs.exists()


def test_an_output_may_not_be_named_like_a_temporary(tmp_path):
    name = f".x.{2**31 - 1}.0123456789ab{TEMPORARY_SUFFIX}"
    with pytest.raises(OutputError, match="temporary files"):
        save(Project(), tmp_path / name)
    assert list(tmp_path.iterdir()) == []


# -- what is never replaced ----------------------------------------------------------------------


def make_fifo(path: Path) -> None:
    os.mkfifo(path)


def make_socket(path: Path) -> None:
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(path))
    listener.close()  # the socket file stays


def make_device(path: Path) -> None:
    if not IS_ROOT:
        pytest.skip("creating a character device needs root")
    os.mknod(path, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # the numbers of /dev/null


def make_folder(path: Path) -> None:
    path.mkdir()
    (path / "inside").write_text("kept")


def make_link(path: Path) -> None:
    (path.parent / "linked-file").write_text("the file the link points to")
    path.symlink_to(path.parent / "linked-file")


def make_dangling_link(path: Path) -> None:
    path.symlink_to(path.parent / "would-be-created-elsewhere")


SPECIAL = {
    "device": (make_device, "it is a device, not a file"),
    "fifo": (make_fifo, r"it is a named pipe \(FIFO\), not a file"),
    "socket": (make_socket, "it is a socket, not a file"),
    "folder": (make_folder, "it is a folder"),
    "link": (make_link, "it is a symbolic link to '.*linked-file'; SpikeCanvas never writes"),
    "dangling link": (make_dangling_link, "it is a symbolic link"),
}


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every entry below ``folder``: its kind, device numbers, inode and contents."""
    seen = {}
    for entry in sorted(folder.rglob("*")):
        status = entry.lstat()
        content = entry.read_bytes() if stat.S_ISREG(status.st_mode) else None
        seen[str(entry.relative_to(folder))] = (
            stat.S_IFMT(status.st_mode),
            status.st_rdev,
            status.st_ino,
            content,
        )
    return seen


@pytest.mark.timeout(60)  # a writer that opened the FIFO would block forever
@pytest.mark.parametrize("special", SPECIAL)
@pytest.mark.parametrize("kind", KINDS)
def test_special_files_are_refused_and_left_untouched(kind, special, tmp_path):
    make, message = SPECIAL[special]
    path = tmp_path / "target"
    make(path)
    before = snapshot(tmp_path)
    with pytest.raises(OutputError, match=message) as raised:
        write(kind, path)
    assert raised.value.path == str(path)
    assert str(raised.value).startswith(f"cannot write '{path}': ")
    assert snapshot(tmp_path) == before


def test_dev_null_is_refused_without_writing(monkeypatch, capsys):
    with pytest.raises(OutputError, match="device"):
        check_output("/dev/null")

    def no_run(*args, **kwargs):
        raise AssertionError("the run should not start")

    monkeypatch.setattr("engine.project.runner.run", no_run)
    assert main(["run", str(CUBA), "--out", "/dev/null"]) == EXIT_OUTPUT
    err = capsys.readouterr().err
    assert err == "spikecanvas: cannot write to '/dev/null': it is a device, not a file\n"
    assert stat.S_ISCHR(os.lstat("/dev/null").st_mode)


@pytest.mark.parametrize("special", ["device", "fifo", "link", "folder"])
def test_the_command_line_refuses_special_outputs_before_running(
    special, tmp_path, monkeypatch, capsys
):
    make, message = SPECIAL[special]
    path = tmp_path / "target"
    make(path)
    before = snapshot(tmp_path)

    def no_run(*args, **kwargs):
        raise AssertionError("the run should not start")

    monkeypatch.setattr("engine.project.runner.run", no_run)
    for option in ("--out", "--plot"):
        assert main(["run", str(CUBA), option, str(path)]) == EXIT_OUTPUT
        assert re.fullmatch(
            f"spikecanvas: cannot write to '{re.escape(str(path))}': {message}.*\n",
            capsys.readouterr().err,
        )
    assert main(["export", str(CUBA), "-o", str(path)]) == EXIT_OUTPUT
    assert re.match(
        f"spikecanvas: cannot write the script to '{re.escape(str(path))}': {message}",
        capsys.readouterr().err,
    )
    assert snapshot(tmp_path) == before


def test_a_csv_folder_that_is_a_file_is_refused_before_running(tmp_path, monkeypatch, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("kept")

    def no_run(*args, **kwargs):
        raise AssertionError("the run should not start")

    monkeypatch.setattr("engine.project.runner.run", no_run)
    assert main(["run", str(CUBA), "--csv", str(blocker)]) == EXIT_OUTPUT
    assert "it is not a folder" in capsys.readouterr().err
    assert blocker.read_text() == "kept"


def test_a_link_in_the_folder_part_is_followed_like_any_program_does(tmp_path):
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "alias").symlink_to(real)
    save(Project(title="through a folder link"), tmp_path / "alias" / "net.spikecanvas")
    assert load(real / "net.spikecanvas").title == "through a folder link"


def test_long_and_odd_file_names_are_written(tmp_path):
    for name in ("n" * 250 + ".h5", "new\nline.h5", os.fsdecode(b"caf\xe9-latin1.h5")):
        small_results().save(tmp_path / name)
        assert Results.load(tmp_path / name).provenance.seed == 7
    assert temporaries(tmp_path) == []


# -- modes -------------------------------------------------------------------------------------


@pytest.mark.parametrize("mask", [0o022, 0o077, 0o002, 0o000])
@pytest.mark.parametrize("kind", KINDS)
def test_a_new_file_gets_the_mode_of_the_umask(kind, mask, tmp_path, umask):
    umask(mask)
    path = tmp_path / f"new.{kind}"
    write(kind, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask


@pytest.mark.parametrize("mode", [0o640, 0o600, 0o664, 0o755, 0o200])
@pytest.mark.parametrize("kind", KINDS)
def test_a_replaced_file_keeps_its_mode(kind, mode, tmp_path, umask):
    umask(0o022)
    path = tmp_path / f"old.{kind}"
    write(kind, path)
    path.chmod(mode)
    write(kind, path)
    assert stat.S_IMODE(path.stat().st_mode) == mode


def test_new_contents_do_not_inherit_set_user_id(tmp_path):
    path = tmp_path / "tool.py"
    write_text(path, "old")
    path.chmod(0o4755)
    write_text(path, "new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o755


@pytest.mark.skipif(not IS_ROOT, reason="changing a file's owner needs root")
def test_root_replacing_a_users_file_gives_it_back_to_its_owner(tmp_path):
    path = tmp_path / "net.spikecanvas"
    save(Project(), path)
    os.chown(path, 12345, 23456)
    save(Project(title="as root"), path)
    assert (path.stat().st_uid, path.stat().st_gid) == (12345, 23456)


def test_private_files_are_for_their_owner_only_whatever_the_umask(tmp_path, umask):
    umask(0o000)
    path = tmp_path / "recovery.json"
    write_text(path, "{}", private=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.chmod(0o644)
    write_text(path, "{}", private=True)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize("mask", [0o022, 0o027])
def test_the_command_lines_outputs_get_the_mode_of_the_umask(mask, tmp_path):
    results, script, tables = tmp_path / "r.h5", tmp_path / "s.py", tmp_path / "tables"
    options = {"umask": mask}
    run = python(
        "import sys; from engine.project.cli import main; sys.exit(main(sys.argv[1:]))",
        *("run", str(CUBA), "--duration", "2*ms", "--quiet"),
        *("--out", str(results), "--csv", str(tables)),
        **options,
    )
    assert run.returncode == 0, run.stderr
    export = python(
        "import sys; from engine.project.cli import main; sys.exit(main(sys.argv[1:]))",
        *("export", str(CUBA), "-o", str(script)),
        **options,
    )
    assert export.returncode == 0, export.stderr
    for path in [results, script, *tables.iterdir()]:
        assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~mask, path


# -- a full disk -----------------------------------------------------------------------------------


def no_space(handle, data):
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("kind", ["project", "results", "store", "text"])
def test_a_full_disk_is_one_clear_error_that_keeps_the_previous_file(kind, tmp_path, monkeypatch):
    path = tmp_path / f"out.{kind}"
    write(kind, path)
    before = path.read_bytes()
    monkeypatch.setattr(os, "write", no_space)
    with pytest.raises(OutputError) as raised:
        write(kind, path)
    error = raised.value
    assert error.errno == errno.ENOSPC
    assert re.fullmatch(
        r"the disk is full \(needed about [0-9.]+ (bytes|kB|MB), [0-9.]+ (bytes|kB|MB|GB) "
        r"free\): free some space or write elsewhere",
        error.strerror,
    )
    assert str(error) == f"cannot write '{path}': {error.strerror}"
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert temporaries(tmp_path) == []


def test_a_full_disk_while_writing_a_table_says_about_how_much_was_needed(tmp_path, monkeypatch):
    data = SpikeData("m", "spikes", "G", 10, i=np.zeros(10_000, np.int32), t=np.ones(10_000))
    real_savetxt = np.savetxt

    def full(file, *args, **kwargs):
        real_savetxt(file, *args, **kwargs)
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(np, "savetxt", full)
    with pytest.raises(OutputError, match=r"the disk is full \(needed about 480 kB"):
        write_csv(data, tmp_path / "spikes.csv")
    assert list(tmp_path.iterdir()) == []


def test_no_room_for_even_an_empty_file_is_a_full_disk(tmp_path, monkeypatch):
    def no_inode(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), args[0])

    monkeypatch.setattr(os, "open", no_inode)
    with pytest.raises(OutputError, match=r": the disk is full \(needed about 4 bytes, "):
        write_bytes(tmp_path / "x", b"data")
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_a_quota_is_named_as_such(tmp_path, monkeypatch):
    def quota(handle, data):
        raise OSError(errno.EDQUOT, os.strerror(errno.EDQUOT))

    monkeypatch.setattr(os, "write", quota)
    with pytest.raises(OutputError, match="your disk quota is used up"):
        write_bytes(tmp_path / "x", b"data")


def test_an_image_writer_that_fails_silently_on_a_full_disk_is_told_apart(tmp_path, monkeypatch):
    """Writers that only say "failed" (Qt) are judged by the room left on the disk."""
    from engine.outputs import replacing

    monkeypatch.setattr(shutil, "disk_usage", lambda path: types.SimpleNamespace(free=0))
    with pytest.raises(OutputError, match="the disk is full"), replacing(tmp_path / "x.png"):
        raise OSError("Could not write the image")
    monkeypatch.undo()
    with pytest.raises(OSError, match="^Could not write the image$"), replacing(tmp_path / "x.png"):
        raise OSError("Could not write the image")
    assert list(tmp_path.iterdir()) == []


CLI_WITH_FULL_DISK = """
import errno, os, sys
from engine.outputs import TEMPORARY_SUFFIX

real_write = os.write

def write(handle, data):
    # Only the output files meet a full disk: the rest of the process works as usual.
    if os.readlink(f"/proc/self/fd/{handle}").endswith(TEMPORARY_SUFFIX):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
    return real_write(handle, data)

os.write = write
from engine.project.cli import main
sys.exit(main(sys.argv[1:]))
"""


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc")
@pytest.mark.parametrize(
    ("arguments", "what"),
    [
        (
            ["run", "--duration", "5*ms", "--target", "numpy", "--quiet", "--out", "{folder}/r.h5"],
            "the results",
        ),
        (["export", "-o", "{folder}/s.py"], "the script"),
    ],
)
def test_the_command_line_on_a_full_disk_exits_4_with_one_line(arguments, what, tmp_path):
    arguments = [a.format(folder=tmp_path) for a in arguments]
    arguments.insert(1, str(CUBA))
    result = python(CLI_WITH_FULL_DISK, *arguments)
    assert result.returncode == EXIT_OUTPUT, result.stderr
    [line] = result.stderr.splitlines()
    assert re.fullmatch(
        f"spikecanvas: cannot write {what} to '{re.escape(str(tmp_path))}/.*': the disk is full "
        r"\(needed about .* free\): free some space or write elsewhere",
        line,
    )
    assert list(tmp_path.iterdir()) == []


def test_a_file_size_limit_is_one_clear_error_with_exit_4(tmp_path):
    """RLIMIT_FSIZE makes the write fail with EFBIG, as a file system's size limit does."""
    out = tmp_path / "r.h5"
    limited = textwrap.dedent(
        """
        import resource, sys
        limit = 64 * 1024
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
        from engine.project.cli import main
        sys.exit(main(sys.argv[1:]))
        """
    )
    result = python(
        limited,
        *("run", str(CUBA), "--duration", "500*ms", "--target", "numpy", "--quiet"),
        *("--out", str(out)),
    )
    assert result.returncode == EXIT_OUTPUT, result.stderr
    [line] = result.stderr.splitlines()
    assert re.fullmatch(
        f"spikecanvas: cannot write the results to '{re.escape(str(out))}': the file is too "
        r"large \(about [0-9.]+ (kB|MB)\) for this file system or for the file size limit of this "
        "process",
        line,
    )
    assert list(tmp_path.iterdir()) == []


@pytest.fixture
def full_disk(tmp_path) -> Iterator[Path]:
    """A 1 MiB tmpfs filled up to its last 64 KiB (skipped where mounting is not allowed)."""
    folder = tmp_path / "small-disk"
    folder.mkdir()
    if not IS_ROOT or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=1m,mode=0777", "tmpfs", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        with (folder / "filler").open("wb") as filler:
            filler.write(b"\0" * (1024 - 64) * 1024)
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], capture_output=True, check=False)


RUN = ["run", "--duration", "1*second", "--target", "numpy", "--quiet"]


@pytest.mark.parametrize(
    ("arguments", "what", "output"),
    [
        ([*RUN, "--out", "r.h5"], "the results", "r.h5"),
        ([*RUN, "--csv", "tables"], "the CSV files", ""),
        (["export", "-o", "s.py"], "the script", "s.py"),
    ],
)
def test_a_really_full_disk_exits_4_with_one_line_and_keeps_the_previous_file(
    full_disk, arguments, what, output
):
    """Before the fix, ``run --out`` here ended in a segfault (exit 139) inside h5py."""
    if output:
        (full_disk / output).write_text("previous")
    if arguments[0] == "export":  # a script is small: leave it less room than that
        room = shutil.disk_usage(full_disk).free
        (full_disk / "more filler").write_bytes(b"\0" * (room - 1024))
    arguments = [str(full_disk / a) if a in ("r.h5", "s.py", "tables") else a for a in arguments]
    arguments.insert(1, str(CUBA))
    result = python(
        "import sys; from engine.project.cli import main; sys.exit(main(sys.argv[1:]))",
        *arguments,
    )
    assert result.returncode == EXIT_OUTPUT, result.stderr
    [line] = result.stderr.splitlines()
    assert re.fullmatch(
        f"spikecanvas: cannot write {what} to '{re.escape(str(full_disk))}/.*': the disk is "
        r"full \(needed about [0-9.]+ (kB|MB), [0-9.]+ (bytes|kB) free\): free some space or "
        "write elsewhere",
        line,
    )
    if output:
        assert (full_disk / output).read_text() == "previous"
    assert temporaries(full_disk) == []
    tables = full_disk / "tables"
    assert not tables.exists() or temporaries(tables) == []


def test_results_are_written_whole_or_not_at_all_on_a_really_full_disk(full_disk):
    """In-process too: no h5py object is left to fail (or crash) when it is collected."""
    import gc

    path = full_disk / "r.h5"
    big = small_results()
    big.monitors["spikes"].t = np.random.default_rng(1).random(50_000)  # 400 kB, incompressible
    big.monitors["spikes"].i = np.zeros(50_000, np.int32)
    with pytest.raises(OutputError, match="the disk is full"):
        big.save(path)
    gc.collect()
    assert not path.exists()
    assert temporaries(full_disk) == []
    (full_disk / "filler").unlink()
    big.save(path)  # room again: the same call works
    assert len(Results.load(path).monitors["spikes"].t) == 50_000


# -- the stored states of a network ----------------------------------------------------------------


def test_storing_a_state_keeps_the_states_stored_before(tmp_path):
    path = tmp_path / "state.h5"
    store_state(path, "first")
    store_state(path, "second")
    store_state(path, "first")  # replaced, not added twice
    assert read_store(path) == ["first", "second"]


def test_a_failed_store_keeps_the_file_with_its_earlier_states(tmp_path, monkeypatch):
    path = tmp_path / "state.h5"
    store_state(path, "first")
    before = path.read_bytes()
    monkeypatch.setattr(os, "write", no_space)
    with pytest.raises(OutputError, match="the disk is full"):
        store_state(path, "second")
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert read_store(path) == ["first"]
    assert temporaries(tmp_path) == []


def test_storing_into_a_file_that_is_not_hdf5_changes_nothing(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("my notes")
    with pytest.raises(OSError, match="signature"):
        store_state(path)
    assert path.read_text() == "my notes"
    assert temporaries(tmp_path) == []


# -- the module's own edges ------------------------------------------------------------------------


def test_a_missing_folder_is_the_systems_error_naming_the_target(tmp_path):
    path = tmp_path / "missing" / "net.spikecanvas"
    with pytest.raises(FileNotFoundError) as raised:
        save(Project(), path)
    assert raised.value.filename == str(path)
    with pytest.raises(FileNotFoundError, match="the folder '.*missing' does not exist"):
        check_output(path)


def test_a_name_ending_in_a_slash_is_a_folder(tmp_path):
    with pytest.raises(OutputError, match="it is a folder"):
        write_text(f"{tmp_path}/out.txt/", "x")
    assert list(tmp_path.iterdir()) == []


def test_a_writer_that_swaps_its_temporary_for_another_file_is_refused(tmp_path):
    from engine.outputs import replacing

    path = tmp_path / "image.png"
    path.write_text("previous")

    def swapping_writer():
        with replacing(path) as temporary:
            temporary.unlink()
            temporary.write_text("a file the writer made itself")

    with pytest.raises(OutputError, match="replaced its temporary file"):
        swapping_writer()
    assert path.read_text() == "previous"
    assert temporaries(tmp_path) == []


def test_open_output_only_makes_new_files(tmp_path):
    with pytest.raises(ValueError, match="mode 'w' or 'wb'"), open_output(tmp_path / "x", "a"):
        pass
    assert list(tmp_path.iterdir()) == []


def test_the_module_is_at_the_bottom_of_the_engine():
    """engine.outputs imports nothing of the engine: every layer can write through it."""
    code = textwrap.dedent(
        """
        import sys
        import engine  # the package itself loads only plain data (version, public names)
        before = set(sys.modules)
        import engine.outputs
        print(sorted(m for m in set(sys.modules) - before if m.startswith("engine")))
        """
    )
    result = python(code)
    assert result.stdout.strip() == "['engine.outputs']", result.stderr


def test_a_plot_is_written_like_every_output(tmp_path, monkeypatch, capsys, umask):
    figure = pytest.importorskip("matplotlib.figure")
    umask(0o022)
    png = tmp_path / "raster.png"
    png.write_bytes(b"previous")
    arguments = ["run", str(CUBA), "--duration", "2*ms", "--target", "numpy", "--quiet"]
    assert main([*arguments, "--plot", str(png)]) == 0
    assert png.read_bytes().startswith(b"\x89PNG")
    assert stat.S_IMODE(png.stat().st_mode) == 0o644

    def full_disk_midway(self, fname, **options):  # matplotlib writes through its own files
        Path(fname).write_bytes(b"\x89PNG, then the disk was full")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(figure.Figure, "savefig", full_disk_midway)
    assert main([*arguments, "--plot", str(png)]) == EXIT_OUTPUT
    monkeypatch.undo()
    assert f"cannot write the plot to '{png}': the disk is full" in capsys.readouterr().err
    assert png.read_bytes().startswith(b"\x89PNG")
    assert temporaries(tmp_path) == []
