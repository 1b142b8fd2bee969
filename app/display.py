"""Can the application open a window here? If not, say why in one line.

Without a display, Qt aborts with a dump of plugin messages that blames the wrong library (it
names libxcb-cursor0 when libxcb-icccm4 is missing, and never mentions the display). This module
answers the question before Qt is loaded, and diagnoses a platform plugin that failed to load.
It does not import Qt.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

#: Exit status when no window can be opened (no display, missing system libraries).
EXIT_NO_DISPLAY = 3

# Qt platforms that draw into memory or straight onto hardware: they need no window system.
HEADLESS_PLATFORMS = frozenset(
    {"offscreen", "minimal", "minimalegl", "vnc", "linuxfb", "eglfs", "vkkhrdisplay"}
)

NO_DISPLAY = (
    "no display found (neither DISPLAY nor WAYLAND_DISPLAY is set). Start SpikeCanvas from a "
    "desktop session, or on a machine without a screen use `xvfb-run spikecanvas`; headless "
    "work needs no window: see `spikecanvas --help`."
)

# Debian packages whose names do not follow the soname rule in `debian_package`.
_PACKAGE_EXCEPTIONS = {
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libgobject-2.0.so.0": "libglib2.0-0",
}


def platform_name(env: Mapping[str, str]) -> str:
    """Return the Qt platform plugin requested by ``QT_QPA_PLATFORM`` ('' when unset).

    The variable may hold a fallback list (``wayland;xcb``) and plugin options
    (``offscreen:fontengine=freetype``); the first plugin's bare name is what counts here.
    """
    first = env.get("QT_QPA_PLATFORM", "").split(";")[0]
    return first.split(":")[0].strip().lower()


def display_problem(env: Mapping[str, str] | None = None) -> str | None:
    """Return why no window can be opened, or None when a display looks usable.

    Only Linux is checked: macOS and Windows always have a window system.
    """
    if not sys.platform.startswith("linux"):
        return None
    env = os.environ if env is None else env
    name = platform_name(env)
    if name in HEADLESS_PLATFORMS:
        return None
    x_display = env.get("DISPLAY", "")
    wayland_display = env.get("WAYLAND_DISPLAY", "")
    if name.startswith("wayland"):
        if not wayland_display:
            return (
                f"QT_QPA_PLATFORM is {name!r} but WAYLAND_DISPLAY is not set: "
                "start SpikeCanvas from a Wayland session."
            )
        return None
    if name == "" and wayland_display:
        return None  # Qt will use Wayland
    if name in ("", "xcb"):
        if not x_display:
            return NO_DISPLAY
        if x_server_refuses(x_display):
            return (
                f"cannot connect to the X display {x_display!r} (from DISPLAY): is the X server "
                "running, and may this user use it? On a machine without a screen, use "
                "`xvfb-run spikecanvas`."
            )
    return None


def x_server_refuses(display: str) -> bool:
    """Return True if connecting to the X server ``display`` fails.

    Uses libxcb (which Qt's X11 plugin needs anyway); when libxcb itself cannot be loaded the
    answer is False and the missing library is reported by `platform_failure` instead.
    """
    name = ctypes.util.find_library("xcb")
    if name is None:
        return False
    try:
        xcb = ctypes.CDLL(name)
    except OSError:
        return False
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_int)]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return bool(xcb.xcb_connection_has_error(connection))
    finally:
        xcb.xcb_disconnect(connection)  # also required for a connection in error state


def debian_package(soname: str) -> str:
    """Guess the Debian package that ships a shared library, e.g. ``libxcb-icccm4``.

    Debian names library packages after the soname: ``libfoo.so.4`` is in ``libfoo4``, and a
    name ending in a digit gets a hyphen (``libxkbcommon-x11.so.0`` is in ``libxkbcommon-x11-0``).
    """
    if soname in _PACKAGE_EXCEPTIONS:
        return _PACKAGE_EXCEPTIONS[soname]
    match = re.fullmatch(r"(.+)\.so\.(\d+)(?:\.\d+)*", soname)
    if match is None:
        return soname
    stem, major = match.group(1).lower(), match.group(2)
    return f"{stem}-{major}" if stem[-1].isdigit() else f"{stem}{major}"


def missing_libraries(library: Path) -> list[str]:
    """Return the sonames that ``library`` needs and the dynamic loader cannot find.

    Empty when nothing is missing or when ``ldd`` is not available to tell.
    """
    ldd = shutil.which("ldd")
    if ldd is None or not library.exists():
        return []
    result = subprocess.run(
        [ldd, str(library)], capture_output=True, text=True, check=False, timeout=10
    )
    missing = re.findall(r"^\s*(\S+)\s+=>\s+not found", result.stdout, flags=re.MULTILINE)
    return list(dict.fromkeys(missing))


def platform_failure(plugin_dir: Path, platform: str, qt_messages: list[str]) -> str:
    """Explain, in one line, why Qt could not start its platform plugin.

    Parameters
    ----------
    plugin_dir
        Qt's plugin folder (``QLibraryInfo.path(PluginsPath)``).
    platform
        The plugin Qt tried, e.g. ``xcb``.
    qt_messages
        What Qt said while it tried, the last message first in importance.
    """
    plugin = plugin_dir / "platforms" / f"libq{platform}.so"
    # The plugin links against Qt's own library for the platform; check both.
    candidates = [plugin, *sorted(plugin_dir.parent.glob(f"lib/libQt6{platform.title()}Qpa.so*"))]
    missing: list[str] = []
    for candidate in candidates:
        missing += [so for so in missing_libraries(candidate) if so not in missing]
    if missing:
        packages = " ".join(dict.fromkeys(debian_package(so) for so in missing))
        return (
            f"Qt cannot start its {platform!r} window platform: missing system libraries "
            f"{', '.join(missing)}. On Debian/Ubuntu: `sudo apt-get install {packages}` "
            "(`make run` installs them)."
        )
    said = qt_messages[-1].strip().splitlines()[0] if qt_messages else "no reason given"
    return (
        f"Qt cannot start its {platform!r} window platform ({said}). "
        "Run with QT_DEBUG_PLUGINS=1 to see why."
    )
