"""Writing output files safely: every file SpikeCanvas writes goes through this module.

A file is never written in place. It is written to a new temporary file in the target's
folder, flushed to the disk, and renamed over the target, so that a failed, interrupted or
killed write leaves the previous file as it was. On top of that:

- Only regular files are replaced. A symbolic link, a folder, a device (``/dev/null``), a named
  pipe or a socket at the target is refused with `OutputError`, and left untouched: nothing is
  ever written through a link to somewhere else, even as root. (Links among the folders of
  the path are followed, as by any program: only the file itself must not be one.)
- A new file gets the mode any program would give it under the user's umask (``0o666 &
  ~umask``: typically ``rw-r--r--``), not the private mode of `tempfile.mkstemp`; a replaced
  file keeps its permission bits (without set-user-ID and set-group-ID) and, where allowed,
  its owner. ``private=True`` (recovery files) makes the file ``rw-------`` instead.
- A full disk, a used-up quota or a file size limit is one `OutputError` saying so, with about
  how much was needed (``the disk is full (needed about 12.3 MB, 1.1 MB free) ...``), and the
  temporary file is removed. HDF5 files are built in memory and written by this module (see
  `engine.project.results`), so the HDF5 library never meets a full disk: it crashed the
  interpreter there (h5py 3.16 / HDF5 2.0 segfault when closing a file after a failed write).
- Temporary files are named ``.NAME.PID.TOKEN.spikecanvas-tmp``. A write killed outright
  (``SIGKILL``: no cleanup runs) leaves one behind; the next write into that folder removes it
  once its writer is gone, or once it has not changed for `STALE_AFTER` seconds (a writer's
  process id may be reused). Only regular files of the current user with exactly that pattern
  are ever removed, and no output may be given such a name.

Writers that take a file object use `open_output`, writers that take bytes or text use
`write_bytes` and `write_text`, and writers that insist on a file name of their own
(matplotlib) write to the path `replacing` gives them. Writers that report failures badly
(Qt's image writers) are better run into memory and written with `write_bytes`.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import secrets
import shutil
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

__all__ = [
    "STALE_AFTER",
    "TEMPORARY_SUFFIX",
    "OutputError",
    "check_output",
    "open_output",
    "remove_stale_temporaries",
    "replacing",
    "write_bytes",
    "write_text",
]

#: The end of the name of every temporary file this module writes.
TEMPORARY_SUFFIX = ".spikecanvas-tmp"
#: A temporary file unchanged for this long (seconds) is stale even if its writer's process
#: id is in use again (ids are reused).
STALE_AFTER = 30 * 60.0

# Temporary names keep at most this many bytes of the target's name, so that a long name
# (up to the 255 bytes of most file systems) still leaves room for the rest.
_NAME_BYTES = 96
_TEMPORARY = re.compile(
    r"\A\..*\.(?P<pid>[0-9]{1,10})\.[0-9a-f]{12}" + re.escape(TEMPORARY_SUFFIX) + r"\Z",
    re.DOTALL,
)
# Below this much free space a write that failed without saying why is taken as a full disk.
_ALMOST_FULL = 1 << 20
_DISK_FULL = {errno.ENOSPC, errno.EFBIG} | {getattr(errno, "EDQUOT", errno.ENOSPC)}

# The temporaries this process is writing now, by path -> (device, inode): another thread's
# write must not be "cleaned" as stale, however its folder is spelt.
_active: dict[str, tuple[int, int]] = {}
_active_lock = threading.Lock()


class OutputError(OSError):
    """An output file that cannot be written, and why, in words for the user.

    It is an `OSError`, so callers that handle write errors handle it too; ``strerror`` is the
    reason alone (``"it is a device, not a file"``), ``str(error)`` the whole sentence.

    Attributes
    ----------
    path
        The file that was to be written.
    reason
        Why it cannot be (also ``strerror``).
    """

    def __init__(self, path: str | os.PathLike[str], reason: str, code: int | None = None) -> None:
        super().__init__(code, reason, os.fspath(path))
        self.path = os.fspath(path)
        self.reason = reason

    def __str__(self) -> str:
        return f"cannot write '{self.path}': {self.reason}"


# -- checks -------------------------------------------------------------------------------------


def check_output(path: str | os.PathLike[str]) -> Path:
    """Check, before any work is done, that ``path`` can become an output file.

    The target must be a regular file or not exist yet, in an existing folder that can be
    written to. Nothing is written.

    Returns
    -------
    Path
        ``path`` as a `Path`.

    Raises
    ------
    OutputError
        If the target is a link, a folder, a device, a pipe or a socket.
    FileNotFoundError, NotADirectoryError, PermissionError
        If its folder does not exist, is not a folder, or cannot be written to (``strerror``
        says so in words).
    """
    target = _refuse_special(path)
    folder = target.parent
    name = os.fspath(path)
    if not folder.exists():
        raise FileNotFoundError(errno.ENOENT, f"the folder '{folder}' does not exist", name)
    if not folder.is_dir():
        raise NotADirectoryError(errno.ENOTDIR, f"'{folder}' is not a folder", name)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise PermissionError(errno.EACCES, f"the folder '{folder}' is not writable", name)
    return target


def _refuse_special(path: str | os.PathLike[str]) -> Path:
    """Refuse a target that is anything but a regular file (or nothing yet)."""
    text = os.fspath(path)
    if text.endswith(("/", os.sep)) or Path(text).name in ("", ".", ".."):
        raise OutputError(path, "it is a folder", errno.EISDIR)
    target = Path(text)
    if _TEMPORARY.match(target.name):
        # The next write into the folder could take it for a killed write's leftover.
        reason = f"names ending in '{TEMPORARY_SUFFIX}' are SpikeCanvas's temporary files"
        raise OutputError(path, reason, errno.EINVAL)
    try:
        status = os.lstat(target)
    except (FileNotFoundError, NotADirectoryError):
        return target  # the write itself says what is missing, in the system's words
    except OSError as error:
        raise OutputError(path, error.strerror or str(error), error.errno) from None
    mode = status.st_mode
    if stat.S_ISREG(mode):
        return target
    if stat.S_ISLNK(mode):
        try:
            where = f" to '{os.readlink(target)}'"
        except OSError:
            where = ""
        reason = (
            f"it is a symbolic link{where}; SpikeCanvas never writes through a link: "
            "give the path of the file itself"
        )
        raise OutputError(path, reason, errno.ELOOP)
    if stat.S_ISDIR(mode):
        raise OutputError(path, "it is a folder", errno.EISDIR)
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise OutputError(path, "it is a device, not a file", errno.ENODEV)
    if stat.S_ISFIFO(mode):
        raise OutputError(path, "it is a named pipe (FIFO), not a file", errno.EINVAL)
    if stat.S_ISSOCK(mode):
        raise OutputError(path, "it is a socket, not a file", errno.EINVAL)
    raise OutputError(path, "it is not a regular file", errno.EINVAL)


# -- writing ------------------------------------------------------------------------------------


def write_bytes(
    path: str | os.PathLike[str], data: bytes | bytearray | memoryview, *, private: bool = False
) -> None:
    """Write ``data`` to ``path`` safely (see the module's description).

    Raises
    ------
    OutputError
        If the target is not a regular file, or the disk is full.
    OSError
        If the file cannot be written otherwise (the previous file is then unchanged).
    """
    view = memoryview(data).cast("B")
    with _replacement(path, private, view.nbytes) as (_, handle):
        done = 0
        while done < view.nbytes:
            done += os.write(handle, view[done : done + (1 << 30)])


def write_text(
    path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8", private: bool = False
) -> None:
    """Write ``text`` to ``path`` safely, as is (no newline translation).

    Raises
    ------
    OutputError
        If the target is not a regular file, or the disk is full.
    OSError
        If the file cannot be written otherwise (the previous file is then unchanged).
    """
    write_bytes(path, text.encode(encoding), private=private)


@contextlib.contextmanager
def open_output(
    path: str | os.PathLike[str],
    mode: str = "w",
    *,
    encoding: str | None = "utf-8",
    newline: str | None = None,
    private: bool = False,
    size_hint: int | None = None,
) -> Iterator[IO[Any]]:
    """Open a new file that replaces ``path`` once the ``with`` block ends without error.

    Parameters
    ----------
    path
        The file to write.
    mode
        ``"w"`` (text) or ``"wb"`` (bytes).
    encoding, newline
        As for `open` (text mode only).
    private
        Make the file readable by its owner only.
    size_hint
        About how many bytes will be written, for the message of a full disk.

    Raises
    ------
    OutputError
        If the target is not a regular file, or the disk is full.
    OSError
        If the file cannot be written otherwise (the previous file is then unchanged).
    """
    if mode not in ("w", "wb"):
        raise ValueError(f"open_output writes new files: mode 'w' or 'wb', not {mode!r}")
    options: dict[str, Any] = {} if mode == "wb" else {"encoding": encoding, "newline": newline}
    with (
        _replacement(path, private, size_hint) as (_, handle),
        os.fdopen(handle, mode, closefd=False, **options) as file,
    ):
        yield file


@contextlib.contextmanager
def replacing(
    path: str | os.PathLike[str], *, private: bool = False, size_hint: int | None = None
) -> Iterator[Path]:
    """Give a writer that needs a file name a temporary file that replaces ``path`` afterwards.

    The temporary file exists (empty) in the target's folder; the writer writes to it by name.
    When the ``with`` block ends without error, the temporary file is flushed to the disk and
    renamed over ``path``; otherwise it is removed and ``path`` is left as it was.

    Raises
    ------
    OutputError
        If the target is not a regular file, or the disk is full.
    OSError
        If the file cannot be written otherwise (the previous file is then unchanged).
    """
    with _replacement(path, private, size_hint) as (temporary, handle):
        yield temporary
        if _identity(os.lstat(temporary)) != _identity(os.fstat(handle)):
            raise OutputError(path, "the writer replaced its temporary file by another one")


@contextlib.contextmanager
def _replacement(
    path: str | os.PathLike[str], private: bool, size_hint: int | None
) -> Iterator[tuple[Path, int]]:
    """Create the temporary file; rename it over the target after the block, or remove it.

    The handle stays open (and is closed here): the contents are made durable through it, and
    the mode given at creation is never in the way (a replaced file may be write-only).
    """
    target = _refuse_special(path)
    folder = target.parent
    with contextlib.suppress(OSError):
        remove_stale_temporaries(folder)
    try:
        temporary, handle = _create_temporary(target, private)
    except OSError as error:  # no room even for an empty file (no free inode, say)
        full = _disk_full(error, path, folder, size_hint, 0, almost_full=False)
        if full is not None:
            raise full from error
        raise
    try:
        yield temporary, handle
        os.fsync(handle)  # the contents are on the disk before they take the target's name
        os.close(handle)
        handle = -1
        _refuse_special(path)  # again: the target may have changed while we wrote
        os.replace(temporary, target)
        _flush_folder(folder)
    except BaseException as error:
        written = _size(temporary)
        almost_full = 0 <= _free_space(folder) < _ALMOST_FULL  # before the space comes back
        if handle >= 0:
            with contextlib.suppress(OSError):
                os.close(handle)
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        full = _disk_full(error, path, folder, size_hint, written, almost_full)
        if full is not None:
            raise full from error
        if isinstance(error, OSError) and os.fspath(temporary) in (error.filename, error.filename2):
            # Name the target, not a temporary file the user never asked for.
            raise OSError(error.errno, error.strerror, os.fspath(path)) from error
        raise
    finally:
        with _active_lock:
            _active.pop(str(temporary), None)


def _create_temporary(target: Path, private: bool) -> tuple[Path, int]:
    """Create a new, empty temporary file for ``target`` and return it with an open handle."""
    name = os.fsdecode(os.fsencode(target.name)[:_NAME_BYTES])
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL
    flags |= getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    # 0o666 lets the umask decide, as for any new file; the mode is fixed below if needed.
    creation_mode = 0o600 if private else 0o666
    while True:
        token = secrets.token_hex(6)
        temporary = target.parent / f".{name}.{os.getpid()}.{token}{TEMPORARY_SUFFIX}"
        # Under the lock: another thread's cleaning must see the file as ours from the start.
        with _active_lock:
            try:
                handle = os.open(temporary, flags, creation_mode)
            except FileExistsError:
                continue
            except OSError as error:
                # Name the target, not a temporary file the user never asked for.
                raise OSError(error.errno, error.strerror, os.fspath(target)) from None
            _active[str(temporary)] = _identity(os.fstat(handle))
        break
    try:
        _take_over_mode(handle, temporary, target, private)
    except BaseException:
        os.close(handle)
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        with _active_lock:
            _active.pop(str(temporary), None)
        raise
    return temporary, handle


def _identity(status: os.stat_result) -> tuple[int, int]:
    return status.st_dev, status.st_ino


def _take_over_mode(handle: int, temporary: Path, target: Path, private: bool) -> None:
    """Give the new file the permission bits (and owner) of the file it replaces."""
    if private:
        _chmod(handle, temporary, 0o600)  # also when an umask would have left it wider
        return
    try:
        previous = os.lstat(target)
    except OSError:
        return  # a new file: the umask has decided
    if not stat.S_ISREG(previous.st_mode):
        return
    # Set-user-ID and set-group-ID are dropped: new contents must not inherit them.
    _chmod(handle, temporary, stat.S_IMODE(previous.st_mode) & 0o1777)
    mine = os.fstat(handle)
    if (mine.st_uid, mine.st_gid) != (previous.st_uid, previous.st_gid) and hasattr(os, "fchown"):
        with contextlib.suppress(OSError):
            os.fchown(handle, previous.st_uid, previous.st_gid)


def _chmod(handle: int, temporary: Path, mode: int) -> None:
    if hasattr(os, "fchmod"):
        os.fchmod(handle, mode)
    else:  # pragma: no cover - Windows
        os.chmod(temporary, mode)


def _flush_folder(folder: Path) -> None:
    """Make the rename durable (best effort: not every system can sync a folder)."""
    try:
        handle = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(handle)
    except OSError:
        pass
    finally:
        os.close(handle)


def _size(path: Path) -> int:
    try:
        return os.lstat(path).st_size
    except OSError:
        return 0


# -- a full disk --------------------------------------------------------------------------------


def _disk_full(
    error: BaseException,
    path: str | os.PathLike[str],
    folder: Path,
    needed: int | None,
    written: int,
    almost_full: bool,
) -> OutputError | None:
    """Return the error to raise if ``error`` means the disk (or a size limit) is full."""
    if isinstance(error, OutputError) or not isinstance(error, OSError):
        return None
    code = error.errno
    if code not in _DISK_FULL:
        # Writers such as Qt's say only that they failed: a disk left with no room says why.
        if code is not None or not almost_full:
            return None
        code = errno.ENOSPC
    amount = max(needed or 0, written)
    if code == errno.EFBIG:
        size = f" (about {_megabytes(amount)})" if amount else ""
        reason = (
            f"the file is too large{size} for this file system or for the file size limit "
            "of this process"
        )
        return OutputError(path, reason, code)
    room = []
    if needed:
        room.append(f"needed about {_megabytes(needed)}")
    elif written:
        room.append(f"needed more than {_megabytes(written)}")
    free = _free_space(folder)
    if free >= 0:
        room.append(f"{_megabytes(free)} free")
    quota = code == getattr(errno, "EDQUOT", None)
    what = "your disk quota is used up" if quota else "the disk is full"
    details = f" ({', '.join(room)})" if room else ""
    return OutputError(path, f"{what}{details}: free some space or write elsewhere", code)


def _free_space(folder: Path) -> int:
    """Return the bytes this user can still write in ``folder`` (-1 if unknown)."""
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return -1


def _megabytes(size: int) -> str:
    if size < 1000:
        return f"{size} bytes"
    if size < 1_000_000:
        return f"{size / 1e3:.0f} kB"
    if size < 1_000_000_000:
        return f"{size / 1e6:.1f} MB"
    return f"{size / 1e9:.1f} GB"


# -- temporaries left by killed writers ------------------------------------------------------------


def remove_stale_temporaries(folder: str | os.PathLike[str]) -> list[Path]:
    """Remove the temporary files that writes killed outright left in ``folder``.

    A temporary file is removed only if it is a regular file of the current user named as this
    module names them, and nobody is writing it: its writer's process is gone, or it has not
    changed for `STALE_AFTER` seconds. Every write calls this first.

    Returns
    -------
    list of Path
        The files removed.
    """
    removed = []
    now = time.time()
    uid = os.getuid() if hasattr(os, "getuid") else None
    with os.scandir(folder) as entries:
        for entry in entries:
            match = _TEMPORARY.match(entry.name) if entry.name.endswith(TEMPORARY_SUFFIX) else None
            if match is None:
                continue
            try:
                status = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if not stat.S_ISREG(status.st_mode) or (uid is not None and status.st_uid != uid):
                continue
            with _active_lock:
                if _identity(status) in _active.values():
                    continue
            pid = int(match["pid"])
            old = now - status.st_mtime > STALE_AFTER
            if not old and pid != os.getpid() and _process_exists(pid):
                continue
            with contextlib.suppress(OSError):
                os.unlink(entry.path)
                removed.append(Path(entry.path))
    return removed


def _process_exists(pid: int) -> bool:
    if os.name == "nt":  # pragma: no cover - os.kill would end the process there
        return True  # cannot tell: only age makes a temporary stale
    try:
        os.kill(pid, 0)  # signal 0: only checks that the process exists
    except ProcessLookupError:
        return False
    except (PermissionError, OSError, ValueError, OverflowError):
        return True  # someone else's, or cannot be checked: leave it alone
    return True
