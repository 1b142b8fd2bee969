"""Deciding whether a window can open, and explaining why not, without loading Qt."""

from pathlib import Path

import pytest

from app.display import (
    NO_DISPLAY,
    debian_package,
    display_problem,
    platform_failure,
    platform_name,
)


@pytest.mark.parametrize(
    ("value", "name"),
    [
        ("", ""),
        ("xcb", "xcb"),
        ("offscreen:fontengine=freetype", "offscreen"),
        ("wayland;xcb", "wayland"),
        (" XCB ", "xcb"),
    ],
)
def test_platform_name_reads_the_first_plugin_of_qt_qpa_platform(value, name):
    assert platform_name({"QT_QPA_PLATFORM": value}) == name


@pytest.mark.parametrize("platform", ["offscreen", "minimal", "vnc", "eglfs"])
def test_headless_platforms_need_no_display(platform):
    assert display_problem({"QT_QPA_PLATFORM": platform}) is None


@pytest.mark.parametrize("platform", ["", "xcb"])
def test_x11_without_display_is_reported(platform):
    assert display_problem({"QT_QPA_PLATFORM": platform}) == NO_DISPLAY


def test_wayland_session_is_accepted_without_x11():
    assert display_problem({"WAYLAND_DISPLAY": "wayland-0"}) is None


def test_wayland_requested_without_a_wayland_session_is_reported():
    problem = display_problem({"QT_QPA_PLATFORM": "wayland", "DISPLAY": ":0"})
    assert "WAYLAND_DISPLAY is not set" in problem


def test_an_x_display_nobody_serves_is_reported():
    problem = display_problem({"DISPLAY": ":97"})
    assert problem.startswith("cannot connect to the X display ':97'")


@pytest.mark.parametrize(
    ("soname", "package"),
    [
        ("libxcb-icccm.so.4", "libxcb-icccm4"),
        ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
        ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
        ("libX11-xcb.so.1", "libx11-xcb1"),
        ("libEGL.so.1", "libegl1"),
        ("libdbus-1.so.3", "libdbus-1-3"),
        ("libglib-2.0.so.0", "libglib2.0-0"),
    ],
)
def test_missing_libraries_are_named_with_their_debian_package(soname, package):
    assert debian_package(soname) == package


def test_a_failure_without_missing_libraries_quotes_qt_and_points_to_debugging(tmp_path: Path):
    reason = platform_failure(
        tmp_path, "xcb", ['qt.qpa.plugin: Could not load the Qt platform plugin "xcb"']
    )
    assert reason.startswith("Qt cannot start its 'xcb' window platform (qt.qpa.plugin: Could")
    assert "QT_DEBUG_PLUGINS=1" in reason
