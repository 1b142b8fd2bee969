#!/usr/bin/env sh
# Install the Debian packages SpikeCanvas needs, only those that are missing.
#
#   scripts/system-deps.sh PROFILE...
#
# Profiles:
#   venv       python3-venv, when `python3 -m venv` cannot work (Debian ships it separately)
#   offscreen  the libraries Qt needs to run without a screen (the test suite)
#   x11        the above plus the libraries of Qt's X11 (xcb) platform plugin (`make run`)
#   xvfb       the above plus a virtual X server (screenshots for the docs)
#   compiler   a C compiler and Python's headers, for the cython code target (without them
#              SpikeCanvas runs on numpy)
#
# Checking is fast (one dpkg-query), so this runs on every `make run` / `make test`.
# As root it installs what is missing with apt-get; otherwise it prints the command to run.
# On systems without dpkg it does nothing: the pip wheels of Qt bring everything else.
set -eu

offscreen="libgl1 libegl1 libxkbcommon0 libglib2.0-0 libfreetype6 libfontconfig1 libdbus-1-3"
x11="libx11-xcb1 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 \
libxcb-randr0 libxcb-render0 libxcb-render-util0 libxcb-shape0 libxcb-shm0 libxcb-sync1 \
libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0"

python=${PYTHON:-python3}
wanted=""
for profile in "$@"; do
    case "$profile" in
        venv)
            if ! "$python" -c "import ensurepip, venv" >/dev/null 2>&1; then
                wanted="$wanted python3-venv"
            fi ;;
        offscreen) wanted="$wanted $offscreen" ;;
        x11) wanted="$wanted $offscreen $x11" ;;
        xvfb) wanted="$wanted $offscreen $x11 xvfb xauth" ;;
        compiler)
            command -v cc >/dev/null 2>&1 || wanted="$wanted gcc libc6-dev"
            if ! "$python" -c "import os, sysconfig, sys; sys.exit(not os.path.exists(\
os.path.join(sysconfig.get_paths()['include'], 'Python.h')))" >/dev/null 2>&1; then
                wanted="$wanted python3-dev"
            fi ;;
        *) echo "system-deps.sh: unknown profile '$profile'" >&2; exit 2 ;;
    esac
done

command -v dpkg-query >/dev/null 2>&1 || exit 0

missing=""
for pkg in $wanted; do
    case " $missing " in *" $pkg "*) continue ;; esac
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    case "$status" in
        *"install ok installed"*) ;;
        *) missing="$missing $pkg" ;;
    esac
done
[ -z "$missing" ] && exit 0

echo "SpikeCanvas needs these Debian packages:$missing"
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086  # word splitting of the package list is intended
    apt-get install -y -qq --no-install-recommends $missing
else
    echo "Install them with:  sudo apt-get install$missing" >&2
    exit 1
fi
