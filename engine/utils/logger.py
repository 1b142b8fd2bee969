"""The engine's log messages, as Brian 2's ``BrianLogger`` gives them.

Messages go through Python's `logging`, under the logger ``engine`` (and names below it such
as ``engine.stateupdaters.base.method_choice``). A console handler shows them on standard
error as Brian 2 does (``INFO       No numerical integration method specified ... [name]``),
from the level ``prefs.logging.console_log_level`` on (``'INFO'``). A log file is written only
on request: set ``prefs.logging.file_log = True`` (Brian 2 writes one by default); its level,
size and deletion at exit follow the other ``logging.*`` preferences, and its path is
`BrianLogger.tmp_log`.

Records also propagate to Python's root logger, so `logging` configuration and test tools
(pytest's ``caplog``) see them.
"""

from __future__ import annotations

import atexit
import contextlib
import io
import logging
import logging.handlers
import os
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping
from types import TracebackType
from typing import Any, ClassVar

__all__ = [
    "DIAGNOSTIC",
    "BrianLogger",
    "catch_logs",
    "configure",
    "get_logger",
    "log_level_debug",
    "log_level_diagnostic",
    "log_level_error",
    "log_level_info",
    "log_level_warn",
    "quiet_console",
    "std_silent",
]

#: A level below DEBUG for very detailed messages (Brian 2's ``DIAGNOSTIC``).
DIAGNOSTIC = 5
logging.addLevelName(DIAGNOSTIC, "DIAGNOSTIC")

#: The logger every engine message goes through.
ROOT = "engine"

_LEVELS = {
    "CRITICAL": logging.CRITICAL,
    "ERROR": logging.ERROR,
    "WARNING": logging.WARNING,
    "WARN": logging.WARNING,
    "INFO": logging.INFO,
    "DEBUG": logging.DEBUG,
    "DIAGNOSTIC": DIAGNOSTIC,
}

_FORMAT = "%(levelname)-10s %(message)s [%(name)s]"

#: The ``logging.*`` preferences in force (short names), as `configure` last received them.
_settings: dict[str, Any] = {
    "console_log_level": "INFO",
    "file_log": False,
    "file_log_level": "DEBUG",
    "file_log_max_size": 10_000_000,
    "delete_log_on_exit": True,
    "display_brian_error_message": True,
}


def _level(level: int | str) -> int:
    return level if isinstance(level, int) else _LEVELS[level.upper()]


class _SuppressHierarchy(logging.Filter):
    """Drops the records of one logger and those below it."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.hierarchy = name

    def filter(self, record: logging.LogRecord) -> bool:
        return not (record.name == self.hierarchy or record.name.startswith(f"{self.hierarchy}."))


class _SuppressName(logging.Filter):
    """Drops the records whose logger name ends with one name (its last dotted part)."""

    def __init__(self, name: str) -> None:
        super().__init__()
        self.last_part = name

    def filter(self, record: logging.LogRecord) -> bool:
        return record.name.rsplit(".", 1)[-1] != self.last_part


class BrianLogger:
    """Logs messages under one name (Brian 2's ``BrianLogger``); made by `get_logger`.

    Parameters
    ----------
    name
        The logger's name; ``engine.`` is put in front of a name outside the engine (an
        extension package's), as Brian 2 puts ``brian2.``.
    """

    #: The console handler (standard error).
    console_handler: ClassVar[logging.Handler | None] = None
    #: The file handler when ``prefs.logging.file_log`` is True.
    file_handler: ClassVar[logging.Handler | None] = None
    #: The path of the log file, or None.
    tmp_log: ClassVar[str | None] = None
    _once: ClassVar[set[tuple[str, int, str]]] = set()
    _exception_seen: ClassVar[bool] = False

    def __init__(self, name: str) -> None:
        self.name = name if name == ROOT or name.startswith(f"{ROOT}.") else f"{ROOT}.{name}"

    def _log(self, level: int, msg: str, name_suffix: str | None, once: bool) -> None:
        name = f"{self.name}.{name_suffix}" if name_suffix else self.name
        if once:
            key = (name, level, msg)
            if key in BrianLogger._once:
                return
            BrianLogger._once.add(key)
        logging.getLogger(name).log(level, msg)

    def diagnostic(self, msg: str, name_suffix: str | None = None, once: bool = False) -> None:
        """Log a diagnostic message (below debug).

        Parameters
        ----------
        msg
            The message.
        name_suffix
            Added to the logger's name (``method_choice``), to tell messages apart.
        once
            Log this exact message only the first time.
        """
        self._log(DIAGNOSTIC, msg, name_suffix, once)

    def debug(self, msg: str, name_suffix: str | None = None, once: bool = False) -> None:
        """Log a debug message (see `diagnostic` for the parameters)."""
        self._log(logging.DEBUG, msg, name_suffix, once)

    def info(self, msg: str, name_suffix: str | None = None, once: bool = False) -> None:
        """Log an informative message (see `diagnostic` for the parameters)."""
        self._log(logging.INFO, msg, name_suffix, once)

    def warn(self, msg: str, name_suffix: str | None = None, once: bool = False) -> None:
        """Log a warning (see `diagnostic` for the parameters)."""
        self._log(logging.WARNING, msg, name_suffix, once)

    warning = warn

    def error(self, msg: str, name_suffix: str | None = None, once: bool = False) -> None:
        """Log an error (see `diagnostic` for the parameters)."""
        self._log(logging.ERROR, msg, name_suffix, once)

    # -- console and file --------------------------------------------------------------------

    @staticmethod
    def initialize() -> None:
        """Attach the console handler (done when the module is imported)."""
        root = logging.getLogger(ROOT)
        if BrianLogger.console_handler is None:
            handler = logging.StreamHandler(_Stderr())
            handler.setFormatter(logging.Formatter(_FORMAT))
            BrianLogger.console_handler = handler
            root.addHandler(handler)
        _apply_settings()

    @staticmethod
    def _suppress(log_filter: logging.Filter, filter_log_file: bool) -> None:
        BrianLogger.initialize()
        assert BrianLogger.console_handler is not None
        BrianLogger.console_handler.addFilter(log_filter)
        if filter_log_file:
            _Suppressions.file_filters.append(log_filter)
            if BrianLogger.file_handler is not None:
                BrianLogger.file_handler.addFilter(log_filter)

    @staticmethod
    def suppress_hierarchy(name: str, filter_log_file: bool = False) -> None:
        """Hide the messages of ``name`` and everything below it on the console.

        Parameters
        ----------
        name
            A logger name: ``'engine'`` hides all the engine's messages,
            ``'engine.stateupdaters'`` those about integration methods.
        filter_log_file
            Hide them in the log file too (by default the file keeps them).
        """
        BrianLogger._suppress(_SuppressHierarchy(name), filter_log_file)

    @staticmethod
    def suppress_name(name: str, filter_log_file: bool = False) -> None:
        """Hide the messages whose logger name ends with ``name`` (``'method_choice'``).

        Parameters
        ----------
        name
            The last dotted part of the names to hide.
        filter_log_file
            Hide them in the log file too (by default the file keeps them).
        """
        BrianLogger._suppress(_SuppressName(name), filter_log_file)

    @staticmethod
    def log_level_diagnostic() -> None:
        """Show every message on the console, down to diagnostic ones."""
        _set_console_level("DIAGNOSTIC")

    @staticmethod
    def log_level_debug() -> None:
        """Show messages from the debug level on, on the console."""
        _set_console_level("DEBUG")

    @staticmethod
    def log_level_info() -> None:
        """Show messages from the info level on, on the console (the default)."""
        _set_console_level("INFO")

    @staticmethod
    def log_level_warn() -> None:
        """Show only warnings and errors on the console."""
        _set_console_level("WARNING")

    @staticmethod
    def log_level_error() -> None:
        """Show only errors on the console."""
        _set_console_level("ERROR")


# Brian 2 users call them as BrianLogger.log_level_debug(); module functions too.
log_level_diagnostic = BrianLogger.log_level_diagnostic
log_level_debug = BrianLogger.log_level_debug
log_level_info = BrianLogger.log_level_info
log_level_warn = BrianLogger.log_level_warn
log_level_error = BrianLogger.log_level_error


class _Suppressions:
    """Filters that also apply to the log file (kept for a file handler made later)."""

    file_filters: ClassVar[list[logging.Filter]] = []


class _Stderr(io.TextIOBase):
    """Writes to whatever `sys.stderr` is at the time (pytest and notebooks replace it)."""

    def write(self, text: str) -> int:
        return sys.stderr.write(text)

    def flush(self) -> None:
        sys.stderr.flush()


def _set_console_level(level: str) -> None:
    set_preference("logging.console_log_level", level)


def _keep_setting(name: str, value: Any) -> None:
    _settings[name.removeprefix("logging.")] = value
    _apply_settings()


#: Sets a ``logging.*`` preference: `engine.core.preferences` replaces it with a function
#: that sets ``prefs`` (which calls `configure`), so that prefs say what is in force.
set_preference: Callable[[str, Any], None] = _keep_setting


def configure(preferences: Mapping[str, Any]) -> None:
    """Follow the ``logging.*`` preferences (``preferences`` maps full names to values).

    Called by `engine.core.preferences` whenever one of them is set.
    """
    for name in _settings:
        if f"logging.{name}" in preferences:
            _settings[name] = preferences[f"logging.{name}"]
    _apply_settings()


def _apply_settings() -> None:
    console = BrianLogger.console_handler
    if console is None:
        return
    console_level = _level(_settings["console_log_level"])
    console.setLevel(console_level)
    levels = [console_level]
    if _settings["file_log"]:
        _open_file_log()
        levels.append(_level(_settings["file_log_level"]))
    else:
        _close_file_log()
    logging.getLogger(ROOT).setLevel(min(levels))


def _open_file_log() -> None:
    handler = BrianLogger.file_handler
    max_size = int(_settings["file_log_max_size"])
    if handler is None:
        descriptor, path = tempfile.mkstemp(prefix="engine_debug_", suffix=".log")
        os.close(descriptor)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=max_size, backupCount=1 if max_size else 0, encoding="utf-8"
        )
        handler.setFormatter(logging.Formatter("%(asctime)s " + _FORMAT))
        for log_filter in _Suppressions.file_filters:
            handler.addFilter(log_filter)
        logging.getLogger(ROOT).addHandler(handler)
        BrianLogger.file_handler, BrianLogger.tmp_log = handler, path
        _watch_exceptions()
    assert isinstance(handler, logging.handlers.RotatingFileHandler)
    handler.maxBytes = max_size
    handler.setLevel(_level(_settings["file_log_level"]))


def _close_file_log() -> None:
    handler = BrianLogger.file_handler
    if handler is not None:
        logging.getLogger(ROOT).removeHandler(handler)
        handler.close()
        BrianLogger.file_handler = None


def _watch_exceptions() -> None:
    """Keep the log after an uncaught exception (and say where it is), delete it otherwise."""
    previous = sys.excepthook

    def hook(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        BrianLogger._exception_seen = True
        previous(kind, error, trace)
        if BrianLogger.tmp_log is not None and _settings["display_brian_error_message"]:
            sys.stderr.write(f"The engine's log of this session is in {BrianLogger.tmp_log}\n")

    sys.excepthook = hook
    atexit.register(_delete_log_on_exit)


def _delete_log_on_exit() -> None:
    path = BrianLogger.tmp_log
    if path is None or BrianLogger._exception_seen or not _settings["delete_log_on_exit"]:
        return
    _close_file_log()
    for candidate in (path, f"{path}.1"):
        with contextlib.suppress(OSError):
            os.remove(candidate)


@contextlib.contextmanager
def quiet_console() -> Iterator[None]:
    """Show none of the engine's messages on the console while the block runs.

    For programs with their own diagnostics (the ``spikecanvas`` command): Brian-style
    messages are for scripts. A log file, and Python's logging configuration, still get them.
    """
    root = logging.getLogger(ROOT)
    handler = BrianLogger.console_handler
    if handler is None or handler not in root.handlers:
        yield
        return
    silent = logging.NullHandler()  # else Python's last-resort handler prints warnings
    root.removeHandler(handler)
    root.addHandler(silent)
    try:
        yield
    finally:
        root.removeHandler(silent)
        root.addHandler(handler)


def get_logger(module_name: str = ROOT) -> BrianLogger:
    """Return a logger for a module (Brian 2's ``get_logger``).

    Parameters
    ----------
    module_name
        Normally the module's ``__name__``.
    """
    return BrianLogger(module_name)


class catch_logs:
    """Collect the engine's log messages instead of showing them (for tests).

    ``with catch_logs() as logs:`` gives a list of ``(level name, logger name, message)``
    tuples; while it is active, the console does not show the engine's messages.

    Parameters
    ----------
    log_level
        The lowest level collected (default WARNING).
    only_from
        The logger names (with those below them) collected.
    """

    def __init__(
        self, log_level: int | str = logging.WARNING, only_from: tuple[str, ...] = (ROOT,)
    ) -> None:
        self.log_list: list[tuple[str, str, str]] = []
        self.handler = _Capture(self.log_list, _level(log_level), only_from)
        self._saved_level = logging.NOTSET

    def __enter__(self) -> list[tuple[str, str, str]]:
        BrianLogger.initialize()
        root = logging.getLogger(ROOT)
        if BrianLogger.console_handler is not None:
            root.removeHandler(BrianLogger.console_handler)
        root.addHandler(self.handler)
        self._saved_level = root.level
        root.setLevel(min(root.level or logging.WARNING, self.handler.level))
        return self.log_list

    def __exit__(self, *exc_info: object) -> None:
        root = logging.getLogger(ROOT)
        root.removeHandler(self.handler)
        if BrianLogger.console_handler is not None:
            root.addHandler(BrianLogger.console_handler)
        root.setLevel(self._saved_level)


class _Capture(logging.Handler):
    def __init__(self, log_list: list[tuple[str, str, str]], level: int, only: tuple[str, ...]):
        super().__init__(level)
        self.log_list, self.only = log_list, only

    def emit(self, record: logging.LogRecord) -> None:
        if any(record.name == n or record.name.startswith(f"{n}.") for n in self.only):
            self.log_list.append((record.levelname, record.name, record.getMessage()))


class std_silent:
    """Hide what Python code prints to standard output and error within a ``with`` block.

    Parameters
    ----------
    alwaysprint
        Show it anyway (to debug).
    """

    def __init__(self, alwaysprint: bool = False) -> None:
        self.alwaysprint = alwaysprint
        self._stack = contextlib.ExitStack()

    def __enter__(self) -> std_silent:
        if not self.alwaysprint:
            sink = self._stack.enter_context(open(os.devnull, "w"))
            self._stack.enter_context(contextlib.redirect_stdout(sink))
            self._stack.enter_context(contextlib.redirect_stderr(sink))
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._stack.close()


BrianLogger.initialize()
