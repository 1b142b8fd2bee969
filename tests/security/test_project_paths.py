"""A project path must be a regular file, read up to a limit that counts the bytes read."""

from __future__ import annotations

import os
import socket
import threading
from pathlib import Path

import pytest

from engine.project import ProjectFileError, fileio, load
from engine.project.document import NeuronGroupNode, Project

NOT_A_FILE = "not a project file"


def _load_in_thread(path: Path, seconds: float = 10) -> BaseException | None:
    """Load ``path`` in a thread; return what it raised (fails the test if it blocks)."""
    raised: list[BaseException] = []

    def target():
        try:
            load(path)
        except BaseException as error:  # handed to the test
            raised.append(error)

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        # Release a reader blocked on a named pipe, then fail.
        with open(path, "wb"):
            pass
        thread.join(seconds)
        pytest.fail(f"loading {path} blocked")
    return raised[0] if raised else None


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "project.spikecanvas"
    os.mkfifo(path)
    return path


def test_a_named_pipe_is_refused_without_blocking(fifo):
    error = _load_in_thread(fifo)
    assert isinstance(error, ProjectFileError)
    assert str(fifo) in str(error)
    assert "a named pipe (FIFO)" in str(error)
    assert NOT_A_FILE in str(error)


def test_a_named_pipe_put_in_place_after_the_check_is_refused_when_opened(
    fifo, tmp_path, monkeypatch
):
    # The path was a regular file when it was checked, and is a pipe when it is opened: the
    # opened file is what counts, and opening it does not wait for a writer.
    regular = tmp_path / "regular.spikecanvas"
    regular.write_text("{}")
    real_stat = os.stat

    def stat_before_the_swap(path, *args, **kwargs):
        if Path(path) == fifo:
            return real_stat(regular)
        return real_stat(path, *args, **kwargs)

    monkeypatch.setattr(fileio.os, "stat", stat_before_the_swap)
    error = _load_in_thread(fifo)
    assert isinstance(error, ProjectFileError)
    assert "a named pipe (FIFO)" in str(error)


@pytest.mark.parametrize(
    ("path", "what"),
    [("/dev/zero", "a device"), ("/dev/null", "a device"), ("/dev/urandom", "a device")],
)
def test_a_device_is_refused(path, what):
    if not os.path.exists(path):
        pytest.skip(f"{path} does not exist here")
    error = _load_in_thread(Path(path))
    assert isinstance(error, ProjectFileError)
    assert f"it is {what}, {NOT_A_FILE}" in str(error)


def test_a_folder_is_refused(tmp_path):
    folder = tmp_path / "project.spikecanvas"
    folder.mkdir()
    with pytest.raises(ProjectFileError, match=f"it is a folder, {NOT_A_FILE}"):
        load(folder)


def test_a_socket_is_refused(tmp_path):
    path = tmp_path / "s.spikecanvas"
    if len(str(path)) > 100:  # the limit of a socket's path
        pytest.skip("the temporary folder's path is too long for a socket")
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        with pytest.raises(ProjectFileError, match=f"it is a socket, {NOT_A_FILE}"):
            load(path)
    finally:
        server.close()


def test_a_missing_file_says_so(tmp_path):
    with pytest.raises(ProjectFileError, match="No such file"):
        load(tmp_path / "missing.spikecanvas")


def test_a_symbolic_link_to_a_project_file_is_read(tmp_path):
    target = tmp_path / "real.spikecanvas"
    fileio.save(Project(nodes=[NeuronGroupNode(id="G", name="G")]), target)
    link = tmp_path / "link.spikecanvas"
    link.symlink_to(target)
    assert load(link).node("G").name == "G"


def test_a_symbolic_link_to_a_device_is_refused(tmp_path):
    link = tmp_path / "link.spikecanvas"
    link.symlink_to("/dev/zero")
    with pytest.raises(ProjectFileError, match="a device"):
        load(link)


def _padded_project(size: int) -> bytes:
    """A valid project file of exactly ``size`` bytes (padded with spaces)."""
    text = fileio.dumps(Project()).encode()
    assert len(text) <= size
    return text + b" " * (size - len(text))


def test_the_size_limit_counts_the_bytes_read(tmp_path, monkeypatch):
    monkeypatch.setattr(fileio, "MAX_FILE_BYTES", 1000)
    at_limit = tmp_path / "at.spikecanvas"
    at_limit.write_bytes(_padded_project(1000))
    assert load(at_limit) == Project()
    over = tmp_path / "over.spikecanvas"
    over.write_bytes(_padded_project(1001))
    with pytest.raises(ProjectFileError, match="far larger than any project"):
        load(over)


def test_a_file_whose_reported_size_is_zero_is_still_limited(monkeypatch):
    # Files in /proc report a size of 0 whatever they hold.
    path = Path("/proc/self/maps")
    if not path.exists() or path.stat().st_size != 0:
        pytest.skip("no /proc file reporting a size of 0 here")
    monkeypatch.setattr(fileio, "MAX_FILE_BYTES", 100)
    with pytest.raises(ProjectFileError, match="larger than that, far larger than any project"):
        load(path)


def test_a_file_that_grows_while_it_is_read_is_limited_by_what_is_read(tmp_path, monkeypatch):
    # The size at open time is under the limit; the file then grows: reading stops one byte
    # past the limit and refuses it.
    monkeypatch.setattr(fileio, "MAX_FILE_BYTES", 1000)
    path = tmp_path / "growing.spikecanvas"
    path.write_bytes(b" " * 10)
    real_read = os.read

    def read_after_growth(descriptor, count):
        if path.stat().st_size < 5000:
            with open(path, "ab") as more:
                more.write(b" " * 5000)
        return real_read(descriptor, count)

    monkeypatch.setattr(fileio.os, "read", read_after_growth)
    with pytest.raises(ProjectFileError, match="far larger than any project"):
        load(path)
